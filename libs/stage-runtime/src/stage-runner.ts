import type { Logger } from 'pino';
import { ExecuteStageCommand, StageEventKind, StageEventMessage, StageName, StageOutput, toPlain } from '@ares/contracts';
import { ArtifactStore } from '@ares/artifacts';
import { Stage, StageContext, StageFailure } from './stage';
import { StageCache } from './stage-cache';
import { stageCacheKey } from './stage-cache-key';

export interface StageRunnerDeps {
  stages: readonly Stage[];
  cache: StageCache;
  artifacts: ArtifactStore;
  /** Publishes a stage event for the saga (idempotent by `eventId`). */
  publishEvent(message: StageEventMessage): Promise<void>;
  /** Which replica this is, for people watching runs. */
  instance: string;
  logger: Logger;
  now?: () => Date;
}

/**
 * Runs stage commands: validateInput → execute → validateOutput, with outputs cached by content hash.
 * A stage's own errors become a `failed` stage event (the saga decides on retries); errors in the runtime's
 * own I/O propagate, so the transport redelivers the command.
 */
export class StageRunner {
  private readonly stages = new Map<StageName, Stage>();
  private readonly running = new Map<string, Set<AbortController>>();
  private readonly now: () => Date;

  constructor(private readonly deps: StageRunnerDeps) {
    for (const stage of deps.stages) this.stages.set(stage.name, stage);
    this.now = deps.now ?? (() => new Date());
  }

  get stageNames(): StageName[] {
    return [...this.stages.keys()];
  }

  /** Aborts every stage running for the run; they report `failed` with the reason. */
  cancelRun(runId: string, reason = 'run cancelled'): number {
    const controllers = this.running.get(runId) ?? new Set();
    for (const controller of controllers) controller.abort(new StageFailure(reason));
    return controllers.size;
  }

  async run(command: ExecuteStageCommand): Promise<void> {
    const stage = this.stages.get(command.stage);
    if (!stage) throw new StageFailure(`this service does not run stage '${command.stage}'`);
    const log = this.deps.logger.child({ runId: command.runId, stage: command.stage, attempt: command.attempt });
    await this.emit(command, 'started', {});

    const controller = new AbortController();
    const controllers = this.running.get(command.runId) ?? new Set<AbortController>();
    controllers.add(controller);
    this.running.set(command.runId, controllers);
    let progressSequence = 0;
    const context: StageContext = {
      runId: command.runId,
      stage: command.stage,
      attempt: command.attempt,
      spec: command.spec,
      inputs: command.inputs,
      params: (command.spec.stages as Record<string, { params?: Record<string, unknown> } | undefined>)[command.stage]?.params ?? {},
      artifacts: this.deps.artifacts,
      signal: controller.signal,
      logger: log,
      input: (name) => {
        const found = command.inputs.find((input) => input.stage === name);
        if (!found) throw new StageFailure(`stage '${command.stage}' needs the output of '${name}', which the command does not carry`);
        return found.output;
      },
      progress: async (fraction, message) => {
        progressSequence += 1;
        await this.emit(command, 'progress', { progress: Math.max(0, Math.min(1, fraction)), message }, progressSequence);
      },
    };

    try {
      const outcome = await this.compute(stage, command, context, log);
      await this.emit(command, 'completed', { output: toPlain(outcome.output), cached: outcome.cached });
      log.info({ cached: outcome.cached, metrics: outcome.output.metrics }, 'stage completed');
    } catch (error) {
      if (!(error instanceof StageFailure)) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      log.warn({ reason }, 'stage failed');
      await this.emit(command, 'failed', { error: reason });
    } finally {
      controllers.delete(controller);
      if (controllers.size === 0) this.running.delete(command.runId);
    }
  }

  /** Cached output if this exact work was done before; otherwise the stage's three steps. */
  private async compute(
    stage: Stage,
    command: ExecuteStageCommand,
    context: StageContext,
    log: Logger,
  ): Promise<{ output: StageOutput; cached: boolean }> {
    const fingerprint = await this.asStageStep(() => stage.fingerprint?.(context) ?? Promise.resolve(''));
    const key = stageCacheKey(command, stage.version, context.params, fingerprint, stage.cacheScope ? stage.cacheScope(command.spec) : command.spec);
    const cached = await this.deps.cache.get(key);
    if (cached && (await this.allArtifactsExist(cached))) {
      log.info({ key }, 'stage output found in cache');
      return { output: cached, cached: true };
    }
    const output = await this.asStageStep(async () => {
      await stage.validateInput(context);
      const produced = await stage.execute(context);
      context.signal.throwIfAborted();
      await stage.validateOutput(produced, context);
      return produced;
    });
    await this.deps.cache.put(key, output);
    return { output, cached: false };
  }

  /** Marks anything a stage's own code throws as a stage failure (reported to the run, not redelivered). */
  private async asStageStep<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      if (error instanceof StageFailure) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new StageFailure(message);
    }
  }

  private async allArtifactsExist(output: StageOutput): Promise<boolean> {
    for (const artifact of output.artifacts) if (!(await this.deps.artifacts.has(artifact))) return false;
    return true;
  }

  private async emit(command: ExecuteStageCommand, kind: StageEventKind, extra: Partial<StageEventMessage>, sequence?: number): Promise<void> {
    const eventId = [command.runId, command.stage, command.attempt, kind, sequence].filter((part) => part !== undefined).join('.');
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
