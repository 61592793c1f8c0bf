import { Params, SearchSpace } from './search-space';
import { createStudy, restoreStudy } from './study';
import { SamplerConfig } from './create-sampler';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function optimise(space: SearchSpace, sampler: SamplerConfig, seed: number, n: number, f: (p: Params) => number) {
  const study = createStudy({ space, directions: ['minimize'], sampler, seed });
  const history: { params: Params; value: number }[] = [];
  for (let i = 0; i < n; i++) {
    const { number, params } = study.ask();
    const value = f(params);
    study.tell(number, value);
    history.push({ params, value });
  }
  return { study, history, best: Math.min(...history.map((h) => h.value)) };
}

const line: SearchSpace = { x: { type: 'float', low: -10, high: 10 } };
const quadratic = (p: Params) => ((p.x as number) - 1.234) ** 2;

describe('TPE sampler', () => {
  it('finds the optimum of a 1-D quadratic in 50 trials, far better than random search', () => {
    const seeds = [...Array(10).keys()];
    const tpe = seeds.map((s) => optimise(line, { type: 'tpe' }, s, 50, quadratic).best);
    const random = seeds.map((s) => optimise(line, { type: 'random' }, s, 50, quadratic).best);
    expect(median(tpe)).toBeLessThan(1e-2); // |x − 1.234| < 0.1
    expect(median(tpe)).toBeLessThan(median(random) / 10);
  });

  it('concentrates on the best choice of a categorical-only space', () => {
    const space: SearchSpace = { kind: { type: 'categorical', choices: ['a', 'b', 'c', 'd', 'e'] } };
    const cost: Record<string, number> = { a: 1, b: 0, c: 2, d: 3, e: 1.5 };
    for (const seed of [0, 1, 2]) {
      const { history } = optimise(space, { type: 'tpe' }, seed, 60, (p) => cost[p.kind as string]);
      const late = history.slice(30).filter((h) => h.params.kind === 'b').length / 30;
      expect(late).toBeGreaterThan(0.45); // random would give 0.2
    }
  });

  it('draws log-uniformly during startup (quartiles of log10 lr at −4, −3, −2 on [1e-5, 1e-1])', () => {
    const space: SearchSpace = { lr: { type: 'float', low: 1e-5, high: 1e-1, log: true } };
    const { history } = optimise(space, { type: 'tpe', nStartupTrials: 1000 }, 3, 800, () => 0);
    const logs = history.map((h) => Math.log10(h.params.lr as number)).sort((a, b) => a - b);
    const q = (p: number) => logs[Math.floor(p * logs.length)];
    expect(q(0.25)).toBeCloseTo(-4, 0);
    expect(q(0.5)).toBeCloseTo(-3, 0);
    expect(q(0.75)).toBeCloseTo(-2, 0);
    expect(Math.abs(q(0.5) + 3)).toBeLessThan(0.2);
    // Linear-uniform draws would put ~99 % above 1e-3.
    expect(logs.filter((x) => x < -3).length / logs.length).toBeGreaterThan(0.42);
    for (const h of history) expect((h.params.lr as number) >= 1e-5 && (h.params.lr as number) <= 1e-1).toBe(true);
  });

  it('keeps ints integral and inside their bounds, reaching both ends, with linear and log scales', () => {
    const space: SearchSpace = { n: { type: 'int', low: -3, high: 3 }, width: { type: 'int', low: 1, high: 1000, log: true } };
    const f = (p: Params) => Math.abs((p.n as number) - 2) + Math.abs(Math.log((p.width as number) / 30));
    const { history } = optimise(space, { type: 'tpe', nStartupTrials: 20 }, 5, 120, f);
    for (const { params } of history) {
      expect(Number.isInteger(params.n) && (params.n as number) >= -3 && (params.n as number) <= 3).toBe(true);
      expect(Number.isInteger(params.width) && (params.width as number) >= 1 && (params.width as number) <= 1000).toBe(true);
    }
    const ns = new Set(history.slice(0, 20).map((h) => h.params.n));
    expect(ns.size).toBeGreaterThanOrEqual(6); // the 20 random startup draws cover (nearly) all 7 integers
    // After startup the sampler homes in on n = 2.
    expect(history.slice(60).filter((h) => h.params.n === 2).length).toBeGreaterThan(30);
  });

  it('is deterministic: the same seed and tells give the same suggestions; a restored study suggests the same next trial', () => {
    const a = optimise(line, { type: 'tpe' }, 42, 30, quadratic);
    const b = optimise(line, { type: 'tpe' }, 42, 30, quadratic);
    expect(b.history.map((h) => h.params)).toEqual(a.history.map((h) => h.params));
    const c = optimise(line, { type: 'tpe' }, 43, 30, quadratic);
    expect(c.history[0].params).not.toEqual(a.history[0].params);
    const restored = restoreStudy(a.study.options, a.study.trials);
    expect(restored.ask()).toEqual(a.study.ask());
  });

  it('never repeats a point in a continuous space', () => {
    const space: SearchSpace = { x: { type: 'float', low: 0, high: 1 }, y: { type: 'float', low: -1, high: 1 } };
    const { history } = optimise(space, { type: 'tpe' }, 7, 200, (p) => ((p.x as number) - 0.5) ** 2 + (p.y as number) ** 2);
    expect(new Set(history.map((h) => `${h.params.x},${h.params.y}`)).size).toBe(200);
  });

  it('with the constant liar spreads a batch asked before its tells; without it the batch ignores the running trials', () => {
    const batch = (constantLiar: boolean, seed: number) => {
      const study = createStudy({ space: line, directions: ['minimize'], sampler: { type: 'tpe', constantLiar }, seed });
      for (let i = 0; i < 20; i++) {
        const { number, params } = study.ask();
        study.tell(number, quadratic(params));
      }
      return [0, 1, 2, 3].map(() => study.ask().params.x as number);
    };
    const spread = (xs: number[]) => Math.min(...xs.flatMap((x, i) => xs.slice(i + 1).map((y) => Math.abs(x - y))));
    const ratios: number[] = [];
    for (const seed of [0, 1, 2, 3, 4, 5]) {
      const liar = batch(true, seed);
      const plain = batch(false, seed);
      expect(new Set(liar).size).toBe(4);
      // The first of the batch sees no running trial either way; the later ones see 1..3 "worst" liars.
      expect(liar[0]).toBe(plain[0]);
      expect(liar.slice(1)).not.toEqual(plain.slice(1));
      expect(spread(liar)).toBeGreaterThan(spread(plain));
      ratios.push(spread(liar) / spread(plain));
    }
    expect(median(ratios)).toBeGreaterThan(3); // the closest pair of the batch is far further apart
  });

  it('models the space jointly when multivariate, and still beats random search', () => {
    const space: SearchSpace = { x: { type: 'float', low: -5, high: 5 }, y: { type: 'float', low: -5, high: 5 } };
    const bowl = (p: Params) => ((p.x as number) - 1) ** 2 + ((p.y as number) + 2) ** 2;
    const seeds = [0, 1, 2, 3, 4];
    const multi = seeds.map((s) => optimise(space, { type: 'tpe', multivariate: true }, s, 60, bowl).best);
    const random = seeds.map((s) => optimise(space, { type: 'random' }, s, 60, bowl).best);
    expect(median(multi)).toBeLessThan(median(random) / 3);
  });

  it('refuses several objectives', () => {
    expect(() => createStudy({ space: line, directions: ['minimize', 'maximize'], sampler: { type: 'tpe' }, seed: 0 })).toThrow(
      'sampler.type: tpe is single-objective here (2 directions given); use nsga2 for several objectives',
    );
  });
});
