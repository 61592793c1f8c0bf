import { escapeHtml } from './escape';

/**
 * The report's only styles, inline: the file must look right opened from disk, mailed, or served, with no network.
 * The Content-Security-Policy says the same to the browser: nothing may be fetched, no script may run.
 */
const STYLE = `
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #f6f8fa; --good: #1a7f37; --warn: #9a6700; --bad: #cf222e; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: var(--ink); background: #fff; }
main { max-width: 1120px; margin: 0 auto; padding: 24px 28px 64px; }
header h1 { font-size: 24px; margin: 0 0 4px; }
header p { margin: 0; color: var(--muted); }
nav { margin: 16px 0 8px; padding: 8px 0; border-top: 1px solid var(--line); border-bottom: 1px solid var(--line); font-size: 13px; }
nav a { color: #0969da; text-decoration: none; margin-right: 14px; white-space: nowrap; }
section { margin-top: 32px; }
h2 { font-size: 18px; margin: 0 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 20px 0 6px; }
p { margin: 6px 0; }
figure { margin: 10px 0 16px; }
figure svg { display: block; width: 100%; max-width: 960px; height: auto; }
figcaption { color: var(--muted); font-size: 12px; margin-top: 2px; }
table { border-collapse: collapse; margin: 8px 0 12px; font-size: 13px; }
th, td { padding: 3px 10px 3px 0; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { font-weight: 600; color: var(--muted); white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.nowrap { white-space: nowrap; }
div.table { overflow-x: auto; max-width: 100%; }
tr.highlight td { background: #fff8c5; }
tfoot td { font-weight: 600; border-top: 2px solid var(--line); }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 8px; margin: 12px 0; }
.figure { background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; }
.figure b { display: block; font-size: 18px; font-variant-numeric: tabular-nums; }
.figure span { color: var(--muted); font-size: 12px; }
.absent { color: var(--muted); font-style: italic; }
.verdict { border-left: 4px solid var(--warn); background: #fff8c5; padding: 10px 14px; margin: 10px 0; }
.verdict.passes { border-color: var(--good); background: #dafbe1; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; background: var(--soft); border: 1px solid var(--line); }
.badge.champion { background: #dafbe1; border-color: #4ac26b; }
.badge.challenger { background: #fff8c5; border-color: #d4a72c; }
code, .hash { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; }
.note { color: var(--muted); font-size: 12px; }
@media print { nav { display: none; } section { break-inside: avoid-page; } }
`;

export interface HtmlDocumentOptions {
  title: string;
  body: string;
}

/** One whole HTML5 document: head (charset, CSP, inline styles) and the given body, trusted as markup. */
export function htmlDocument({ title, body }: HtmlDocumentOptions): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="Ares report stage">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<main>${body}</main>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
