import { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { ArtifactStore, ObjectStoreArtifactStore, sha256Hex } from '@ares/artifacts';
import { ArtifactRef, Buckets, ModelIndex, ModelVersionEntry } from '@ares/contracts';
import { openOrCreateKv } from '@ares/messaging';
import { SEGMENT_VERSIONS, segmentVersions } from './index-segments';
import { IndexConflictError, ModelIndexStore, VersionedIndex } from './model-index-store';

const keyOf = (name: string) => `model.${name}`;
const SEGMENT_MEDIA_TYPE = 'application/vnd.ares.model-versions+json';

/** The KV value: the newest versions inline, the older ones in sealed segments (absent in indexes written before). */
interface StoredIndexHead {
  name: string;
  segments?: ArtifactRef[];
  versions: ModelVersionEntry[];
}

export interface KvModelIndexStoreOptions {
  /** The KV bucket of the heads (default `ares-models`). */
  bucket?: string;
  /** Where sealed segments go (default: the Object Store `ares-model-bytes`, beside the ONNX graphs and cards). */
  segments?: ArtifactStore;
  segmentVersions?: number;
  /**
   * Segments are used only once the index's JSON passes this many bytes (default 512 KiB): an index that code
   * from before segments could store stays in its format, so such code still running during a rolling upgrade or
   * after a rollback neither misses versions nor drops them when it writes the index back.
   */
  sealAboveBytes?: number;
}

const SEAL_ABOVE_BYTES = 512 * 1024;

/**
 * Each name's index at KV key `model.<name>` (bucket `ares-models`), written by compare-and-set on its revision. The
 * oldest versions live in sealed, content-addressed segments the head refers to (see segmentVersions), so an index
 * of thousands of versions stays under NATS's payload limit; segments are written before the head that names them
 * (a reader never meets a reference to bytes that are not there) and are cached by hash, as they never change.
 */
export class KvModelIndexStore implements ModelIndexStore {
  /** Segments known to be stored, by the hash of their bytes. */
  private readonly known = new Map<string, { ref: ArtifactRef; versions: ModelVersionEntry[] }>();

  private constructor(
    private readonly kv: KV,
    private readonly segments: ArtifactStore,
    private readonly segmentSize: number,
    private readonly sealAboveBytes: number,
  ) {}

  static async open(nc: NatsConnection, options: KvModelIndexStoreOptions = {}): Promise<KvModelIndexStore> {
    // History 16: a version's stage changes stay inspectable with `nats kv history` for a while.
    const [kv, segments] = await Promise.all([
      openOrCreateKv(nc, options.bucket ?? Buckets.models, { history: 16, storage: 'file' as never }),
      options.segments ?? ObjectStoreArtifactStore.open(nc, Buckets.modelBytes),
    ]);
    return new KvModelIndexStore(kv, segments, options.segmentVersions ?? SEGMENT_VERSIONS, options.sealAboveBytes ?? SEAL_ABOVE_BYTES);
  }

  async read(name: string): Promise<VersionedIndex | undefined> {
    const entry = await this.kv.get(keyOf(name));
    if (!entry || entry.operation !== 'PUT' || entry.length === 0) return undefined;
    const head = entry.json<StoredIndexHead>();
    const sealed = await Promise.all((head.segments ?? []).map((ref) => this.readSegment(ref)));
    return { index: { name: head.name, versions: [...sealed.flat(), ...head.versions] }, revision: entry.revision };
  }

  async write(index: ModelIndex, expectedRevision: number): Promise<number> {
    let value = JSON.stringify({ name: index.name, versions: index.versions } satisfies StoredIndexHead);
    if (value.length > this.sealAboveBytes) {
      const { sealed, inline } = segmentVersions(index.versions, this.segmentSize);
      const segments = await Promise.all(sealed.map((versions) => this.writeSegment(versions)));
      value = JSON.stringify({ name: index.name, ...(segments.length > 0 ? { segments } : {}), versions: inline } satisfies StoredIndexHead);
    }
    try {
      return expectedRevision === 0
        ? await this.kv.create(keyOf(index.name), value)
        : await this.kv.update(keyOf(index.name), value, expectedRevision);
    } catch (error) {
      // The server refuses a stale revision ("wrong last sequence") or an existing key on create.
      if (/wrong last sequence|key exists|10071/i.test((error as Error).message)) throw new IndexConflictError(index.name);
      throw error;
    }
  }

  async names(): Promise<string[]> {
    const names: string[] = [];
    for await (const key of await this.kv.keys('model.*')) names.push(key.slice('model.'.length));
    return names.sort();
  }

  private async readSegment(ref: ArtifactRef): Promise<ModelVersionEntry[]> {
    let segment = this.known.get(ref.sha256);
    if (!segment) {
      // get() checks the bytes against the reference's hash.
      segment = { ref, versions: JSON.parse(new TextDecoder().decode(await this.segments.get(ref))) as ModelVersionEntry[] };
      this.known.set(ref.sha256, segment);
    }
    return structuredClone(segment.versions);
  }

  /** An unchanged segment (the usual case: only the inline versions change) is not uploaded again. */
  private async writeSegment(versions: ModelVersionEntry[]): Promise<ArtifactRef> {
    const bytes = new TextEncoder().encode(JSON.stringify(versions));
    const known = this.known.get(sha256Hex(bytes));
    if (known) return known.ref;
    const ref = await this.segments.put(bytes, SEGMENT_MEDIA_TYPE);
    this.known.set(ref.sha256, { ref, versions: structuredClone(versions) });
    return ref;
  }
}
