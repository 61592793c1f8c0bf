/**
 * Test helpers for the report's SVG: a small XML well-formedness check (balanced tags, quoted attributes, no stray
 * `<` or `&` in text) and the coordinates every mark is drawn at, to check they lie inside the chart's viewBox.
 */

const TAG = /^<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/;
const ENTITY = /^&(?:amp|lt|gt|quot|#\d+|#x[0-9a-fA-F]+);/;

/** What makes `xml` not well-formed; empty when it is. */
export function wellFormedProblems(xml: string): string[] {
  const problems: string[] = [];
  const open: string[] = [];
  let i = 0;
  let roots = 0;
  while (i < xml.length) {
    const char = xml[i];
    if (char === '<') {
      const match = TAG.exec(xml.slice(i));
      if (!match) {
        problems.push(`malformed tag at ${i}: ${xml.slice(i, i + 40)}`);
        break;
      }
      const [whole, closing, name, attributes, selfClosing] = match;
      const names = [...attributes.matchAll(/\s+([\w:.-]+)=/g)].map((m) => m[1]);
      if (new Set(names).size !== names.length) problems.push(`<${name}> repeats an attribute`);
      if (closing) {
        const expected = open.pop();
        if (expected !== name) problems.push(`</${name}> closes <${expected ?? 'nothing'}> at ${i}`);
      } else {
        if (open.length === 0) roots++;
        if (!selfClosing) open.push(name);
      }
      i += whole.length;
    } else if (char === '&') {
      if (!ENTITY.test(xml.slice(i))) problems.push(`bare & at ${i}: ${xml.slice(i, i + 20)}`);
      i++;
    } else {
      if (char === '>') problems.push(`bare > at ${i}`);
      i++;
    }
  }
  if (open.length > 0) problems.push(`unclosed: ${open.join(' > ')}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}

export function viewBoxOf(svg: string): { width: number; height: number } {
  const match = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg);
  if (!match) throw new Error('the svg has no viewBox');
  return { width: Number(match[1]), height: Number(match[2]) };
}

/** Every x and y the marks are drawn at: element positions and path vertices (text rotated by transform excepted). */
export function coordinatesOf(svg: string): { xs: number[]; ys: number[] } {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [, name, value] of svg.matchAll(/\s(x|x1|x2|cx|y|y1|y2|cy)="([^"]*)"/g))
    (name.startsWith('x') || name === 'cx' ? xs : ys).push(Number(value));
  for (const [, d] of svg.matchAll(/\sd="([^"]*)"/g)) {
    for (const [, x, y] of d.matchAll(/[ML](-?[\d.]+(?:e-?\d+)?),(-?[\d.]+(?:e-?\d+)?)/g)) {
      xs.push(Number(x));
      ys.push(Number(y));
    }
  }
  for (const [, x, width] of svg.matchAll(/<rect x="([^"]*)"[^>]*?width="([^"]*)"/g)) xs.push(Number(x) + Number(width));
  for (const [, y, height] of svg.matchAll(/<rect [^>]*?y="([^"]*)"[^>]*?height="([^"]*)"/g)) ys.push(Number(y) + Number(height));
  return { xs, ys };
}

/** Problems with an SVG chart: not well-formed, a non-finite number, or a coordinate outside its viewBox. */
export function svgProblems(svg: string): string[] {
  const problems = wellFormedProblems(svg);
  if (/NaN|Infinity|undefined/.test(svg)) problems.push('a non-finite or undefined value was printed');
  const { width, height } = viewBoxOf(svg);
  const { xs, ys } = coordinatesOf(svg);
  const outsideX = xs.filter((x) => !(x >= 0 && x <= width));
  const outsideY = ys.filter((y) => !(y >= 0 && y <= height));
  if (outsideX.length > 0) problems.push(`x outside 0..${width}: ${outsideX.slice(0, 5).join(', ')}`);
  if (outsideY.length > 0) problems.push(`y outside 0..${height}: ${outsideY.slice(0, 5).join(', ')}`);
  return problems;
}

/** The vertices of each path with this stroke colour. */
export function pathVertexCounts(svg: string, stroke: string): number[] {
  return [...svg.matchAll(/<path d="([^"]*)"[^>]*stroke="([^"]*)"/g)].filter((m) => m[2] === stroke).map((m) => (m[1].match(/[ML]/g) ?? []).length);
}

/** The marks of a chart (what `renderChart` draws above the grid), without its legend and ticks. */
export function marksOf(svg: string): string {
  const match = /<g class="marks">([\s\S]*?)<\/g><g class="ticks">/.exec(svg);
  if (!match) throw new Error('the svg has no marks group');
  return match[1];
}

/** Every inline SVG of an HTML page, as its source text. */
export function svgsOf(html: string): string[] {
  return [...html.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((match) => match[0]);
}

/** References a page would fetch over the network: http(s) or protocol-relative src/href, scripts, stylesheets, CSS imports. */
export function externalReferences(html: string): string[] {
  return [
    ...html.matchAll(/\b(?:src|href|action|poster|srcset)\s*=\s*["']?\s*(?:https?:|\/\/)[^"'\s>]*/gi),
    ...html.matchAll(/<script\b[^>]*>/gi),
    ...html.matchAll(/<link\b[^>]*>/gi),
    ...html.matchAll(/<(?:iframe|img|object|embed)\b[^>]*>/gi),
    ...html.matchAll(/url\([^)]*\)|@import[^;]*/gi),
  ].map((match) => match[0]);
}
