import type { Logger } from 'pino';
import { RunSpec, StageInput, StageName, StageOutput } from '@ares/contracts';
import { ArtifactStore } from '@ares/artifacts';

/** Everything a stage may use: its command's facts, upstream outputs, the artifact store, a way to report progress. */
export interface StageContext {
  readonly runId: string;
  readonly stage: StageName;
  readonly attempt: number;
  readonly spec: RunSpec;
  /** The RunSpec's `stages[<name>].params`, not yet validated: each stage checks its own. */
  readonly params: Record<string, unknown>;
  readonly inputs: readonly StageInput[];
  readonly artifacts: ArtifactStore;
  readonly signal: AbortSignal;
  readonly logger: Logger;
  /** The output of an upstream stage; a clear StageFailure when it is not there. */
  input(stage: StageName): StageOutput;
  progress(fraction: number, message?: string): Promise<void>;
}

/**
 * One stage of the pipeline. The runtime calls validateInput → execute → validateOutput and takes care
 * of caching, events and acknowledgement; a stage only computes.
 */
export interface Stage {
  readonly name: StageName;
  /** Bump when the stage's output for the same inputs changes: it is part of the cache key. */
  readonly version: string;
  validateInput(context: StageContext): void | Promise<void>;
  execute(context: StageContext): Promise<StageOutput>;
  validateOutput(output: StageOutput, context: StageContext): void | Promise<void>;
  /** Identity of inputs that are not artifacts (e.g. source files); part of the cache key. */
  fingerprint?(context: StageContext): Promise<string>;
  /**
   * The part of the RunSpec the output depends on, for the cache key. Default: the whole RunSpec, every
   * stage's params included — always correct; a narrower scope lets runs that differ elsewhere share outputs.
   */
  cacheScope?(spec: RunSpec): unknown;
}

/** A stage attempt that cannot succeed as asked: the run hears the message; redelivery would not help. */
export class StageFailure extends Error {
  constructor(
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'StageFailure';
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
