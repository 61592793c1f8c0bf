import type { ModelVersionEntry } from '@ares/contracts';
import { segmentVersions } from './index-segments';

const versions = (count: number) => Array.from({ length: count }, (_, i) => ({ version: i + 1 }) as ModelVersionEntry);
const shape = (count: number, size: number) => {
  const { sealed, inline } = segmentVersions(versions(count), size);
  return { sealed: sealed.map((segment) => [segment[0].version, segment.at(-1)!.version]), inline: inline.map((v) => v.version) };
};

describe('segmentVersions', () => {
  it('keeps everything inline until there are two segments’ worth, then seals the oldest whole segments', () => {
    expect(shape(0, 3)).toEqual({ sealed: [], inline: [] });
    expect(shape(5, 3)).toEqual({ sealed: [], inline: [1, 2, 3, 4, 5] });
    expect(shape(6, 3)).toEqual({ sealed: [[1, 3]], inline: [4, 5, 6] });
    expect(shape(8, 3)).toEqual({ sealed: [[1, 3]], inline: [4, 5, 6, 7, 8] });
    expect(shape(9, 3)).toEqual({
      sealed: [
        [1, 3],
        [4, 6],
      ],
      inline: [7, 8, 9],
    });
  });

  it('inline holds between size and 2·size − 1 versions at any length, and nothing is lost or reordered', () => {
    for (let count = 4; count < 200; count++) {
      const { sealed, inline } = segmentVersions(versions(count), 4);
      expect(inline.length).toBeGreaterThanOrEqual(4);
      expect(inline.length).toBeLessThanOrEqual(7);
      expect([...sealed.flat(), ...inline].map((v) => v.version)).toEqual(versions(count).map((v) => v.version));
    }
  });

  it('refuses a segment size below 1', () => {
    expect(() => segmentVersions(versions(3), 0)).toThrow('segment size must be an integer >= 1 (got 0)');
  });
});
