// Builtins bound once: a global lookup per call is slow inside a vm context (Jest's runs every spec in one).
const { sqrt, log } = Math;

/** How a trial's returns over a half are scored: 'sharpe' = mean / sample std (ddof 1), 'mean' = the mean. */
export type PboMetric = 'sharpe' | 'mean';

export interface PboOptions {
  /** S, the number of blocks the rows are cut into: even, ≥ 2, at most the number of rows. */
  partitions: number;
  metric: PboMetric;
}

export interface PboResult {
  /** The fraction of the C(S, S/2) splits whose in-sample best trial ranks in the lower half out of sample (λ ≤ 0). */
  pbo: number;
  /** λ = ln(ω / (1 − ω)), ω = r / (N + 1), one per split in the lexicographic order of the in-sample block sets. */
  logits: Float64Array;
}

/**
 * A computed variance at most this fraction of the half's mean square is within rounding of 0, so the half is
 * checked for being exactly constant (block by block) instead of trusting Σx² − (Σx)²/m. Rounding stays below
 * ~m·2⁻⁵³ of the mean square, far under this for any realistic m; the check itself is O(S) and rarely runs.
 */
const CONSTANT_GATE = 1e-6;

/** Validated shape of the input: N trials × T rows, S blocks of L rows after dropping the oldest T mod S. */
interface Layout {
  trials: number;
  rows: number;
  blocks: number;
  blockRows: number;
  dropped: number;
}

function layout(returns: readonly ArrayLike<number>[], partitions: number, metric: string): Layout {
  if (!Array.isArray(returns) || returns.length < 2) throw new RangeError(`returns must hold at least 2 trials, got ${returns?.length}`);
  const rows = returns[0].length;
  returns.forEach((r, n) => {
    if (r.length !== rows) throw new RangeError(`returns[${n}] has ${r.length} rows, returns[0] has ${rows}: every trial needs the same rows`);
  });
  if (!Number.isInteger(partitions) || partitions < 2 || partitions % 2 !== 0) {
    throw new RangeError(`partitions must be an even integer ≥ 2, got ${partitions}`);
  }
  if (rows < partitions) throw new RangeError(`partitions (${partitions}) must not exceed the number of rows (${rows})`);
  if (metric !== 'sharpe' && metric !== 'mean') throw new RangeError(`metric must be 'sharpe' or 'mean', got ${metric}`);
  const dropped = rows % partitions;
  return { trials: returns.length, rows, blocks: partitions, blockRows: (rows - dropped) / partitions, dropped };
}

/** Per block b and trial n (at b·N + n): Σx, Σx² and the block's value if it is constant (NaN if not). */
interface BlockSums {
  sum: Float64Array;
  sumSq: Float64Array;
  constant: Float64Array;
  /** Per trial: what was subtracted from its returns before summing (0 for 'mean'). */
  shift: Float64Array;
}

function blockSums(returns: readonly ArrayLike<number>[], { trials, blocks, blockRows, dropped }: Layout, shifted: boolean): BlockSums {
  const sum = new Float64Array(blocks * trials);
  const sumSq = new Float64Array(blocks * trials);
  const constant = new Float64Array(blocks * trials);
  const shift = new Float64Array(trials);
  const kept = blocks * blockRows;
  for (let n = 0; n < trials; n++) {
    const r = returns[n];
    let total = 0;
    for (let t = dropped; t < dropped + kept; t++) total += r[t];
    if (!(total - total === 0)) {
      for (let t = dropped; t < dropped + kept; t++)
        if (!Number.isFinite(r[t])) throw new RangeError(`returns[${n}][${t}] is ${r[t]}: returns must be finite`);
      throw new RangeError(`returns[${n}] sums to ${total}: too large to score`);
    }
    // Summing r − (the trial's mean) keeps Σx² − (Σx)²/m clear of cancellation when |mean| ≫ std.
    const s = shifted ? total / kept : 0;
    shift[n] = s;
    for (let b = 0; b < blocks; b++) {
      const from = dropped + b * blockRows;
      const first = r[from];
      let bs = 0;
      let bq = 0;
      let same = true;
      for (let t = from; t < from + blockRows; t++) {
        const v = r[t];
        const x = v - s;
        bs += x;
        bq += x * x;
        if (v !== first) same = false;
      }
      sum[b * trials + n] = bs;
      sumSq[b * trials + n] = bq;
      constant[b * trials + n] = same ? first : NaN;
    }
  }
  return { sum, sumSq, constant, shift };
}

/** Whether trial n's returns are one value throughout the blocks with inSample[b] === side. */
function constantOver(constant: Float64Array, trials: number, n: number, inSample: Uint8Array, side: number): boolean {
  let value = NaN;
  for (let b = 0; b < inSample.length; b++) {
    if (inSample[b] !== side) continue;
    const v = constant[b * trials + n];
    if (v !== v) return false;
    if (value !== value) value = v;
    else if (v !== value) return false;
  }
  return true;
}

/**
 * Combinatorially symmetric cross-validation (Bailey, Borwein, López de Prado & Zhu, "The Probability of Backtest
 * Overfitting", 2014/2017). `returns` holds one series per trial (strategy configuration), all T rows long, oldest
 * first. The oldest T mod S rows are dropped and the rest cut into S blocks of equal length; for each of the
 * C(S, S/2) choices of S/2 blocks (lexicographic order), those blocks in time order are in-sample and the rest
 * out-of-sample. The in-sample best trial (ties: the lowest index) gets its out-of-sample rank r among the N trials
 * (ascending, 1 = worst, ties share their average rank), ω = r/(N + 1), λ = ln(ω/(1 − ω)); PBO is the fraction of
 * splits with λ ≤ 0.
 *
 * Conventions: 'sharpe' is the per-row mean over the sample standard deviation (ddof 1) of the half's rows. A half
 * with zero standard deviation (a constant series, or a single row) scores Sharpe 0, like sampleMoments: it shows
 * no risk-adjusted edge either way; an exactly constant half is recognised block by block, not left to rounding
 * (sampleMoments itself leaves ~1e-18 of std on a constant series). Every combination costs O(N) after O(N·T) block
 * sums: the in-sample sums are kept per prefix of the chosen blocks (consecutive combinations share most of the
 * prefix) and the out-of-sample sums are the totals minus them. The sums are of r minus the trial's mean over the
 * kept rows, so Σx² − (Σx)²/m does not cancel away the variance when |mean| ≫ std.
 */
export function probabilityOfBacktestOverfitting(returns: readonly ArrayLike<number>[], { partitions, metric }: PboOptions): PboResult {
  const shape = layout(returns, partitions, metric);
  const { trials: N, blocks: S, blockRows } = shape;
  const sharpe = metric === 'sharpe';
  const { sum, sumSq, constant, shift } = blockSums(returns, shape, sharpe);
  const half = S / 2;
  const m = half * blockRows;
  const ddof = m - 1;
  const inverseDdof = 1 / ddof;
  const inverseM = 1 / m;
  // variance ≤ CONSTANT_GATE·(Σx²/m) flags a half that may be constant.
  const gateScale = CONSTANT_GATE / m;
  const totalSum = new Float64Array(N);
  const totalSq = new Float64Array(N);
  for (let b = 0; b < S; b++) {
    for (let n = 0; n < N; n++) {
      totalSum[n] += sum[b * N + n];
      totalSq[n] += sumSq[b * N + n];
    }
  }

  let count = 1;
  for (let k = 1; k <= half; k++) count = (count * (S - half + k)) / k;
  const logits = new Float64Array(count);
  const chosen = new Int32Array(half);
  const inSample = new Uint8Array(S);
  // levelSum[j·N + n]: trial n's sum over the first j + 1 chosen blocks.
  const levelSum = new Float64Array(half * N);
  const levelSq = new Float64Array(half * N);
  const oosScore = new Float64Array(N);
  for (let j = 0; j < half; j++) chosen[j] = j;
  let from = 0;
  let overfit = 0;

  for (let split = 0; split < count; split++) {
    for (let j = from; j < half; j++) {
      const b = chosen[j] * N;
      const level = j * N;
      if (j === 0) {
        for (let n = 0; n < N; n++) {
          levelSum[n] = sum[b + n];
          levelSq[n] = sumSq[b + n];
        }
      } else {
        const previous = level - N;
        for (let n = 0; n < N; n++) {
          levelSum[level + n] = levelSum[previous + n] + sum[b + n];
          levelSq[level + n] = levelSq[previous + n] + sumSq[b + n];
        }
      }
    }
    inSample.fill(0);
    for (let j = 0; j < half; j++) inSample[chosen[j]] = 1;
    const top = (half - 1) * N;

    // In-sample scores → the best trial; out-of-sample scores of every trial.
    let best = 0;
    let bestScore = -Infinity;
    for (let n = 0; n < N; n++) {
      const s = levelSum[top + n];
      const os = totalSum[n] - s;
      let isScore: number;
      let osScore: number;
      if (!sharpe) {
        isScore = s / m;
        osScore = os / m;
      } else if (ddof === 0) {
        isScore = 0;
        osScore = 0;
      } else {
        const q = levelSq[top + n];
        const oq = totalSq[n] - q;
        const isMean = s * inverseM;
        const osMean = os * inverseM;
        const isVariance = (q - s * isMean) * inverseDdof;
        const osVariance = (oq - os * osMean) * inverseDdof;
        isScore = (isMean + shift[n]) / sqrt(isVariance);
        osScore = (osMean + shift[n]) / sqrt(osVariance);
        if (!(isVariance > gateScale * q)) isScore = constantOver(constant, N, n, inSample, 1) ? 0 : positiveOr0(isMean + shift[n], isVariance);
        if (!(osVariance > gateScale * oq)) osScore = constantOver(constant, N, n, inSample, 0) ? 0 : positiveOr0(osMean + shift[n], osVariance);
      }
      oosScore[n] = osScore;
      if (isScore > bestScore) {
        bestScore = isScore;
        best = n;
      }
    }
    const target = oosScore[best];
    let below = 0;
    let tied = 0;
    for (let n = 0; n < N; n++) {
      const v = oosScore[n];
      if (v < target) below++;
      else if (v === target) tied++;
    }
    const rank = below + (tied + 1) / 2;
    const logit = log(rank / (N + 1 - rank));
    logits[split] = logit;
    if (logit <= 0) overfit++;

    // Next combination in lexicographic order; the prefix before position `from` is unchanged.
    let i = half - 1;
    while (i >= 0 && chosen[i] === S - half + i) i--;
    if (i < 0) break;
    chosen[i]++;
    for (let j = i + 1; j < half; j++) chosen[j] = chosen[j - 1] + 1;
    from = i;
  }
  return { pbo: overfit / count, logits };
}

/** mean / √variance, or 0 when rounding left no positive variance (a half that is not constant but nearly). */
function positiveOr0(mean: number, variance: number): number {
  return variance > 0 ? mean / sqrt(variance) : 0;
}
