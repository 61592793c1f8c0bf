import { RunEvent, StageEventMessage, StageName, StagePlan } from '@ares/contracts';
import { RunCommand, RunDecisionError } from './run-command';
import { evolve, initialRunState, RunState } from './run-state';

/** Accumulates the events of one decision and the state they lead to, so later rules see earlier ones. */
class Decision {
  readonly events: RunEvent[] = [];
  constructor(public state: RunState) {}
  record(event: RunEvent): void {
    this.events.push(event);
    this.state = evolve(this.state, event);
  }
}

const V = 1 as const;

/** A transient failure's retry waits 1 s, 2 s, 4 s … (at most 30 s) before its command is sent. */
export function retryDelayMs(failedAttemptsInBudget: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, failedAttemptsInBudget - 1));
}

function isInFlight(status: string | undefined): boolean {
  return status === 'dispatched' || status === 'running';
}

/** Dispatches every pending stage whose upstream stages are done; completes the run when nothing is left. */
function advance(decision: Decision, at: string): void {
  const { state } = decision;
  const done = (name: StageName) => ['completed', 'skipped'].includes(state.stages[name]?.status ?? '');
  const ready = state.plan.filter((stage) => state.stages[stage.name]?.status === 'pending' && stage.dependsOn.every(done));
  for (const stage of ready) {
    decision.record({
      type: 'StageDispatched',
      data: { schemaVersion: V, at, stage: stage.name, attempt: (state.stages[stage.name]?.attempt ?? 0) + 1 },
    });
  }
  const finished = (name: StageName) => ['completed', 'skipped'].includes(decision.state.stages[name]?.status ?? '');
  if (decision.state.plan.every((stage) => finished(stage.name))) {
    decision.record({ type: 'RunCompleted', data: { schemaVersion: V, at } });
  }
}

/**
 * A stage attempt failed (error, dead letter or timeout): a transient failure is retried within the stage's budget,
 * after a backoff; a permanent one (bad input, a failed gate) or an exhausted budget fails the run.
 */
function failStage(
  decision: Decision,
  plan: StagePlan,
  attempt: number,
  error: string,
  at: string,
  flags: { deadLettered?: boolean; timedOut?: boolean; permanent?: boolean },
): void {
  const stage = decision.state.stages[plan.name]!;
  const willRetry = !flags.permanent && stage.attemptsInBudget <= plan.retries;
  const facts = Object.fromEntries(Object.entries(flags).filter(([, value]) => value !== undefined));
  decision.record({ type: 'StageFailed', data: { schemaVersion: V, at, stage: plan.name, attempt, error, willRetry, ...facts } });
  if (willRetry) {
    const delayMs = retryDelayMs(stage.attemptsInBudget);
    decision.record({ type: 'StageDispatched', data: { schemaVersion: V, at, stage: plan.name, attempt: attempt + 1, delayMs } });
  } else {
    const attempts = stage.attemptsInBudget;
    decision.record({
      type: 'RunFailed',
      data: { schemaVersion: V, at, stage: plan.name, reason: `stage '${plan.name}' failed after ${attempts} attempt(s): ${error}` },
    });
  }
}

/**
 * A finished unit of work is a fact whichever attempt finished it (units are pure functions of the stage's work):
 * recorded once per unit while the stage is in flight, so a redelivered or retried attempt can start from it.
 */
function recordCheckpoint(decision: Decision, message: StageEventMessage): void {
  const stage = decision.state.stages[message.stage];
  if (decision.state.status !== 'running' || !stage || !isInFlight(stage.status) || !message.unit || message.scope === undefined) return;
  if (stage.units.has(message.unit)) return;
  decision.record({
    type: 'StageCheckpointed',
    data: {
      schemaVersion: V,
      at: message.occurredAt,
      stage: message.stage,
      attempt: message.attempt,
      unit: message.unit,
      scope: message.scope,
      result: message.result ?? null,
      ...(message.instance ? { instance: message.instance } : {}),
    },
  });
}

function recordStageEvent(decision: Decision, message: StageEventMessage, at: string): void {
  const { state } = decision;
  const plan = state.plan.find((stage) => stage.name === message.stage);
  const stage = state.stages[message.stage];
  if (message.kind === 'checkpoint') {
    recordCheckpoint(decision, message);
    return;
  }
  // Facts about a run that has ended, an attempt that was superseded, or a stage that is not in flight
  // are already reflected (or no longer matter): recording them again would duplicate history.
  if (state.status !== 'running' || !plan || !stage || stage.attempt !== message.attempt || !isInFlight(stage.status)) return;
  const base = { schemaVersion: V, at: message.occurredAt, stage: message.stage, attempt: message.attempt };
  switch (message.kind) {
    case 'started':
      if (stage.status === 'dispatched') decision.record({ type: 'StageStarted', data: { ...base, instance: message.instance } });
      return;
    case 'progress':
      decision.record({ type: 'StageProgressed', data: { ...base, progress: message.progress, message: message.message } });
      return;
    case 'completed':
      if (!message.output) {
        failStage(decision, plan, message.attempt, 'stage reported completion without an output', at, {});
        return;
      }
      decision.record({ type: 'StageCompleted', data: { ...base, output: message.output, cached: message.cached ?? false } });
      advance(decision, at);
      return;
    case 'failed':
      failStage(decision, plan, message.attempt, message.error ?? 'stage failed without a reason', at, {
        deadLettered: message.deadLettered,
        permanent: message.permanent,
      });
      return;
  }
}

/** The run lifecycle: given the run's state and a command, the new facts. Pure. */
export function decide(command: RunCommand, state: RunState): RunEvent[] {
  const decision = new Decision(state);
  switch (command.type) {
    case 'StartRun': {
      if (state.status !== 'none') return []; // a retried StartRun with the same id starts nothing new
      decision.record({
        type: 'RunStarted',
        data: { schemaVersion: 3, at: command.at, runId: command.runId, spec: command.spec, plan: command.plan },
      });
      for (const stage of command.plan.filter((candidate) => !candidate.enabled)) {
        decision.record({ type: 'StageSkipped', data: { schemaVersion: V, at: command.at, stage: stage.name, reason: 'disabled in the RunSpec' } });
      }
      advance(decision, command.at);
      break;
    }
    case 'RecordStageEvent':
      if (state.status === 'none') throw new RunDecisionError('not-found', `no run '${command.message.runId}'`);
      recordStageEvent(decision, command.message, command.at);
      break;
    case 'TimeOutStage': {
      const plan = state.plan.find((stage) => stage.name === command.stage);
      const stage = state.stages[command.stage];
      if (state.status !== 'running' || !plan || !stage || stage.attempt !== command.attempt || !isInFlight(stage.status)) break;
      failStage(decision, plan, command.attempt, `timed out after ${plan.timeoutSeconds} s`, command.at, { timedOut: true });
      break;
    }
    case 'CancelRun':
      if (state.status === 'none') throw new RunDecisionError('not-found', 'no such run');
      if (state.status !== 'running') throw new RunDecisionError('conflict', `run is ${state.status}; only a running run can be cancelled`);
      decision.record({ type: 'RunCancelled', data: { schemaVersion: V, at: command.at, reason: command.reason } });
      break;
    case 'ResumeRun': {
      if (state.status === 'none') throw new RunDecisionError('not-found', 'no such run');
      if (state.status !== 'failed' && state.status !== 'cancelled') {
        throw new RunDecisionError('conflict', `run is ${state.status}; only a failed or cancelled run can be resumed`);
      }
      const unfinished = state.plan
        .filter((stage) => !['completed', 'skipped'].includes(state.stages[stage.name]?.status ?? ''))
        .map((stage) => stage.name);
      decision.record({ type: 'RunResumed', data: { schemaVersion: V, at: command.at, stages: unfinished } });
      advance(decision, command.at);
      break;
    }
  }
  return decision.events;
}

export const runDecider = { decide, evolve, initialState: initialRunState };
