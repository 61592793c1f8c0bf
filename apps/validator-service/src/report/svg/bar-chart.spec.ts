import { svgProblems } from '../testing/svg-check';
import { barChart } from './bar-chart';

describe('barChart', () => {
  it('draws one bar per category from zero, negative ones to the left, with whiskers', () => {
    const svg = barChart({
      title: 'importance',
      bars: [
        { label: 'vol_24 (+3)', value: 0.042, error: 0.064, color: '#0969da' },
        { label: 'logret_24', value: -0.012, error: 0.036, color: '#afb8c1' },
        { label: 'rsi_14', value: 0, color: '#afb8c1' },
      ],
    });
    expect(svgProblems(svg)).toEqual([]);
    expect((svg.match(/<rect x="[^"]*" y="[^"]*" width="[^"]*" height="[^"]*" fill="#/g) ?? []).length).toBe(3);
    expect((svg.match(/stroke="#1b1f24"/g) ?? []).length).toBe(2);
    // The negative bar ends where the positive one starts: at zero.
    const rects = [...svg.matchAll(/<rect x="([^"]*)" y="[^"]*" width="([^"]*)" height="[^"]*" fill="#/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(rects[1][0] + rects[1][1]).toBeCloseTo(rects[0][0], 0);
  });

  it('escapes and shortens long labels, and copes with all-zero or no values', () => {
    const svg = barChart({ title: 't', bars: [{ label: '<img src=x onerror=alert(1)> a very long cluster name indeed', value: 0, color: '#000' }] });
    expect(svgProblems(svg)).toEqual([]);
    expect(svg).not.toContain('<img');
    expect(svg).toContain('…');
    expect(barChart({ title: 'none', bars: [{ label: 'x', value: NaN, color: '#000' }] })).toContain('no values to draw');
  });
});
