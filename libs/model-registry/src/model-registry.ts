import type { NatsConnection } from '@nats-io/transport-node';
import { ArtifactStore, InMemoryArtifactStore, ObjectStoreArtifactStore } from '@ares/artifacts';
import { Buckets, ModelCard, ModelIndex, ModelStage, ModelVersionEntry } from '@ares/contracts';
import { InMemoryModelIndexStore } from './in-memory-model-index-store';
import { KvModelIndexStore } from './kv-model-index-store';
import { IndexConflictError, ModelIndexStore } from './model-index-store';
import {
  appendVersion,
  changeStage,
  championOf,
  findVersion,
  ModelSummary,
  nextVersion,
  StageChange,
  summarizeIndex,
  versionOfRun,
} from './model-index-rules';
import { ModelNotFoundError } from './registry-errors';

export const ONNX_MEDIA_TYPE = 'application/onnx';
const CARD_MEDIA_TYPE = 'application/json';
const MAX_CONFLICTS = 20;

/** What a run hands the registry: the card without the facts the registry assigns. */
export type CardDraft = Omit<ModelCard, 'schemaVersion' | 'name' | 'version' | 'runId' | 'registeredAt'>;

export interface Registration {
  entry: ModelVersionEntry;
  card: ModelCard;
  /** False when the run had already registered this version (a redelivered or repeated save-model). */
  created: boolean;
}

export interface VersionDetail {
  entry: ModelVersionEntry;
  card: ModelCard;
}

/**
 * The model registry. Bytes (ONNX graphs and cards) go to a content-addressed store first, so they are never
 * overwritten and an index entry never names bytes that are not fully there; then the name's index gains the
 * version by compare-and-set, so concurrent registrations get distinct versions. A run registers at most one
 * version of a name: registering it again returns what it registered.
 */
export class ModelRegistry {
  constructor(
    private readonly indexes: ModelIndexStore,
    private readonly bytes: ArtifactStore,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** The registry in NATS: KV bucket `ares-models` for the index, Object Store `ares-model-bytes` for bytes (and the index's sealed segments). */
  static async open(nc: NatsConnection): Promise<ModelRegistry> {
    const bytes = await ObjectStoreArtifactStore.open(nc, Buckets.modelBytes);
    return new ModelRegistry(await KvModelIndexStore.open(nc, { segments: bytes }), bytes);
  }

  static inMemory(clock?: () => Date): ModelRegistry {
    return new ModelRegistry(new InMemoryModelIndexStore(), new InMemoryArtifactStore(), clock);
  }

  async register(request: { name: string; runId: string; onnx: Uint8Array; card: CardDraft }): Promise<Registration> {
    const { name, runId } = request;
    const onnx = await this.bytes.put(request.onnx, ONNX_MEDIA_TYPE);
    for (let conflicts = 0; ; conflicts++) {
      const stored = await this.indexes.read(name);
      const existing = versionOfRun(stored?.index, runId);
      if (existing) return { entry: existing, card: await this.readCard(existing), created: false };
      const registeredAt = this.clock().toISOString();
      const card: ModelCard = { schemaVersion: 1, name, version: nextVersion(stored?.index), runId, registeredAt, ...request.card };
      card.onnx = { ...card.onnx, sha256: onnx.sha256, bytes: onnx.size };
      const cardRef = await this.bytes.put(new TextEncoder().encode(JSON.stringify(card, null, 2)), CARD_MEDIA_TYPE);
      const index = appendVersion(stored?.index, name, { runId, onnxSha256: onnx.sha256, onnxRef: onnx, cardRef }, registeredAt);
      try {
        await this.indexes.write(index, stored?.revision ?? 0);
        return { entry: index.versions.at(-1)!, card, created: true };
      } catch (error) {
        if (!(error instanceof IndexConflictError) || conflicts >= MAX_CONFLICTS) throw error;
      }
    }
  }

  async list(): Promise<ModelSummary[]> {
    const summaries: ModelSummary[] = [];
    for (const name of await this.indexes.names()) {
      const stored = await this.indexes.read(name);
      if (stored) summaries.push(summarizeIndex(stored.index));
    }
    return summaries;
  }

  async model(name: string): Promise<ModelIndex & { champion: number | null }> {
    const index = await this.requireIndex(name);
    return { ...index, champion: championOf(index)?.version ?? null };
  }

  async version(name: string, version: number): Promise<VersionDetail> {
    const entry = findVersion(await this.requireIndex(name), version);
    return { entry, card: await this.readCard(entry) };
  }

  /** A version's ONNX bytes with its index entry (sha, stage), from one index read. */
  async onnx(name: string, version: number): Promise<{ entry: ModelVersionEntry; bytes: Uint8Array }> {
    const entry = findVersion(await this.requireIndex(name), version);
    return { entry, bytes: await this.bytes.get(entry.onnxRef) };
  }

  async champion(name: string): Promise<VersionDetail | undefined> {
    const stored = await this.indexes.read(name);
    const entry = stored && championOf(stored.index);
    return entry && { entry, card: await this.readCard(entry) };
  }

  /** Moves a version to a stage (promotion, rollback, archiving, ab-setup's decision); see changeStage. */
  async setStage(name: string, change: Omit<StageChange, 'at'> & { stage: ModelStage }): Promise<ModelVersionEntry> {
    for (let conflicts = 0; ; conflicts++) {
      const stored = await this.indexes.read(name);
      if (!stored) throw new ModelNotFoundError(`no model named '${name}'`);
      const index = changeStage(stored.index, { ...change, at: this.clock().toISOString() });
      if (index === stored.index) return findVersion(index, change.version);
      try {
        await this.indexes.write(index, stored.revision);
        return findVersion(index, change.version);
      } catch (error) {
        if (!(error instanceof IndexConflictError) || conflicts >= MAX_CONFLICTS) throw error;
      }
    }
  }

  private async requireIndex(name: string): Promise<ModelIndex> {
    const stored = await this.indexes.read(name);
    if (!stored) throw new ModelNotFoundError(`no model named '${name}'`);
    return stored.index;
  }

  private async readCard(entry: ModelVersionEntry): Promise<ModelCard> {
    return JSON.parse(new TextDecoder().decode(await this.bytes.get(entry.cardRef))) as ModelCard;
  }
}
