import { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { Buckets, parseContract, StageOutput } from '@ares/contracts';
import { openOrCreateKv } from '@ares/messaging';

/** Stage outputs by the content hash of what produced them. */
export interface StageCache {
  get(key: string): Promise<StageOutput | undefined>;
  put(key: string, output: StageOutput): Promise<void>;
}

export class KvStageCache implements StageCache {
  private constructor(private readonly kv: KV) {}

  static async open(nc: NatsConnection, bucket: string = Buckets.stageCache): Promise<KvStageCache> {
    return new KvStageCache(await openOrCreateKv(nc, bucket, { history: 1, storage: 'file' as never }));
  }

  async get(key: string): Promise<StageOutput | undefined> {
    const entry = await this.kv.get(key);
    if (!entry || entry.operation !== 'PUT' || entry.length === 0) return undefined;
    return parseContract(StageOutput, entry.json());
  }

  async put(key: string, output: StageOutput): Promise<void> {
    await this.kv.put(key, JSON.stringify(output));
  }
}

export class InMemoryStageCache implements StageCache {
  private readonly entries = new Map<string, string>();
  async get(key: string): Promise<StageOutput | undefined> {
    const json = this.entries.get(key);
    return json === undefined ? undefined : parseContract(StageOutput, JSON.parse(json));
  }
  async put(key: string, output: StageOutput): Promise<void> {
    this.entries.set(key, JSON.stringify(output));
  }
}
