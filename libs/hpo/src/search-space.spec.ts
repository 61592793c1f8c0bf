import { paramValueError, SearchSpace, searchSpaceErrors } from './search-space';
import { studyOptionsErrors } from './study-options';

describe('search space validation', () => {
  it('names the field in every message', () => {
    const space = {
      lr: { type: 'float', low: 1, high: 0.1 },
      decay: { type: 'float', low: 0, high: 1, log: true },
      kind: { type: 'categorical', choices: [] },
      depth: { type: 'int', low: 1.5, high: 4 },
      width: { type: 'int', low: 0, high: 8, log: true },
      alpha: { type: 'float', low: -Infinity, high: 1 },
      mode: { type: 'categorical', choices: ['a', 'a', null] },
      beta: { type: 'normal' },
    } as unknown as SearchSpace;
    expect(searchSpaceErrors(space)).toEqual([
      'space.lr: low (1) > high (0.1)',
      'space.decay: log scale needs low > 0',
      'space.kind: categorical needs at least one choice',
      'space.depth: int bounds must be integers',
      'space.width: log scale needs low > 0',
      'space.alpha: low (-Infinity) and high (1) must be finite numbers',
      "space.mode: duplicate choice 'a'",
      'space.mode: choice null is not a string, a finite number or a boolean',
      "space.beta: type 'normal' is not 'float', 'int' or 'categorical'",
    ]);
    expect(searchSpaceErrors({})).toEqual(['space: needs at least one parameter']);
    expect(searchSpaceErrors({ x: { type: 'float', low: 2, high: 2 }, c: { type: 'categorical', choices: [1, 'one', true] } })).toEqual([]);
  });

  it('checks a value against its parameter', () => {
    expect(paramValueError('n', { type: 'int', low: 0, high: 3 }, 2)).toBeUndefined();
    expect(paramValueError('n', { type: 'int', low: 0, high: 3 }, 2.5)).toBe('n: 2.5 is not an integer');
    expect(paramValueError('x', { type: 'float', low: 0, high: 1 }, 3)).toBe('x: 3 is outside [0, 1]');
    expect(paramValueError('c', { type: 'categorical', choices: ['a'] }, 'b')).toBe("c: 'b' is not one of the choices");
  });

  it('validates whole study options: directions, sampler, pruner, seed', () => {
    const space: SearchSpace = { x: { type: 'float', low: 0, high: 1 } };
    const errors = studyOptionsErrors({
      space,
      directions: ['minimise' as 'minimize'],
      sampler: { type: 'cmaes' as 'tpe' },
      pruner: { type: 'hyperband', minResource: 9, maxResource: 3 },
      seed: 1.5,
    });
    expect(errors).toEqual([
      `directions[0]: "minimise" is not 'minimize' or 'maximize'`,
      'sampler.type: "cmaes" is not one of random, tpe, nsga2',
      'pruner.maxResource: 3 < minResource (9)',
      'seed: must be a safe integer (got 1.5)',
    ]);
    expect(studyOptionsErrors({ space, directions: [], sampler: { type: 'random' }, seed: 0 })).toEqual([
      "directions: must be a non-empty array of 'minimize' | 'maximize'",
    ]);
    expect(
      studyOptionsErrors({
        space,
        directions: ['minimize'],
        sampler: { type: 'tpe', nStartupTrials: -1, nEiCandidates: 0 },
        pruner: { type: 'successive-halving', reductionFactor: 1 },
        seed: 0,
      }),
    ).toEqual([
      'sampler.nStartupTrials: must be an integer ≥ 0 (got -1)',
      'sampler.nEiCandidates: must be an integer ≥ 1 (got 0)',
      'pruner.reductionFactor: must be an integer ≥ 2 (got 1)',
    ]);
    expect(studyOptionsErrors({ space, directions: ['minimize', 'maximize'], sampler: { type: 'nsga2', populationSize: 1 }, seed: 0 })).toEqual([
      'sampler.populationSize: must be an integer ≥ 2 (got 1)',
    ]);
  });
});
