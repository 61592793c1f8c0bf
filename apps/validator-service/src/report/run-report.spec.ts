import { absentSections, renderRunReport, REPORT_SECTIONS, RunReportData } from './run-report';
import { externalReferences, pathVertexCounts, svgProblems, svgsOf } from './testing/svg-check';
import { syntheticRunReport } from './testing/synthetic-run-report';
import { PALETTE } from './palette';

const count = (html: string, pattern: RegExp) => (html.match(pattern) ?? []).length;

describe('renderRunReport', () => {
  const html = renderRunReport(syntheticRunReport());

  it('is one whole HTML document, with no script and nothing to fetch', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    for (const tag of [/<html[ >]/g, /<\/html>/g, /<head>/g, /<body>/g, /<\/body>/g, /<title>Ares run report/g]) expect(count(html, tag)).toBe(1);
    expect(externalReferences(html)).toEqual([]);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
  });

  it('has every section once, linked from the contents', () => {
    for (const { id, title } of REPORT_SECTIONS) {
      expect(count(html, new RegExp(`<section id="${id}">`, 'g'))).toBe(1);
      expect(html).toContain(`<a href="#${id}">`);
      expect(html).toContain(`<h2>${title.replace(/&/g, '&amp;')}</h2>`);
    }
    expect(absentSections(syntheticRunReport())).toEqual([]);
  });

  it('draws every chart as well-formed SVG with its marks inside the viewBox', () => {
    const svgs = svgsOf(html);
    // Equity, drawdown, two CPCV histograms, the fan, the HPO history, the importances.
    expect(svgs).toHaveLength(7);
    for (const svg of svgs) expect(svgProblems(svg)).toEqual([]);
    expect(html).not.toMatch(/NaN|undefined|\[object Object\]/);
  });

  it('states the figures that matter in words and numbers', () => {
    expect(html).toContain('DSR 0.06: not distinguishable from the best of 48 random trials');
    expect(html).toContain('<span class="badge challenger">challenger</span>');
    expect(html).toContain('2023-03-24 13:00');
    expect(html).toContain('0 of 5 paths beat buy-and-hold (+80.00 % over the same bars).');
    expect(html).toContain('no model for this fold: one class only');
    expect(html).toContain('as of 2024-01-02 09:30 UTC');
  });

  it('escapes what comes from data: a symbol, a finding, a trial id, a cluster name', () => {
    const evil = '<script>alert(1)</script>';
    const data = syntheticRunReport({ symbol: `BTC/${evil}` });
    data.dataQuality!.findings[0].detail = evil;
    data.hpo!.trials[0].id = evil;
    data.features!.clusters[0].name = `<img src=x onerror=alert(1)>`;
    const page = renderRunReport(data);
    expect(page).not.toMatch(/<script|<img/i);
    expect(page).toContain('BTC/&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(externalReferences(page)).toEqual([]);
    for (const svg of svgsOf(page)) expect(svgProblems(svg)).toEqual([]);
  });

  it('is deterministic and downsamples a long walk-forward to at most 1,000 points a line', () => {
    const long = syntheticRunReport({ foldBars: 10_000 });
    const page = renderRunReport(long);
    expect(renderRunReport(syntheticRunReport({ foldBars: 10_000 }))).toBe(page);
    const [equity] = svgsOf(page);
    const [strategy] = pathVertexCounts(equity, PALETTE.strategy);
    expect(strategy).toBeGreaterThan(300);
    expect(strategy).toBeLessThanOrEqual(1000);
    for (const svg of svgsOf(page)) for (const n of pathVertexCounts(svg, PALETTE.hold)) expect(n).toBeLessThanOrEqual(1000);
  });

  it('draws the Pareto front of a two-objective study', () => {
    const page = renderRunReport(syntheticRunReport({ objectives: ['sharpe', 'max-drawdown'] }));
    const pareto = svgsOf(page).find((svg) => svg.includes('<title>Pareto front'));
    expect(pareto).toBeDefined();
    expect(svgProblems(pareto!)).toEqual([]);
    expect(pareto).toContain(`fill="${PALETTE.front}"`);
    expect(page).toMatch(/\d+ trial\(s\) on the front\./);
  });

  it('renders every section as a sentence when its input is absent', () => {
    const bare: RunReportData = { ...syntheticRunReport(), asOf: null };
    for (const key of [
      'walkForward',
      'crossValidation',
      'monteCarlo',
      'verdict',
      'ab',
      'models',
      'hpo',
      'features',
      'targets',
      'dataQuality',
    ] as const)
      delete bare[key];
    const page = renderRunReport({ ...bare, missing: { hpo: 'No hpo study (hpo’s study is not JSON).' } });
    expect(svgsOf(page)).toEqual([]);
    for (const { id } of REPORT_SECTIONS) expect(page).toMatch(new RegExp(`<section id="${id}"><h2>[^<]*</h2>(<[^>]+>)*<p class="absent">`));
    expect(page).toContain('No hpo study (hpo’s study is not JSON).');
    expect(page).not.toMatch(/NaN|undefined/);
    expect(absentSections(bare)).toEqual(REPORT_SECTIONS.map(({ id }) => id));
  });

  it('says so plainly for degenerate inputs: no trades, constant returns, no findings, no paths, no folds, one objective', () => {
    const data = syntheticRunReport();
    const wf = data.walkForward!;
    data.walkForward = {
      ...wf,
      strategy: new Float64Array(wf.strategy.length),
      trades: new Float64Array(0),
      folds: [],
      overall: { ...wf.overall, trades: 0 },
    };
    data.monteCarlo = { ...data.monteCarlo!, fan: null, realised: new Float64Array(wf.strategy.length) };
    data.dataQuality = { ...data.dataQuality!, findings: [] };
    data.crossValidation = { ...data.crossValidation!, paths: [], pbo: null, pboNote: 'fewer than two trials recorded returns: no PBO' };
    data.hpo = { ...data.hpo!, trials: [] };
    data.features = { ...data.features!, clusters: [], rule: 'none-informative' };
    data.targets = { ...data.targets!, candidates: [], barrier: null };
    data.ab = { ...data.ab!, comparison: null };
    const page = renderRunReport(data);
    for (const sentence of [
      'No trades: the model stayed flat in every test window',
      'The walk-forward report lists no folds.',
      'The Monte Carlo output has no fan chart.',
      'No findings: every check passed on every row.',
      'The cross-validation recorded no paths.',
      'No probability of backtest overfitting: fewer than two trials recorded returns: no PBO.',
      'The study holds no trial.',
      'has no Pareto front',
      'No cluster showed any out-of-sample importance',
      'No champion of this name to compare with',
      'target-params named no barrier.',
    ])
      expect(page).toContain(sentence);
    for (const svg of svgsOf(page)) expect(svgProblems(svg)).toEqual([]);
    expect(page).not.toMatch(/NaN|undefined/);
  });

  it('shows funding in the fold table only when some fold paid or received any', () => {
    expect(html).not.toContain('>funding</th>');
    const data = syntheticRunReport();
    data.walkForward!.folds[2].metrics.fundingPaid = -0.0012;
    const page = renderRunReport(data);
    expect(page).toContain('>funding</th>');
    expect(page).toContain('−0.12 %');
  });

  it('draws a walk-forward of one bar and a constant buy-and-hold', () => {
    const data = syntheticRunReport();
    data.walkForward = { ...data.walkForward!, strategy: Float64Array.of(0.001), hold: Float64Array.of(0), foldBars: 1, folds: [] };
    const page = renderRunReport(data);
    for (const svg of svgsOf(page)) expect(svgProblems(svg)).toEqual([]);
  });
});
