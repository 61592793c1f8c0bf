import { Worker } from 'node:worker_threads';
import { HistogramKernels, histogramKernelModule, instantiateHistogramKernels } from '../kernels/histogram-kernel';

/**
 * Histogram building, optionally split by feature over worker threads (numThreads = 1 uses none).
 *
 * Every thread runs the same WebAssembly kernel (kernels/histogram-kernel.wat) on one shared memory. Each owns a fixed,
 * contiguous share of the sampled features and sums its bins in row order, so the histogram is bit-identical at
 * every thread count. Training is synchronous: the main thread builds its own share, then blocks on Atomics.wait
 * until the workers are done (small jobs stay single-threaded: waking a worker costs more than they take).
 */

/** Byte addresses of the kernel's inputs in `memory`; fixed for a learner's lifetime (see kernels/wasm-arena.ts). */
export interface HistogramInputs {
  memory: WebAssembly.Memory;
  /** Bytes per row of bins. */
  rowStride: number;
  /** Int32: the sampled features of the current tree, ascending. */
  features: number;
  /** Int32 per sampled feature: byte offset of its bins in a histogram, and their byte length. */
  slotOffsets: number;
  slotBytes: number;
}

// Control block slots.
const GEN = 0,
  HIST = 1,
  DONE = 2,
  START = 3,
  END = 4,
  ALL = 5,
  STOP = 6,
  BINS = 7,
  GRAD_HESS = 8,
  CHUNKS = 10;
/** Below this many bin updates (~0.3 ms of kernel time) a job is not worth waking the workers. */
const MIN_PARALLEL_WORK = 300_000;

// Wrapped in a function: top-level script bindings are context slots, slower to reach.
const WORKER_SOURCE = `
function run() {
  const { workerData: d } = require('node:worker_threads');
  const ctrl = new Int32Array(d.ctrl);
  const build = new WebAssembly.Instance(d.module, { env: { memory: d.memory } }).exports.buildHistogram;
  const kStartSlot = ${CHUNKS} + 2 * d.me;
  for (let gen = 0; ; ) {
    Atomics.wait(ctrl, ${GEN}, gen);
    gen = Atomics.load(ctrl, ${GEN});
    if (ctrl[${STOP}]) break;
    build(ctrl[${HIST}], ctrl[${BINS}], d.rowStride, ctrl[${GRAD_HESS}], d.features, d.slotOffsets, d.slotBytes, ctrl[kStartSlot], ctrl[kStartSlot + 1],
      ctrl[${START}], ctrl[${END}], ctrl[${ALL}]);
    Atomics.add(ctrl, ${DONE}, 1);
    Atomics.notify(ctrl, ${DONE});
  }
}
run();
`;

export class ParallelHistogramBuilder {
  private readonly ctrl: Int32Array;
  private readonly workers: Worker[] = [];
  private readonly kernels: HistogramKernels;

  /** minParallelWork: bin updates below which a job stays on the calling thread (tests lower it to force threads). */
  constructor(
    private readonly inputs: HistogramInputs,
    numThreads: number,
    private readonly minParallelWork = MIN_PARALLEL_WORK,
  ) {
    const module = histogramKernelModule();
    this.kernels = instantiateHistogramKernels(inputs.memory);
    this.ctrl = new Int32Array(new SharedArrayBuffer((CHUNKS + 2 * numThreads) * 4));
    for (let me = 0; me < numThreads - 1; me++) {
      const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { ...inputs, module, ctrl: this.ctrl.buffer, me } });
      w.unref();
      this.workers.push(w);
    }
  }

  /**
   * Builds the histogram at byte address `hist` from rows [start, end) of the leaf-ordered `bins` and `gradHess`
   * (byte addresses) over the first numK sampled features; allFeatures promises that they are all features, in order.
   */
  build(hist: number, bins: number, gradHess: number, numK: number, allFeatures: boolean, start: number, end: number): void {
    const x = this.inputs;
    const all = allFeatures ? 1 : 0;
    const T = this.workers.length + 1;
    if (T === 1 || (end - start) * numK < this.minParallelWork || numK < T) {
      this.kernels.buildHistogram(hist, bins, x.rowStride, gradHess, x.features, x.slotOffsets, x.slotBytes, 0, numK, start, end, all);
      return;
    }
    const c = this.ctrl;
    for (let t = 0; t < T; t++) {
      c[CHUNKS + 2 * t] = Math.floor((t * numK) / T);
      c[CHUNKS + 2 * t + 1] = Math.floor(((t + 1) * numK) / T);
    }
    c[HIST] = hist;
    c[BINS] = bins;
    c[GRAD_HESS] = gradHess;
    c[START] = start;
    c[END] = end;
    c[ALL] = all;
    Atomics.store(c, DONE, 0);
    Atomics.add(c, GEN, 1);
    Atomics.notify(c, GEN);
    const mine = CHUNKS + 2 * (T - 1); // the main thread takes the last share
    this.kernels.buildHistogram(hist, bins, x.rowStride, gradHess, x.features, x.slotOffsets, x.slotBytes, c[mine], c[mine + 1], start, end, all);
    for (let done = Atomics.load(c, DONE); done < T - 1; done = Atomics.load(c, DONE)) Atomics.wait(c, DONE, done);
  }

  /** The subtraction trick, on the calling thread: histogram `parent` := parent − child over the first numK sampled features. */
  subtract(parent: number, child: number, numK: number): void {
    this.kernels.subtractHistogram(parent, child, this.inputs.slotOffsets, this.inputs.slotBytes, numK);
  }

  /** Stops the workers; call when training ends (also on error). */
  close(): void {
    if (!this.workers.length) return;
    Atomics.store(this.ctrl, STOP, 1);
    Atomics.add(this.ctrl, GEN, 1);
    Atomics.notify(this.ctrl, GEN);
    for (const w of this.workers) void w.terminate();
    this.workers.length = 0;
  }
}
