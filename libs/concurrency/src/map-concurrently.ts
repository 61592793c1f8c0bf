/**
 * `fn` over `items` with at most `limit` calls in flight; results in the items' order. The first failure rejects the
 * whole (calls already started finish, none start after it). Written here rather than taking p-limit: its maintained
 * majors are ESM-only, and this project builds CommonJS.
 */
export async function mapConcurrently<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`limit must be an integer >= 1 (got ${limit})`);
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index], index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
