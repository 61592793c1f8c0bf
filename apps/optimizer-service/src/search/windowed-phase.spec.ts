import { createStudy, FrozenTrial } from '@ares/hpo';
import { seededRandom } from '@ares/random';
import { runWindowedPhase, TrialOutcome } from './windowed-phase';

/** A study whose trials finish in an order drawn from `timingSeed`: a stand-in for replicas of different speeds. */
async function runWithTiming(timingSeed: number, window: number) {
  const study = createStudy({
    space: { x: { type: 'float', low: -5, high: 5 }, y: { type: 'int', low: 0, high: 10 } },
    directions: ['minimize'],
    sampler: { type: 'tpe', nStartupTrials: 4, constantLiar: true },
    pruner: { type: 'successive-halving', minResource: 1, reductionFactor: 2 },
    seed: 3,
  });
  const delay = seededRandom(timingSeed);
  const histories: Record<number, number[]> = {};
  const told: number[] = [];
  await runWindowedPhase({
    study,
    trials: 14,
    window,
    evaluate: async (trial, history: FrozenTrial[]): Promise<TrialOutcome> => {
      histories[trial.number] = history.map((t) => t.number);
      await new Promise((resolve) => setTimeout(resolve, Math.floor(delay() * 15)));
      const value = (Number(trial.params.x) - 1) ** 2 + Number(trial.params.y) / 10;
      return { state: 'complete', values: [value], intermediate: [{ rounds: 1, values: [value + 1] }] };
    },
    onTold: (trial) => {
      told.push(trial.number);
    },
  });
  return { trials: study.trials, histories, told };
}

describe('runWindowedPhase', () => {
  it('gives the same study whatever order the trials finish in', async () => {
    const a = await runWithTiming(1, 4);
    const b = await runWithTiming(2, 4);
    const c = await runWithTiming(3, 4);
    expect(b.trials).toEqual(a.trials);
    expect(c.trials).toEqual(a.trials);
    expect(a.told).toEqual(Array.from({ length: 14 }, (_, i) => i));
  });

  it('asks trial n with exactly trials 0..n − window told', async () => {
    const { histories } = await runWithTiming(4, 3);
    for (let n = 0; n < 14; n++) expect(histories[n]).toEqual(Array.from({ length: Math.max(0, n - 3 + 1) }, (_, i) => i));
  });

  it('with a window of one, is the sequential study', async () => {
    const { histories } = await runWithTiming(5, 1);
    expect(histories[5]).toEqual([0, 1, 2, 3, 4]);
  });
});
