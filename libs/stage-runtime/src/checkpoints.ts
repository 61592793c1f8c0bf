/** Unit keys travel in event ids and subjects: letters, digits, `-` and `_`. */
export const UNIT_KEY_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Units of work a stage finished (an HPO trial, a walk-forward fold, a CV split), recorded in the run's history. */
export interface Checkpoints {
  /** How many units this or an earlier attempt recorded. */
  readonly count: number;
  /** The recorded result of `unit`, if any attempt recorded it. */
  recorded<T = unknown>(unit: string): T | undefined;
  /** Records a finished unit: it is in the run's history once, and no later attempt computes it again. */
  record(unit: string, result: unknown): Promise<void>;
  /** The recorded result of `unit`, or — if no attempt finished it yet — `compute()`'s, recorded. */
  unit<T>(unit: string, compute: () => Promise<T>): Promise<T>;
}

/** The checkpoints of one stage attempt: those recorded before it started, and those it records. */
export class StageCheckpoints implements Checkpoints {
  private readonly results: Map<string, unknown>;

  constructor(
    recorded: ReadonlyMap<string, unknown>,
    private readonly publish: (unit: string, result: unknown) => Promise<void>,
  ) {
    this.results = new Map(recorded);
  }

  get count(): number {
    return this.results.size;
  }

  recorded<T = unknown>(unit: string): T | undefined {
    return this.results.get(unit) as T | undefined;
  }

  async record(unit: string, result: unknown): Promise<void> {
    if (!UNIT_KEY_PATTERN.test(unit)) throw new Error(`unit key '${unit}' must match ${UNIT_KEY_PATTERN}`);
    // Results travel as JSON: what a later attempt is handed must be what this one saw.
    const plain = JSON.parse(JSON.stringify(result ?? null)) as unknown;
    await this.publish(unit, plain);
    this.results.set(unit, plain);
  }

  async unit<T>(unit: string, compute: () => Promise<T>): Promise<T> {
    if (this.results.has(unit)) return this.results.get(unit) as T;
    const result = await compute();
    await this.record(unit, result);
    return this.results.get(unit) as T;
  }
}

/** Where a stage attempt finds the units earlier attempts recorded for the same work (`scope`: its cache key). */
export interface CheckpointSource {
  recordedUnits(runId: string, stage: string, scope: string): Promise<ReadonlyMap<string, unknown>>;
}

/** No history to read (tests of a lone stage, tools): every attempt starts afresh. */
export const NO_CHECKPOINTS: CheckpointSource = { recordedUnits: async () => new Map() };
