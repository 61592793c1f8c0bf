import { contiguousRunStarts } from '../features/contiguous-runs';
import { rollingVolatility } from '../features/rolling-volatility';
import { HOUR, randomWalkCandles, seededRandom, withGaps } from '../testing/test-candles';
import { tripleBarrierLabels } from './triple-barrier';

describe('triple-barrier labels across segment boundaries (gaps)', () => {
  it('on three years of 1h bars with gaps of hours and of days, no label horizon reaches past its segment end', () => {
    const gaps = [
      { atRow: 2_500, bars: 5 },
      { atRow: 9_000, bars: 33 },
      { atRow: 16_000, bars: 48 },
      { atRow: 23_000, bars: 1 },
    ];
    const candles = withGaps(randomWalkCandles(3 * 8_760, seededRandom(5)), gaps);
    const sigma = rollingVolatility(candles.close, contiguousRunStarts(candles.timestamps, HOUR), 24);
    const h = 24;
    const labels = tripleBarrierLabels(candles, sigma, { kTp: 1.5, kSl: 1.5, horizonBars: 24 }, { timeframeMs: HOUR });
    // The first row of the next segment, for every row.
    const segmentEnd = new Int32Array(candles.length).fill(candles.length);
    for (let i = candles.length - 2; i >= 0; i--) {
      segmentEnd[i] = candles.timestamps[i + 1] - candles.timestamps[i] > HOUR ? i + 1 : segmentEnd[i + 1];
    }
    let valid = 0;
    let expected = 0;
    for (let t = 0; t < candles.length; t++) {
      const fits = t + h < segmentEnd[t] && Number.isFinite(sigma[t]) && sigma[t] > 0;
      expected += fits ? 1 : 0;
      if (labels.valid[t] !== 1) continue;
      valid++;
      expect(t + h).toBeLessThan(segmentEnd[t]);
      expect(labels.touchIndex[t]).toBeLessThan(segmentEnd[t]);
      expect(candles.timestamps[t + h] - candles.timestamps[t]).toBe(h * HOUR);
    }
    // Exactly the rows whose whole horizon lies inside their segment (and have a volatility) are labelled.
    expect(valid).toBe(expected);
    // Each gap costs the h rows before it (horizon) and the warm-up after it (sigma): none is labelled.
    for (const row of [2_500, 9_000 - 5, 16_000 - 38, 23_000 - 86]) {
      for (let t = row - h; t < row + 24; t++) expect(labels.valid[t]).toBe(0);
      expect(labels.valid[row - h - 1]).toBe(1);
    }
  });
});
