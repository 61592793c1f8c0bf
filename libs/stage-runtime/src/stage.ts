import type { Logger } from 'pino';
import { RunSpec, StageInput, StageName, StageOutput, StageParams } from '@ares/contracts';
import type { Checkpoints } from './checkpoints';
import { ArtifactStore } from '@ares/artifacts';

/**
 * What a stage attempt knows before its work is identified (its cache key): the command's facts, upstream outputs,
 * the artifact store, a way to report progress. A stage's `fingerprint` sees only this.
 */
export interface StageFacts<S extends StageName = StageName> {
  readonly runId: string;
  readonly stage: S;
  readonly attempt: number;
  readonly spec: RunSpec;
  /** The RunSpec's `stages[<name>].params`, validated at StartRun, defaults applied. */
  readonly params: StageParams<S>;
  readonly inputs: readonly StageInput[];
  readonly artifacts: ArtifactStore;
  readonly signal: AbortSignal;
  readonly logger: Logger;
  /** The output of an upstream stage; a clear StageFailure when it is not there. */
  input(stage: StageName): StageOutput;
  /**
   * Tells people how far the stage is. `unit` names the unit of work the progress is about (e.g. `fold-3`): a
   * redelivered attempt reporting the same unit is recognised as the same fact, not dropped as a duplicate.
   */
  progress(fraction: number, message?: string, unit?: string): Promise<void>;
}

/** Everything a stage may use while it computes: its facts, and the units of work recorded for this work. */
export interface StageContext<S extends StageName = StageName> extends StageFacts<S> {
  /** Units of work recorded by this or any earlier attempt of the stage, and the way to record new ones. */
  readonly checkpoints: Checkpoints;
}

/**
 * One stage of the pipeline. The runtime calls validateInput → execute → validateOutput and takes care
 * of caching, events and acknowledgement; a stage only computes.
 */
export interface Stage<S extends StageName = StageName> {
  readonly name: S;
  /** Bump when the stage's output for the same inputs changes: it is part of the cache key. */
  readonly version: string;
  validateInput(context: StageContext<S>): void | Promise<void>;
  execute(context: StageContext<S>): Promise<StageOutput>;
  validateOutput(output: StageOutput, context: StageContext<S>): void | Promise<void>;
  /** Identity of inputs that are not artifacts (e.g. source files); part of the cache key. */
  fingerprint?(context: StageFacts<S>): Promise<string>;
  /**
   * Computes one unit the stage handed out with `context.checkpoints.fanOut` (on whichever replica of the service
   * picks it up). Pure in (the stage's work, unit, payload): its result is recorded once, as a checkpoint.
   */
  executeUnit?(context: StageContext<S>, unit: string, payload: unknown): Promise<unknown>;
  /**
   * The part of the RunSpec the output depends on, for the cache key. Default: the whole RunSpec, every
   * stage's params included — always correct; a narrower scope lets runs that differ elsewhere share outputs.
   */
  cacheScope?(spec: RunSpec): unknown;
}

/**
 * A stage attempt that failed, saying whether another attempt could mend it. Permanent (the default: bad input,
 * a failed gate, a range the data cannot support) fails the run at once; transient (I/O, network, a busy
 * dependency) is retried within the stage's budget, with backoff.
 */
export class StageFailure extends Error {
  readonly permanent: boolean;
  readonly details?: Record<string, unknown>;

  constructor(message: string, options: { permanent?: boolean; details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StageFailure';
    this.permanent = options.permanent ?? true;
    this.details = options.details;
  }

  /** A failure that a later attempt may not meet (a network error, a timeout, a store that was busy). */
  static transient(message: string, cause?: unknown): StageFailure {
    return new StageFailure(message, { permanent: false, cause });
  }
}

/** Runs a computation whose errors mean "this input cannot work", reporting them as a StageFailure. */
export function failingAsStage<T>(step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof StageFailure) throw error;
    throw new StageFailure(error instanceof Error ? error.message : String(error));
  }
}
