import { normalCdf } from '@ares/stats';
import { betSize, betsFrom } from './bets';

const f = (...v: number[]) => Float64Array.from(v);

describe('bet sizing and sides', () => {
  it("sizes by López de Prado's z-score against the break-even, discretised, no bet below one step", () => {
    // q = 0.7, p0 = 0.5: z = 0.2 / √0.21 ≈ 0.4364, m = 2Φ(z) − 1 ≈ 0.3375 → 0.3.
    const m = 2 * normalCdf(0.2 / Math.sqrt(0.21)) - 1;
    expect(m).toBeCloseTo(0.3375, 3);
    expect(betSize(0.7, 0.5, 0.1)).toBeCloseTo(0.3, 12);
    expect(betSize(0.7, 0.5, 0.25)).toBeCloseTo(0.25, 12);
    expect(betSize(0.5, 0.5, 0.1)).toBe(0);
    expect(betSize(0.52, 0.5, 0.1)).toBe(0); // m ≈ 0.03 rounds to no bet
    expect(betSize(0.4, 0.5, 0.1)).toBe(0);
    expect(betSize(0.999, 0.5, 0.1)).toBe(1);
  });

  it('a single model bets all-in on the side that clears the break-even by more', () => {
    const rows = Int32Array.from([0, 1, 2, 3]);
    const bets = betsFrom({ long: f(0.7, 0.4, 0.55, 0.3), short: f(0.2, 0.65, 0.6, 0.3) }, rows, 5, () => 0.5);
    expect(Array.from(bets.side)).toEqual([1, -1, -1, 0, 0]);
    expect(Array.from(bets.size)).toEqual([1, 1, 1, 0, 0]);
  });

  it('meta-labelled: the primary calls the side against its floors, the meta probability sizes or vetoes the bet', () => {
    const rows = Int32Array.from([0, 1, 2, 3]);
    const bets = betsFrom(
      { long: f(0.4, 0.3, 0.2, 0.45), short: f(0.2, 0.35, 0.2, 0.1), metaLong: f(0.7, 0.9, 0.9, 0.5), metaShort: f(0.9, 0.9, 0.9, 0.9) },
      rows,
      4,
      () => 0.5,
      { sizeStep: 0.1, primaryFloor: { long: 0.35, short: 0.28 } },
    );
    // Row 0 long (0.05 over its floor), sized 0.3; row 1 short (0.07 > −0.05); row 2 flat (neither clears its floor);
    // row 3 long, but its meta probability 0.5 does not clear the break-even: no bet.
    expect(Array.from(bets.side)).toEqual([1, -1, 0, 0]);
    expect(bets.size[0]).toBeCloseTo(0.3, 12);
    expect(bets.size[1]).toBeCloseTo(betSize(0.9, 0.5, 0.1), 12);
    expect(() => betsFrom({ long: f(0.5), short: f(0.5), metaLong: f(0.5), metaShort: f(0.5) }, Int32Array.from([0]), 1, () => 0.5)).toThrow(
      /floors/,
    );
  });
});
