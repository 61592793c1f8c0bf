import type { StageInfo, StageView } from '../api';
import { formatPercent, formatUnits } from '../format';
import { layoutStageGraph } from '../graph-layout';

const SIZE = { nodeWidth: 196, nodeHeight: 54, gapX: 22, gapY: 30 };
const PAD = 6;

function clip(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

/** The second line of a box: what a person watching wants to know about the stage right now. */
function stageLine(stage: StageView): string {
  const parts: string[] = [stage.status];
  if (stage.status === 'running' && stage.progress !== null) parts.push(formatPercent(stage.progress));
  if (stage.units) parts.push(formatUnits(stage.units));
  if (stage.attempts > 1) parts.push(`attempt ${stage.attempts}`);
  if (stage.cached) parts.push('cached');
  return parts.join(' · ');
}

/**
 * The run's stages as a DAG in SVG, drawn from each stage's `dependsOn` in the catalogue and coloured by status;
 * a running stage shows its progress as a bar, its fraction and its last message.
 */
export function StageGraph({ stages, catalogue }: { stages: StageView[]; catalogue: StageInfo[] }) {
  const needs = new Map(catalogue.map((stage) => [stage.name, stage.dependsOn]));
  const layout = layoutStageGraph(
    stages.map((stage) => ({ name: stage.name, dependsOn: needs.get(stage.name) ?? [] })),
    SIZE,
  );
  const byName = new Map(stages.map((stage) => [stage.name, stage]));
  const descriptions = new Map(catalogue.map((stage) => [stage.name, stage.description]));
  const width = layout.width + 2 * PAD;
  const height = layout.height + 2 * PAD;
  return (
    <svg class="stage-graph" viewBox={`${-PAD} ${-PAD} ${width} ${height}`} width={width} height={height} role="img" aria-label="stage graph">
      <defs>
        <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" class="edge-head" />
        </marker>
      </defs>
      {layout.edges.map(({ from, to, x1, y1, bendY, x2, y2 }) => {
        const bend = (y2 - bendY) / 2;
        return (
          <path
            key={`${from.name}->${to.name}`}
            class={`edge edge-${byName.get(from.name)?.status ?? 'pending'}`}
            d={`M ${x1} ${y1} L ${x1} ${bendY} C ${x1} ${bendY + bend}, ${x2} ${y2 - bend}, ${x2} ${y2}`}
            marker-end="url(#arrow)"
          />
        );
      })}
      {layout.nodes.map((node) => {
        const stage = byName.get(node.name)!;
        const progress = Math.min(1, Math.max(0, stage.progress ?? 0));
        return (
          <g
            key={node.name}
            class={`node status-${stage.status}`}
            transform={`translate(${node.x} ${node.y})`}
            data-stage={stage.name}
            data-status={stage.status}
          >
            <title>{`${stage.name}: ${descriptions.get(stage.name) ?? ''}${stage.message ? `\n${stage.message}` : ''}${stage.error ? `\n${stage.error}` : ''}`}</title>
            <rect class="node-box" width={SIZE.nodeWidth} height={SIZE.nodeHeight} rx="6" />
            {stage.status === 'running' && <rect class="node-progress" y={SIZE.nodeHeight - 5} width={SIZE.nodeWidth * progress} height="5" rx="2" />}
            <text class="node-name" x="10" y="17">
              {stage.name}
            </text>
            <text class="node-line" x="10" y="32">
              {stageLine(stage)}
            </text>
            <text class={stage.error ? 'node-message node-error' : 'node-message'} x="10" y="45">
              {clip(stage.error ?? stage.message ?? '', 34)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
