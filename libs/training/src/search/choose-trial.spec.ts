import { chooseTrial } from './choose-trial';

describe('chooseTrial', () => {
  it('takes the best value for one objective, the earlier trial on ties', () => {
    const trials = [
      { id: 'a', values: [1] },
      { id: 'b', values: [2] },
      { id: 'c', values: [2] },
    ];
    expect(chooseTrial(trials, ['sharpe'])?.id).toBe('b');
    expect(chooseTrial(trials, ['log-loss'])?.id).toBe('a');
    expect(chooseTrial([], ['sharpe'])).toBeUndefined();
  });

  it('for Sharpe and drawdown, takes the best Sharpe on the front whose drawdown is at most the median', () => {
    const trials = [
      { id: 'deep', values: [3, 0.5] }, // best Sharpe, deepest drawdown
      { id: 'mid', values: [2, 0.2] },
      { id: 'safe', values: [1, 0.1] },
      { id: 'dominated', values: [1.5, 0.3] },
    ];
    // Front: deep, mid, safe; median drawdown 0.2 → mid and safe qualify; mid has the better Sharpe.
    expect(chooseTrial(trials, ['sharpe', 'max-drawdown'])?.id).toBe('mid');
  });
});
