import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { freePort, NatsServerProcess, startNatsServer } from './nats-server-process';

/** One member of a local cluster: its name, ports and store stay the same across kill and start. */
export interface NatsClusterNode {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  readonly storeDir: string;
  readonly running: boolean;
}

/** A local JetStream cluster of nats-servers on free ports, routed to each other, each with its own store. */
export interface NatsCluster {
  readonly name: string;
  readonly nodes: readonly NatsClusterNode[];
  /** Every node's client URL, comma-separated (what NATS_URL takes). */
  readonly url: string;
  node(name: string): NatsClusterNode;
  /** `kill -9` one node; its store is kept. */
  kill(name: string): Promise<void>;
  /** Starts a stopped node again on its port and store, and waits until JetStream answers through it. */
  start(name: string): Promise<void>;
  /** Until the cluster has a JetStream meta leader (API requests succeed through `url`). */
  waitForJetStream(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

interface Member {
  name: string;
  port: number;
  clusterPort: number;
  storeDir: string;
  process?: NatsServerProcess;
}

export interface NatsClusterOptions {
  /** A directory for each node's log (`<name>.log`, appended across restarts). */
  logDir?: string;
}

export async function startNatsCluster(size = 3, clusterName = 'ares-local', options: NatsClusterOptions = {}): Promise<NatsCluster> {
  const root = mkdtempSync(join(tmpdir(), 'ares-nats-cluster-'));
  const members: Member[] = [];
  for (let index = 1; index <= size; index++) {
    const storeDir = join(root, `n${index}`);
    members.push({ name: `n${index}`, port: await freePort(), clusterPort: await freePort(), storeDir });
  }
  const argsOf = (member: Member) => [
    '--server_name',
    member.name,
    '--cluster_name',
    clusterName,
    '--cluster',
    `nats://127.0.0.1:${member.clusterPort}`,
    '--routes',
    members
      .filter((other) => other !== member)
      .map((other) => `nats://127.0.0.1:${other.clusterPort}`)
      .join(','),
  ];
  const launch = async (member: Member) => {
    member.process = await startNatsServer({
      port: member.port,
      storeDir: member.storeDir,
      keepStore: true,
      extraArgs: argsOf(member),
      logFile: options.logDir && join(options.logDir, `${member.name}.log`),
    });
  };
  const find = (name: string) => {
    const member = members.find((candidate) => candidate.name === name);
    if (!member) throw new Error(`no node '${name}' in the cluster (${members.map((m) => m.name).join(', ')})`);
    return member;
  };
  const url = members.map((member) => `nats://127.0.0.1:${member.port}`).join(',');

  const waitForJetStream = async (timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    while (Date.now() < deadline) {
      const nc = await connect({ servers: url.split(','), timeout: 2000 }).catch((error: unknown) => ((last = error), undefined));
      if (nc) {
        try {
          await (await jetstreamManager(nc, { timeout: 2000 })).getAccountInfo();
          return;
        } catch (error) {
          last = error;
        } finally {
          await nc.close();
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`the cluster's JetStream did not answer within ${timeoutMs} ms: ${(last as Error)?.message ?? last}`);
  };

  const stop = async () => {
    await Promise.all(members.map((member) => member.process?.stop()));
    rmSync(root, { recursive: true, force: true });
  };

  try {
    await Promise.all(members.map(launch));
    await waitForJetStream();
  } catch (error) {
    await stop();
    throw error;
  }

  const view = (member: Member): NatsClusterNode => ({
    name: member.name,
    url: `nats://127.0.0.1:${member.port}`,
    port: member.port,
    storeDir: member.storeDir,
    get running() {
      return member.process !== undefined;
    },
  });

  return {
    name: clusterName,
    nodes: members.map(view),
    url,
    node: (name) => view(find(name)),
    async kill(name) {
      const member = find(name);
      await member.process?.kill();
      member.process = undefined;
    },
    async start(name) {
      const member = find(name);
      if (member.process) return;
      await launch(member);
      await waitForJetStream();
    },
    waitForJetStream,
    stop,
  };
}
