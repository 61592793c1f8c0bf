import type { StageView } from '../api';
import { formatBytes, formatDuration, formatNumber, formatPercent, formatUnits } from '../format';
import { StatusBadge } from './status-badge';

function MetricsTable({ metrics }: { metrics: Record<string, number> }) {
  const entries = Object.entries(metrics);
  if (entries.length === 0) return <p class="muted">No metrics.</p>;
  return (
    <table class="metrics">
      <tbody>
        {entries.map(([name, value]) => (
          <tr key={name} data-metric={name}>
            <th>{name}</th>
            <td class="number">{formatNumber(value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One row per stage: status, attempts, cache, time, units; opened, its metrics, message, error and artifacts. */
export function StageTable({ stages }: { stages: StageView[] }) {
  return (
    <div class="stage-table">
      {stages.map((stage) => (
        <details key={stage.name} class={`stage-row status-${stage.status}`} data-stage-row={stage.name}>
          <summary>
            <span class="stage-name">{stage.name}</span>
            <StatusBadge status={stage.status} />
            <span class="muted">
              {[
                stage.attempts > 0 ? `${stage.attempts} attempt${stage.attempts === 1 ? '' : 's'}` : '',
                stage.cached ? 'cached' : '',
                formatDuration(stage.startedAt, stage.finishedAt),
                stage.units ? formatUnits(stage.units) : '',
                stage.status === 'running' ? formatPercent(stage.progress) : '',
              ]
                .filter(Boolean)
                .join(' · ')}
            </span>
          </summary>
          <div class="stage-body">
            {stage.message && <p class="stage-message">{stage.message}</p>}
            {stage.error && <p class="error">{stage.error}</p>}
            {stage.instance && <p class="muted">ran on {stage.instance}</p>}
            <MetricsTable metrics={stage.metrics} />
            {stage.artifacts.length > 0 && (
              <ul class="artifacts">
                {stage.artifacts.map((artifact) => (
                  <li key={artifact.name} title={artifact.key}>
                    {artifact.name} <span class="muted">{formatBytes(artifact.size)}</span>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </details>
      ))}
    </div>
  );
}
