import { UNIT_KEY_PATTERN } from '@ares/contracts';

/** A unit of work to hand out: its stable key and what it computes. */
export interface UnitOfWork {
  unit: string;
  payload: unknown;
}

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
  /**
   * Hands the units no attempt recorded yet to every replica of the stage's service (the stage's `executeUnit` runs
   * them), and resolves once every unit is recorded, with all their results by key.
   */
  fanOut(units: readonly UnitOfWork[]): Promise<ReadonlyMap<string, unknown>>;
}

/** How a stage attempt hands units out and learns which are recorded (adapters: a JetStream work queue, history). */
export interface UnitDistribution {
  handOut(unit: UnitOfWork): Promise<void>;
  /** Every unit of this work recorded so far, by any replica. */
  recordedUnits(): Promise<ReadonlyMap<string, unknown>>;
  /** How long to wait between looks at what is recorded. */
  pollMs: number;
  signal: AbortSignal;
}

/** The checkpoints of one stage attempt: those recorded before it started, and those it records. */
export class StageCheckpoints implements Checkpoints {
  private readonly results: Map<string, unknown>;

  constructor(
    recorded: ReadonlyMap<string, unknown>,
    private readonly publish: (unit: string, result: unknown) => Promise<void>,
    private readonly distribution?: UnitDistribution,
    /** Without a distribution: computes a unit in this process (a runner with no work queue, e.g. in-process tools). */
    private readonly runLocally?: (unit: UnitOfWork) => Promise<unknown>,
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

  async fanOut(units: readonly UnitOfWork[]): Promise<ReadonlyMap<string, unknown>> {
    const distribution = this.distribution;
    for (const { unit } of units) if (!UNIT_KEY_PATTERN.test(unit)) throw new Error(`unit key '${unit}' must match ${UNIT_KEY_PATTERN}`);
    if (!distribution) {
      if (!this.runLocally) throw new Error('this stage runner cannot hand units out: it has no unit distribution');
      for (const unit of units) if (!this.results.has(unit.unit)) await this.record(unit.unit, await this.runLocally(unit));
      return new Map(units.map(({ unit }) => [unit, this.results.get(unit)]));
    }
    for (const unit of units) if (!this.results.has(unit.unit)) await distribution.handOut(unit);
    const missing = () => units.filter(({ unit }) => !this.results.has(unit));
    while (missing().length > 0) {
      distribution.signal.throwIfAborted();
      await new Promise((resolve) => setTimeout(resolve, distribution.pollMs));
      for (const [unit, result] of await distribution.recordedUnits()) this.results.set(unit, result);
    }
    return new Map(units.map(({ unit }) => [unit, this.results.get(unit)]));
  }
}

/** Where a stage attempt finds the units earlier attempts recorded for the same work (`scope`: its cache key). */
export interface CheckpointSource {
  recordedUnits(runId: string, stage: string, scope: string): Promise<ReadonlyMap<string, unknown>>;
}

/** No history to read (tests of a lone stage, tools): every attempt starts afresh. */
export const NO_CHECKPOINTS: CheckpointSource = { recordedUnits: async () => new Map() };
