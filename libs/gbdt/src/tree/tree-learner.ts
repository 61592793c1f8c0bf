import { FeatureBinEdges, NAN_BIN } from '../binning/quantile-binner';
import { HIST_STRIDE, HistogramLayout, histogramLayout, toRowMajor } from '../histogram/histogram';
import { PartitionKernels, instantiatePartitionKernels } from '../kernels/partition-kernel';
import { createWasmArena } from '../kernels/wasm-arena';
import { ParallelHistogramBuilder } from '../histogram/parallel-histogram';
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
 * Rows of each leaf are a contiguous range; when the leaf splits they are partitioned stably, left
 * rows first (LightGBM's DataPartition), into the same positions of a second set of arrays. Not only
 * the row indices move: each row's bins and gradient pair move with it (kernels/partition-kernel.wat),
 * so building a leaf's histogram streams through memory instead of gathering scattered rows.
 * Histograms: the smaller child is built from its rows, the larger is parent − smaller.
 * All buffers live in one WebAssembly arena allocated once per learner and reused across trees.
 */
export class TreeLearner {
  private readonly layout: HistogramLayout;
  private readonly hists: Float64Array[];
  /** Byte address of each histogram in the arena. */
  private readonly histAddress: number[];
  private readonly arena: ReturnType<typeof createTrainingArena>;
  private readonly builder: ParallelHistogramBuilder;
  private readonly partitioner: PartitionKernels;
  /** Bytes per row of bins: the feature count rounded up to 16 (a SIMD register). */
  private readonly rowStride: number;
  /** The two sets of leaf-ordered row arrays (see createTrainingArena); a split moves a leaf's rows to the other. */
  private readonly rowSets: RowSet[];
  private readonly candidates: SplitCandidate[];
  // Per leaf slot.
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  private readonly node: Int32Array;
  private readonly depth: Int32Array;
  private readonly histOf: Int32Array;
  /** Which row set holds the leaf's rows. */
  private readonly rowSetOf: Uint8Array;
  private readonly stats: NodeStats[];
  private lastLeaves = 0;
  private numK = 0;
  private allFeatures = false;

  constructor(
    private readonly bins: ReadonlyArray<Uint8Array>,
    private readonly edges: ReadonlyArray<FeatureBinEdges>,
    numRows: number,
    private readonly params: TreeLearnerParams,
    numThreads = 1,
  ) {
    const L = Math.max(2, params.maxLeaves);
    const F = bins.length;
    this.layout = histogramLayout(edges.map((e) => e.numBins));
    const histSize = this.layout.totalBins * HIST_STRIDE;
    this.rowStride = Math.ceil(F / 16) * 16;
    // Leaves + 1 histograms: a split needs one fresh buffer while the parent's is still alive.
    this.arena = createTrainingArena(numRows, this.rowStride, F, (L + 1) * histSize);
    const { arrays, address } = this.arena;
    toRowMajor(bins, numRows, arrays.trainingBins, this.rowStride);
    this.hists = Array.from({ length: L + 1 }, (_, i) => arrays.hists.subarray(i * histSize, (i + 1) * histSize));
    this.histAddress = this.hists.map((_, i) => address.hists + i * histSize * Float64Array.BYTES_PER_ELEMENT);
    this.builder = new ParallelHistogramBuilder({ memory: this.arena.memory, rowStride: this.rowStride, ...address }, numThreads);
    this.rowSets = [
      { rowIdx: arrays.rowIdx0, idxAt: address.rowIdx0, binsAt: address.bins0, gradHessAt: address.gradHess0 },
      { rowIdx: arrays.rowIdx1, idxAt: address.rowIdx1, binsAt: address.bins1, gradHessAt: address.gradHess1 },
    ];
    this.partitioner = instantiatePartitionKernels(this.arena.memory);
    this.candidates = Array.from({ length: L }, emptyCandidate);
    this.start = new Int32Array(L);
    this.end = new Int32Array(L);
    this.node = new Int32Array(L);
    this.depth = new Int32Array(L);
    this.histOf = new Int32Array(L);
    this.rowSetOf = new Uint8Array(L);
    this.stats = Array.from({ length: L }, () => ({ g: 0, h: 0, c: 0 }));
  }

  /**
   * Grows one tree on rows[0..numUsed) (ascending; copied, not modified) using only
   * `features` (ascending).
   */
  grow(grad: Float64Array, hess: Float64Array, rows: Int32Array, numUsed: number, features: Int32Array, classIndex: number): GrownTree {
    const p = this.params;
    const { rowIdx0: rowIdx, gradHess0: gradHess, slotOffsets, slotBytes } = this.arena.arrays;
    const a = this.arena.address;
    // The root's rows, in training order, in row set 0.
    rowIdx.set(rows.subarray(0, numUsed));
    this.partitioner.gatherRows(a.rowIdx0, numUsed, a.trainingBins, a.bins0, this.rowStride);
    this.rowSetOf[0] = 0;
    let sumG = 0,
      sumH = 0;
    for (let i = 0; i < numUsed; i++) {
      const r = rows[i];
      const g = grad[r],
        h = hess[r];
      gradHess[2 * i] = g;
      gradHess[2 * i + 1] = h;
      sumG += g;
      sumH += h;
    }
    const root = this.stats[0];
    root.g = sumG;
    root.h = sumH;
    root.c = numUsed;
    this.arena.arrays.features.set(features);
    this.numK = features.length;
    this.allFeatures = features.length === this.bins.length; // ascending and distinct: 0, 1, ..., F-1
    const tree: GrownTree = {
      json: { classIndex, feature: [-1], threshold: [0], left: [-1], right: [-1], defaultLeft: [false], value: [0] },
      binThreshold: [-1],
      gain: [0],
    };
    for (let k = 0; k < features.length; k++) {
      slotOffsets[k] = this.layout.offsets[features[k]] * HIST_STRIDE * Float64Array.BYTES_PER_ELEMENT;
      slotBytes[k] = this.layout.numBins[features[k]] * HIST_STRIDE * Float64Array.BYTES_PER_ELEMENT;
    }
    const free: number[] = [];
    for (let i = this.hists.length - 1; i >= 1; i--) free.push(i);

    this.start[0] = 0;
    this.end[0] = numUsed;
    this.node[0] = 0;
    this.depth[0] = 0;
    this.histOf[0] = 0;
    let leaves = 1;
    if (this.canSplit(0)) {
      this.buildHistogram(0, 0);
      findBestSplit(this.hists[0], this.layout, features, root, p, this.candidates[0]);
    } else this.candidates[0].gain = -Infinity;

    while (leaves < p.maxLeaves) {
      // Best-gain leaf first; strict > keeps the earliest leaf on ties.
      let l = -1;
      for (let i = 0; i < leaves; i++) if (this.candidates[i].gain > -Infinity && (l < 0 || this.candidates[i].gain > this.candidates[l].gain)) l = i;
      if (l < 0) break;
      const r = leaves++;
      this.splitLeaf(l, r, tree, features, free);
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
    for (let l = 0; l < this.lastLeaves; l++) {
      const rowIdx = this.rowSets[this.rowSetOf[l]].rowIdx;
      const v = tree.json.value[this.node[l]];
      for (let i = this.start[l], e = this.end[l]; i < e; i++) scores[rowIdx[i]] += v;
    }
  }

  /** Stops histogram worker threads, if any, and hands the arena's memory back for the next learner. */
  close(): void {
    this.builder.close();
    this.arena.release();
  }

  /** Histogram `index` := sums over the rows of `leaf` of the tree's features. */
  private buildHistogram(index: number, leaf: number): void {
    const rows = this.rowSets[this.rowSetOf[leaf]];
    this.builder.build(this.histAddress[index], rows.binsAt, rows.gradHessAt, this.numK, this.allFeatures, this.start[leaf], this.end[leaf]);
  }

  private canSplit(leaf: number): boolean {
    return this.mayBeSplit(this.depth[leaf], this.stats[leaf].c);
  }

  private mayBeSplit(depth: number, rows: number): boolean {
    return depth < this.params.maxDepth && rows >= 2 * this.params.minDataInLeaf;
  }

  /** Splits leaf slot l; the left child keeps slot l, the right child takes slot r. */
  private splitLeaf(l: number, r: number, tree: GrownTree, features: Int32Array, free: number[]): void {
    const cand = this.candidates[l];
    const f = cand.feature,
      splitBin = cand.bin,
      defaultLeft = cand.defaultLeft;
    const s = this.start[l],
      e = this.end[l];

    // Stable partition of the leaf's rows into the other row set (in the partition kernel): left rows first.
    const goesLeft = this.arena.arrays.goesLeft;
    for (let b = 0; b < goesLeft.length; b++) goesLeft[b] = b === NAN_BIN ? (defaultLeft ? 1 : 0) : b <= splitBin ? 1 : 0;
    const fromSet = this.rowSetOf[l],
      toSet = 1 - fromSet;
    const from = this.rowSets[fromSet],
      to = this.rowSets[toSet];
    const w = s + cand.left.c;
    const childDepth = this.depth[l] + 1;
    const childrenMaySplit = this.mayBeSplit(childDepth, cand.left.c) || this.mayBeSplit(childDepth, cand.right.c);
    const leftEnd = this.partitioner.partition(
      from.idxAt,
      from.binsAt,
      from.gradHessAt,
      to.idxAt,
      to.binsAt,
      to.gradHessAt,
      this.rowStride,
      s,
      e,
      cand.left.c,
      f,
      this.arena.address.goesLeft,
      childrenMaySplit ? 1 : 0,
    );
    if (leftEnd !== w) throw new Error(`internal error: the histogram counted ${cand.left.c} rows left of the split, the partition ${leftEnd - s}`);
    this.rowSetOf[l] = this.rowSetOf[r] = toSet;

    // Record the split in the tree.
    const j = tree.json;
    const parentNode = this.node[l];
    const leftNode = j.feature.length,
      rightNode = leftNode + 1;
    for (let k = 0; k < 2; k++) {
      j.feature.push(-1);
      j.threshold.push(0);
      j.left.push(-1);
      j.right.push(-1);
      j.defaultLeft.push(false);
      j.value.push(0);
      tree.binThreshold.push(-1);
      tree.gain.push(0);
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
    const ls = this.stats[l],
      rs = this.stats[r];
    ls.g = cand.left.g;
    ls.h = cand.left.h;
    ls.c = w - s;
    rs.g = cand.right.g;
    rs.h = cand.right.h;
    rs.c = e - w;
    this.start[r] = w;
    this.end[r] = e;
    this.node[r] = rightNode;
    this.depth[r] = d;
    this.end[l] = w;
    this.node[l] = leftNode;
    this.depth[l] = d;

    // Histograms: build the smaller child, derive the larger by subtraction when it is needed.
    const needL = this.canSplit(l),
      needR = this.canSplit(r);
    const parentHist = this.histOf[l];
    const smallIsLeft = ls.c <= rs.c;
    const small = smallIsLeft ? l : r,
      large = smallIsLeft ? r : l;
    const needSmall = smallIsLeft ? needL : needR,
      needLarge = smallIsLeft ? needR : needL;
    if (needLarge) {
      const buf = free.pop()!;
      this.buildHistogram(buf, small);
      this.builder.subtract(this.histAddress[parentHist], this.histAddress[buf], this.numK);
      this.histOf[large] = parentHist;
      if (needSmall) this.histOf[small] = buf;
      else {
        free.push(buf);
        this.histOf[small] = -1;
      }
    } else if (needSmall) {
      // The parent's buffer is no longer needed: build the smaller child straight into it.
      this.buildHistogram(parentHist, small);
      this.histOf[small] = parentHist;
      this.histOf[large] = -1;
    } else {
      free.push(parentHist);
      this.histOf[l] = this.histOf[r] = -1;
    }

    for (const leaf of [l, r]) {
      const c = this.candidates[leaf];
      if (this.histOf[leaf] >= 0 && this.canSplit(leaf))
        findBestSplit(this.hists[this.histOf[leaf]], this.layout, features, this.stats[leaf], this.params, c);
      else c.gain = -Infinity;
    }
  }
}

/** One set of leaf-ordered row arrays: byte addresses in the arena, and the index array's view. */
interface RowSet {
  rowIdx: Int32Array;
  idxAt: number;
  binsAt: number;
  gradHessAt: number;
}

/** Everything the kernels read or write, in one WebAssembly memory shared with the histogram worker threads. */
function createTrainingArena(numRows: number, rowStride: number, numFeatures: number, histFloats: number) {
  return createWasmArena({
    /** Row-major bins of the training set, rowStride bytes per row. */
    trainingBins: [Uint8Array, numRows * rowStride],
    /**
     * Two sets of the rows a tree is grown on, in leaf order: training row index, bins, (grad, hess). A split
     * reads its leaf's rows from one set and writes its children's to the same positions of the other.
     */
    rowIdx0: [Int32Array, numRows],
    bins0: [Uint8Array, numRows * rowStride],
    gradHess0: [Float64Array, 2 * numRows],
    rowIdx1: [Int32Array, numRows],
    bins1: [Uint8Array, numRows * rowStride],
    gradHess1: [Float64Array, 2 * numRows],
    /** Per bin, 1 when a row in it goes to the left child of the split being applied. */
    goesLeft: [Uint8Array, 256],
    features: [Int32Array, numFeatures],
    slotOffsets: [Int32Array, numFeatures],
    slotBytes: [Int32Array, numFeatures],
    hists: [Float64Array, histFloats],
  } as const);
}
