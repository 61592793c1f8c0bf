import type { Logger } from 'pino';
import { ExecuteStageCommand, RunSpec, StageEventMessage, stageCommandId, StageDispatched, toPlain } from '@ares/contracts';
import { EventStore } from '@ares/event-store';
import { KeyedSerializer } from '@ares/concurrency';
import { buildRunPlan } from '../run/run-plan';
import { RunState } from '../run/run-state';
import { dispatchesCausedBy, inFlightDispatches, isUnstarted, retryOf, unstartedDispatches } from './lost-effects';
import { Decided, LoadedRun, RunHistory } from './run-history';
import { RunProjector } from './run-projector';
import { FIRST_TASK_RETRY_MS, SagaTimers } from './saga-timers';
import { StageDispatcher } from './stage-dispatcher';

export interface RunSagaDeps {
  store: EventStore;
  dispatcher: StageDispatcher;
  projector: RunProjector;
  logger: Logger;
  now?: () => Date;
  /** Failures that pass (NATS restarting, between leaders): a delayed task failing so is retried without limit. */
  isTransient?: (error: unknown) => boolean;
}

/**
 * The process manager: turns commands and stage events into decisions (via the pure decider), records
 * them in the run's history, and carries out their effects — stage commands, stop signals, timeouts,
 * read models. It holds no state that the event store cannot rebuild (`recover`).
 */
export class RunSaga {
  readonly history: RunHistory;
  private readonly serializer = new KeyedSerializer();
  private readonly timers: SagaTimers;
  private readonly now: () => Date;

  constructor(private readonly deps: RunSagaDeps) {
    this.history = new RunHistory(deps.store);
    this.now = deps.now ?? (() => new Date());
    this.timers = new SagaTimers(deps.logger, deps.isTransient ?? (() => false));
  }

  async startRun(runId: string, spec: RunSpec): Promise<LoadedRun> {
    const plan = buildRunPlan(spec); // throws InvalidRunPlanError before anything is appended
    return this.decideAndApply(
      runId,
      `${runId}.start`,
      () => ({ type: 'StartRun', runId, spec: toPlain(spec), plan, at: this.stamp() }),
      // A StartRun's decision dispatches the first stages: by the time it is redelivered, what has not started.
      (run) => this.redoLostEffects(run, unstartedDispatches(run.state)),
    );
  }

  async recordStageEvent(message: StageEventMessage): Promise<LoadedRun> {
    return this.decideAndApply(
      message.runId,
      message.eventId,
      () => ({ type: 'RecordStageEvent', message: toPlain(message), at: this.stamp() }),
      (run) => this.redoLostEffects(run, dispatchesCausedBy(run.state, message)),
    );
  }

  /**
   * A message redelivered after its first handling appended its decision but died before carrying it out (another
   * replica handles the copy, or this process was killed): the decision is a duplicate now, so its effects are redone
   * from the state instead (see lost-effects.ts). Its unstarted dispatches are sent again (the stage-command stream's
   * duplicate window drops what was already sent) and the read model caught up.
   */
  private async redoLostEffects(run: LoadedRun, dispatches: StageDispatched[]): Promise<void> {
    for (const dispatched of run.state.status === 'running' ? dispatches : []) await this.dispatch(run, dispatched);
    await this.project(run);
  }

  async cancel(runId: string, reason = 'cancelled by user'): Promise<LoadedRun> {
    return this.decideAndApply(runId, undefined, () => ({ type: 'CancelRun', reason, at: this.stamp() }));
  }

  async resume(runId: string): Promise<LoadedRun> {
    return this.decideAndApply(runId, undefined, () => ({ type: 'ResumeRun', at: this.stamp() }));
  }

  /**
   * After a restart: fold every run, re-send the commands of dispatched stages no worker has started (the stream's
   * duplicate window drops those already sent; a started stage's command is still in its work queue), re-arm every
   * in-flight stage's timeout and catch projections up.
   */
  async recover(): Promise<{ runs: number; resumed: number }> {
    const runIds = await this.deps.store.listStreams();
    let resumed = 0;
    for (const runId of runIds) {
      await this.serializer.run(runId, async () => {
        this.history.forget(runId);
        const run = await this.history.load(runId);
        await this.deps.projector.project(run);
        if (run.state.status !== 'running') return;
        resumed += 1;
        for (const dispatched of inFlightDispatches(run.state)) {
          if (isUnstarted(run.state, dispatched.stage)) await this.dispatch(run, dispatched);
          else this.armTimer(run, dispatched);
        }
      });
    }
    this.deps.logger.info({ runs: runIds.length, resumed }, 'recovered runs from history');
    return { runs: runIds.length, resumed };
  }

  stop(): void {
    this.timers.stop();
  }

  private stamp(): string {
    return this.now().toISOString();
  }

  private decideAndApply(
    runId: string,
    causationId: string | undefined,
    makeCommand: Parameters<RunHistory['decide']>[2],
    onNothingDecided?: (run: LoadedRun) => Promise<void>,
  ): Promise<LoadedRun> {
    return this.serializer.run(runId, async () => {
      const current = this.history.cached(runId) ?? (await this.history.load(runId));
      const cause = causationId ?? `${runId}.v${current.version}.${makeCommand(current).type}`;
      const decided = await this.history.decide(runId, cause, makeCommand);
      if (decided.appended.length === 0) await onNothingDecided?.(decided.run);
      else await this.applyEffects(decided);
      return decided.run;
    });
  }

  private async applyEffects({ run, appended }: Decided): Promise<void> {
    if (appended.length === 0) return;
    // Stage commands first: the next stage should not wait for a read model to be written.
    for (const { event } of appended) {
      switch (event.type) {
        case 'StageDispatched':
          await this.dispatch(run, event.data);
          break;
        case 'StageCompleted':
          this.timers.clear(stageKey(run.runId, event.data.stage));
          break;
        case 'StageFailed':
          this.timers.clear(stageKey(run.runId, event.data.stage));
          // A failed attempt may still be computing (it timed out, or one of its handed-out units failed): stop it,
          // so it does not run beside its retry.
          await this.deps.dispatcher.cancelStages(run.runId, event.data.error, { stage: event.data.stage, attempt: event.data.attempt });
          break;
        case 'RunFailed':
        case 'RunCancelled':
          this.timers.clear(run.runId);
          await this.deps.dispatcher.cancelStages(run.runId, event.data.reason);
          break;
        case 'RunCompleted':
          this.timers.clear(run.runId);
          break;
        default:
          break;
      }
    }
    await this.project(run, appended);
  }

  /**
   * A read model that could not be written does not fail the decision (the caller would retry a command already
   * recorded): reads catch the model up from history, and so does the run's next decision.
   */
  private async project(run: LoadedRun, appended: Decided['appended'] = []): Promise<void> {
    try {
      await this.deps.projector.project(run, appended);
    } catch (error) {
      this.deps.logger.warn({ err: error, runId: run.runId, version: run.version }, 'read model not written; it catches up from history');
    }
  }

  /**
   * Arms the attempt's timeout, which counts from when the command is due, and sends its command: at once, or after
   * its backoff when it retries a transient failure.
   */
  private async dispatch(run: LoadedRun, dispatched: StageDispatched): Promise<void> {
    const command = this.stageCommand(run.state, dispatched);
    const dueAt = Date.parse(dispatched.at) + (dispatched.delayMs ?? 0);
    const wait = dueAt - this.now().getTime();
    const sendKey = `${attemptKey(run.runId, dispatched)}/send`;
    // Armed first: should every send fail, the stage's timeout still moves the run on.
    this.armTimer(run, dispatched);
    if (wait > 0) return this.timers.schedule(sendKey, wait, () => this.sendIfStillDue(run.runId, command));
    try {
      await this.deps.dispatcher.dispatch(command);
    } catch (error) {
      // The decision is recorded: failing here would make the caller retry a command already decided (a POST /runs
      // creating a second run). The send is retried here instead, and by a redelivered cause or recover().
      this.deps.logger.warn({ err: error, runId: run.runId, stage: command.stage, attempt: command.attempt }, 'stage command not sent; trying again');
      this.timers.schedule(sendKey, FIRST_TASK_RETRY_MS, () => this.sendIfStillDue(run.runId, command), 1);
    }
  }

  /** A delayed retry is sent only if, by then, the run still waits for that attempt (it may have been cancelled). */
  private async sendIfStillDue(runId: string, command: ExecuteStageCommand): Promise<void> {
    await this.serializer.run(runId, async () => {
      const run = await this.history.load(runId);
      const stage = run.state.stages[command.stage];
      if (run.state.status === 'running' && stage?.attempt === command.attempt && isUnstarted(run.state, command.stage)) {
        await this.deps.dispatcher.dispatch(command);
      }
    });
  }

  private stageCommand(state: RunState, dispatched: StageDispatched): ExecuteStageCommand {
    const plan = state.plan.find((stage) => stage.name === dispatched.stage)!;
    const inputs = plan.dependsOn.filter((name) => state.stages[name]?.output).map((name) => ({ stage: name, output: state.stages[name]!.output! }));
    return {
      schemaVersion: 1,
      commandId: stageCommandId(state.runId!, dispatched.stage, dispatched.attempt),
      runId: state.runId!,
      stage: dispatched.stage,
      attempt: dispatched.attempt,
      spec: state.spec!,
      inputs,
      dispatchedAt: dispatched.at,
    };
  }

  private armTimer(run: LoadedRun, dispatched: StageDispatched): void {
    const plan = run.state.plan.find((stage) => stage.name === dispatched.stage)!;
    const dueAt = Date.parse(dispatched.at) + (dispatched.delayMs ?? 0) + plan.timeoutSeconds * 1000;
    const { stage, attempt } = dispatched;
    this.timers.schedule(`${attemptKey(run.runId, dispatched)}/timeout`, dueAt - this.now().getTime(), () =>
      this.decideAndApply(
        run.runId,
        `${run.runId}.${stage}.${attempt}.timeout`,
        () => ({ type: 'TimeOutStage', stage, attempt, at: this.stamp() }),
        (decided) => this.redoLostEffects(decided, retryOf(decided.state, stage, attempt)),
      ).then(() => undefined),
    );
  }
}

/** The key prefix of a stage's timers, `<runId>/<stage>`, and of one attempt's, `<runId>/<stage>/<attempt>`. */
const stageKey = (runId: string, stage: StageDispatched['stage']) => `${runId}/${stage}`;
const attemptKey = (runId: string, { stage, attempt }: Pick<StageDispatched, 'stage' | 'attempt'>) => `${stageKey(runId, stage)}/${attempt}`;
