import { HIST_STRIDE, HistogramLayout } from '../histogram/histogram';
import { NAN_BIN } from '../binning/quantile-binner';

/** Regularisation and size limits that decide whether a split is allowed. */
export interface SplitConstraints {
  /** L2 penalty on leaf values. */
  lambda: number;
  /** Minimum hessian sum in each child. */
  minChildWeight: number;
  /** Minimum row count in each child. */
  minDataInLeaf: number;
  /** A split must gain strictly more than this. */
  minSplitGain: number;
}

/** Sums of a node: gradient, hessian, row count. */
export interface NodeStats {
  g: number;
  h: number;
  c: number;
}

/** The best split found for one leaf; reused in place to avoid allocations. */
export interface SplitCandidate {
  /** -Infinity when no valid split exists. */
  gain: number;
  feature: number;
  /** Left child = value bins 1..bin (plus NaN when defaultLeft). */
  bin: number;
  defaultLeft: boolean;
  left: NodeStats;
  right: NodeStats;
}

export function emptyCandidate(): SplitCandidate {
  return { gain: -Infinity, feature: -1, bin: -1, defaultLeft: false, left: { g: 0, h: 0, c: 0 }, right: { g: 0, h: 0, c: 0 } };
}

/** The Newton objective reduction of a leaf: G²/(H+λ). */
export function leafScore(g: number, h: number, lambda: number): number {
  return (g * g) / (h + lambda);
}

/** gain = ½[G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)]. */
export function splitGain(gl: number, hl: number, gr: number, hr: number, lambda: number): number {
  return 0.5 * (leafScore(gl, hl, lambda) + leafScore(gr, hr, lambda) - leafScore(gl + gr, hl + hr, lambda));
}

/** Optimal leaf value −G/(H+λ) (before the learning rate). */
export function leafValue(g: number, h: number, lambda: number): number {
  return -g / (h + lambda);
}

/**
 * Scans each feature's histogram left to right and keeps the best split in `out`.
 * Missing values are tried on both sides and the better side becomes the learned default
 * direction; when the node has no NaN, NaN follows the heavier (by hessian) child.
 * Ties keep the first found: lower feature index, then lower bin, then NaN-right.
 * Returns whether a valid split was found.
 */
export function findBestSplit(
  hist: Float64Array,
  layout: HistogramLayout,
  features: Int32Array,
  total: NodeStats,
  cons: SplitConstraints,
  out: SplitCandidate,
): boolean {
  const { lambda, minChildWeight, minDataInLeaf } = cons;
  const G = total.g,
    H = total.h,
    C = total.c;
  const parentScore = leafScore(G, H, lambda);
  let best = -Infinity;
  let bestF = -1,
    bestBin = -1,
    bestDefaultLeft = false;
  let bestGl = 0,
    bestHl = 0,
    bestCl = 0;
  for (let k = 0; k < features.length; k++) {
    const f = features[k];
    const base = layout.offsets[f] * HIST_STRIDE;
    const nb = layout.numBins[f];
    const nanSlot = base + NAN_BIN * HIST_STRIDE;
    const g0 = hist[nanSlot],
      h0 = hist[nanSlot + 1],
      c0 = hist[nanSlot + 2];
    // NaN right, then (only when the node has NaN) NaN left.
    const sides = c0 === 0 ? 1 : 2;
    let gl = 0,
      hl = 0,
      cl = 0;
    for (let b = 1, s = base + HIST_STRIDE; b < nb - 1; b++, s += HIST_STRIDE) {
      gl += hist[s];
      hl += hist[s + 1];
      cl += hist[s + 2];
      for (let side = 0; side < sides; side++) {
        const lg = side ? gl + g0 : gl,
          lh = side ? hl + h0 : hl,
          lc = side ? cl + c0 : cl;
        const rg = G - lg,
          rh = H - lh,
          rc = C - lc;
        if (lc < minDataInLeaf || rc < minDataInLeaf || lh < minChildWeight || rh < minChildWeight) continue;
        const gain = 0.5 * (leafScore(lg, lh, lambda) + leafScore(rg, rh, lambda) - parentScore);
        if (gain > best) {
          best = gain;
          bestF = f;
          bestBin = b;
          // No NaN in the node: NaN follows the heavier child.
          bestDefaultLeft = side === 1 || (c0 === 0 && lh >= rh);
          bestGl = lg;
          bestHl = lh;
          bestCl = lc;
        }
      }
    }
  }
  if (bestF < 0 || !(best > cons.minSplitGain)) {
    out.gain = -Infinity;
    out.feature = -1;
    return false;
  }
  out.gain = best;
  out.feature = bestF;
  out.bin = bestBin;
  out.defaultLeft = bestDefaultLeft;
  out.left.g = bestGl;
  out.left.h = bestHl;
  out.left.c = bestCl;
  out.right.g = G - bestGl;
  out.right.h = H - bestHl;
  out.right.c = C - bestCl;
  return true;
}
