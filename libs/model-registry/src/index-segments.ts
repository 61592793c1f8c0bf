import type { ModelVersionEntry } from '@ares/contracts';

/** Versions per sealed segment of a stored index. */
export const SEGMENT_VERSIONS = 50;

/**
 * How a name's versions are stored: the oldest in sealed segments of `size` versions each (immutable,
 * content-addressed objects), the newest `size` to 2·`size` − 1 inline in the KV value. A KV value is capped by NATS's
 * max payload (1 MB), which a few hundred versions with their A/B plans would reach; split this way the value stays
 * under 2·`size` entries for ever, and what changes often — the newest versions' stages and plans — stays inline.
 */
export function segmentVersions(
  versions: readonly ModelVersionEntry[],
  size: number = SEGMENT_VERSIONS,
): { sealed: ModelVersionEntry[][]; inline: ModelVersionEntry[] } {
  if (!Number.isInteger(size) || size < 1) throw new Error(`segment size must be an integer >= 1 (got ${size})`);
  const sealedCount = Math.max(0, Math.floor((versions.length - size) / size)) * size;
  const sealed: ModelVersionEntry[][] = [];
  for (let start = 0; start < sealedCount; start += size) sealed.push(versions.slice(start, start + size));
  return { sealed, inline: versions.slice(sealedCount) };
}
