import { useState } from 'preact/hooks';
import { RunListEntry, runHref, runListStreamUrl } from '../api';
import { RunForm } from '../components/run-form';
import { StatusBadge } from '../components/status-badge';
import { formatPercent, formatTime } from '../format';
import { useEventStream } from '../use-event-stream';

const STREAM_EVENTS = ['run', 'removed'] as const;

function newestFirst(a: RunListEntry, b: RunListEntry): number {
  return a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.runId < b.runId ? 1 : -1;
}

function RunRow({ run }: { run: RunListEntry }) {
  return (
    <tr data-run-id={run.runId} data-status={run.status}>
      <td>
        <a href={runHref(run.runId)}>{run.runId}</a>
      </td>
      <td>
        <StatusBadge status={run.status} />
      </td>
      <td>
        {run.symbol} {run.timeframe}
        <div class="muted">
          {run.from} → {run.to}
        </div>
      </td>
      <td>
        {run.stagesDone}/{run.stagesTotal}
        {run.activeStage && (
          <div class="muted">
            {run.activeStage.name} {formatPercent(run.activeStage.progress)}
          </div>
        )}
      </td>
      <td class="muted">{formatTime(run.createdAt)}</td>
      <td class="error" title={run.error ?? ''}>
        {run.error ? (run.error.length > 120 ? `${run.error.slice(0, 119)}…` : run.error) : ''}
      </td>
    </tr>
  );
}

/** Home: the form that starts a run, and every run with its status as it changes (GET /runs-stream). */
export function RunListPage() {
  const [runs, setRuns] = useState<Map<string, RunListEntry>>(new Map());
  const stream = useEventStream(runListStreamUrl, STREAM_EVENTS, (type, data) => {
    setRuns((previous) => {
      const next = new Map(previous);
      if (type === 'removed') next.delete((data as { runId: string }).runId);
      else next.set((data as RunListEntry).runId, data as RunListEntry);
      return next;
    });
  });
  const sorted = [...runs.values()].sort(newestFirst);
  return (
    <div class="columns">
      <section class="panel form-panel">
        <RunForm />
      </section>
      <section class="panel runs-panel">
        <h2>
          Runs <span class={`live live-${stream}`}>{stream === 'open' ? 'live' : stream}</span>
        </h2>
        {sorted.length === 0 ? (
          <p class="muted">No runs yet: start one with the form.</p>
        ) : (
          <table class="runs">
            <thead>
              <tr>
                <th>Run</th>
                <th>Status</th>
                <th>Market</th>
                <th>Stages</th>
                <th>Started</th>
                <th>Error</th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((run) => (
                <RunRow key={run.runId} run={run} />
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
