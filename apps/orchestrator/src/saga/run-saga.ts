import type { Logger } from 'pino';
import { ExecuteStageCommand, RunSpec, StageEventMessage, StageName, stageCommandId, StageDispatched, toPlain } from '@ares/contracts';
import { EventStore } from '@ares/event-store';
import { KeyedSerializer } from '@ares/concurrency';
import { buildRunPlan } from '../run/run-plan';
import { RunState } from '../run/run-state';
import { Decided, LoadedRun, RunHistory } from './run-history';
import { RunProjector } from './run-projector';
import { StageDispatcher } from './stage-dispatcher';

export interface RunSagaDeps {
  store: EventStore;
  dispatcher: StageDispatcher;
  projector: RunProjector;
  logger: Logger;
  now?: () => Date;
}

/** Backoff of a delayed saga task that failed: 1 s, doubling, at most 30 s. */
const FIRST_TASK_RETRY_MS = 1000;
const MAX_TASK_RETRY_MS = 30_000;

/** The latest dispatch of every stage still in flight, as the state remembers it. */
function inFlightDispatches(state: RunState): StageDispatched[] {
  const dispatches: StageDispatched[] = [];
  for (const [stage, current] of Object.entries(state.stages) as [StageName, NonNullable<RunState['stages'][StageName]>][]) {
    if ((current.status === 'dispatched' || current.status === 'running') && current.dispatchedAt) {
      dispatches.push({ schemaVersion: 1, at: current.dispatchedAt, stage, attempt: current.attempt, delayMs: current.delayMs });
    }
  }
  return dispatches;
}

/**
 * The dispatches a stage event's own decision made: for a completion, the stages in flight that wait on it; for a
 * failure, the stage's retry. What a redelivered event must redo if its first handling died before sending them.
 */
function dispatchesCausedBy(state: RunState, message: StageEventMessage): StageDispatched[] {
  if (message.kind === 'completed')
    return inFlightDispatches(state).filter(({ stage }) => state.plan.find((plan) => plan.name === stage)?.dependsOn.includes(message.stage));
  if (message.kind === 'failed') return retriesOf(state, message.stage, message.attempt);
  return [];
}

/** The retry in flight of a stage attempt that failed or timed out, if it was retried. */
function retriesOf(state: RunState, stage: StageName, attempt: number): StageDispatched[] {
  return inFlightDispatches(state).filter((dispatched) => dispatched.stage === stage && dispatched.attempt > attempt);
}

/**
 * The process manager: turns commands and stage events into decisions (via the pure decider), records
 * them in the run's history, and carries out their effects — stage commands, stop signals, timeouts,
 * read models. It holds no state that the event store cannot rebuild (`recover`).
 */
export class RunSaga {
  readonly history: RunHistory;
  private readonly serializer = new KeyedSerializer();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly now: () => Date;
  private stopped = false;

  constructor(private readonly deps: RunSagaDeps) {
    this.history = new RunHistory(deps.store);
    this.now = deps.now ?? (() => new Date());
  }

  async startRun(runId: string, spec: RunSpec): Promise<LoadedRun> {
    const plan = buildRunPlan(spec); // throws InvalidRunPlanError before anything is appended
    return this.decideAndApply(
      runId,
      `${runId}.start`,
      () => ({ type: 'StartRun', runId, spec: toPlain(spec), plan, at: this.stamp() }),
      // A StartRun's decision dispatches the first stages; by the time it is redelivered, what is in flight.
      (run) => this.redoLostEffects(run, inFlightDispatches(run.state)),
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
   * A message redelivered after its first handling appended its decision but died before carrying it out (NATS lost
   * the stage-command stream's leader under the publish, the process was killed): the decision is a duplicate now, so
   * its effects are redone from the state instead. Its dispatches are sent again (the stage-command stream's
   * duplicate window drops what was already sent) and the read model caught up.
   */
  private async redoLostEffects(run: LoadedRun, dispatches: StageDispatched[]): Promise<void> {
    if (run.state.status !== 'running') return;
    for (const dispatched of dispatches) await this.dispatch(run, dispatched);
    await this.deps.projector.project(run);
  }

  async cancel(runId: string, reason = 'cancelled by user'): Promise<LoadedRun> {
    return this.decideAndApply(runId, undefined, () => ({ type: 'CancelRun', reason, at: this.stamp() }));
  }

  async resume(runId: string): Promise<LoadedRun> {
    return this.decideAndApply(runId, undefined, () => ({ type: 'ResumeRun', at: this.stamp() }));
  }

  /**
   * After a restart: fold every run, re-send the commands of stages still in flight (the stream's
   * duplicate window drops those already sent), re-arm their timeouts and catch projections up.
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
        for (const dispatched of inFlightDispatches(run.state)) await this.dispatch(run, dispatched);
      });
    }
    this.deps.logger.info({ runs: runIds.length, resumed }, 'recovered runs from history');
    return { runs: runIds.length, resumed };
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
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
          this.clearTimer(run.runId, event.data.stage);
          break;
        case 'StageFailed':
          this.clearTimer(run.runId, event.data.stage);
          // A failed attempt may still be computing (it timed out, or one of its handed-out units failed): stop it,
          // so it does not run beside its retry.
          await this.deps.dispatcher.cancelStages(run.runId, event.data.error, { stage: event.data.stage, attempt: event.data.attempt });
          break;
        case 'RunFailed':
        case 'RunCancelled':
          this.clearRunTimers(run.runId);
          await this.deps.dispatcher.cancelStages(run.runId, event.data.reason);
          break;
        case 'RunCompleted':
          this.clearRunTimers(run.runId);
          break;
        default:
          break;
      }
    }
    await this.deps.projector.project(run, appended);
  }

  /**
   * Arms the attempt's timeout, which counts from when the command is due, and sends its command: at once, or after
   * its backoff when it retries a transient failure.
   */
  private async dispatch(run: LoadedRun, dispatched: StageDispatched): Promise<void> {
    const command = this.stageCommand(run.state, dispatched);
    const dueAt = Date.parse(dispatched.at) + (dispatched.delayMs ?? 0);
    const wait = dueAt - this.now().getTime();
    // Armed first: if the send fails and no redelivery redoes it, the stage's timeout still moves the run on.
    this.armTimer(run, dispatched);
    if (wait <= 0) await this.deps.dispatcher.dispatch(command);
    else this.later(`${run.runId}/${dispatched.stage}/send`, wait, () => this.sendIfStillDue(run.runId, command));
  }

  /** A delayed retry is sent only if, by then, the run still waits for that attempt (it may have been cancelled). */
  private async sendIfStillDue(runId: string, command: ExecuteStageCommand): Promise<void> {
    await this.serializer.run(runId, async () => {
      const run = await this.history.load(runId);
      const stage = run.state.stages[command.stage];
      if (run.state.status === 'running' && stage?.attempt === command.attempt && stage.status === 'dispatched') {
        await this.deps.dispatcher.dispatch(command);
      }
    });
  }

  /**
   * Runs `task` after `delayMs` (once per key: re-arming replaces the earlier timer); nothing after stop(). A task
   * that fails (NATS between leaders under a delayed send or a timeout's decision) runs again after a backoff: no
   * message would ever bring it back, so dropping it would stall the run. Every task is idempotent (a decision with
   * a fixed cause, a send that checks the state first).
   */
  private later(key: string, delayMs: number, task: () => Promise<void>, failures = 0): void {
    if (this.stopped) return;
    clearTimeout(this.timers.get(key));
    const timer = setTimeout(
      () => {
        this.timers.delete(key);
        task().catch((error: unknown) => {
          const retryInMs = Math.min(MAX_TASK_RETRY_MS, FIRST_TASK_RETRY_MS * 2 ** failures);
          this.deps.logger.warn({ err: error, key, failures: failures + 1, retryInMs }, 'delayed saga task failed; trying again');
          // Replaces any timer the failed task armed under its key: the task, run again, redoes what it decided.
          this.later(key, retryInMs, task, failures + 1);
        });
      },
      Math.max(0, delayMs),
    );
    timer.unref();
    this.timers.set(key, timer);
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
    this.later(this.timerKey(run.runId, stage), dueAt - this.now().getTime(), () =>
      this.decideAndApply(
        run.runId,
        `${run.runId}.${stage}.${attempt}.timeout`,
        () => ({ type: 'TimeOutStage', stage, attempt, at: this.stamp() }),
        (decided) => this.redoLostEffects(decided, retriesOf(decided.state, stage, attempt)),
      ).then(() => undefined),
    );
  }

  private timerKey(runId: string, stage: StageName): string {
    return `${runId}/${stage}`;
  }

  private clearTimer(runId: string, stage: StageName): void {
    const key = this.timerKey(runId, stage);
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }

  private clearRunTimers(runId: string): void {
    for (const [key, timer] of this.timers) {
      if (key.startsWith(`${runId}/`)) {
        clearTimeout(timer);
        this.timers.delete(key);
      }
    }
  }
}
