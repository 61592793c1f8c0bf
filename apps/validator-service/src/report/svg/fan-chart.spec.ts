import { pathVertexCounts, svgProblems } from '../testing/svg-check';
import { fanChart } from './fan-chart';

describe('fanChart', () => {
  const bars = Array.from({ length: 50 }, (_, k) => (k + 1) * 87);
  const p50 = bars.map((_, k) => 1 + k * 0.001);
  const p5 = p50.map((v, k) => v - 0.002 * Math.sqrt(k + 1));
  const p95 = p50.map((v, k) => v + 0.002 * Math.sqrt(k + 1));

  it('draws the band, the median and the realised path inside the viewBox', () => {
    const realised = Float64Array.from({ length: 4331 }, (_, i) => 1 + 0.00002 * i);
    const svg = fanChart({
      title: 'Monte Carlo fan',
      x: bars,
      bands: [{ label: 'P5–P95', lower: p5, upper: p95, color: '#54aeff' }],
      median: { label: 'median', y: p50, color: '#0969da' },
      overlay: { label: 'walk-forward', x: Float64Array.from(realised, (_, i) => i), y: realised, color: '#cf222e' },
      reference: 1,
    });
    expect(svgProblems(svg)).toEqual([]);
    expect(svg).toMatch(/<path d="M[^"]+Z" fill="#54aeff" fill-opacity="0.35"/);
    expect(pathVertexCounts(svg, '#0969da')).toEqual([50]);
    expect(pathVertexCounts(svg, '#cf222e')[0]).toBeLessThanOrEqual(1000);
  });

  it('copes with a fan of constant paths and with no fan at all', () => {
    const flat = bars.map(() => 1);
    const svg = fanChart({
      title: 'flat',
      x: bars,
      bands: [{ label: 'b', lower: flat, upper: flat, color: '#54aeff' }],
      median: { label: 'm', y: flat, color: '#000' },
    });
    expect(svgProblems(svg)).toEqual([]);
    const empty = fanChart({ title: 'none', x: [], bands: [], median: { label: 'm', y: [], color: '#000' } });
    expect(svgProblems(empty)).toEqual([]);
    expect(empty).toContain('no fan to draw');
  });
});
