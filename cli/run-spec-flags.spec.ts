import { buildRunSpec, CliUsageError } from './run-spec-flags';

const FILE = {
  symbol: 'BTC/USDT',
  timeframe: '1h',
  from: '2023-01-01',
  to: '2024-01-01',
  model: 'gbdt',
  costs: { takerFeeBps: 10, slippageBps: 5 },
  stages: {
    train: { retries: 1, params: { l2: 1, gbdt: { nEstimators: 200, maxDepth: 6 } } },
    'walk-forward': { params: { folds: 5 } },
  },
};

describe('buildRunSpec (ares run start flags over --spec)', () => {
  it('without flags is the spec file as is, and with neither an empty spec', () => {
    expect(buildRunSpec(FILE, {})).toEqual(FILE);
    expect(buildRunSpec(undefined, {})).toEqual({});
  });

  it('accepts {"spec": RunSpec} as POST /runs does', () => {
    expect(buildRunSpec({ spec: FILE }, { seed: '7' })).toEqual({ ...FILE, seed: 7 });
  });

  it('lays the common fields over the file: strings as given, numbers and lists parsed', () => {
    const spec = buildRunSpec(FILE, {
      symbol: 'ETH/USDT',
      model: 'logistic',
      market: 'perpetual',
      gapPolicy: 'segment', // any string: the server decides, the CLI passes it on
      source: 'exchange',
      exchange: 'kraken',
      seed: '7',
      extraSeries: 'agg-trades, funding',
      feeBps: '7.5',
      slippageBps: '0',
    });
    expect(spec).toMatchObject({
      symbol: 'ETH/USDT',
      timeframe: '1h',
      model: 'logistic',
      market: 'perpetual',
      gapPolicy: 'segment',
      source: 'exchange',
      exchange: 'kraken',
      seed: 7,
      extraSeries: ['agg-trades', 'funding'],
      costs: { takerFeeBps: 7.5, slippageBps: 0 },
    });
    expect(buildRunSpec(FILE, { slippageBps: '2' }).costs).toEqual({ takerFeeBps: 10, slippageBps: 2 });
    expect(buildRunSpec({}, { extraSeries: '' }).extraSeries).toEqual([]);
  });

  it('sets stage budgets, disables stages, and merges with what the file says about the stage', () => {
    const spec = buildRunSpec(FILE, {
      retries: ['train=3', 'collect=0'],
      timeout: ['train=600'],
      disable: ['walk-forward'],
    });
    expect(spec.stages).toEqual({
      train: { retries: 3, timeoutSeconds: 600, params: { l2: 1, gbdt: { nEstimators: 200, maxDepth: 6 } } },
      collect: { retries: 0 },
      'walk-forward': { enabled: false, params: { folds: 5 } },
    });
  });

  it('--param sets a nested stage parameter, as JSON when it parses and as a string otherwise', () => {
    const spec = buildRunSpec(FILE, {
      param: [
        'train.gbdt.maxDepth=4',
        'train.gbdt.subsample=0.5',
        'walk-forward.mode=anchored',
        'target-params.grid.kTp=[1,2]',
        'train.threshold=null',
        'validate-data.note=a=b',
        'walk-forward.label="42"',
      ],
    });
    const stages = spec.stages as Record<string, { params: Record<string, unknown> }>;
    expect(stages.train.params).toEqual({ l2: 1, threshold: null, gbdt: { nEstimators: 200, maxDepth: 4, subsample: 0.5 } });
    expect(stages['walk-forward'].params).toEqual({ folds: 5, mode: 'anchored', label: '42' });
    expect(stages['target-params'].params).toEqual({ grid: { kTp: [1, 2] } });
    expect(stages['validate-data'].params).toEqual({ note: 'a=b' });
  });

  it('leaves the spec file object untouched', () => {
    const file = structuredClone(FILE);
    buildRunSpec(file, { param: ['train.gbdt.maxDepth=4'], retries: ['train=2'], feeBps: '1', disable: ['walk-forward'] });
    expect(file).toEqual(FILE);
  });

  it.each([
    [{ seed: 'forty-two' }, /^--seed: "forty-two" is not an integer$/],
    [{ seed: '4.2' }, /^--seed: /],
    [{ feeBps: 'ten' }, /^--fee-bps: "ten" is not a number$/],
    [{ slippageBps: '' }, /^--slippage-bps: /],
    [{ retries: ['train'] }, /^--retries train: expected STAGE=N/],
    [{ retries: ['train=two'] }, /^--retries train=two: "two" is not an integer$/],
    [{ timeout: ['=30'] }, /^--timeout =30: expected STAGE=SECONDS/],
    [{ timeout: ['train=1.5'] }, /^--timeout train=1.5: /],
    [{ disable: ['Train!'] }, /^--disable Train!: expected a stage name/],
    [{ param: ['train.maxDepth'] }, /^--param train.maxDepth: expected STAGE.path.to.field=VALUE/],
    [{ param: ['train=4'] }, /^--param train=4: expected STAGE.path/],
    [{ param: ['train..depth=4'] }, /^--param train..depth=4: expected/],
    [{ param: ['train.__proto__.polluted=1'] }, /^--param train.__proto__.polluted=1: "__proto__" cannot be a field name$/],
    [{ param: ['train.l2.deeper=1'] }, /^--param train.l2.deeper=1: stages.train.params.l2 is not a JSON object$/],
  ])('refuses %j naming the flag', (flags, message) => {
    expect(() => buildRunSpec(FILE, flags)).toThrow(CliUsageError);
    expect(() => buildRunSpec(FILE, flags)).toThrow(message);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a spec file that is not an object where the flags must write', () => {
    expect(() => buildRunSpec([], {})).toThrow(/^--spec: the file is not a JSON object$/);
    expect(() => buildRunSpec({ ...FILE, stages: [] }, { disable: ['train'] })).toThrow(/^--spec: stages is not a JSON object$/);
    expect(() => buildRunSpec({ ...FILE, costs: 3 }, { feeBps: '1' })).toThrow(/^--spec: costs is not a JSON object$/);
  });
});
