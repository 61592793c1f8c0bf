import type { Logger } from 'pino';
import {
  ExecuteStageCommand,
  ExecuteUnitCommand,
  stageCommandId,
  StageEventKind,
  StageEventMessage,
  StageName,
  StageOutput,
  stageParamsOf,
  toPlain,
} from '@ares/contracts';
import { ArtifactStore } from '@ares/artifacts';
import { CheckpointSource, NO_CHECKPOINTS, StageCheckpoints, UnitOfWork } from './checkpoints';
import { RunningAttempts } from './running-attempts';
import { Stage, StageContext, StageFacts, StageFailure } from './stage';
import { stageArtifactStore } from './stage-artifact-store';
import { StageCache } from './stage-cache';
import { stageCacheKey } from './stage-cache-key';

export interface StageRunnerDeps {
  stages: readonly Stage[];
  cache: StageCache;
  artifacts: ArtifactStore;
  /** Publishes a stage event for the saga (idempotent by `eventId`). */
  publishEvent(message: StageEventMessage): Promise<void>;
  /** Where an attempt finds the units of work earlier attempts recorded (default: none). */
  checkpoints?: CheckpointSource;
  /** Hands units of work to the service's replicas (a work queue); without it, `fanOut` is refused. */
  unitQueue?: UnitQueue;
  /** How often a stage waiting on handed-out units looks at what is recorded (default 250 ms). */
  unitPollMs?: number;
  /** Which replica this is, for people watching runs. */
  instance: string;
  logger: Logger;
  now?: () => Date;
  /** Told when attempts and units start and end here (metrics); never told about a run's data. */
  observer?: StageRunnerObserver;
}

/**
 * How an attempt ended in this process: completed (computed), cached (served from the stage cache), failed (a stage
 * failure, reported to the run), cancelled (its run or attempt was stopped), error (the runtime's own I/O failed: the
 * transport redelivers the command).
 */
export type StageAttemptOutcome = 'completed' | 'cached' | 'failed' | 'cancelled' | 'error';

/**
 * How a handed-out unit ended here: completed (computed and recorded), skipped (already recorded), failed (permanent:
 * its stage attempt fails), cancelled (its run was stopped), retried (given back to the queue for redelivery).
 */
export type UnitOutcome = 'completed' | 'skipped' | 'failed' | 'cancelled' | 'retried';

/** Optional hooks for whoever watches a runner (e.g. Prometheus metrics); called synchronously (what they throw is logged). */
export interface StageRunnerObserver {
  attemptStarted?(stage: StageName): void;
  /** Always follows attemptStarted for the same attempt. */
  attemptEnded?(stage: StageName, outcome: StageAttemptOutcome, seconds: number): void;
  unitEnded?(stage: StageName, outcome: UnitOutcome, seconds: number): void;
}

/** Where handed-out units go: the service's units work queue, shared by its replicas. */
export interface UnitQueue {
  enqueue(command: ExecuteUnitCommand): Promise<void>;
}

/**
 * Runs stage commands: validateInput → execute → validateOutput, with outputs cached by content hash and units of
 * work checkpointed in the run's history. A stage's own errors become a `failed` stage event that says whether a
 * retry could help (the saga decides); errors in the runtime's own I/O propagate, so the transport redelivers.
 */
export class StageRunner {
  private readonly stages = new Map<StageName, Stage>();
  private readonly running = new RunningAttempts();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly now: () => Date;

  constructor(private readonly deps: StageRunnerDeps) {
    for (const stage of deps.stages) this.stages.set(stage.name, stage);
    this.now = deps.now ?? (() => new Date());
  }

  get stageNames(): StageName[] {
    return [...this.stages.keys()];
  }

  /**
   * Aborts the run's running stages (or only the given attempt); they report `failed` with the reason. A run's
   * stop is remembered, so an attempt whose command arrives just after it does not start.
   */
  cancelRun(runId: string, reason = 'run cancelled', only?: { stage: StageName; attempt: number }, at?: string): number {
    return this.running.cancel(runId, new StageFailure(reason), only, at);
  }

  /**
   * Runs a stage command. A copy of an attempt already running in this process (JetStream redelivers when a long,
   * CPU-bound step kept the in-progress acks from going out) waits for that run instead of computing it again.
   */
  async run(command: ExecuteStageCommand): Promise<void> {
    const key = stageCommandId(command.runId, command.stage, command.attempt);
    const running = this.inFlight.get(key);
    if (running) {
      this.deps.logger.info({ runId: command.runId, stage: command.stage, attempt: command.attempt }, 'attempt already running here: waiting for it');
      return running;
    }
    const run = this.runOnce(command).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, run);
    return run;
  }

  private async runOnce(command: ExecuteStageCommand): Promise<void> {
    const stage = this.stages.get(command.stage);
    if (!stage) throw new StageFailure(`this service does not run stage '${command.stage}'`);
    const log = this.deps.logger.child({ runId: command.runId, stage: command.stage, attempt: command.attempt });
    // Registered before `started` is published: a cancel that follows the started event finds the attempt.
    const attempt = this.running.begin(command.runId, command.stage, command.attempt, command.dispatchedAt);
    const started = performance.now();
    let ended: StageAttemptOutcome = 'error';
    this.observe((observer) => observer.attemptStarted?.(command.stage));
    try {
      await this.emit(command, 'started', {});
      attempt.signal.throwIfAborted();
      const outcome = await this.compute(stage, command, attempt.signal, log);
      await this.emit(command, 'completed', { output: toPlain(outcome.output), cached: outcome.cached });
      ended = outcome.cached ? 'cached' : 'completed';
      log.info({ cached: outcome.cached, metrics: outcome.output.metrics }, 'stage completed');
    } catch (error) {
      if (!(error instanceof StageFailure)) throw error;
      log.warn({ reason: error.message, permanent: error.permanent }, 'stage failed');
      await this.emit(command, 'failed', { error: error.message, permanent: error.permanent });
      ended = attempt.signal.aborted ? 'cancelled' : 'failed';
    } finally {
      attempt.end();
      this.observe((observer) => observer.attemptEnded?.(command.stage, ended, secondsSince(started)));
    }
  }

  /** Cached output if this exact work was done before; otherwise the stage's three steps, from its checkpoints. */
  private async compute(
    stage: Stage,
    command: ExecuteStageCommand,
    signal: AbortSignal,
    log: Logger,
  ): Promise<{ output: StageOutput; cached: boolean }> {
    const params = stageParamsOf(command.spec, command.stage);
    const facts = this.facts(command, params, signal, log);
    const fingerprint = await this.asStageStep(() => stage.fingerprint?.(facts) ?? Promise.resolve(''));
    const key = stageCacheKey(command, stage.version, params, fingerprint, stage.cacheScope ? stage.cacheScope(command.spec) : command.spec);
    const cached = await this.deps.cache.get(key);
    if (cached && (await this.allArtifactsExist(cached))) {
      log.info({ key }, 'stage output found in cache');
      return { output: cached, cached: true };
    }
    const recorded = await this.recordedUnits(command, key);
    if (recorded.size > 0) log.info({ units: recorded.size }, 'resuming from recorded units of work');
    const context: StageContext = {
      ...facts,
      // Without a work queue, units run here, one after another, through the stage's own executeUnit.
      checkpoints: this.checkpoints(command, key, recorded, signal, (unit) => {
        if (!stage.executeUnit) throw new Error(`stage '${command.stage}' hands out units but has no executeUnit`);
        return stage.executeUnit(context, unit.unit, unit.payload);
      }),
    };
    const output = await this.asStageStep(async () => {
      await stage.validateInput(context);
      const produced = await stage.execute(context);
      signal.throwIfAborted();
      await stage.validateOutput(produced, context);
      return produced;
    });
    await this.deps.cache.put(key, output);
    return { output, cached: false };
  }

  /**
   * Runs one handed-out unit of a stage's work, unless some replica already recorded it (a unit handed out again),
   * and records its result. A unit whose run was stopped does not start; a unit that fails fails its stage attempt.
   */
  async runUnit(unitCommand: ExecuteUnitCommand): Promise<void> {
    const { command, unit, scope, payload } = unitCommand;
    const stage = this.stages.get(command.stage);
    if (!stage?.executeUnit) throw new StageFailure(`this service does not run units of stage '${command.stage}'`);
    const log = this.deps.logger.child({ runId: command.runId, stage: command.stage, attempt: command.attempt, unit });
    const started = performance.now();
    const recorded = await this.recordedUnits(command, scope);
    if (recorded.has(unit)) {
      log.info('unit already recorded: not computed again');
      this.observe((observer) => observer.unitEnded?.(command.stage, 'skipped', secondsSince(started)));
      return;
    }
    const attempt = this.running.begin(command.runId, command.stage, command.attempt, command.dispatchedAt);
    let ended: UnitOutcome = 'retried';
    try {
      attempt.signal.throwIfAborted();
      const facts = this.facts(command, stageParamsOf(command.spec, command.stage), attempt.signal, log);
      const context: StageContext = { ...facts, checkpoints: this.checkpoints(command, scope, recorded, attempt.signal) };
      const result = await this.asStageStep(() => stage.executeUnit!(context, unit, payload));
      attempt.signal.throwIfAborted();
      await context.checkpoints.record(unit, result);
      ended = 'completed';
      log.info('unit computed');
    } catch (error) {
      if (!(error instanceof StageFailure)) throw error;
      if (attempt.signal.aborted) {
        // The run ended: its units are moot. Only this replica's attempt stopped (its coordinator here died or was
        // stopped): the unit goes back to the queue, for whichever coordinator carries the attempt on.
        if (this.running.runStopped(command.runId, command.dispatchedAt)) {
          ended = 'cancelled';
          return;
        }
        throw new Error(`unit ${unit} stopped before it was recorded: ${error.message}`, { cause: error });
      }
      // Transient: let the queue redeliver it (bounded, then dead-lettered); permanent: the stage attempt fails.
      if (!error.permanent) throw error;
      log.warn({ reason: error.message }, 'unit failed');
      await this.emit(command, 'failed', { error: `unit ${unit}: ${error.message}`, permanent: true });
      ended = 'failed';
    } finally {
      attempt.end();
      this.observe((observer) => observer.unitEnded?.(command.stage, ended, secondsSince(started)));
    }
  }

  private recordedUnits(command: ExecuteStageCommand, scope: string): Promise<ReadonlyMap<string, unknown>> {
    return (this.deps.checkpoints ?? NO_CHECKPOINTS).recordedUnits(command.runId, command.stage, scope);
  }

  private checkpoints(
    command: ExecuteStageCommand,
    scope: string,
    recorded: ReadonlyMap<string, unknown>,
    signal: AbortSignal,
    runLocally?: (unit: UnitOfWork) => Promise<unknown>,
  ): StageCheckpoints {
    const queue = this.deps.unitQueue;
    const distribution = queue && {
      handOut: ({ unit, payload }: UnitOfWork) => queue.enqueue({ schemaVersion: 1, unit, scope, payload, command }),
      recordedUnits: () => this.recordedUnits(command, scope),
      pollMs: this.deps.unitPollMs ?? 100,
      signal,
    };
    return new StageCheckpoints(
      recorded,
      (unit, result) => this.emitForStage(command, 'checkpoint', { unit, result, scope }, unit),
      distribution,
      distribution ? undefined : runLocally,
    );
  }

  private facts(command: ExecuteStageCommand, params: StageFacts['params'], signal: AbortSignal, logger: Logger): StageFacts {
    return {
      runId: command.runId,
      stage: command.stage,
      attempt: command.attempt,
      spec: command.spec,
      inputs: command.inputs,
      params,
      artifacts: stageArtifactStore(this.deps.artifacts),
      signal,
      logger,
      input: (name) => {
        const found = command.inputs.find((input) => input.stage === name);
        if (!found) throw new StageFailure(`stage '${command.stage}' needs the output of '${name}', which the command does not carry`);
        return found.output;
      },
      // Keyed by unit (or by how far): a redelivered attempt reporting the same progress is the same fact.
      progress: (fraction, message, unit) => {
        const progress = Math.max(0, Math.min(1, fraction));
        return this.emitForStage(command, 'progress', { progress, message, ...(unit ? { unit } : {}) }, unit ?? `p${Math.round(progress * 1000)}`);
      },
    };
  }

  /**
   * What a stage's own code throws is a stage failure (reported to the run, not redelivered). A StageFailure says
   * itself whether it is permanent; anything else (I/O, a dependency's hiccup) is transient and may be retried.
   */
  private async asStageStep<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      if (error instanceof StageFailure) throw error;
      throw StageFailure.transient(error instanceof Error ? error.message : String(error), error);
    }
  }

  /** An observer's mistake is logged, never the stage's failure. */
  private observe(tell: (observer: StageRunnerObserver) => void): void {
    if (!this.deps.observer) return;
    try {
      tell(this.deps.observer);
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'stage runner observer failed');
    }
  }

  private async allArtifactsExist(output: StageOutput): Promise<boolean> {
    for (const artifact of output.artifacts) if (!(await this.deps.artifacts.has(artifact))) return false;
    return true;
  }

  /**
   * An event a stage's own code sends (progress, a unit's checkpoint). A stage wraps what its computation throws as
   * a permanent failure; an event that could not be published (NATS restarting, a timeout) must not pass for one, so
   * it reaches the stage as a transient StageFailure, which stages hand on as it is.
   */
  private async emitForStage(command: ExecuteStageCommand, kind: StageEventKind, extra: Partial<StageEventMessage>, key?: string): Promise<void> {
    try {
      await this.emit(command, kind, extra, key);
    } catch (error) {
      throw StageFailure.transient(
        `the stage's ${kind} event could not be published: ${error instanceof Error ? error.message : String(error)}`,
        error,
      );
    }
  }

  /** Event ids are stable per fact: a checkpoint is once per unit, whichever attempt records it; progress once per key. */
  private async emit(command: ExecuteStageCommand, kind: StageEventKind, extra: Partial<StageEventMessage>, key?: string): Promise<void> {
    const eventId =
      kind === 'checkpoint'
        ? `${command.runId}.${command.stage}.unit.${key}`
        : [command.runId, command.stage, command.attempt, kind, key].filter((part) => part !== undefined).join('.');
    await this.deps.publishEvent({
      schemaVersion: 1,
      eventId,
      runId: command.runId,
      stage: command.stage,
      attempt: command.attempt,
      kind,
      occurredAt: this.now().toISOString(),
      instance: this.deps.instance,
      ...extra,
    } as StageEventMessage);
  }
}

function secondsSince(startMs: number): number {
  return (performance.now() - startMs) / 1000;
}
