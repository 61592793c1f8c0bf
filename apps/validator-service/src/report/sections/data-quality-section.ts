import { formatInteger, formatPercent, formatTime } from '../format';
import { Cell, htmlTable } from '../html/table';
import { absent, keyFigures, paragraph, section } from './section';

export const DATA_QUALITY_SECTION = { id: 'data-quality', title: 'Data quality' } as const;

export interface QualityFindingRow {
  kind: string;
  /** ISO time the finding is about (a gap's first missing bar). */
  time: string;
  /** A gap's first bar after it. */
  until?: string;
  detail: string;
  bars?: number;
  action: string;
}

/** validate-data's report. */
export interface DataQualityData {
  passed: boolean | null;
  metrics: Record<string, number>;
  findings: QualityFindingRow[];
  /** Findings counted but not listed (beyond the policy's limit). */
  findingsOmitted: number;
}

const SHOWN = 200;

const COUNTS: [string, string][] = [
  ['gaps', 'gaps'],
  ['missingBars', 'missing bars'],
  ['longGaps', 'long gaps'],
  ['duplicates', 'duplicates'],
  ['nonFinite', 'rows with NaN/Inf'],
  ['ohlcInconsistent', 'OHLC inconsistent'],
  ['negativeVolume', 'negative volume'],
  ['nonMonotonic', 'non-monotonic'],
  ['misaligned', 'misaligned'],
  ['maskedRows', 'masked rows'],
  ['segments', 'segments'],
  ['forwardFilledBars', 'forward-filled bars'],
];

/** The gate's verdict, its counts, and every finding with its time and what was done about it. */
export function dataQualitySection(data: DataQualityData | undefined, missing?: string): string {
  const { id, title } = DATA_QUALITY_SECTION;
  if (!data) return section(id, title, absent(missing ?? 'No validate-data output: the data-quality findings are unknown.'));
  const m = data.metrics;
  const verdict =
    data.passed === null
      ? 'The gate’s verdict was not recorded.'
      : data.passed
        ? 'The data passed the quality gate.'
        : 'The data failed the quality gate.';
  const longest = m.longestGapHours === undefined ? '' : ` Longest gap: ${formatInteger(m.longestGapHours)} h.`;
  const parts = [
    paragraph(`${verdict}${longest}`),
    keyFigures([
      { label: 'rows', value: formatInteger(m.rows) },
      { label: 'coverage of the range', value: formatPercent(m.coverage, 2) },
      ...COUNTS.filter(([key]) => m[key] !== undefined).map(([key, label]) => ({ label, value: formatInteger(m[key]) })),
    ]),
  ];
  if (data.findings.length === 0) {
    parts.push(
      absent(
        data.findingsOmitted > 0
          ? `${formatInteger(data.findingsOmitted)} findings were counted but none listed.`
          : 'No findings: every check passed on every row.',
      ),
    );
  } else {
    const rows: Cell[][] = data.findings
      .slice(0, SHOWN)
      .map((finding) => [
        formatTime(finding.time),
        finding.until ? formatTime(finding.until) : '',
        finding.kind,
        finding.bars === undefined ? '' : formatInteger(finding.bars),
        finding.action,
        finding.detail,
      ]);
    parts.push(
      htmlTable({
        columns: [
          { label: 'time (UTC)', nowrap: true },
          { label: 'until', nowrap: true },
          { label: 'kind' },
          { label: 'bars', numeric: true },
          { label: 'action' },
          { label: 'detail' },
        ],
        rows,
      }),
    );
    const notShown = Math.max(0, data.findings.length - SHOWN) + data.findingsOmitted;
    if (notShown > 0) parts.push(paragraph(`${formatInteger(notShown)} more finding(s) not listed.`, 'note'));
  }
  return section(id, title, parts.join(''));
}
