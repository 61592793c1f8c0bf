import { ArtifactRef } from '@ares/contracts';
import { ArtifactIntegrityError, ArtifactNotFoundError, ArtifactStore } from './artifact-store';
import { artifactKey, sha256Hex } from './content-address';

/** For unit tests of stages and runtimes that need no NATS. */
export class InMemoryArtifactStore implements ArtifactStore {
  private readonly objects = new Map<string, Uint8Array>();

  async put(bytes: Uint8Array, mediaType: string): Promise<ArtifactRef> {
    const sha256 = sha256Hex(bytes);
    const ref = { key: artifactKey(sha256), sha256, size: bytes.byteLength, mediaType };
    this.objects.set(ref.key, bytes.slice());
    return ref;
  }

  async get(ref: ArtifactRef): Promise<Uint8Array> {
    const bytes = this.objects.get(ref.key);
    if (!bytes) throw new ArtifactNotFoundError(ref);
    if (sha256Hex(bytes) !== ref.sha256) throw new ArtifactIntegrityError(ref, 'hash mismatch');
    return bytes.slice();
  }

  async has(ref: Pick<ArtifactRef, 'key'>): Promise<boolean> {
    return this.objects.has(ref.key);
  }
}
