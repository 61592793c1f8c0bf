import { createPruner } from './create-pruner';
import { SearchSpace } from './search-space';
import { createStudy, restoreStudy } from './study';
import { StudyOptions } from './study-options';

const space: SearchSpace = {
  lr: { type: 'float', low: 1e-4, high: 1, log: true },
  depth: { type: 'int', low: 2, high: 8 },
  booster: { type: 'categorical', choices: ['gbtree', 'dart'] },
};
const options: StudyOptions = { space, directions: ['minimize'], sampler: { type: 'tpe', nStartupTrials: 3 }, seed: 7 };

describe('study', () => {
  it('throws on invalid options with the messages of studyOptionsErrors', () => {
    expect(() => createStudy({ ...options, space: { lr: { type: 'float', low: 1, high: 0.1 } } })).toThrow('space.lr: low (1) > high (0.1)');
    expect(() => createStudy({ ...options, space: { lr: { type: 'float', low: 0, high: 0.1, log: true } } })).toThrow(
      'space.lr: log scale needs low > 0',
    );
    expect(() => createStudy({ ...options, space: { kind: { type: 'categorical', choices: [] } } })).toThrow(
      'space.kind: categorical needs at least one choice',
    );
    expect(() => createStudy({ ...options, directions: [] })).toThrow('directions: ');
    expect(() => createStudy({ ...options, sampler: { type: 'grid' } as never })).toThrow('sampler.type: ');
  });

  it('numbers trials from 0 and records them frozen, running until told', () => {
    const study = createStudy(options);
    const a = study.ask();
    const b = study.ask();
    expect([a.number, b.number]).toEqual([0, 1]);
    expect(Object.keys(a.params)).toEqual(['lr', 'depth', 'booster']);
    study.report(0, 0, 0.9);
    study.report(0, 0, 0.1); // a step reported twice keeps its first value, as Optuna
    study.report(0, 2, 0.5);
    const told = study.tell(0, 0.4);
    expect(told).toEqual({ number: 0, params: a.params, state: 'complete', values: [0.4], value: 0.4, intermediateValues: { 0: 0.9, 2: 0.5 } });
    expect(Object.isFrozen(told) && Object.isFrozen(told.params) && Object.isFrozen(study.trials)).toBe(true);
    expect(study.trials.map((t) => t.state)).toEqual(['complete', 'running']);
    study.tell(1, { state: 'pruned' });
    expect(study.trials[1].state).toBe('pruned');
  });

  it('rejects bad tells and reports', () => {
    const study = createStudy(options);
    study.ask();
    expect(() => study.tell(5, 1)).toThrow('tell: trial 5 does not exist (1 asked)');
    expect(() => study.tell(0, [1, 2])).toThrow('tell: trial 0 needs a number, got [1,2]');
    expect(() => study.tell(0, Infinity)).toThrow('is not finite');
    expect(() => study.report(0, 1.5, 1)).toThrow('report: step 1.5 of trial 0 is not an integer ≥ 0');
    expect(() => study.tell(0, { state: 'complete' } as never)).toThrow(`tell: trial 0 state "complete" is not 'pruned' or 'failed'`);
    // NaN is a failed trial (Optuna's rule), not an error.
    expect(study.tell(0, NaN).state).toBe('failed');
    expect(() => study.tell(0, 1)).toThrow('tell: trial 0 is already failed');
    expect(() => study.report(0, 1, 1)).toThrow('report: trial 0 is already failed');
    expect(() => study.shouldPrune(0)).toThrow('shouldPrune: trial 0 is already failed');
  });

  it('needs one value per direction with several objectives', () => {
    const study = createStudy({ ...options, directions: ['minimize', 'maximize'], sampler: { type: 'nsga2' } });
    study.ask();
    expect(() => study.tell(0, 1)).toThrow('tell: trial 0 needs 2 numbers (one per direction), got 1');
    expect(() => study.report(0, 0, 1)).toThrow('report: trial 0 needs 2 numbers');
    study.report(0, 0, [1, 2]);
    expect(study.tell(0, [1, NaN]).state).toBe('failed');
    expect(() => study.bestTrial).toThrow('bestTrial: a study with 2 objectives has no single best trial; use paretoFront()');
  });

  it('gives the best trial by direction (lowest number among equals), undefined before any complete trial', () => {
    for (const [direction, best] of [
      ['minimize', 1],
      ['maximize', 2],
    ] as const) {
      const study = createStudy({ ...options, directions: [direction], sampler: { type: 'random' } });
      expect(study.bestTrial).toBeUndefined();
      [3, 1, 5, 1].forEach((v) => study.tell(study.ask().number, v));
      study.tell(study.ask().number, { state: 'failed' });
      expect(study.bestTrial?.number).toBe(best);
    }
  });

  it('paretoFront respects directions', () => {
    const study = createStudy({ ...options, directions: ['minimize', 'maximize'], sampler: { type: 'random' } });
    for (const v of [
      [1, 1],
      [2, 3],
      [3, 2],
      [0, 0],
    ]) {
      study.tell(study.ask().number, v);
    }
    expect(study.paretoFront().map((t) => t.number)).toEqual([0, 1, 3]);
  });

  it('enqueue: the next ask uses the given values and samples the rest', () => {
    const study = createStudy(options);
    study.enqueue({ lr: 0.01, depth: 5, booster: 'dart' });
    study.enqueue({ depth: 3 });
    expect(study.ask().params).toEqual({ lr: 0.01, depth: 5, booster: 'dart' });
    const partial = study.ask().params;
    expect(partial.depth).toBe(3);
    expect(typeof partial.lr).toBe('number');
    // Trial 1's other values are what the sampler would have drawn for trial 1 anyway.
    const plain = createStudy(options);
    plain.ask();
    expect({ ...plain.ask().params, depth: 3 }).toEqual(partial);
    expect(() => study.enqueue({ depth: 9 })).toThrow('enqueue: depth: 9 is outside [2, 8]');
    expect(() => study.enqueue({ width: 9 })).toThrow('enqueue: width: not in the space');
  });

  it('shouldPrune is createPruner(options.pruner, options.seed) over the trial records', () => {
    const pruner = { type: 'hyperband', minResource: 1, maxResource: 9, reductionFactor: 3 } as const;
    const study = createStudy({ ...options, pruner, sampler: { type: 'random' } });
    const standalone = createPruner(pruner, options.seed);
    let pruned = 0;
    for (let i = 0; i < 30; i++) {
      const { number, params } = study.ask();
      let state: 'complete' | 'pruned' = 'complete';
      for (let step = 0; step < 9; step++) {
        study.report(number, step, (params.lr as number) * (9 - step) + (params.depth as number));
        const decision = study.shouldPrune(number);
        expect(decision).toBe(standalone.shouldPrune(study.trials[number], study.trials, study.directions));
        if (decision) {
          state = 'pruned';
          break;
        }
      }
      if (state === 'pruned') {
        pruned++;
        study.tell(number, { state: 'pruned' });
      } else study.tell(number, (params.lr as number) + (params.depth as number));
    }
    expect(pruned).toBeGreaterThan(5);
    const unpruned = createStudy(options);
    expect(unpruned.shouldPrune(unpruned.ask().number)).toBe(false); // no pruner
  });

  it('restoreStudy continues from the records and checks them', () => {
    const study = createStudy(options);
    for (let i = 0; i < 6; i++) {
      const { number, params } = study.ask();
      if (i < 5) study.tell(number, (params.depth as number) + Math.log(params.lr as number));
    }
    const restored = restoreStudy(options, JSON.parse(JSON.stringify(study.trials)));
    expect(restored.trials).toEqual(study.trials);
    expect(restored.ask()).toEqual(study.ask());
    restored.tell(5, 1); // the running trial can still be told
    expect(() => restoreStudy(options, [study.trials[1]])).toThrow('restoreStudy: trials[0]: number 1, expected 0');
    expect(() => restoreStudy(options, [{ ...study.trials[0], params: { lr: 2, depth: 3, booster: 'gbtree' } }])).toThrow(
      'restoreStudy: trials[0].params.lr: 2 is outside [0.0001, 1]',
    );
  });
});
