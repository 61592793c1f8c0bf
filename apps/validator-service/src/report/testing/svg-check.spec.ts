import { svgProblems, wellFormedProblems } from './svg-check';

describe('the SVG check the chart specs rely on', () => {
  it('accepts a well-formed chart and rejects what a browser would not parse', () => {
    expect(wellFormedProblems('<svg viewBox="0 0 10 10"><g><path d="M1,1L2,2"/></g><text x="1">a &amp; b</text></svg>')).toEqual([]);
    expect(wellFormedProblems('<svg><g></svg>')).not.toEqual([]);
    expect(wellFormedProblems('<svg><text>a & b</text></svg>')).not.toEqual([]);
    expect(wellFormedProblems('<svg><text>a < b</text></svg>')).not.toEqual([]);
    expect(wellFormedProblems('<svg x=1></svg>')).not.toEqual([]);
    expect(wellFormedProblems('<svg></svg><svg></svg>')).not.toEqual([]);
  });

  it('catches marks outside the viewBox and printed NaN', () => {
    expect(svgProblems('<svg viewBox="0 0 10 10"><circle cx="11" cy="5" r="1"/></svg>')).toEqual([expect.stringMatching(/^x outside/)]);
    expect(svgProblems('<svg viewBox="0 0 10 10"><path d="M1,1L5,-2"/></svg>')).toEqual([expect.stringMatching(/^y outside/)]);
    expect(svgProblems('<svg viewBox="0 0 10 10"><circle cx="NaN" cy="5" r="1"/></svg>')).not.toEqual([]);
  });
});
