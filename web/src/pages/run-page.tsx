import { useEffect, useState } from 'preact/hooks';
import { api, reportUrl, RunDetail, runStreamUrl, StageInfo, TERMINAL_STATUSES } from '../api';
import { StageGraph } from '../components/stage-graph';
import { StageTable } from '../components/stage-table';
import { StatusBadge } from '../components/status-badge';
import { formatDuration, formatTime } from '../format';
import { useEventStream } from '../use-event-stream';

const STREAM_EVENTS = ['message'] as const;

function SpecSummary({ run }: { run: RunDetail }) {
  const { spec } = run;
  const overridden = Object.keys(spec.stages ?? {});
  return (
    <dl class="spec">
      <dt>market</dt>
      <dd>
        {spec.exchange} {spec.symbol} {spec.timeframe} ({spec.market})
      </dd>
      <dt>range</dt>
      <dd>
        {spec.from} → {spec.to} from {spec.source}
      </dd>
      <dt>model</dt>
      <dd>
        {spec.model}, seed {spec.seed}
      </dd>
      {overridden.length > 0 && (
        <>
          <dt>overrides</dt>
          <dd>{overridden.join(', ')}</dd>
        </>
      )}
      <dt>started</dt>
      <dd>{formatTime(run.createdAt)}</dd>
      {run.finishedAt && (
        <>
          <dt>finished</dt>
          <dd>
            {formatTime(run.finishedAt)} ({formatDuration(run.createdAt, run.finishedAt)})
          </dd>
        </>
      )}
    </dl>
  );
}

/**
 * One run, live: every event of GET /runs/:id/stream is the whole detail (the current one first), so the page never
 * polls; the stream is closed once the run has ended.
 */
export function RunPage({ runId }: { runId: string }) {
  // Mounted per run (keyed by its id), so nothing of another run lingers in this state.
  const [run, setRun] = useState<RunDetail | null>(null);
  const [catalogue, setCatalogue] = useState<StageInfo[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    api.stages().then(setCatalogue, (error: Error) => setProblem(`cannot load the stage catalogue: ${error.message}`));
  }, []);
  const stream = useEventStream(runStreamUrl(runId), STREAM_EVENTS, (_type, data) => {
    const detail = data as RunDetail;
    setRun(detail);
    return TERMINAL_STATUSES.includes(detail.status) ? 'end' : undefined;
  });
  useEffect(() => {
    // EventSource does not say why it gave up: one request tells an unknown run from a server that is away.
    if (stream !== 'failed') return;
    api.runExists(runId).then(
      (exists) => setProblem(exists ? 'the live stream of this run failed; reload the page to try again' : `no run '${runId}'`),
      (error: Error) => setProblem(`cannot reach the orchestrator: ${error.message}`),
    );
  }, [stream, runId]);

  if (!run) {
    return <section class="panel">{problem ? <p class="error">{problem}</p> : <p class="muted">Connecting to {runId}…</p>}</section>;
  }
  const report = run.stages.find((stage) => stage.name === 'report');
  const reportReady = run.status === 'completed' && report?.status === 'completed';
  return (
    <div class="run-page" data-run-id={run.runId} data-run-status={run.status}>
      <section class="panel run-header">
        <h2>
          {run.runId} <StatusBadge status={run.status} />
          {!TERMINAL_STATUSES.includes(run.status) && <span class={`live live-${stream}`}>{stream === 'open' ? 'live' : stream}</span>}
        </h2>
        <SpecSummary run={run} />
        {run.error && <p class="error run-error">{run.error}</p>}
        {problem && <p class="error">{problem}</p>}
        {reportReady && (
          <p>
            <a class="report-link" href={reportUrl(run.runId)}>
              Open report
            </a>
          </p>
        )}
      </section>
      <div class="columns">
        <section class="panel graph-panel">
          <h3>Stage graph</h3>
          {catalogue ? <StageGraph stages={run.stages} catalogue={catalogue} /> : <p class="muted">Loading the stage catalogue…</p>}
        </section>
        <section class="panel">
          <h3>Stages</h3>
          <StageTable stages={run.stages} />
        </section>
      </div>
    </div>
  );
}
