import { ar1Series, irwinHallNoise, returnPair } from './reference-series';
import { MIN_SHARPE_TEST_OBSERVATIONS, sharpeDifferenceTest } from './sharpe-difference-test';

// Expected values: libs/stats/src/reference_values.py, a numpy transcription of Michael Wolf's R code with the full
// 4 × 4 Ψ̂ (this implementation projects onto the gradient first). That script reproduces the published R output of
// hac.inference on Ledoit & Wolf's hedge-fund pair (Δ −0.4463183, SE 0.3176271, p 0.1599724) to all 7 digits shown.
function expectClose(actual: number, expected: number, relative = 1e-9): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.abs(expected));
}

describe('sharpeDifferenceTest (Ledoit & Wolf 2008, HAC)', () => {
  it('matches the numpy re-implementation on a seeded pair with clustered volatility (T = 1000, S* ≈ 8.24)', () => {
    const { a, b } = returnPair(1000, 42);
    const test = sharpeDifferenceTest(a, b);
    expectClose(test.difference, -0.03757225807018974);
    expectClose(test.standardError, 0.03329356488487261);
    expectClose(test.pValue, 0.2591028571649296);
  });

  it('matches on a short pair (T = 60) and on one whose bandwidth exceeds T − 1 (T = 8, S* ≈ 13.6)', () => {
    const short = returnPair(60, 9);
    const test = sharpeDifferenceTest(short.a, short.b);
    expectClose(test.difference, 0.006374234438417933);
    expectClose(test.standardError, 0.11394669028576547);
    expectClose(test.pValue, 0.9553892097152089);

    const a = ar1Series(8, 0.9, 2).map((v) => 0.01 * v + 0.001);
    const b = irwinHallNoise(8, 102).map((v) => 0.01 * v);
    const persistent = sharpeDifferenceTest(a, b);
    expectClose(persistent.difference, 0.10878099305056826);
    expectClose(persistent.standardError, 0.8383441759132829);
    expectClose(persistent.pValue, 0.8967587146136257);
  });

  it('gives difference 0, SE 0 and p = 1 for identical series', () => {
    const { a } = returnPair(300, 5);
    expect(sharpeDifferenceTest(a, a)).toEqual({ difference: 0, standardError: 0, pValue: 1 });
  });

  it('tests a series against its negative: Δ = 2·SR(a), and matches the reference', () => {
    const { a } = returnPair(1000, 42);
    const negated = a.map((v) => -v);
    const test = sharpeDifferenceTest(a, negated);
    let mean = 0;
    for (const v of a) mean += v / a.length;
    let ss = 0;
    for (const v of a) ss += (v - mean) ** 2;
    expectClose(test.difference, (2 * mean) / Math.sqrt(ss / (a.length - 1)), 1e-12);
    expectClose(test.difference, 0.0875548703495489);
    expectClose(test.standardError, 0.06346229591251296);
    expectClose(test.pValue, 0.16769873633430543);
  });

  it('is antisymmetric: swapping a and b flips the difference and keeps SE and p', () => {
    const { a, b } = returnPair(500, 77);
    const ab = sharpeDifferenceTest(a, b);
    const ba = sharpeDifferenceTest(b, a);
    expect(ba.difference).toBeCloseTo(-ab.difference, 14);
    expectClose(ba.standardError, ab.standardError, 1e-12);
    expectClose(ba.pValue, ab.pValue, 1e-10);
  });

  it('rejects unequal lengths, fewer than 5 observations, non-finite values and zero variance', () => {
    expect(MIN_SHARPE_TEST_OBSERVATIONS).toBe(5);
    expect(() => sharpeDifferenceTest([1, 2, 3, 4, 5], [1, 2, 3, 4])).toThrow(RangeError);
    expect(() => sharpeDifferenceTest([1, 2, 3, 4], [4, 3, 2, 1])).toThrow(RangeError);
    expect(() => sharpeDifferenceTest([1, 2, Infinity, 4, 5], [1, 2, 3, 4, 5])).toThrow(RangeError);
    expect(() => sharpeDifferenceTest([1, 1, 1, 1, 1], [1, 2, 3, 4, 5])).toThrow(RangeError);
    const five = sharpeDifferenceTest([0.01, -0.02, 0.03, 0.015, -0.005], [0.02, 0.01, -0.01, 0.005, 0.0]);
    expect(Number.isFinite(five.standardError)).toBe(true);
  });
});
