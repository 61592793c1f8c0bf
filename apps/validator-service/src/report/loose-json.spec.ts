import { figures, list, num, numbers, obj, str, strings } from './loose-json';

describe('loose JSON fields', () => {
  it('reads a field of the wrong type as absent', () => {
    expect(obj([1])).toBeUndefined();
    expect(obj(null)).toBeUndefined();
    expect(obj({ a: 1 })).toEqual({ a: 1 });
    expect(num('1')).toBeNull();
    expect(num(NaN)).toBeNull();
    expect(num(2.5)).toBe(2.5);
    expect(str(3)).toBeUndefined();
    expect(list('x')).toEqual([]);
  });

  it('keeps array positions, drops non-finite figures', () => {
    expect(numbers([1, 'x', 3])).toEqual([1, NaN, 3]);
    expect(strings(['a', 1, 'b'])).toEqual(['a', 'b']);
    expect(figures({ sharpe: 1.2, note: 'x', bad: null, inf: Infinity })).toEqual({ sharpe: 1.2 });
  });
});
