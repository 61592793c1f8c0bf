import { Worker } from 'node:worker_threads';
import { buildHistogramRowWise } from './histogram';

/**
 * Histogram building split by feature over worker threads (optional; numThreads = 1 uses none).
 *
 * All inputs live in SharedArrayBuffers. Each thread owns a fixed, contiguous share of the
 * sampled features and sums its bins in row order, so the histogram is bit-identical at every
 * thread count. Training is synchronous: the main thread builds its own share, then blocks
 * on Atomics.wait until the workers are done (a few µs per job; small jobs stay single-threaded).
 */

// Control block slots.
const GEN = 0, HIST = 1, DONE = 2, START = 3, END = 4, NUM_K = 5, CHUNKS = 8;
const STOP = -1;
/** Below this many bin updates a job is not worth waking the workers. */
const MIN_PARALLEL_WORK = 100_000;

export interface SharedTrainingBuffers {
  rowBins: Uint8Array;
  grad: Float64Array;
  hess: Float64Array;
  rowIdx: Int32Array;
  features: Int32Array;
  slotBase: Int32Array;
  numBins: Int32Array;
  /** All leaf histograms back to back, `histSize` floats each. */
  hists: Float64Array;
  histSize: number;
  numFeatures: number;
}

/** Allocates a typed array on a SharedArrayBuffer when threads are used, a plain one otherwise. */
export function sharedArray<T extends Float64Array | Int32Array | Uint8Array>(ctor: { new (b: ArrayBufferLike): T; BYTES_PER_ELEMENT: number }, length: number, shared: boolean): T {
  const bytes = length * ctor.BYTES_PER_ELEMENT;
  return new ctor(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
}

// Wrapped in a function: top-level script bindings are context slots, far slower in hot loops.
const WORKER_SOURCE = `
function run() {
const { workerData } = require('node:worker_threads');
const d = workerData;
const ctrl = new Int32Array(d.ctrl);
const rowBins = d.rowBins, grad = d.grad, hess = d.hess, rowIdx = d.rowIdx;
const features = d.features, slotBase = d.slotBase, numBins = d.numBins, all = d.hists;
const F = d.numFeatures, me = d.me;
let gen = 0;
for (;;) {
  Atomics.wait(ctrl, ${GEN}, gen);
  gen = Atomics.load(ctrl, ${GEN});
  const h = ctrl[${HIST}];
  if (h === ${STOP}) break;
  const start = ctrl[${START}], end = ctrl[${END}];
  const kStart = ctrl[${CHUNKS} + 2 * me], kEnd = ctrl[${CHUNKS} + 2 * me + 1];
  const hist = all.subarray(h * d.histSize, (h + 1) * d.histSize);
  for (let k = kStart; k < kEnd; k++) hist.fill(0, slotBase[k], slotBase[k] + numBins[features[k]] * 3);
  for (let i = start; i < end; i++) {
    const r = rowIdx[i];
    const g = grad[r], hs = hess[r];
    const rb = r * F;
    for (let k = kStart; k < kEnd; k++) {
      const slot = slotBase[k] + rowBins[rb + features[k]] * 3;
      hist[slot] += g;
      hist[slot + 1] += hs;
      hist[slot + 2] += 1;
    }
  }
  Atomics.add(ctrl, ${DONE}, 1);
  Atomics.notify(ctrl, ${DONE});
}
}
run();
`;

export class ParallelHistogramBuilder {
  private readonly ctrl: Int32Array;
  private readonly workers: Worker[] = [];

  constructor(private readonly buf: SharedTrainingBuffers, private readonly numThreads: number) {
    this.ctrl = new Int32Array(new SharedArrayBuffer((CHUNKS + 2 * numThreads) * 4));
    for (let me = 0; me < numThreads - 1; me++) {
      const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { ...buf, ctrl: this.ctrl.buffer, me } });
      w.unref();
      this.workers.push(w);
    }
  }

  /** Builds histogram `histIndex` from rowIdx[start..end) over features[0..numK). */
  build(histIndex: number, numK: number, start: number, end: number): void {
    const b = this.buf;
    const hist = b.hists.subarray(histIndex * b.histSize, (histIndex + 1) * b.histSize);
    const T = this.workers.length + 1;
    if (T === 1 || (end - start) * numK < MIN_PARALLEL_WORK || numK < T) {
      buildHistogramRowWise(hist, b.rowBins, b.numFeatures, b.features, b.slotBase, b.numBins, 0, numK, b.rowIdx, start, end, b.grad, b.hess);
      return;
    }
    const c = this.ctrl;
    for (let t = 0; t < T; t++) {
      c[CHUNKS + 2 * t] = Math.floor((t * numK) / T);
      c[CHUNKS + 2 * t + 1] = Math.floor(((t + 1) * numK) / T);
    }
    c[HIST] = histIndex;
    c[START] = start;
    c[END] = end;
    c[NUM_K] = numK;
    Atomics.store(c, DONE, 0);
    Atomics.add(c, GEN, 1);
    Atomics.notify(c, GEN);
    const me = T - 1; // the main thread takes the last share
    buildHistogramRowWise(hist, b.rowBins, b.numFeatures, b.features, b.slotBase, b.numBins, c[CHUNKS + 2 * me], c[CHUNKS + 2 * me + 1], b.rowIdx, start, end, b.grad, b.hess);
    for (let done = Atomics.load(c, DONE); done < T - 1; done = Atomics.load(c, DONE)) Atomics.wait(c, DONE, done);
  }

  /** Stops the workers; call when training ends (also on error). */
  close(): void {
    if (!this.workers.length) return;
    Atomics.store(this.ctrl, HIST, STOP);
    Atomics.add(this.ctrl, GEN, 1);
    Atomics.notify(this.ctrl, GEN);
    for (const w of this.workers) void w.terminate();
    this.workers.length = 0;
  }
}
