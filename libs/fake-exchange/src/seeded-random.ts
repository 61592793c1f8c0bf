import { seededRandom } from '@ares/random';
/** FNV-1a over the parts' text: a stable 32-bit seed for "this symbol, this bar, this server seed". */
export function hashSeed(...parts: ReadonlyArray<string | number>): number {
  let h = 0x811c9dc5;
  const text = parts.join('|');
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export { seededRandom };
