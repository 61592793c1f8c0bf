import { FeatureBinEdges, NAN_BIN } from '../binning/quantile-binner';
import { HIST_STRIDE, HistogramLayout, histogramLayout, subtractHistogram, toRowMajor } from '../histogram/histogram';
import { ParallelHistogramBuilder, SharedTrainingBuffers, sharedArray } from '../histogram/parallel-histogram';
import { TreeJson } from '../model/gbdt-model';
import { NodeStats, SplitCandidate, SplitConstraints, emptyCandidate, findBestSplit, leafValue } from './split-finder';

export interface TreeLearnerParams extends SplitConstraints {
  maxLeaves: number;
  /** Root has depth 0; a leaf at maxDepth is not split further. */
  maxDepth: number;
  learningRate: number;
}

/** A grown tree: the portable JSON plus what training still needs (bin thresholds, split gains). */
export interface GrownTree {
  json: TreeJson;
  /** Per node: left = value bins 1..binThreshold (NaN by defaultLeft); -1 for leaves. */
  binThreshold: number[];
  /** Per node: split gain; 0 for leaves. */
  gain: number[];
}

/**
 * Leaf-wise (best-first) tree growth, as in LightGBM.
 *
 * Rows of each leaf are a contiguous range of one index array, partitioned stably in place
 * when the leaf splits (LightGBM's DataPartition), so children keep ascending row order.
 * Histograms: the smaller child is built from its rows, the larger is parent − smaller.
 * All buffers are allocated once per learner and reused across trees.
 */
export class TreeLearner {
  private readonly layout: HistogramLayout;
  private readonly hists: Float64Array[];
  private readonly shared: SharedTrainingBuffers;
  private readonly builder: ParallelHistogramBuilder;
  private readonly scratchIdx: Int32Array;
  private readonly candidates: SplitCandidate[];
  // Per leaf slot.
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  private readonly node: Int32Array;
  private readonly depth: Int32Array;
  private readonly histOf: Int32Array;
  private readonly stats: NodeStats[];
  private lastLeaves = 0;
  private numK = 0;

  constructor(
    private readonly bins: ReadonlyArray<Uint8Array>,
    private readonly edges: ReadonlyArray<FeatureBinEdges>,
    numRows: number,
    private readonly params: TreeLearnerParams,
    numThreads = 1,
  ) {
    const L = Math.max(2, params.maxLeaves);
    this.layout = histogramLayout(edges.map((e) => e.numBins));
    // Inputs of histogram building are shared with the worker threads (when there are any).
    const sh = numThreads > 1;
    const F = bins.length;
    const histSize = this.layout.totalBins * HIST_STRIDE;
    const rowBins = sharedArray(Uint8Array, numRows * F, sh);
    rowBins.set(toRowMajor(bins, numRows));
    this.shared = {
      rowBins,
      grad: sharedArray(Float64Array, numRows, sh),
      hess: sharedArray(Float64Array, numRows, sh),
      rowIdx: sharedArray(Int32Array, numRows, sh),
      features: sharedArray(Int32Array, F, sh),
      slotBase: sharedArray(Int32Array, F, sh),
      numBins: sharedArray(Int32Array, F, sh),
      // Leaves + 1: a split needs one fresh buffer while the parent's is still alive.
      hists: sharedArray(Float64Array, (L + 1) * histSize, sh),
      histSize,
      numFeatures: F,
    };
    this.shared.numBins.set(this.layout.numBins);
    this.hists = Array.from({ length: L + 1 }, (_, i) => this.shared.hists.subarray(i * histSize, (i + 1) * histSize));
    this.builder = new ParallelHistogramBuilder(this.shared, numThreads);
    this.scratchIdx = new Int32Array(numRows);
    this.candidates = Array.from({ length: L }, emptyCandidate);
    this.start = new Int32Array(L);
    this.end = new Int32Array(L);
    this.node = new Int32Array(L);
    this.depth = new Int32Array(L);
    this.histOf = new Int32Array(L);
    this.stats = Array.from({ length: L }, () => ({ g: 0, h: 0, c: 0 }));
  }

  /**
   * Grows one tree on rows[0..numUsed) (ascending; copied, not modified) using only
   * `features` (ascending).
   */
  grow(grad: Float64Array, hess: Float64Array, rows: Int32Array, numUsed: number, features: Int32Array, classIndex: number): GrownTree {
    const p = this.params;
    const sh = this.shared;
    sh.grad.set(grad);
    sh.hess.set(hess);
    sh.rowIdx.set(rows.subarray(0, numUsed));
    sh.features.set(features);
    const rowIdx = sh.rowIdx; // partitioned in place, leaf by leaf
    this.numK = features.length;
    const tree: GrownTree = {
      json: { classIndex, feature: [-1], threshold: [0], left: [-1], right: [-1], defaultLeft: [false], value: [0] },
      binThreshold: [-1],
      gain: [0],
    };
    for (let k = 0; k < features.length; k++) sh.slotBase[k] = this.layout.offsets[features[k]] * HIST_STRIDE;
    const free: number[] = [];
    for (let i = this.hists.length - 1; i >= 1; i--) free.push(i);

    const root = this.stats[0];
    root.g = 0;
    root.h = 0;
    for (let i = 0; i < numUsed; i++) {
      root.g += grad[rowIdx[i]];
      root.h += hess[rowIdx[i]];
    }
    root.c = numUsed;
    this.start[0] = 0;
    this.end[0] = numUsed;
    this.node[0] = 0;
    this.depth[0] = 0;
    this.histOf[0] = 0;
    let leaves = 1;
    if (this.canSplit(0)) {
      this.builder.build(0, this.numK, 0, numUsed);
      findBestSplit(this.hists[0], this.layout, features, root, p, this.candidates[0]);
    } else this.candidates[0].gain = -Infinity;

    while (leaves < p.maxLeaves) {
      // Best-gain leaf first; strict > keeps the earliest leaf on ties.
      let l = -1;
      for (let i = 0; i < leaves; i++) if (this.candidates[i].gain > -Infinity && (l < 0 || this.candidates[i].gain > this.candidates[l].gain)) l = i;
      if (l < 0) break;
      const r = leaves++;
      this.splitLeaf(l, r, tree, rowIdx, grad, hess, features, free);
    }

    for (let i = 0; i < leaves; i++) {
      const s = this.stats[i];
      tree.json.value[this.node[i]] = leafValue(s.g, s.h, p.lambda) * p.learningRate;
    }
    this.lastLeaves = leaves;
    return tree;
  }

  /**
   * Adds the last grown tree's leaf values to scores of the rows it was grown on, using the
   * leaves' row ranges: cheaper than walking the tree when every row took part.
   */
  addToScores(tree: GrownTree, scores: Float64Array): void {
    const rowIdx = this.shared.rowIdx;
    for (let l = 0; l < this.lastLeaves; l++) {
      const v = tree.json.value[this.node[l]];
      for (let i = this.start[l], e = this.end[l]; i < e; i++) scores[rowIdx[i]] += v;
    }
  }

  /** Stops histogram worker threads, if any. */
  close(): void {
    this.builder.close();
  }

  private canSplit(leaf: number): boolean {
    return this.depth[leaf] < this.params.maxDepth && this.stats[leaf].c >= 2 * this.params.minDataInLeaf;
  }

  /** Splits leaf slot l; the left child keeps slot l, the right child takes slot r. */
  private splitLeaf(l: number, r: number, tree: GrownTree, rowIdx: Int32Array, grad: Float64Array, hess: Float64Array, features: Int32Array, free: number[]): void {
    const cand = this.candidates[l];
    const f = cand.feature, splitBin = cand.bin, defaultLeft = cand.defaultLeft;
    const s = this.start[l], e = this.end[l];

    // Stable partition: left rows compact forwards in place, right rows go via scratch.
    const col = this.bins[f];
    let w = s, nr = 0;
    for (let i = s; i < e; i++) {
      const row = rowIdx[i];
      const b = col[row];
      if (b === NAN_BIN ? defaultLeft : b <= splitBin) rowIdx[w++] = row;
      else this.scratchIdx[nr++] = row;
    }
    rowIdx.set(this.scratchIdx.subarray(0, nr), w);

    // Record the split in the tree.
    const j = tree.json;
    const parentNode = this.node[l];
    const leftNode = j.feature.length, rightNode = leftNode + 1;
    for (let k = 0; k < 2; k++) {
      j.feature.push(-1); j.threshold.push(0); j.left.push(-1); j.right.push(-1); j.defaultLeft.push(false); j.value.push(0);
      tree.binThreshold.push(-1); tree.gain.push(0);
    }
    j.feature[parentNode] = f;
    // Left iff bin <= splitBin iff fround(x) < boundaries[splitBin - 1] (see quantile-binner).
    j.threshold[parentNode] = this.edges[f].boundaries[splitBin - 1];
    j.left[parentNode] = leftNode;
    j.right[parentNode] = rightNode;
    j.defaultLeft[parentNode] = defaultLeft;
    tree.binThreshold[parentNode] = splitBin;
    tree.gain[parentNode] = cand.gain;

    // Child leaf state.
    const d = this.depth[l] + 1;
    const ls = this.stats[l], rs = this.stats[r];
    ls.g = cand.left.g; ls.h = cand.left.h; ls.c = w - s;
    rs.g = cand.right.g; rs.h = cand.right.h; rs.c = e - w;
    this.start[r] = w; this.end[r] = e; this.node[r] = rightNode; this.depth[r] = d;
    this.end[l] = w; this.node[l] = leftNode; this.depth[l] = d;

    // Histograms: build the smaller child, derive the larger by subtraction when it is needed.
    const needL = this.canSplit(l), needR = this.canSplit(r);
    const parentHist = this.histOf[l];
    const smallIsLeft = ls.c <= rs.c;
    const small = smallIsLeft ? l : r, large = smallIsLeft ? r : l;
    const needSmall = smallIsLeft ? needL : needR, needLarge = smallIsLeft ? needR : needL;
    if (needLarge) {
      const buf = free.pop()!;
      this.builder.build(buf, this.numK, this.start[small], this.end[small]);
      subtractHistogram(this.hists[parentHist], this.hists[buf], this.layout, features);
      this.histOf[large] = parentHist;
      if (needSmall) this.histOf[small] = buf;
      else {
        free.push(buf);
        this.histOf[small] = -1;
      }
    } else if (needSmall) {
      // The parent's buffer is no longer needed: build the smaller child straight into it.
      this.builder.build(parentHist, this.numK, this.start[small], this.end[small]);
      this.histOf[small] = parentHist;
      this.histOf[large] = -1;
    } else {
      free.push(parentHist);
      this.histOf[l] = this.histOf[r] = -1;
    }

    for (const leaf of [l, r]) {
      const c = this.candidates[leaf];
      if (this.histOf[leaf] >= 0 && this.canSplit(leaf)) findBestSplit(this.hists[this.histOf[leaf]], this.layout, features, this.stats[leaf], this.params, c);
      else c.gain = -Infinity;
    }
  }
}
