import { svgProblems } from '../testing/svg-check';
import { histogram, histogramBins } from './histogram';

describe('histogram', () => {
  it('bins values on round edges, the last bin closed, every value counted once', () => {
    const bins = histogramBins([-4.07, -3.69, -1.73, -1.06, -0.3]);
    expect(bins.reduce((sum, bin) => sum + bin.count, 0)).toBe(5);
    expect(bins[0].start).toBeLessThanOrEqual(-4.07);
    expect(bins[bins.length - 1].end).toBeGreaterThanOrEqual(-0.3);
    for (const bin of bins) expect(Number.isInteger(bin.start * 2)).toBe(true);
    expect(histogramBins([0, 1, 2, 3], 3).map((bin) => bin.count)).toEqual([1, 1, 2]);
    expect(histogramBins([NaN])).toEqual([]);
  });

  it('draws bars, a rug tick per value and labelled markers inside the viewBox', () => {
    const values = [-1.05, -0.3, -4.07, -1.72, -3.69];
    const svg = histogram({ title: 'CPCV path Sharpe', values, color: '#0969da', markers: [{ value: 0, label: 'zero', color: '#6b7580' }] });
    expect(svgProblems(svg)).toEqual([]);
    expect((svg.match(/stroke="#1b1f24"/g) ?? []).length).toBe(values.length);
    expect(svg).toContain('>zero</text>');
  });

  it('draws a single value, identical values, and says so for none', () => {
    for (const values of [[0.5], [2, 2, 2, 2]]) {
      const svg = histogram({ title: 'one', values, color: '#0969da' });
      expect(svgProblems(svg)).toEqual([]);
      expect(svg).toMatch(/<rect x="[\d.]+" y="[\d.]+" width/);
    }
    expect(histogram({ title: 'none', values: [], color: '#000' })).toContain('no finite values to draw');
  });
});
