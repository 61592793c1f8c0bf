import { pathVertexCounts, svgProblems } from '../testing/svg-check';
import { lineChart } from './line-chart';

const equity = (n: number, drift: number) => Float64Array.from({ length: n }, (_, i) => 1 + drift * i + 0.01 * Math.sin(i / 30));

describe('lineChart', () => {
  it('draws every series inside its viewBox, each polyline downsampled to at most 1,000 points', () => {
    const svg = lineChart({
      title: 'equity',
      series: [
        { label: 'strategy', y: equity(20_000, 1e-5), color: '#1f6feb' },
        { label: 'buy & hold', y: equity(20_000, -2e-5), color: '#8b949e', dashed: true },
      ],
      guides: [{ x: 10_000, label: 'fold 2' }],
      reference: 1,
    });
    expect(svgProblems(svg)).toEqual([]);
    const [strategy] = pathVertexCounts(svg, '#1f6feb');
    expect(strategy).toBeGreaterThan(500);
    expect(strategy).toBeLessThanOrEqual(1000);
    expect(svg).toContain('stroke-dasharray="5 3"');
    expect(svg).toContain('>fold 2</text>');
  });

  it('fills a drawdown to zero and escapes labels from data', () => {
    const drawdown = Float64Array.from({ length: 300 }, (_, i) => -Math.abs(Math.sin(i / 40)) * 0.2);
    const svg = lineChart({ title: 'drawdown <of> BTC/USDT', series: [{ label: '<script>x</script>', y: drawdown, color: '#cf222e', fillTo: 0 }] });
    expect(svgProblems(svg)).toEqual([]);
    expect(svg).toContain('fill-opacity="0.25"');
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(svg).toContain('<title>drawdown &lt;of&gt; BTC/USDT</title>');
  });

  it('draws a constant series, a single point and a series with gaps without NaN', () => {
    for (const y of [new Float64Array(500).fill(1), Float64Array.of(1.02), Float64Array.of(1, NaN, NaN, 1.1, 1.2)]) {
      const svg = lineChart({ title: 'degenerate', series: [{ label: 'flat', y, color: '#1f6feb' }], reference: 1 });
      expect(svgProblems(svg)).toEqual([]);
    }
    // The gap breaks the line into two pieces rather than drawing through it.
    const gapped = lineChart({ title: 'gap', series: [{ label: 'g', y: Float64Array.of(1, 2, NaN, 3, 4), color: '#123456' }] });
    expect((/<path d="([^"]*)"[^>]*stroke="#123456"/.exec(gapped)![1].match(/M/g) ?? []).length).toBe(2);
  });

  it('says so instead of drawing when there is nothing finite', () => {
    const svg = lineChart({ title: 'nothing', series: [{ label: 'none', y: Float64Array.of(NaN), color: '#000' }] });
    expect(svgProblems(svg)).toEqual([]);
    expect(svg).toContain('no finite values to draw');
    expect(lineChart({ title: 'empty', series: [] })).toContain('no finite values to draw');
  });
});
