import { Buckets, ServiceName, ServiceNames, Streams, Subjects } from '@ares/contracts';
import { inboxPrefixFor, MESSAGING_STREAMS, maxDeliveriesAdvisorySubject } from '@ares/messaging';
import { MARKET_DATA_BUCKET, MARKET_MANIFEST_BUCKET } from '@ares/market-store';
import { durableConsumers } from './provisioned-resources';

/** What one service touches on NATS, from which its allow-lists are derived (found by tracing a full run: see README). */
interface ServiceAccess {
  /** Core and JetStream subjects it publishes to (besides the API calls derived below). */
  publish: string[];
  /** Core subjects it subscribes to (besides `_INBOX.>` and its consumers' advisories). */
  subscribe: string[];
  kvRead: string[];
  kvWrite: string[];
  objectRead: string[];
  objectWrite: string[];
  /** Stage services read run histories (checkpointed units); only the orchestrator appends. */
  readsHistory: boolean;
}

const STAGE_SERVICE_BASE = (service: ServiceName, extra: Partial<ServiceAccess> = {}): ServiceAccess => ({
  // Stage events (completed, failed, progress, checkpoints) for the saga; units of its own stages only; dead letters of
  // its own consumers (`ares.dlq.<original subject>`).
  publish: [
    Subjects.stageEvent('*'),
    Subjects.unitsFor(service),
    Subjects.deadLetter(Subjects.stageCommandsFor(service)),
    Subjects.deadLetter(Subjects.unitsFor(service)),
  ],
  subscribe: [Subjects.cancelStagesAll, Subjects.health(service)],
  kvRead: [Buckets.stageCache],
  kvWrite: [Buckets.stageCache],
  objectRead: [Buckets.artifacts],
  objectWrite: [Buckets.artifacts],
  readsHistory: true,
  ...extra,
});

const ACCESS: Record<ServiceName, ServiceAccess> = {
  [ServiceNames.orchestrator]: {
    publish: [
      Subjects.history('*'),
      Subjects.stageCommand('*', '*'),
      Subjects.cancelStages('*'),
      Subjects.health('*'),
      Subjects.deadLetter(Subjects.runCommandsAll),
      Subjects.deadLetter(Subjects.stageEventsAll),
    ],
    subscribe: [Subjects.health(ServiceNames.orchestrator)],
    // Projections; the registry view (promote writes the index, and a sealed segment of it when it moves an old
    // version; ONNX bytes and reports are read).
    kvRead: [Buckets.runs, Buckets.models],
    kvWrite: [Buckets.runs, Buckets.models],
    objectRead: [Buckets.artifacts, Buckets.modelBytes],
    objectWrite: [Buckets.modelBytes],
    readsHistory: true,
  },
  // The market-data store (exchange source) beside artifacts.
  [ServiceNames.data]: STAGE_SERVICE_BASE(ServiceNames.data, {
    kvRead: [Buckets.stageCache, MARKET_MANIFEST_BUCKET],
    kvWrite: [Buckets.stageCache, MARKET_MANIFEST_BUCKET],
    objectRead: [Buckets.artifacts, MARKET_DATA_BUCKET],
    objectWrite: [Buckets.artifacts, MARKET_DATA_BUCKET],
  }),
  [ServiceNames.optimizer]: STAGE_SERVICE_BASE(ServiceNames.optimizer),
  // save-model registers versions: the index and the bytes.
  [ServiceNames.trainer]: STAGE_SERVICE_BASE(ServiceNames.trainer, {
    kvRead: [Buckets.stageCache, Buckets.models],
    kvWrite: [Buckets.stageCache, Buckets.models],
    objectRead: [Buckets.artifacts, Buckets.modelBytes],
    objectWrite: [Buckets.artifacts, Buckets.modelBytes],
  }),
  // ab-setup replays the champion from its bytes and stores its decision with the version (archiving an old champion
  // may rewrite a sealed segment of the index).
  [ServiceNames.validator]: STAGE_SERVICE_BASE(ServiceNames.validator, {
    kvRead: [Buckets.stageCache, Buckets.models],
    kvWrite: [Buckets.stageCache, Buckets.models],
    objectRead: [Buckets.artifacts, Buckets.modelBytes],
    objectWrite: [Buckets.artifacts, Buckets.modelBytes],
  }),
};

export interface SubjectPermissions {
  publish: string[];
  subscribe: string[];
}

/** Read-only views (ephemeral ordered consumers, direct and stream gets) of a stream whose subjects start `prefix`. */
function readStream(stream: string, filterPrefix: string): string[] {
  return [
    `$JS.API.STREAM.INFO.${stream}`,
    `$JS.API.STREAM.MSG.GET.${stream}`,
    `$JS.API.DIRECT.GET.${stream}`,
    `$JS.API.DIRECT.GET.${stream}.>`,
    // The client names its ordered consumers and puts the filter in the subject: CREATE.<stream>.<name>.<filter>.
    `$JS.API.CONSUMER.CREATE.${stream}`,
    `$JS.API.CONSUMER.CREATE.${stream}.*`,
    `$JS.API.CONSUMER.CREATE.${stream}.*.${filterPrefix}.>`,
    `$JS.API.CONSUMER.INFO.${stream}.*`,
    `$JS.API.CONSUMER.DELETE.${stream}.*`,
    `$JS.API.CONSUMER.MSG.NEXT.${stream}.*`,
    `$JS.FC.${stream}.>`,
  ];
}

/**
 * The publish and subscribe allow-lists of one service's NATS user: whole-token wildcards only, never `$JS.>` or
 * `>`; the JetStream API only for its own durables, the streams and buckets it reads or writes, and stream info for
 * the start-up check of external provisioning. Replies to requests it serves need no grant (`allow_responses`).
 */
export function servicePermissions(service: ServiceName): SubjectPermissions {
  const access = ACCESS[service];
  const publish = new Set<string>(['$JS.API.INFO', ...access.publish]);
  // Replies (JetStream API answers, pulled messages, publish acks) arrive in its own inboxes only (connectNats sets the prefix).
  const subscribe = new Set<string>([`${inboxPrefixFor(service)}.>`, ...access.subscribe]);
  // Under external provisioning every service checks that the shared streams and buckets exist (provisionMessaging).
  for (const stream of MESSAGING_STREAMS) publish.add(`$JS.API.STREAM.INFO.${stream.name}`);
  for (const stream of [Streams.history, `KV_${Buckets.runs}`, `KV_${Buckets.stageCache}`, `OBJ_${Buckets.artifacts}`])
    publish.add(`$JS.API.STREAM.INFO.${stream}`);
  for (const consumer of durableConsumers().filter((c) => c.service === service)) {
    publish.add(`$JS.API.CONSUMER.INFO.${consumer.stream}.${consumer.durable}`);
    publish.add(`$JS.API.CONSUMER.MSG.NEXT.${consumer.stream}.${consumer.durable}`);
    publish.add(`$JS.ACK.${consumer.stream}.${consumer.durable}.>`);
    subscribe.add(maxDeliveriesAdvisorySubject(consumer.stream, consumer.durable));
    // A message whose last delivery went unanswered is read back for its dead letter and, from a work queue, removed.
    publish.add(`$JS.API.STREAM.MSG.GET.${consumer.stream}`);
    if (consumer.stream !== Streams.stageEvents && consumer.stream !== Streams.runCommands)
      publish.add(`$JS.API.STREAM.MSG.DELETE.${consumer.stream}`);
  }
  if (access.readsHistory) for (const subject of readStream(Streams.history, 'ares.history.run')) publish.add(subject);
  for (const bucket of access.kvRead) for (const subject of readStream(`KV_${bucket}`, `$KV.${bucket}`)) publish.add(subject);
  for (const bucket of access.kvWrite) publish.add(`$KV.${bucket}.>`);
  for (const bucket of access.objectRead) for (const subject of readStream(`OBJ_${bucket}`, `$O.${bucket}`)) publish.add(subject);
  for (const bucket of access.objectWrite) {
    publish.add(`$O.${bucket}.>`);
    // A put over an object of the same name (two replicas storing one content-addressed artifact) purges the old
    // chunks; denied, they stay orphaned. Writing `$O.<bucket>.>` already allows as much (delete markers, rollups).
    publish.add(`$JS.API.STREAM.PURGE.OBJ_${bucket}`);
  }
  return { publish: [...publish], subscribe: [...subscribe] };
}
