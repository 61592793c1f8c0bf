/** Percentile by nearest rank on a copy of the samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

/** Runs `task(i)` for i in [0, count) with at most `window` in flight; returns the elapsed seconds. */
export async function pipelined(count: number, window: number, task: (i: number) => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  let next = 0;
  const workers = Array.from({ length: Math.min(window, count) }, async () => {
    while (next < count) {
      const i = next++;
      await task(i);
    }
  });
  await Promise.all(workers);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Best (minimum) wall time of `rounds` runs of a synchronous task, with every run's time. */
export function bestOf<T>(rounds: number, task: () => T): { ms: number; runsMs: number[]; result: T } {
  const runsMs: number[] = [];
  let result!: T;
  for (let r = 0; r < rounds; r++) {
    const started = process.hrtime.bigint();
    result = task();
    runsMs.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return { ms: Math.min(...runsMs), runsMs, result };
}

/** The fastest of `rounds` runs of an async task, in ms, with every run's time and the last result. */
export async function bestOfAsync<T>(rounds: number, task: () => Promise<T>): Promise<{ ms: number; runsMs: number[]; result: T }> {
  const runsMs: number[] = [];
  let result!: T;
  for (let r = 0; r < rounds; r++) {
    const started = process.hrtime.bigint();
    result = await task();
    runsMs.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return { ms: Math.min(...runsMs), runsMs, result };
}
