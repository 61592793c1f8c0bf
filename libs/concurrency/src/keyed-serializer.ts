/**
 * Runs tasks one at a time per key and concurrently across keys. The event store uses it so
 * that appends to one stream from this process queue up instead of racing (each needs the
 * previous one's sequence), while appends to different streams stay pipelined.
 */
export class KeyedSerializer {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key);
    const result = previous ? previous.then(() => task()) : task();
    // The tail never rejects: a failed task does not block the next one (it only sees its own result).
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Number of keys with work queued or running (for tests and diagnostics). */
  get activeKeys(): number {
    return this.tails.size;
  }
}
