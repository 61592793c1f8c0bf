import { escapeHtml } from './escape';

/** Markup the caller vouches for (it was built from escaped parts); any other cell is text and escaped. */
export interface Markup {
  html: string;
}

export type Cell = string | number | Markup;

export interface Column {
  label: string;
  /** Right-aligned, tabular figures. */
  numeric?: boolean;
  /** Kept on one line (times, windows). */
  nowrap?: boolean;
}

export interface TableOptions {
  columns: Column[];
  rows: Cell[][];
  /** A totals row, set apart at the bottom. */
  footer?: Cell[];
  /** Rows (by index) to highlight, e.g. the chosen candidate. */
  highlight?: ReadonlySet<number>;
}

export const markup = (html: string): Markup => ({ html });

const cellHtml = (cell: Cell) => (typeof cell === 'object' ? cell.html : escapeHtml(cell));

function classOf(column: Column | undefined): string {
  const classes = [column?.numeric ? 'num' : '', column?.nowrap ? 'nowrap' : ''].filter(Boolean);
  return classes.length > 0 ? ` class="${classes.join(' ')}"` : '';
}

function rowHtml(cells: readonly Cell[], columns: readonly Column[], highlighted = false): string {
  const tds = cells.map((cell, i) => `<td${classOf(columns[i])}>${cellHtml(cell)}</td>`).join('');
  return `<tr${highlighted ? ' class="highlight"' : ''}>${tds}</tr>`;
}

/** A plain data table (scrolling sideways on a narrow page); every text cell escaped. */
export function htmlTable({ columns, rows, footer, highlight }: TableOptions): string {
  const labelled = columns.some((column) => column.label !== '');
  const head = labelled
    ? `<thead><tr>${columns.map((column) => `<th${classOf(column)}>${escapeHtml(column.label)}</th>`).join('')}</tr></thead>`
    : '';
  const body = rows.map((row, i) => rowHtml(row, columns, highlight?.has(i))).join('');
  const foot = footer ? `<tfoot>${rowHtml(footer, columns)}</tfoot>` : '';
  return `<div class="table"><table>${head}<tbody>${body}</tbody>${foot}</table></div>`;
}

/** Label–value pairs as a two-column table without a header (a stage's key figures, a configuration). */
export function factTable(facts: readonly [string, Cell][]): string {
  return htmlTable({ columns: [{ label: '' }, { label: '', numeric: true }], rows: facts.map(([label, value]) => [label, value]) });
}
