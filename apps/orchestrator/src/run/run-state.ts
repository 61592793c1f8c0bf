import { AppendOnlySet } from './append-only-set';
import { RunEvent, RunSpec, RunStatus, StageName, StageOutput, StagePlan, StageStatus } from '@ares/contracts';

export interface StageState {
  status: StageStatus;
  /** Number of the current (or last) attempt; attempts count on across resumes. */
  attempt: number;
  /** Attempts spent since the run started or last resumed: the retry budget counts these. */
  attemptsInBudget: number;
  /** When the current attempt was dispatched, and how long its command waits first (a transient retry's backoff). */
  dispatchedAt?: string;
  delayMs?: number;
  /** Units of work checkpointed by any attempt (`fold-3`): each is recorded once. */
  units: AppendOnlySet;
  output?: StageOutput;
  error?: string;
}

/** What the decider needs to know about a run: folded from its history, never stored. */
export interface RunState {
  status: RunStatus | 'none';
  runId?: string;
  spec?: RunSpec;
  plan: StagePlan[];
  stages: Partial<Record<StageName, StageState>>;
}

export const initialRunState = (): RunState => ({ status: 'none', plan: [], stages: {} });

const newStage = (): StageState => ({ status: 'pending', attempt: 0, attemptsInBudget: 0, units: AppendOnlySet.EMPTY });

function withStage(state: RunState, stage: StageName, change: Partial<StageState>): RunState {
  const current = state.stages[stage] ?? newStage();
  return { ...state, stages: { ...state.stages, [stage]: { ...current, ...change } } };
}

export function evolve(state: RunState, event: RunEvent): RunState {
  switch (event.type) {
    case 'RunStarted': {
      const stages: RunState['stages'] = {};
      for (const stage of event.data.plan) stages[stage.name] = newStage();
      return { status: 'running', runId: event.data.runId, spec: event.data.spec, plan: event.data.plan, stages };
    }
    case 'StageSkipped':
      return withStage(state, event.data.stage, { status: 'skipped' });
    case 'StageDispatched': {
      const previous = state.stages[event.data.stage];
      return withStage(state, event.data.stage, {
        status: 'dispatched',
        attempt: event.data.attempt,
        attemptsInBudget: (previous?.attemptsInBudget ?? 0) + 1,
        dispatchedAt: event.data.at,
        delayMs: event.data.delayMs,
        error: undefined,
      });
    }
    case 'StageStarted':
      return withStage(state, event.data.stage, { status: 'running' });
    case 'StageProgressed':
      return state;
    case 'StageCheckpointed': {
      const units = (state.stages[event.data.stage]?.units ?? AppendOnlySet.EMPTY).add(event.data.unit);
      return withStage(state, event.data.stage, { units });
    }
    case 'StageCompleted':
      return withStage(state, event.data.stage, { status: 'completed', output: event.data.output, error: undefined });
    case 'StageFailed':
      return withStage(state, event.data.stage, { status: 'failed', error: event.data.error });
    case 'RunCompleted':
      return { ...state, status: 'completed' };
    case 'RunFailed':
    case 'RunCancelled': {
      // Stages still in flight when the run ends are told to stop; their late results are ignored.
      let next: RunState = { ...state, status: event.type === 'RunFailed' ? 'failed' : 'cancelled' };
      for (const [name, stage] of Object.entries(state.stages) as [StageName, StageState][]) {
        if (stage.status === 'dispatched' || stage.status === 'running') next = withStage(next, name, { status: 'cancelled' });
      }
      return next;
    }
    case 'RunResumed': {
      let next: RunState = { ...state, status: 'running' };
      for (const [name, stage] of Object.entries(state.stages) as [StageName, StageState][]) {
        if (stage.status !== 'completed' && stage.status !== 'skipped') {
          next = withStage(next, name, { status: 'pending', attemptsInBudget: 0 });
        }
      }
      return next;
    }
  }
}

export function foldRun(events: Iterable<RunEvent>): RunState {
  let state = initialRunState();
  for (const event of events) state = evolve(state, event);
  return state;
}
