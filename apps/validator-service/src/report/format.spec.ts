import { formatInteger, formatNumber, formatPercent, formatSignedPercent, formatSignificant, formatTime, formatPercentTick } from './format';

describe('report number formats', () => {
  it('prints fixed decimals with a real minus sign, and a dash for what is missing', () => {
    expect(formatNumber(1.23456)).toBe('1.23');
    expect(formatNumber(-2.5, 1)).toBe('−2.5');
    expect(formatNumber(-0.0001)).toBe('0.00');
    expect(formatNumber(NaN)).toBe('—');
    expect(formatNumber(Infinity)).toBe('—');
    expect(formatNumber(null)).toBe('—');
  });

  it('prints fractions as percentages', () => {
    expect(formatPercent(0.1234)).toBe('12.34 %');
    expect(formatPercent(-0.3062)).toBe('−30.62 %');
    expect(formatSignedPercent(0.0004423)).toBe('+0.04 %');
    expect(formatSignedPercent(-0.27)).toBe('−27.00 %');
    expect(formatSignedPercent(0)).toBe('0.00 %');
    expect(formatPercent(undefined)).toBe('—');
  });

  it('groups thousands and keeps small figures readable', () => {
    expect(formatInteger(10000)).toBe('10,000');
    expect(formatInteger(-1234567)).toBe('−1,234,567');
    expect(formatInteger(999)).toBe('999');
    expect(formatSignificant(1.0074763798217923e-7)).toBe('1.01e−7');
    expect(formatSignificant(0.0421)).toBe('0.0421');
    expect(formatSignificant(-0.011947)).toBe('−0.0119');
    expect(formatSignificant(0)).toBe('0');
  });

  it('prints axis percentages without trailing zeros', () => {
    expect(formatPercentTick(0.05)).toBe('5 %');
    expect(formatPercentTick(1.05 - 1)).toBe('5 %');
    expect(formatPercentTick(-0.005)).toBe('−0.5 %');
    expect(formatPercentTick(-0)).toBe('0 %');
    expect(formatPercentTick(0.1234)).toBe('12.34 %');
  });

  it('prints times in UTC without seconds, dates without midnight', () => {
    expect(formatTime('2023-07-04T14:00:00.000Z')).toBe('2023-07-04 14:00');
    expect(formatTime('2023-07-04T00:00:00.000Z')).toBe('2023-07-04');
    expect(formatTime('2023-01-01')).toBe('2023-01-01');
    expect(formatTime('not a time')).toBe('not a time');
  });
});
