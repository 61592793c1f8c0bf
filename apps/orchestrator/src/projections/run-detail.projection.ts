import { RunEvent, StageName } from '@ares/contracts';
import { RunDetail, StageDetail } from './run-detail';

function updateStage(detail: RunDetail, name: StageName, change: (stage: StageDetail) => Partial<StageDetail>): RunDetail {
  return { ...detail, stages: detail.stages.map((stage) => (stage.name === name ? { ...stage, ...change(stage) } : stage)) };
}

/** Folds one history event (with its 1-based version) into the run's read model. Pure. */
export function projectRunDetail(detail: RunDetail | undefined, event: RunEvent, version: number): RunDetail | undefined {
  if (event.type === 'RunStarted') {
    return {
      runId: event.data.runId,
      status: 'running',
      spec: event.data.spec,
      createdAt: event.data.at,
      updatedAt: event.data.at,
      finishedAt: null,
      error: null,
      version,
      stages: event.data.plan.map((stage) => ({
        name: stage.name,
        status: 'pending',
        attempts: 0,
        startedAt: null,
        finishedAt: null,
        metrics: {},
        artifacts: [],
        error: null,
        progress: null,
        message: null,
        cached: false,
        instance: null,
      })),
    };
  }
  if (!detail || version <= detail.version) return detail;
  const next = applyToExisting(detail, event);
  return { ...next, version, updatedAt: event.data.at };
}

function applyToExisting(detail: RunDetail, event: RunEvent): RunDetail {
  switch (event.type) {
    case 'RunStarted':
      return detail;
    case 'StageSkipped':
      return updateStage(detail, event.data.stage, () => ({ status: 'skipped', message: event.data.reason }));
    case 'StageDispatched':
      return updateStage(detail, event.data.stage, () => ({
        status: 'dispatched',
        attempts: event.data.attempt,
        error: null,
        finishedAt: null,
        progress: null,
        message: null,
      }));
    case 'StageStarted':
      return updateStage(detail, event.data.stage, (stage) => ({
        status: 'running',
        startedAt: stage.startedAt ?? event.data.at,
        instance: event.data.instance ?? null,
      }));
    case 'StageCheckpointed':
      return updateStage(detail, event.data.stage, (stage) => ({ units: (stage.units ?? 0) + 1 }));
    case 'StageProgressed':
      return updateStage(detail, event.data.stage, (stage) => ({
        progress: event.data.progress ?? stage.progress,
        message: event.data.message ?? stage.message,
      }));
    case 'StageCompleted':
      return updateStage(detail, event.data.stage, (stage) => ({
        status: 'completed',
        finishedAt: event.data.at,
        startedAt: stage.startedAt ?? event.data.at,
        progress: 1,
        metrics: event.data.output.metrics,
        artifacts: event.data.output.artifacts,
        summary: event.data.output.summary,
        cached: event.data.cached,
        error: null,
      }));
    case 'StageFailed':
      return updateStage(detail, event.data.stage, () => ({
        status: event.data.willRetry ? 'pending' : 'failed',
        error: event.data.error,
        finishedAt: event.data.willRetry ? null : event.data.at,
      }));
    case 'RunCompleted':
      return { ...detail, status: 'completed', finishedAt: event.data.at };
    case 'RunFailed':
    case 'RunCancelled': {
      const stopped = {
        ...detail,
        status: event.type === 'RunFailed' ? ('failed' as const) : ('cancelled' as const),
        finishedAt: event.data.at,
        error: event.data.reason,
      };
      return {
        ...stopped,
        stages: stopped.stages.map((stage) =>
          stage.status === 'dispatched' || stage.status === 'running' ? { ...stage, status: 'cancelled', finishedAt: event.data.at } : stage,
        ),
      };
    }
    case 'RunResumed':
      return {
        ...detail,
        status: 'running',
        finishedAt: null,
        error: null,
        stages: detail.stages.map((stage) => (event.data.stages.includes(stage.name) ? { ...stage, status: 'pending', error: null } : stage)),
      };
  }
}
