export * from './event-store';
export { InMemoryEventStore } from './in-memory-event-store';
export type { InMemoryEventStoreOptions } from './in-memory-event-store';
export { JetStreamEventStore } from './jetstream-event-store';
export type { JetStreamEventStoreOptions } from './jetstream-event-store';
export { ensureHistoryStream, historyStreamConfig } from './history-stream';
export type { HistoryStreamOptions } from './history-stream';
export { MAX_EVENTS_PER_COMMIT } from './commit-codec';
