import type { StageDispatched, StageEventMessage, StageName } from '@ares/contracts';
import type { RunState } from '../run/run-state';

/**
 * What a message's decision dispatched, as the state shows it now: what to send again when the message is
 * redelivered after its first handling appended the decision but died before sending (another replica handles the
 * copy, or this process was killed). Only stages still `dispatched` count: a StageStarted proves the command
 * arrived, and sending a running stage's command again after the stream's duplicate window would run it twice.
 */

/** The latest dispatch of every stage still in flight (dispatched or running). */
export function inFlightDispatches(state: RunState): StageDispatched[] {
  const dispatches: StageDispatched[] = [];
  for (const [stage, current] of Object.entries(state.stages) as [StageName, NonNullable<RunState['stages'][StageName]>][]) {
    if ((current.status === 'dispatched' || current.status === 'running') && current.dispatchedAt) {
      dispatches.push({ schemaVersion: 1, at: current.dispatchedAt, stage, attempt: current.attempt, delayMs: current.delayMs });
    }
  }
  return dispatches;
}

/** True while no worker has started the stage's dispatched attempt (no StageStarted yet). */
export const isUnstarted = (state: RunState, stage: StageName) => state.stages[stage]?.status === 'dispatched';

/** Dispatched stages no worker has started yet. */
export function unstartedDispatches(state: RunState): StageDispatched[] {
  return inFlightDispatches(state).filter(({ stage }) => isUnstarted(state, stage));
}

/**
 * A stage event's own dispatches: for the completion of the stage's current attempt, the unstarted stages waiting
 * on it; for a failure, its unstarted retry. Nothing for the events of a superseded attempt, or for kinds that
 * dispatch nothing (started, progress, checkpoint).
 */
export function dispatchesCausedBy(state: RunState, message: StageEventMessage): StageDispatched[] {
  const stage = state.stages[message.stage];
  if (message.kind === 'completed') {
    if (stage?.status !== 'completed' || stage.attempt !== message.attempt) return [];
    return unstartedDispatches(state).filter((dispatched) =>
      state.plan.find((plan) => plan.name === dispatched.stage)?.dependsOn.includes(message.stage),
    );
  }
  if (message.kind === 'failed') return retryOf(state, message.stage, message.attempt);
  return [];
}

/** The unstarted retry of an attempt that failed or timed out (the attempt right after it), if there is one. */
export function retryOf(state: RunState, stage: StageName, attempt: number): StageDispatched[] {
  return unstartedDispatches(state).filter((dispatched) => dispatched.stage === stage && dispatched.attempt === attempt + 1);
}
