import { RunView, StageView } from './api-client';

function duration(stage: StageView): string {
  if (!stage.startedAt) return '';
  const end = stage.finishedAt ? Date.parse(stage.finishedAt) : Date.now();
  return `${((end - Date.parse(stage.startedAt)) / 1000).toFixed(2)} s`;
}

function formatMetric(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 1000 ? value.toFixed(0) : value.toPrecision(4);
}

/** A table of stages, one line each: what a person watching a run wants to see. */
export function renderStages(run: RunView, { metrics = false } = {}): string {
  const lines = [`run ${run.runId}: ${run.status}${run.error ? ` — ${run.error}` : ''}`];
  const width = Math.max(...run.stages.map((stage) => stage.name.length));
  for (const stage of run.stages) {
    const progress = stage.status === 'running' && typeof stage.progress === 'number' ? ` ${Math.round(stage.progress * 100)}%` : '';
    const attempts = stage.attempts > 1 ? ` (attempt ${stage.attempts})` : '';
    const cached = stage.cached ? ' [cached]' : '';
    const note = stage.error ? ` — ${stage.error}` : stage.message && stage.status === 'running' ? ` — ${stage.message}` : '';
    lines.push(`  ${stage.name.padEnd(width)}  ${(stage.status + progress).padEnd(12)} ${duration(stage).padStart(9)}${attempts}${cached}${note}`);
    if (metrics && Object.keys(stage.metrics).length > 0) {
      const shown = Object.entries(stage.metrics)
        .slice(0, 12)
        .map(([name, value]) => `${name}=${formatMetric(value)}`)
        .join('  ');
      lines.push(`  ${' '.repeat(width)}  ${shown}`);
    }
  }
  return lines.join('\n');
}
