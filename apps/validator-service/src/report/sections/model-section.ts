import { escapeHtml } from '../html/escape';
import { formatInteger, formatNumber, formatPercent, formatSignificant } from '../format';
import { factTable, htmlTable, markup } from '../html/table';
import { absent, hashHtml, paragraph, section, subheading } from './section';

export const MODEL_SECTION = { id: 'model', title: 'Model and registry' } as const;

/** A model a stage trained and exported (train's baseline, meta-learner's stacked graph). */
export interface TrainedModel {
  stage: string;
  kind: string;
  sha256: string | null;
  /** onnxruntime-node against in-process predictions, max |difference|. */
  parity: number | null;
  trainRows: number | null;
  bytes: number | null;
  /** The entry rule, e.g. "break-even after costs". */
  threshold?: string;
  /** The stage's metrics: members, stacking and meta-label figures, take-profit rates. */
  metrics: Record<string, number>;
}

/** save-model's registration. */
export interface RegisteredModel {
  name: string;
  version: number;
  stage: string;
  onnxSha256: string | null;
}

export interface ModelsData {
  /** The RunSpec's model kind: which trained model is the deployable one. */
  deployed: string | null;
  models: TrainedModel[];
  registry: RegisteredModel | null;
  /** Why the registry facts are missing, when they are. */
  registryMissing?: string;
}

const percent = (value: number) => formatPercent(value, 1);
const SIDES = ['long', 'short'] as const;
const bySide = (name: string, label: string, format: (value: number) => string): [string, string, (value: number) => string][] =>
  SIDES.map((side) => [`${name}${side === 'long' ? 'Long' : 'Short'}`, `${label} (${side})`, format]);

/** The figures train and meta-learner report beside their hashes, by metric name, in the order shown. */
const DETAILS: [string, string, (value: number) => string][] = [
  ['members', 'members', String],
  ['learners', 'learners (both sides)', String],
  ...bySide('stackL2', 'stacking L2', (value) => formatNumber(value, 2)),
  ...bySide('stackLogLoss', 'stacking CV log loss', (value) => formatNumber(value, 4)),
  ...bySide('metaBets', 'meta-label bets', String),
  ...bySide('metaHitRate', 'meta-label hit rate', percent),
  ['longPositiveRate', 'take-profit rate (long)', percent],
  ['shortPositiveRate', 'take-profit rate (short)', percent],
];

function details(model: TrainedModel): [string, string][] {
  const rows: [string, string][] = model.threshold ? [['entry threshold', model.threshold]] : [];
  for (const [name, label, format] of DETAILS) if (model.metrics[name] !== undefined) rows.push([label, format(model.metrics[name])]);
  return rows;
}

/** The deployable model's stage: the meta-learner's graph for an ensemble, train's otherwise. */
const deployedStage = (kind: string | null) => (kind === 'ensemble' ? 'meta-learner' : 'train');

/** The trained models with their ONNX hashes and parity, and the registry version the deployable one became. */
export function modelSection(data: ModelsData | undefined, missing?: string): string {
  const { id, title } = MODEL_SECTION;
  if (!data) return section(id, title, absent(missing ?? 'No train or meta-learner output: there is no model to describe.'));
  const deployed = data.models.find((model) => model.stage === deployedStage(data.deployed));
  const parts: string[] = [];
  if (data.models.length === 0) {
    parts.push(absent('No trained model is described by the upstream stages.'));
  } else {
    parts.push(
      htmlTable({
        columns: [
          { label: 'stage' },
          { label: 'model' },
          { label: 'ONNX sha256' },
          { label: 'parity max |Δ|', numeric: true },
          { label: 'train rows', numeric: true },
          { label: 'ONNX bytes', numeric: true },
          { label: '' },
        ],
        rows: data.models.map((model) => [
          model.stage,
          model.kind,
          markup(hashHtml(model.sha256)),
          formatSignificant(model.parity),
          formatInteger(model.trainRows),
          formatInteger(model.bytes),
          model === deployed ? 'deployed' : '',
        ]),
      }),
    );
    for (const model of data.models) {
      const rows = details(model);
      if (rows.length > 0) parts.push(subheading(`${model.stage}: ${model.kind}`), factTable(rows));
    }
  }
  parts.push(subheading('Registry'));
  if (!data.registry) {
    parts.push(absent(data.registryMissing ?? 'No save-model output: the model was not registered.'));
  } else {
    const { name, version, stage, onnxSha256 } = data.registry;
    parts.push(
      `<p>Registered as <code>${escapeHtml(name)}</code> version ${escapeHtml(version)}, stage <span class="badge ${escapeHtml(stage)}">${escapeHtml(stage)}</span>, ONNX ${hashHtml(onnxSha256, 16)}.</p>`,
    );
    if (deployed?.sha256 && onnxSha256) {
      parts.push(
        deployed.sha256 === onnxSha256
          ? paragraph(`The registered bytes are ${deployed.stage}'s model (same sha256).`, 'note')
          : paragraph(`The registered ONNX sha256 differs from ${deployed.stage}'s model: the registry holds another graph than this run deployed.`),
      );
    }
  }
  return section(id, title, parts.join(''));
}
