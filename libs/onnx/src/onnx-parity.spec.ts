import { assertOnnxParity } from './onnx-parity';

describe('assertOnnxParity', () => {
  it('returns the largest difference and its row when within tolerance', () => {
    const r = assertOnnxParity(Float64Array.of(0.1, 0.5, 0.9), Float64Array.of(0.1, 0.500002, 0.899999));
    expect(r.worstRow).toBe(1);
    expect(r.maxAbsDiff).toBeCloseTo(2e-6, 12);
  });

  it('names the worst row and both values when above tolerance', () => {
    expect(() => assertOnnxParity(Float64Array.of(0.1, 0.5, 0.9), Float64Array.of(0.1, 0.51, 0.9001))).toThrow(
      /^ONNX parity failed: max \|diff\| 0\.01\d* > tolerance 0\.00001 at row 1 \(expected 0\.5, onnx 0\.51\)$/,
    );
  });

  it('treats NaN as an infinite difference', () => {
    expect(() => assertOnnxParity(Float64Array.of(0.5, 0.5), Float64Array.of(0.5, NaN))).toThrow(
      'max |diff| Infinity > tolerance 0.00001 at row 1 (expected 0.5, onnx NaN)',
    );
  });

  it('rejects different lengths and bad tolerances', () => {
    expect(() => assertOnnxParity(new Float64Array(2), new Float64Array(3))).toThrow('ONNX parity: expected 2 predictions, got 3');
    expect(() => assertOnnxParity(new Float64Array(1), new Float64Array(1), NaN)).toThrow('tolerance must be');
  });

  it('passes empty inputs with no worst row', () => {
    expect(assertOnnxParity(new Float64Array(0), new Float64Array(0))).toEqual({ maxAbsDiff: 0, worstRow: -1 });
  });
});
