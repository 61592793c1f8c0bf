import { paginateByTime } from './time-pagination';

/** A fake paged endpoint over sorted times: rows ≥ since, at most `limit`, optionally with a hole it answers empty for. */
function endpoint(times: number[], options: { emptyAt?: (since: number) => boolean; ignoreSince?: boolean } = {}) {
  const calls: number[] = [];
  const fetchPage = async (since: number, limit: number) => {
    calls.push(since);
    if (options.emptyAt?.(since)) return [];
    const from = options.ignoreSince ? 0 : times.findIndex((t) => t >= since);
    return from < 0 ? [] : times.slice(from, from + limit);
  };
  return { fetchPage, calls };
}

const range = (from: number, to: number, step = 1) => Array.from({ length: Math.ceil((to - from) / step) }, (_, i) => from + i * step);

describe('paginateByTime', () => {
  it('walks the whole range, page after page, and keeps to [fromMs, toMs)', async () => {
    const { fetchPage, calls } = endpoint(range(0, 100));
    const rows = await paginateByTime({ fromMs: 10, toMs: 45, limit: 10, emptyStepMs: 10, timeOf: (t: number) => t, fetchPage });
    expect(rows).toEqual(range(10, 45));
    expect(calls).toEqual([10, 20, 30, 40]);
  });

  it('does not stop at an empty page inside the range: jumps limit × step ahead', async () => {
    const { fetchPage, calls } = endpoint(range(0, 100), { emptyAt: (since) => since >= 20 && since < 40 });
    const rows = await paginateByTime({ fromMs: 0, toMs: 60, limit: 10, emptyStepMs: 10, timeOf: (t: number) => t, fetchPage });
    expect(rows).toEqual([...range(0, 20), ...range(40, 60)]);
    expect(calls).toEqual([0, 10, 20, 30, 40, 50]);
  });

  it('keeps a gap shorter than a page as a gap', async () => {
    const times = range(0, 100).filter((t) => t < 13 || t > 16);
    const { fetchPage } = endpoint(times);
    expect(await paginateByTime({ fromMs: 0, toMs: 30, limit: 10, emptyStepMs: 10, timeOf: (t: number) => t, fetchPage })).toEqual(
      times.filter((t) => t < 30),
    );
  });

  it('terminates and de-duplicates when the exchange ignores `since`', async () => {
    const { fetchPage, calls } = endpoint(range(0, 5), { ignoreSince: true });
    const rows = await paginateByTime({ fromMs: 0, toMs: 50, limit: 10, emptyStepMs: 10, timeOf: (t: number) => t, fetchPage });
    expect(rows).toEqual(range(0, 5));
    expect(calls).toEqual([0, 5, 15, 25, 35, 45]);
  });

  it('reports progress up to 1 and honours an aborted signal', async () => {
    const fractions: number[] = [];
    const { fetchPage } = endpoint(range(0, 100));
    await paginateByTime({ fromMs: 0, toMs: 30, limit: 10, emptyStepMs: 10, timeOf: (t: number) => t, fetchPage, onPage: (f) => fractions.push(f) });
    expect(fractions).toEqual([10 / 30, 20 / 30, 1]);
    const controller = new AbortController();
    controller.abort();
    await expect(
      paginateByTime({ fromMs: 0, toMs: 30, limit: 10, emptyStepMs: 10, timeOf: (t: number) => t, fetchPage, signal: controller.signal }),
    ).rejects.toThrow(/abort/i);
  });
});
