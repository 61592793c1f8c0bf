import { StageContext } from '@ares/stage-runtime';

/**
 * What a process derives once from a run's upstream outputs and reuses across the units of work it runs for that
 * run (trials, CPCV splits): keyed by the run, the content addresses of the named upstream stages' artifacts and
 * a `variant` (e.g. a fold count), so another run or other data never sees it. Holds the newest `capacity` entries;
 * a failed load is forgotten, so the next unit tries again.
 */
export class RunInputsCache<T> {
  private readonly loaded = new Map<string, Promise<T>>();

  constructor(
    private readonly stages: readonly string[],
    private readonly capacity = 2,
  ) {}

  get(context: Pick<StageContext, 'runId' | 'inputs'>, variant: unknown, load: () => Promise<T>): Promise<T> {
    const key = JSON.stringify([
      context.runId,
      variant,
      context.inputs.filter((input) => this.stages.includes(input.stage)).map((input) => [input.stage, input.output.artifacts]),
    ]);
    let value = this.loaded.get(key);
    if (!value) {
      value = load();
      value.catch(() => this.loaded.delete(key));
      this.loaded.set(key, value);
      while (this.loaded.size > this.capacity) this.loaded.delete(this.loaded.keys().next().value!);
    }
    return value;
  }
}
