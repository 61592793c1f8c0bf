import { ContractViolationError, parseContract, decodeContract } from '../validation';
import { StartRunCommand } from '../commands/run-commands';
import { RunSpec } from './run-spec';
import { STAGE_NAMES, stageParamsOf, TrainStageParams, ValidateDataStageParams } from '../stages';

const valid = { symbol: 'BTC/USDT', timeframe: '1h', from: '2023-01-01', to: '2023-12-31' };

function problemsOf(plain: unknown): string[] {
  try {
    parseContract(RunSpec, plain);
  } catch (error) {
    if (error instanceof ContractViolationError) return error.problems;
    throw error;
  }
  return [];
}

describe('RunSpec', () => {
  it('applies defaults to a minimal spec', () => {
    const spec = parseContract(RunSpec, valid);
    expect(spec).toMatchObject({ ...valid, exchange: 'binance', source: 'file', seed: 42, model: 'ensemble', market: 'spot', stages: {} });
  });

  it('refuses an unknown model or market, and an ensemble without a member, naming the field', () => {
    expect(problemsOf({ ...valid, model: 'xgboost' })).toEqual(['model: model must be "gbdt", "logistic" or "ensemble"']);
    expect(problemsOf({ ...valid, market: 'futures' })).toEqual(['market: market must be "spot" or "perpetual"']);
    expect(problemsOf({ ...valid, costs: { borrowBpsPerDay: -1 } })).toEqual(['costs.borrowBpsPerDay: costs.borrowBpsPerDay must not be negative']);
    expect(problemsOf({ ...valid, stages: { ensemble: { params: { topConfigs: 0, randomForest: false, logistic: false } } } })).toEqual([
      'stages.ensemble.params.logistic: the ensemble needs a member: topConfigs above 0, randomForest or logistic',
    ]);
  });

  it('accepts per-stage overrides, their params parsed by the stage contract with its defaults', () => {
    const spec = parseContract(RunSpec, {
      ...valid,
      stages: { 'validate-data': { enabled: false, retries: 0, timeoutSeconds: 30, params: { maxIsolatedGapBars: 5 } } },
    });
    expect(spec.stages['validate-data']).toMatchObject({ enabled: false, retries: 0, timeoutSeconds: 30 });
    expect(spec.stages['validate-data']?.params).toBeInstanceOf(ValidateDataStageParams);
    expect(spec.stages['validate-data']?.params).toMatchObject({ maxIsolatedGapBars: 5, onInvalidRow: 'mask' });
    expect(stageParamsOf(spec, 'train')).toEqual(new TrainStageParams());
  });

  it.each(STAGE_NAMES.map((name) => [name]))('rejects a typo in %s params, naming the field', (name) => {
    const problems = problemsOf({ ...valid, stages: { [name]: { params: { typo: 1 } } } });
    expect(problems).toContain(`stages.${name}.params.typo: unknown field`);
  });

  it('rejects a bad nested stage param value, naming the path', () => {
    const problems = problemsOf({ ...valid, stages: { train: { params: { gbdt: { learningRate: 7 } } } } });
    expect(problems.join('\n')).toContain('stages.train.params.gbdt.learningRate');
  });

  it.each([
    [{ ...valid, symbol: undefined }, 'symbol'],
    [{ ...valid, timeframe: '7m' }, 'timeframe must be one of'],
    [{ ...valid, from: '2023-12-31', to: '2023-01-01' }, '`from` must be before `to`'],
    [{ ...valid, from: 'yesterday' }, 'from must be an ISO 8601 date'],
    [{ ...valid, colour: 'red' }, 'colour: unknown field'],
    [{ ...valid, source: 'ftp' }, 'source must be'],
    [{ ...valid, stages: { deploy: {} } }, 'unknown stage(s) deploy'],
    [{ ...valid, costs: { takerFeeBps: -1 } }, 'costs.takerFeeBps must not be negative'],
    [{ ...valid, stages: { collect: { retries: -1 } } }, 'stages.collect.retries'],
    [{ ...valid, stages: { collect: { speed: 3 } } }, 'stages.collect.speed: unknown field'],
    // The optimizer's search space and budget.
    [
      { ...valid, stages: { hpo: { params: { space: { learningRate: { type: 'float', low: 1, high: 0.1 } } } } } },
      'stages.hpo.params.space: learningRate: low (1) > high (0.1)',
    ],
    [
      { ...valid, stages: { hpo: { params: { space: { lambda: { type: 'float', low: 0, high: 1, log: true } } } } } },
      'stages.hpo.params.space: lambda: log scale needs low > 0',
    ],
    [
      { ...valid, stages: { 'coarse-optimization': { params: { space: { learningRat: { type: 'float', low: 0.01, high: 0.1 } } } } } },
      'stages.coarse-optimization.params.space: learningRat: unknown parameter',
    ],
    [
      { ...valid, stages: { hpo: { params: { space: { classWeight: { type: 'categorical', choices: [] } } } } } },
      'classWeight: categorical needs at least one choice',
    ],
    [{ ...valid, stages: { hpo: { params: { budget: { broadTrials: 0 } } } } }, 'stages.hpo.params.budget.broadTrials'],
    [{ ...valid, stages: { 'coarse-optimization': { params: { search: { points: 0 } } } } }, 'stages.coarse-optimization.params.search.points'],
    [
      { ...valid, stages: { hpo: { params: { objectives: ['sharpe', 'max-drawdown'], directions: ['maximize', 'maximize'] } } } },
      'directions must match the objectives (sharpe, max-drawdown): expected ["maximize","minimize"]',
    ],
    [{ ...valid, stages: { hpo: { params: { directions: ['maximize', 'minimize'] } } } }, 'directions must match the objectives (sharpe)'],
    [
      { ...valid, model: 'logistic', stages: { hpo: { params: { space: { maxDepth: { type: 'int', low: 2, high: 4 } } } } } },
      'stages.hpo.params.space.maxDepth: unknown parameter for model "logistic"',
    ],
  ])('rejects %j naming the field', (plain, expected) => {
    const problems = problemsOf(plain);
    expect(problems.join('\n')).toContain(expected);
  });

  it('accepts a search space, budget and two objectives that fit the model', () => {
    const problems = problemsOf({
      ...valid,
      stages: {
        hpo: {
          params: {
            objectives: ['sharpe', 'max-drawdown'],
            directions: ['maximize', 'minimize'],
            space: { learningRate: { type: 'float', low: 0.01, high: 0.2, log: true }, maxDepth: { type: 'int', low: 2, high: 6 } },
            budget: { broadTrials: 8, refineTrials: 0, folds: 3 },
          },
        },
      },
    });
    expect(problems).toEqual([]);
  });

  it('reports every offending field at once', () => {
    expect(problemsOf({ timeframe: 'x', from: 'a', to: 'b' }).length).toBeGreaterThanOrEqual(4);
  });
});

describe('StartRunCommand', () => {
  it('rejects a payload that is not JSON', () => {
    expect(() => decodeContract(StartRunCommand, '{nope')).toThrow(/not valid JSON/);
  });
  it('validates the nested spec', () => {
    expect(() => decodeContract(StartRunCommand, JSON.stringify({ spec: { ...valid, timeframe: 'x' } }))).toThrow(/spec.timeframe/);
  });
  it('rejects a command without a spec', () => {
    expect(() => parseContract(StartRunCommand, {})).toThrow(/spec: spec must be a RunSpec object/);
  });
  it('rejects an unknown schema version', () => {
    expect(() => parseContract(StartRunCommand, { schemaVersion: 2, spec: valid })).toThrow(/schemaVersion/);
  });
});
