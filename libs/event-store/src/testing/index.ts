/** Test-only surface: the contract every EventStore adapter must pass. */
export * from '../event-store.contract';
