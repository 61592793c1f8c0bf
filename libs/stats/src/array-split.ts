/**
 * Where `observations` rows cut into `groups` contiguous groups start, sized like numpy.array_split (the first
 * `observations mod groups` groups one row longer): group g is rows [starts[g], starts[g + 1]), starts has groups + 1 entries.
 */
export function arraySplitStarts(observations: number, groups: number): Int32Array {
  const starts = new Int32Array(groups + 1);
  const base = Math.floor(observations / groups);
  const longer = observations % groups;
  for (let g = 0; g < groups; g++) starts[g + 1] = starts[g] + base + (g < longer ? 1 : 0);
  return starts;
}
