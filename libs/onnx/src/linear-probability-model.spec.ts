import { predictLinearProbability, validateLinearProbabilityModel } from './linear-probability-model';
import { HAND_PROBABILITIES, handColumns, handModel } from './testing/test-models';

describe('LinearProbabilityModel', () => {
  it('predicts σ(w · (x − mean) / scale + b) in float64', () => {
    const p = predictLinearProbability(handModel(), handColumns());
    p.forEach((v, i) => expect(v).toBeCloseTo(HAND_PROBABILITIES[i], 15));
  });

  it('validates names and parameter types', () => {
    expect(validateLinearProbabilityModel(handModel())).toBe(3);
    expect(() => validateLinearProbabilityModel({ ...handModel(), featureNames: [] })).toThrow(
      'LinearProbabilityModel.featureNames must be a non-empty array',
    );
    expect(() => validateLinearProbabilityModel({ ...handModel(), featureNames: ['a', '', 'c'] })).toThrow(
      'LinearProbabilityModel.featureNames[1] must be a non-empty string',
    );
    const plain = [0, 0, 0] as unknown as Float64Array;
    expect(() => validateLinearProbabilityModel({ ...handModel(), mean: plain })).toThrow('LinearProbabilityModel.mean must be a Float64Array');
  });

  it('rejects a wrong number of columns or ragged columns', () => {
    expect(() => predictLinearProbability(handModel(), handColumns().slice(1))).toThrow('expected 3 feature columns, got 2');
    const cols = handColumns();
    cols[1] = Float64Array.of(1);
    expect(() => predictLinearProbability(handModel(), cols)).toThrow('feature column 1 has 1 rows, column 0 has 3');
  });
});
