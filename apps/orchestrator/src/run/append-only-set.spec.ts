import { AppendOnlySet } from './append-only-set';

describe('AppendOnlySet', () => {
  it('grows along a linear history, each version seeing only its own keys', () => {
    const one = AppendOnlySet.EMPTY.add('a');
    const two = one.add('b');
    expect([one.has('a'), one.has('b'), two.has('b')]).toEqual([true, false, true]);
    expect(two.add('a')).toBe(two);
    expect(two.values()).toEqual(['a', 'b']);
  });

  it('shares its keys when the same key is added twice from one version (an event evolved twice)', () => {
    const base = AppendOnlySet.EMPTY.add('a');
    const first = base.add('b');
    const again = base.add('b');
    expect(again.values()).toEqual(['a', 'b']);
    expect(first.add('c').values()).toEqual(['a', 'b', 'c']);
    expect(again.has('c')).toBe(false);
  });

  it('stays a value when an older version branches', () => {
    const base = AppendOnlySet.EMPTY.add('a');
    const left = base.add('b');
    const right = base.add('c');
    expect(left.values()).toEqual(['a', 'b']);
    expect(right.values()).toEqual(['a', 'c']);
    expect([left.has('c'), right.has('b'), base.size]).toEqual([false, false, 1]);
    expect(AppendOnlySet.EMPTY.values()).toEqual([]);
  });
});
