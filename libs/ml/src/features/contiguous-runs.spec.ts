import { contiguousRunStarts } from './contiguous-runs';

const H = 3_600_000;
const ts = (hours: number[]) => new Float64Array(hours.map((h) => h * H));

describe('contiguousRunStarts', () => {
  it('breaks runs at gaps, duplicates, backward and off-grid steps', () => {
    expect(Array.from(contiguousRunStarts(ts([0, 1, 2, 4, 5, 5, 6, 3, 4, 4.5, 5.5]), H))).toEqual([0, 0, 0, 3, 3, 5, 5, 7, 7, 9, 9]);
  });

  it('treats a masked row like a missing bar', () => {
    const mask = new Uint8Array([1, 1, 0, 1, 1]);
    expect(Array.from(contiguousRunStarts(ts([0, 1, 2, 3, 4]), H, mask))).toEqual([0, 0, 2, 3, 3]);
  });

  it('validates its inputs', () => {
    expect(() => contiguousRunStarts(ts([0]), 0)).toThrow(/timeframeMs must be a positive number/);
    expect(() => contiguousRunStarts(ts([0, 1]), H, new Uint8Array(1))).toThrow(/mask has 1 rows/);
  });
});
