import { mapConcurrently } from './map-concurrently';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('mapConcurrently', () => {
  it('keeps the order of its items and never has more than `limit` calls in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const results = await mapConcurrently([5, 1, 4, 2, 3, 0, 6], 3, async (item) => {
      most = Math.max(most, ++inFlight);
      for (let i = 0; i < item; i++) await tick(); // later items finish first
      inFlight--;
      return item * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30, 0, 60]);
    expect(most).toBe(3);
  });

  it('rejects with the first failure and starts nothing after it', async () => {
    const started: number[] = [];
    const run = mapConcurrently([0, 1, 2, 3, 4, 5], 2, async (item) => {
      started.push(item);
      await tick();
      if (item === 1) throw new Error('item 1 failed');
      return item;
    });
    await expect(run).rejects.toThrow('item 1 failed');
    expect(started).toEqual([0, 1, 2]);
  });

  it('an empty list maps to an empty list; a limit below 1 is refused', async () => {
    await expect(mapConcurrently([], 4, async () => 1)).resolves.toEqual([]);
    await expect(mapConcurrently([1], 0, async () => 1)).rejects.toThrow('limit must be an integer >= 1 (got 0)');
  });
});
