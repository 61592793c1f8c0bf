import { marksOf, svgProblems } from '../testing/svg-check';
import { scatterChart } from './scatter-chart';

describe('scatterChart', () => {
  it('draws groups with their shapes and tooltips, and step lines, inside the viewBox', () => {
    const svg = scatterChart({
      title: 'HPO history',
      groups: [
        {
          label: 'complete',
          color: '#0969da',
          shape: 'dot',
          points: [
            { x: 1, y: 1.38, title: 'broad-0' },
            { x: 2, y: 1.53 },
          ],
        },
        { label: 'pruned', color: '#afb8c1', shape: 'cross', points: [{ x: 3, y: 0.4 }] },
        { label: 'chosen', color: '#cf222e', shape: 'ring', points: [{ x: 2, y: 1.53 }] },
      ],
      lines: [
        {
          label: 'best so far',
          color: '#1a7f37',
          step: true,
          points: [
            { x: 1, y: 1.38 },
            { x: 2, y: 1.53 },
            { x: 3, y: 1.53 },
          ],
        },
      ],
    });
    expect(svgProblems(svg)).toEqual([]);
    expect((marksOf(svg).match(/<circle [^>]*fill="#0969da"/g) ?? []).length).toBe(2);
    expect(svg).toMatch(/<path d="M[^"]*L[^"]*" stroke="#afb8c1"/);
    expect(svg).toMatch(/<circle [^>]*fill="none" stroke="#cf222e"/);
    expect(svg).toContain('<title>broad-0</title>');
    // Step: 3 points make 1 + 2 × 2 vertices.
    expect((/<path d="([^"]*)" fill="none" stroke="#1a7f37"/.exec(svg)![1].match(/[ML]/g) ?? []).length).toBe(5);
  });

  it('leaves out non-finite points and says so when none is left', () => {
    const one = scatterChart({
      title: 't',
      groups: [
        {
          label: 'g',
          color: '#000',
          shape: 'dot',
          points: [
            { x: 1, y: 1 },
            { x: NaN, y: 2 },
          ],
        },
      ],
    });
    expect(svgProblems(one)).toEqual([]);
    expect((marksOf(one).match(/<circle /g) ?? []).length).toBe(1);
    const none = scatterChart({ title: 't', groups: [{ label: 'g', color: '#000', shape: 'dot', points: [{ x: Infinity, y: 1 }] }] });
    expect(none).toContain('no finite points to draw');
  });
});
