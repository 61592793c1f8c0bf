import { groupByMonth, monthKeyOf, monthRange, monthsOverlapping, splitByMonth } from './month-partition';

const t = (iso: string) => Date.parse(iso);

describe('month partitions', () => {
  it('names and bounds calendar months in UTC', () => {
    expect(monthKeyOf(t('2023-03-31T23:59:59.999Z'))).toBe('2023-03');
    expect(monthKeyOf(t('2023-04-01T00:00:00Z'))).toBe('2023-04');
    expect(monthRange('2023-12')).toEqual([t('2023-12-01T00:00:00Z'), t('2024-01-01T00:00:00Z')]);
    expect(() => monthRange('2023-13')).toThrow(/YYYY-MM/);
  });

  it('cuts ranges at month boundaries and groups them', () => {
    const slices = splitByMonth([
      [t('2023-01-20T00:00:00Z'), t('2023-03-05T00:00:00Z')],
      [t('2023-03-10T00:00:00Z'), t('2023-03-12T00:00:00Z')],
    ]);
    expect(slices.map((s) => [s.month, new Date(s.range[0]).toISOString().slice(0, 10), new Date(s.range[1]).toISOString().slice(0, 10)])).toEqual([
      ['2023-01', '2023-01-20', '2023-02-01'],
      ['2023-02', '2023-02-01', '2023-03-01'],
      ['2023-03', '2023-03-01', '2023-03-05'],
      ['2023-03', '2023-03-10', '2023-03-12'],
    ]);
    expect(groupByMonth(slices).map((g) => [g.month, g.ranges.length])).toEqual([
      ['2023-01', 1],
      ['2023-02', 1],
      ['2023-03', 2],
    ]);
    expect(monthsOverlapping(t('2023-11-15T00:00:00Z'), t('2024-01-01T00:00:00Z'))).toEqual(['2023-11', '2023-12']);
  });
});
