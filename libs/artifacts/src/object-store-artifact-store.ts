import { Objm, ObjectStore } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/transport-node';
import { ArtifactRef, Buckets } from '../../contracts/src';
import { ArtifactIntegrityError, ArtifactNotFoundError, ArtifactStore } from './artifact-store';
import { artifactKey, sha256Hex } from './content-address';

/**
 * Artifacts in the NATS Object Store. An object's metadata is written only after all its chunks,
 * so an upload that dies half-way is never visible as an artifact; reads verify the hash anyway.
 */
export class ObjectStoreArtifactStore implements ArtifactStore {
  private constructor(private readonly store: ObjectStore) {}

  static async open(nc: NatsConnection, bucket: string = Buckets.artifacts): Promise<ObjectStoreArtifactStore> {
    return new ObjectStoreArtifactStore(await new Objm(nc).create(bucket, { storage: 'file' as never }));
  }

  async put(bytes: Uint8Array, mediaType: string): Promise<ArtifactRef> {
    const sha256 = sha256Hex(bytes);
    const ref: ArtifactRef = { key: artifactKey(sha256), sha256, size: bytes.byteLength, mediaType };
    if (!(await this.has(ref))) {
      await this.store.putBlob({ name: ref.key, description: mediaType }, bytes);
    }
    return ref;
  }

  async get(ref: ArtifactRef): Promise<Uint8Array> {
    const bytes = await this.store.getBlob(ref.key);
    if (!bytes) throw new ArtifactNotFoundError(ref);
    if (bytes.byteLength !== ref.size) throw new ArtifactIntegrityError(ref, `expected ${ref.size} bytes, found ${bytes.byteLength}`);
    const actual = sha256Hex(bytes);
    if (actual !== ref.sha256) throw new ArtifactIntegrityError(ref, `sha256 is ${actual}, expected ${ref.sha256}`);
    return bytes;
  }

  async has(ref: Pick<ArtifactRef, 'key'>): Promise<boolean> {
    const info = await this.store.info(ref.key);
    return info !== null && !info.deleted;
  }
}
