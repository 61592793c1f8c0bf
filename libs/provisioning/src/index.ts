/** Ares provisioning: everything on a NATS account created once, by an admin; each service's NATS user and its permissions. */
export * from './provisioned-resources';
export * from './provision-ares';
export * from './service-permissions';
export * from './nats-auth-config';
