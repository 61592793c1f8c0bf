import { crc32 } from './crc32';
import { hyperbandBrackets, hyperbandPruner } from './hyperband-pruner';
import { successiveHalvingPruner } from './successive-halving-pruner';
import { Direction, FrozenTrial, IntermediateValue, TrialState } from './trial';

const t = (number: number, iv: Record<number, IntermediateValue>, state: TrialState = 'complete'): FrozenTrial => ({
  number,
  params: {},
  state,
  intermediateValues: iv,
});
const MIN: Direction[] = ['minimize'];

describe('hyperband pruner', () => {
  it('hashes with zlib’s CRC-32 (Python’s binascii.crc32)', () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
    expect(crc32('0_0')).toBe(3234876853);
  });

  it('sizes the brackets as Hyperband: ⌊log_η(R/r)⌋ + 1 of them, budgets ⌈count·η^s/(s+1)⌉', () => {
    const b = hyperbandBrackets(1, 27, 3, 0);
    expect(b.count).toBe(4); // log(27)/log(3) = 3.0000000000000004
    expect(b.budgets).toEqual([27, 12, 6, 4]);
    // crc32('0_n') mod 49 (from Python): 47, 28, 35, 48, 23, … → brackets 3, 1, 1, 3, 0, …
    expect([0, 1, 2, 3, 4, 12].map((n) => b.bracketOf(n))).toEqual([3, 1, 1, 3, 0, 2]);
    expect(hyperbandBrackets(1, 100, 3, 0).count).toBe(5);
  });

  it('runs each bracket as successive halving over the trials of that bracket only', () => {
    const seed = 0;
    const brackets = hyperbandBrackets(1, 27, 3, seed);
    const inBracket = (b: number) => [...Array(200).keys()].filter((n) => brackets.bracketOf(n) === b);
    const [own, ...mates] = inBracket(0);
    // Bracket 0 (rung at step 1): mates reported 1, 2, 3; trials of other brackets reported far better values.
    const trials = [
      ...mates.slice(0, 3).map((n, k) => t(n, { 1: k + 1 })),
      ...inBracket(1)
        .slice(0, 5)
        .map((n, k) => t(n, { 1: 0.1 * (k + 1) })),
    ];
    const me = t(own, { 1: 0.9 }, 'running');
    const hb = hyperbandPruner({ minResource: 1, maxResource: 27, reductionFactor: 3 }, seed);
    expect(hb.shouldPrune(me, trials, MIN)).toBe(false); // best of its bracket
    // The same rung over every trial would prune it (0.9 is 6th of 9; the top ⌊9/3⌋ = 3 go on).
    expect(successiveHalvingPruner({ minResource: 1, reductionFactor: 3 }).shouldPrune(me, trials, MIN)).toBe(true);
    expect(hb.shouldPrune(t(own, { 1: 2.5 }, 'running'), trials, MIN)).toBe(true); // 3rd of 4 in its bracket
  });

  it('hardly prunes in the last bracket (first rung at minResource·η^(brackets−1)) and waits for maxResource auto', () => {
    const brackets = hyperbandBrackets(1, 27, 3, 0);
    const last = [...Array(200).keys()].filter((n) => brackets.bracketOf(n) === 3);
    const hb = hyperbandPruner({ maxResource: 27 }, 0);
    const mates = last.slice(1, 4).map((n) => t(n, { 1: 0, 26: 0 }));
    expect(hb.shouldPrune(t(last[0], { 1: 99, 26: 99 }, 'running'), mates, MIN)).toBe(false);
    const auto = hyperbandPruner({}, 0);
    expect(auto.shouldPrune(t(4, { 1: 99 }, 'running'), [t(5, { 1: 0 }, 'running')], MIN)).toBe(false);
  });
});
