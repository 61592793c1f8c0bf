import { estimateMinResource, successiveHalvingPruner } from './successive-halving-pruner';
import { Direction, FrozenTrial, IntermediateValue, TrialState } from './trial';

const t = (number: number, iv: Record<number, IntermediateValue>, state: TrialState = 'running'): FrozenTrial => ({
  number,
  params: {},
  state,
  intermediateValues: iv,
});
const MIN: Direction[] = ['minimize'];
/** η = 2 from step 1: rungs at steps 1, 2, 4, 8, … */
const sh = successiveHalvingPruner({ minResource: 1, reductionFactor: 2 });
const others = [1, 2, 3, 4].map((v, i) => t(i, { 1: v }, 'complete'));

describe('successive halving pruner', () => {
  it('promotes a trial reaching a rung only within the top ⌊n/η⌋ of the values there (this trial included)', () => {
    // Competing at step 1: 1, 2, 3, 4 and this trial's → n = 5, the best ⌊5/2⌋ = 2 go on.
    expect(sh.shouldPrune(t(9, { 1: 2.5 }), others, MIN)).toBe(true);
    expect(sh.shouldPrune(t(9, { 1: 2 }), others, MIN)).toBe(false); // ties with the 2nd best: promoted
    expect(sh.shouldPrune(t(9, { 1: 0.5 }), others, MIN)).toBe(false);
    expect(sh.shouldPrune(t(9, { 1: 2.5 }), others, ['maximize'])).toBe(true); // 4, 3 are the top two
    expect(sh.shouldPrune(t(9, { 1: 3 }), others, ['maximize'])).toBe(false);
    expect(sh.shouldPrune(t(9, { 1: NaN }), others, MIN)).toBe(true);
  });

  it('does nothing before the first rung, and only the best goes on while fewer than η trials reached a rung', () => {
    expect(sh.shouldPrune(t(9, { 0: 99 }), others, MIN)).toBe(false);
    expect(sh.shouldPrune(t(9, { 1: 5 }), [t(0, { 1: 1 })], MIN)).toBe(true);
    expect(sh.shouldPrune(t(9, { 1: 1 }), [t(0, { 1: 5 })], MIN)).toBe(false);
  });

  it('judges a rung once, at the report that reaches it; a trial’s rung value is its first report at or past the rung', () => {
    // Previous report at step 1 (already judged there); the report at step 2 meets rung 2 with no one else there yet.
    expect(sh.shouldPrune(t(9, { 1: 9, 2: 0.5 }), others, MIN)).toBe(false);
    // Rung 2: #5 reached it at step 3 with 0.2, #6 at step 2 with 0.3: this 0.4 is third of three → ⌊3/2⌋ = 1 goes on.
    const rung2 = [t(5, { 0: 0.1, 3: 0.2 }), t(6, { 2: 0.3 })];
    expect(sh.shouldPrune(t(9, { 1: 0, 2: 0.4 }), rung2, MIN)).toBe(true);
    expect(sh.shouldPrune(t(9, { 1: 0, 2: 0.1 }), rung2, MIN)).toBe(false);
    // A jump over two rungs (1 and 2) in one report judges both with the same value.
    expect(sh.shouldPrune(t(9, { 0: 0, 2: 2.5 }), others, MIN)).toBe(true);
  });

  it('places the first rung at minResource·η^minEarlyStoppingRate, estimates minResource as Optuna, and bootstraps', () => {
    const late = successiveHalvingPruner({ minResource: 1, reductionFactor: 2, minEarlyStoppingRate: 1 }); // rungs 2, 4, …
    expect(late.shouldPrune(t(9, { 1: 99 }), others, MIN)).toBe(false);
    expect(estimateMinResource([t(0, { 250: 1 }, 'complete'), t(1, { 900: 1 }, 'running')])).toBe(2);
    expect(estimateMinResource([t(0, { 50: 1 }, 'complete')])).toBe(1);
    expect(estimateMinResource([t(0, { 50: 1 }, 'pruned')])).toBeUndefined();
    const auto = successiveHalvingPruner({ reductionFactor: 2 });
    expect(auto.shouldPrune(t(9, { 1: 99 }), others, MIN)).toBe(true); // longest complete trial: step 1 → minResource 1
    expect(auto.shouldPrune(t(9, { 1: 99 }), [t(0, { 1: 1 }, 'running')], MIN)).toBe(false); // nothing complete yet
    const bootstrap = successiveHalvingPruner({ minResource: 1, reductionFactor: 2, bootstrapCount: 2 });
    expect(bootstrap.shouldPrune(t(9, { 1: 0 }), [t(0, { 1: 1 })], MIN)).toBe(true); // 2 at the rung ≤ bootstrapCount
    expect(bootstrap.shouldPrune(t(9, { 1: 0 }), others, MIN)).toBe(false);
  });

  describe('several objectives', () => {
    const MM: Direction[] = ['minimize', 'minimize'];
    // At rung 1: A(1,4) B(2,2) C(4,1) form the front, D(3,3) is behind B, E(5,5) behind everything.
    const rung = [
      [1, 4],
      [2, 2],
      [4, 1],
      [3, 3],
      [5, 5],
    ].map((v, i) => t(i, { 1: v }, 'complete'));

    it('prunes a trial outside the rung’s top ⌊n/η⌋ that one of the top dominates', () => {
      // n = 6 → top 3 = A, B, C (rank 0). (2.5, 2.5) is dominated by B.
      expect(sh.shouldPrune(t(9, { 1: [2.5, 2.5] }), rung, MM)).toBe(true);
      expect(sh.shouldPrune(t(9, { 1: [6, 6] }), rung, MM)).toBe(true);
    });

    it('never prunes a trial on the rung’s Pareto front, in the top or not', () => {
      // (1.5, 3) is on the front (4 members for a top of 3): not dominated by anyone, so it goes on.
      expect(sh.shouldPrune(t(9, { 1: [1.5, 3] }), rung, MM)).toBe(false);
      expect(sh.shouldPrune(t(9, { 1: [0, 0] }), rung, MM)).toBe(false);
    });

    it('keeps a dominated trial when only trials outside the top dominate it', () => {
      // n = 4 → top 2: the front is A(0,10), B(10,0), C(4,4); crowding puts the extremes A and B first.
      const wide = [
        [0, 10],
        [10, 0],
        [4, 4],
      ].map((v, i) => t(i, { 1: v }, 'complete'));
      expect(sh.shouldPrune(t(9, { 1: [4.5, 4.5] }), wide, MM)).toBe(false); // only C dominates it
      expect(sh.shouldPrune(t(9, { 1: [11, 11] }), wide, MM)).toBe(true); // A dominates it
      expect(sh.shouldPrune(t(9, { 1: [1, NaN] }), wide, MM)).toBe(true);
    });

    it('respects directions', () => {
      const maxMin: Direction[] = ['maximize', 'minimize'];
      // Negating the first objective of (2.5, 2.5) against the negated rung reproduces the pruned case above.
      const negated = rung.map((x) =>
        t(x.number, { 1: [-(x.intermediateValues[1] as number[])[0], (x.intermediateValues[1] as number[])[1]] }, 'complete'),
      );
      expect(sh.shouldPrune(t(9, { 1: [-2.5, 2.5] }), negated, maxMin)).toBe(true);
      expect(sh.shouldPrune(t(9, { 1: [-1.5, 3] }), negated, maxMin)).toBe(false);
    });
  });
});
