import { MarketDataError } from '@ares/market-data';
import { MarketStoreError } from '@ares/market-store';
import { StageFailure } from '@ares/stage-runtime';
import { sourceFailure } from './source-failure';

describe('sourceFailure', () => {
  it('market-data errors are permanent and keep their code', () => {
    for (const code of ['file-missing', 'parse-error', 'schema-error', 'directory-missing', 'invalid-request'] as const) {
      const failure = sourceFailure(new MarketDataError(code, 'x'), 'loading', false);
      expect(failure).toMatchObject({ permanent: true, message: 'loading: x', details: { code } });
    }
  });

  it('a store race is transient; a store that holds the wrong thing is permanent', () => {
    expect(sourceFailure(new MarketStoreError('conflict', 'cas lost 20 times'), 'sync', true).permanent).toBe(false);
    expect(sourceFailure(new MarketStoreError('partition-missing', 'gone'), 'sync', true).permanent).toBe(false);
    expect(sourceFailure(new MarketStoreError('manifest-invalid', 'bad'), 'sync', true).permanent).toBe(true);
    expect(sourceFailure(new MarketStoreError('column-mismatch', 'bad'), 'sync', true).permanent).toBe(true);
  });

  it('keeps a StageFailure as it is, and treats anything unknown as transient', () => {
    const given = new StageFailure('already decided');
    expect(sourceFailure(given, 'x', false)).toBe(given);
    expect(sourceFailure(new Error('socket hang up'), 'x', false)).toMatchObject({ permanent: false, message: 'x: socket hang up' });
  });
});
