import type { Logger } from 'pino';
import { ExecuteStageCommand, StageEventKind, StageEventMessage, StageName, StageOutput, stageParamsOf, toPlain } from '@ares/contracts';
import { ArtifactStore } from '@ares/artifacts';
import { CheckpointSource, NO_CHECKPOINTS, StageCheckpoints } from './checkpoints';
import { RunningAttempts } from './running-attempts';
import { Stage, StageContext, StageFacts, StageFailure } from './stage';
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
  /** Which replica this is, for people watching runs. */
  instance: string;
  logger: Logger;
  now?: () => Date;
}

/**
 * Runs stage commands: validateInput → execute → validateOutput, with outputs cached by content hash and units of
 * work checkpointed in the run's history. A stage's own errors become a `failed` stage event that says whether a
 * retry could help (the saga decides); errors in the runtime's own I/O propagate, so the transport redelivers.
 */
export class StageRunner {
  private readonly stages = new Map<StageName, Stage>();
  private readonly running = new RunningAttempts();
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

  async run(command: ExecuteStageCommand): Promise<void> {
    const stage = this.stages.get(command.stage);
    if (!stage) throw new StageFailure(`this service does not run stage '${command.stage}'`);
    const log = this.deps.logger.child({ runId: command.runId, stage: command.stage, attempt: command.attempt });
    // Registered before `started` is published: a cancel that follows the started event finds the attempt.
    const attempt = this.running.begin(command.runId, command.stage, command.attempt, command.dispatchedAt);
    try {
      await this.emit(command, 'started', {});
      attempt.signal.throwIfAborted();
      const outcome = await this.compute(stage, command, attempt.signal, log);
      await this.emit(command, 'completed', { output: toPlain(outcome.output), cached: outcome.cached });
      log.info({ cached: outcome.cached, metrics: outcome.output.metrics }, 'stage completed');
    } catch (error) {
      if (!(error instanceof StageFailure)) throw error;
      log.warn({ reason: error.message, permanent: error.permanent }, 'stage failed');
      await this.emit(command, 'failed', { error: error.message, permanent: error.permanent });
    } finally {
      attempt.end();
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
    const recorded = await (this.deps.checkpoints ?? NO_CHECKPOINTS).recordedUnits(command.runId, command.stage, key);
    if (recorded.size > 0) log.info({ units: recorded.size }, 'resuming from recorded units of work');
    const checkpoints = new StageCheckpoints(recorded, (unit, result) => this.emit(command, 'checkpoint', { unit, result, scope: key }, unit));
    const context: StageContext = { ...facts, checkpoints };
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

  private facts(command: ExecuteStageCommand, params: StageFacts['params'], signal: AbortSignal, logger: Logger): StageFacts {
    return {
      runId: command.runId,
      stage: command.stage,
      attempt: command.attempt,
      spec: command.spec,
      inputs: command.inputs,
      params,
      artifacts: this.deps.artifacts,
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
        return this.emit(command, 'progress', { progress, message, ...(unit ? { unit } : {}) }, unit ?? `p${Math.round(progress * 1000)}`);
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

  private async allArtifactsExist(output: StageOutput): Promise<boolean> {
    for (const artifact of output.artifacts) if (!(await this.deps.artifacts.has(artifact))) return false;
    return true;
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
