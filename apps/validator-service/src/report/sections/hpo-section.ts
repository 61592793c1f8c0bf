import { Direction, dominates } from '@ares/hpo';
import { formatInteger, formatNumber, formatSignificant } from '../format';
import { factTable } from '../html/table';
import { PALETTE } from '../palette';
import { niceTicks } from '../svg/scale';
import { ScatterLine, ScatterPoint, scatterChart } from '../svg/scatter-chart';
import { absent, figure, paragraph, section, subheading } from './section';

export const HPO_SECTION = { id: 'hpo', title: 'Hyper-parameter search' } as const;

export interface HpoTrial {
  id: string;
  phase: string;
  state: string;
  /** Objective values at the rounds reached (a pruned trial's at its last rung); null for a failed one. */
  values: number[] | null;
  rounds: number | null;
}

/** hpo's study: every trial in the order it was told, the choice, and the Pareto front of a multi-objective study. */
export interface HpoData {
  objectives: string[];
  directions: string[];
  trials: HpoTrial[];
  chosenId: string | null;
  choiceRule: string | null;
  chosenParams: Record<string, unknown> | null;
  /** Every configuration tried, coarse points included (what the DSR counts). */
  totalTrials: number | null;
  coarseTrials: number | null;
}

const OBJECTIVE_LABELS: Record<string, string> = { sharpe: 'Sharpe ratio (CV)', 'log-loss': 'log loss (CV)', 'max-drawdown': 'max drawdown (CV)' };
const objectiveLabel = (name: string) => OBJECTIVE_LABELS[name] ?? name;
const formatObjective = (name: string) =>
  name === 'max-drawdown' ? (v: number) => `${formatNumber(v * 100, 0)} %` : (v: number) => formatNumber(v, 2);

function trialTitle(trial: HpoTrial, objectives: readonly string[]): string {
  const values = (trial.values ?? []).map((value, i) => `${objectives[i] ?? `objective ${i + 1}`} ${formatSignificant(value, 4)}`).join(', ');
  return `${trial.id} (${trial.state}${trial.rounds ? `, ${trial.rounds} rounds` : ''})${values ? `: ${values}` : ''}`;
}

function historyChart(data: HpoData): string {
  const objective = data.objectives[0] ?? 'objective';
  const maximize = (data.directions[0] ?? 'maximize') === 'maximize';
  const point = (trial: HpoTrial, i: number): ScatterPoint => ({ x: i + 1, y: trial.values?.[0] ?? NaN, title: trialTitle(trial, data.objectives) });
  const indexed = data.trials.map((trial, i) => ({ trial, i }));
  const complete = indexed.filter(({ trial }) => trial.state === 'complete');
  const best: ScatterLine['points'] = [];
  let bestSoFar = NaN;
  for (const { trial, i } of complete) {
    const value = trial.values?.[0];
    if (value === undefined || !Number.isFinite(value)) continue;
    if (!Number.isFinite(bestSoFar) || (maximize ? value > bestSoFar : value < bestSoFar)) bestSoFar = value;
    best.push({ x: i + 1, y: bestSoFar });
  }
  if (best.length > 0) best.push({ x: data.trials.length, y: bestSoFar });
  const chosen = indexed.filter(({ trial }) => trial.id === data.chosenId);
  const lines: ScatterLine[] = best.length > 0 ? [{ label: 'best so far', color: PALETTE.best, points: best, step: true }] : [];
  const refineStart = data.trials.findIndex((trial) => trial.phase === 'refine');
  const finite = data.trials.flatMap((trial) => (trial.values && Number.isFinite(trial.values[0]) ? [trial.values[0]] : []));
  if (refineStart > 0 && finite.length > 0) {
    const x = refineStart + 0.5;
    lines.push({
      label: 'refinement starts',
      color: PALETTE.reference,
      dashed: true,
      points: [
        { x, y: Math.min(...finite) },
        { x, y: Math.max(...finite) },
      ],
    });
  }
  const ticks = niceTicks(1, Math.max(1, data.trials.length), 8)
    .filter(Number.isInteger)
    .map((value) => ({ value, label: String(value) }));
  return scatterChart({
    title: `HPO history: ${objectiveLabel(objective)} by trial`,
    groups: [
      { label: 'complete', color: PALETTE.complete, shape: 'dot', points: complete.map(({ trial, i }) => point(trial, i)) },
      {
        label: 'pruned (value at its last rung)',
        color: PALETTE.pruned,
        shape: 'cross',
        points: indexed.filter(({ trial }) => trial.state === 'pruned').map(({ trial, i }) => point(trial, i)),
      },
      { label: 'chosen', color: PALETTE.chosen, shape: 'ring', points: chosen.map(({ trial, i }) => point(trial, i)), radius: 5 },
    ],
    lines,
    xTicks: ticks.length > 1 ? ticks : undefined,
    xLabel: 'trial, in the order told',
    yLabel: objectiveLabel(objective),
    yFormat: formatObjective(objective),
  });
}

function paretoChart(data: HpoData, front: ReadonlySet<string>): string {
  const [yName, xName] = data.objectives;
  const complete = data.trials.filter((trial) => trial.state === 'complete' && trial.values && trial.values.length >= 2);
  const point = (trial: HpoTrial): ScatterPoint => ({ x: trial.values![1], y: trial.values![0], title: trialTitle(trial, data.objectives) });
  const members = complete.filter((trial) => front.has(trial.id));
  return scatterChart({
    title: `Pareto front: ${objectiveLabel(yName)} against ${objectiveLabel(xName)}`,
    groups: [
      { label: 'dominated', color: PALETTE.dropped, shape: 'dot', points: complete.filter((trial) => !front.has(trial.id)).map(point) },
      { label: 'Pareto front', color: PALETTE.front, shape: 'dot', points: members.map(point), radius: 4.5 },
      { label: 'chosen', color: PALETTE.chosen, shape: 'ring', points: complete.filter((trial) => trial.id === data.chosenId).map(point), radius: 6 },
    ],
    lines: [{ label: 'front', color: PALETTE.front, points: members.map(point).sort((a, b) => a.x - b.x || a.y - b.y) }],
    xLabel: objectiveLabel(xName),
    yLabel: objectiveLabel(yName),
    xFormat: formatObjective(xName),
    yFormat: formatObjective(yName),
  });
}

/**
 * Ids of a multi-objective study's Pareto front — its complete trials no other complete trial dominates, as hpo's
 * choice rule sees them; null for a single objective.
 */
export function paretoFrontOf(data: Pick<HpoData, 'objectives' | 'directions' | 'trials'>): string[] | null {
  const { objectives, directions } = data;
  if (objectives.length < 2 || directions.length !== objectives.length) return null;
  const scored = data.trials.filter((trial) => trial.state === 'complete' && trial.values?.length === objectives.length);
  const beaten = (trial: HpoTrial) => scored.some((other) => dominates(other.values!, trial.values!, directions as Direction[]));
  return scored.filter((trial) => !beaten(trial)).map((trial) => trial.id);
}

function countsSentence(data: HpoData): string {
  const count = (state: string) => data.trials.filter((trial) => trial.state === state).length;
  const coarse = data.coarseTrials === null ? '' : `${formatInteger(data.coarseTrials)} coarse points and `;
  const total = data.totalTrials === null ? '' : `${formatInteger(data.totalTrials)} configurations tried: `;
  return `${total}${coarse}${data.trials.length} hpo trials (${count('complete')} complete, ${count('pruned')} pruned, ${count('failed')} failed); objective${data.objectives.length > 1 ? 's' : ''} ${data.objectives.join(', ')}.`;
}

/** The study: each trial's objective in order with the best so far and the pruned marked, the Pareto front, the choice. */
export function hpoSection(data: HpoData | undefined, missing?: string): string {
  const { id, title } = HPO_SECTION;
  if (!data) return section(id, title, absent(missing ?? 'No hpo study: there is no search history to show.'));
  const parts = [paragraph(countsSentence(data))];
  parts.push(
    data.trials.length > 0 ? figure(historyChart(data), 'Hover a point for its trial id and figures.') : absent('The study holds no trial.'),
  );
  parts.push(subheading('Pareto front'));
  const front = paretoFrontOf(data);
  if (!front) {
    parts.push(absent(`A single objective (${data.objectives[0] ?? 'none'}) has no Pareto front: the best trial by it was chosen.`));
  } else if (front.length === 0) {
    parts.push(absent('No trial completed, so there is no Pareto front.'));
  } else {
    parts.push(figure(paretoChart(data, new Set(front)), `${front.length} trial(s) on the front.`));
  }
  parts.push(subheading('Chosen configuration'));
  if (data.choiceRule) parts.push(paragraph(`${data.chosenId ?? 'No trial'} chosen by: ${data.choiceRule}.`));
  const params = Object.entries(data.chosenParams ?? {});
  parts.push(
    params.length > 0
      ? factTable(
          params.map(([name, value]) => [name, typeof value === 'number' && !Number.isInteger(value) ? formatSignificant(value, 4) : String(value)]),
        )
      : absent('The study names no chosen parameters.'),
  );
  return section(id, title, parts.join(''));
}
