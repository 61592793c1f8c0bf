import { escapeHtml } from '../html/escape';

/** A report section: an anchor the contents link to, a heading, and its body (trusted markup). */
export function section(id: string, title: string, body: string): string {
  return `<section id="${escapeHtml(id)}"><h2>${escapeHtml(title)}</h2>${body}</section>`;
}

/** The plain sentence a section shows instead of a chart or table it has no data for. */
export function absent(sentence: string): string {
  return `<p class="absent">${escapeHtml(sentence)}</p>`;
}

export function paragraph(text: string, className?: string): string {
  return `<p${className ? ` class="${escapeHtml(className)}"` : ''}>${escapeHtml(text)}</p>`;
}

export function subheading(text: string): string {
  return `<h3>${escapeHtml(text)}</h3>`;
}

/** A chart with its caption. */
export function figure(svg: string, caption?: string): string {
  return `<figure>${svg}${caption ? `<figcaption>${escapeHtml(caption)}</figcaption>` : ''}</figure>`;
}

/** Headline figures as tiles: the value large, what it is below. */
export function keyFigures(items: readonly { label: string; value: string }[]): string {
  const tiles = items.map(({ label, value }) => `<div class="figure"><b>${escapeHtml(value)}</b><span>${escapeHtml(label)}</span></div>`);
  return `<div class="figures">${tiles.join('')}</div>`;
}

/** A hash shown short, the whole of it in a tooltip. */
export function hashHtml(hash: string | null | undefined, length = 12): string {
  if (!hash) return '—';
  return `<span class="hash" title="${escapeHtml(hash)}">${escapeHtml(hash.slice(0, length))}</span>`;
}
