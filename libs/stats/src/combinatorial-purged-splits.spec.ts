import { combinatorialPurgedSplits } from './combinatorial-purged-splits';

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
const identity = (n: number) => Int32Array.from(range(0, n));

/** mulberry32 (as @ares/random), so the spec needs no other lib. */
function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('combinatorialPurgedSplits', () => {
  it('sizes groups like numpy.array_split', () => {
    // np.array_split(np.arange(20), 6) → sizes 4 4 3 3 3 3 (20 = 6·3 + 2: the first two get the extra row).
    const { splits } = combinatorialPurgedSplits({ observations: 20, groups: 6, testGroups: 1, labelEnd: identity(20), embargo: 0 });
    expect(splits.map((s) => Array.from(s.test))).toEqual([range(0, 4), range(4, 8), range(8, 11), range(11, 14), range(14, 17), range(17, 20)]);
    // Labels that end where they start purge nothing: train is everything else.
    expect(Array.from(splits[2].train)).toEqual([...range(0, 8), ...range(11, 20)]);
  });

  it('makes C(6, 2) = 15 splits in lexicographic order and 5 paths covering every group once', () => {
    const { splits, paths } = combinatorialPurgedSplits({ observations: 60, groups: 6, testGroups: 2, labelEnd: identity(60), embargo: 0 });
    expect(splits).toHaveLength(15);
    expect(splits.map((s) => s.testGroups)).toEqual([
      [0, 1], [0, 2], [0, 3], [0, 4], [0, 5], [1, 2], [1, 3], [1, 4], [1, 5], [2, 3], [2, 4], [2, 5], [3, 4], [3, 5], [4, 5],
    ]); // prettier-ignore
    // (2/6)·15 = 5 paths. Path 0 takes each group's first split: group 0 and 1 from {0,1} (split 0), group 2 from
    // {0,2} (1), 3 from {0,3} (2), …; path 4 each group's fifth: 0 → {0,5} (4), 1 → {1,5} (8), 2 → {2,5} (11),
    // 3 → {3,5} (13), 4 and 5 → {4,5} (14).
    expect(paths).toHaveLength(5);
    expect(paths[0]).toEqual([0, 0, 1, 2, 3, 4]);
    expect(paths[4]).toEqual([4, 8, 11, 13, 14, 14]);
    const used = new Set<string>();
    for (const path of paths) {
      expect(path).toHaveLength(6);
      path.forEach((s, g) => {
        expect(splits[s].testGroups).toContain(g);
        used.add(`${s}:${g}`);
      });
    }
    expect(used.size).toBe(30); // every (split, test group) pair feeds exactly one path
    for (const { train, test } of splits) {
      expect(test).toHaveLength(20);
      const inTrain = new Set(train);
      for (const i of test) expect(inTrain.has(i)).toBe(false);
      expect(train.length + test.length).toBe(60);
    }
  });

  // 20 rows in 4 groups of 5; label i ends at i + 2, so rows 18 and 19 end past the last row (at 20 and 21).
  const labelEnd = Int32Array.from(range(0, 20), (i) => i + 2);

  it('purges labels that reach a test span, touching included, and rows starting inside it', () => {
    const { splits } = combinatorialPurgedSplits({ observations: 20, groups: 4, testGroups: 1, labelEnd, embargo: 0 });
    // Test group 1 = rows 5..9, span [5, 11]. Row 3's label [3, 5] crosses into group 1 and touches the span:
    // purged; row 2's [2, 4] does not. Rows 10 and 11 start inside the span: purged.
    expect(Array.from(splits[1].test)).toEqual(range(5, 10));
    expect(Array.from(splits[1].train)).toEqual([0, 1, 2, ...range(12, 20)]);
    // Group 0 = rows 0..4, span [0, 6]: rows 5 and 6 purged.
    expect(Array.from(splits[0].train)).toEqual(range(7, 20));
    // Group 3 = rows 15..19, span [15, 21] past the end: rows 13 (label [13, 15]) and 14 purged.
    expect(Array.from(splits[3].train)).toEqual(range(0, 13));
  });

  it('drops the embargo rows after each span, and purges around every test group of a split', () => {
    const one = combinatorialPurgedSplits({ observations: 20, groups: 4, testGroups: 1, labelEnd, embargo: 2 }).splits;
    // Span [5, 11] → rows 12, 13 embargoed; span [0, 6] → 7, 8; span [15, 21] ends past the data: nothing to drop.
    expect(Array.from(one[1].train)).toEqual([0, 1, 2, ...range(14, 20)]);
    expect(Array.from(one[0].train)).toEqual(range(9, 20));
    expect(Array.from(one[3].train)).toEqual(range(0, 13));
    const two = combinatorialPurgedSplits({ observations: 20, groups: 4, testGroups: 2, labelEnd, embargo: 0 }).splits;
    // Test groups {1, 3}: purge 3, 4, 10, 11 (group 1) and 13, 14 (group 3); 0, 1, 2 and 12 remain.
    expect(two[4].testGroups).toEqual([1, 3]);
    expect(Array.from(two[4].test)).toEqual([...range(5, 10), ...range(15, 20)]);
    expect(Array.from(two[4].train)).toEqual([0, 1, 2, 12]);
    const embargoed = combinatorialPurgedSplits({ observations: 20, groups: 4, testGroups: 2, labelEnd, embargo: 2 }).splits;
    expect(Array.from(embargoed[4].train)).toEqual([0, 1, 2]);
  });

  it('never trains on a row whose label interval touches a test span or that falls in an embargo (property)', () => {
    const random = rng(42);
    for (let trial = 0; trial < 40; trial++) {
      const observations = 30 + Math.floor(random() * 200);
      const groups = 2 + Math.floor(random() * 8);
      const testGroups = 1 + Math.floor(random() * (groups - 1));
      const embargo = Math.floor(random() * 6);
      const labels = Int32Array.from(range(0, observations), (i) => i + Math.floor(random() * random() * 25));
      const { splits, paths } = combinatorialPurgedSplits({ observations, groups, testGroups, labelEnd: labels, embargo });
      expect(paths.length).toBe((testGroups / groups) * splits.length);
      // Group bounds rebuilt from the k = 1 case's test sets.
      const bounds = combinatorialPurgedSplits({ observations, groups, testGroups: 1, labelEnd: labels, embargo }).splits.map((s) => [
        s.test[0],
        s.test[s.test.length - 1],
      ]);
      for (const split of splits) {
        const spans = split.testGroups.map((g) => {
          let end = -1;
          for (let i = bounds[g][0]; i <= bounds[g][1]; i++) end = Math.max(end, labels[i]);
          return [bounds[g][0], end];
        });
        const inTest = new Set(split.test);
        const inTrain = new Set(split.train);
        for (let i = 0; i < observations; i++) {
          const touches = spans.some(([a, b]) => i <= b && labels[i] >= a);
          const embargoedRow = spans.some(([, b]) => i > b && i <= b + embargo);
          // Train is exactly the rows that are neither test, nor purged, nor embargoed.
          expect(inTrain.has(i)).toBe(!inTest.has(i) && !touches && !embargoedRow);
        }
        expect(Array.from(split.train)).toEqual([...split.train].sort((a, b) => a - b));
        expect(Array.from(split.test)).toEqual([...split.test].sort((a, b) => a - b));
      }
    }
  });

  it('validates its inputs, naming the field', () => {
    const base = { observations: 20, groups: 4, testGroups: 1, labelEnd, embargo: 0 };
    expect(() => combinatorialPurgedSplits({ ...base, groups: 1 })).toThrow(/groups/);
    expect(() => combinatorialPurgedSplits({ ...base, groups: 21 })).toThrow(/groups/);
    expect(() => combinatorialPurgedSplits({ ...base, testGroups: 0 })).toThrow(/testGroups/);
    expect(() => combinatorialPurgedSplits({ ...base, testGroups: 4 })).toThrow(/testGroups/);
    expect(() => combinatorialPurgedSplits({ ...base, embargo: -1 })).toThrow(/embargo/);
    expect(() => combinatorialPurgedSplits({ ...base, embargo: 1.5 })).toThrow(/embargo/);
    expect(() => combinatorialPurgedSplits({ ...base, labelEnd: labelEnd.subarray(1) })).toThrow(/labelEnd/);
    const backwards = labelEnd.slice();
    backwards[7] = 6;
    expect(() => combinatorialPurgedSplits({ ...base, labelEnd: backwards })).toThrow(/labelEnd\[7\]/);
    expect(() => combinatorialPurgedSplits({ ...base, observations: 0, labelEnd: [] })).toThrow(/observations/);
  });
});
