import { randomBytes } from 'node:crypto';
import { ALL_SERVICES, ServiceName } from '@ares/contracts';
import { servicePermissions } from './service-permissions';

/** The user that provisions (creates streams, buckets, object stores, consumers); no service runs as it. */
export const ADMIN_USER = 'admin';

export interface NatsAuthConfigOptions {
  /** One password per service; its NATS user is named after the service. */
  users: Record<ServiceName, string>;
  /** The admin's password. */
  admin: string;
}

/** Passwords go into the config verbatim, so keep them to characters that need no quoting rules. */
const SAFE_PASSWORD = /^[A-Za-z0-9_\-.]{12,}$/;

/**
 * A random password fit for the config: a letter, then 24 url-safe characters (144 random bits). The letter comes
 * first because nats-server parses a variable's value (natsAuthConfigFromEnv) as a config value: one starting with
 * a digit or `-` is read as a number, and fails to parse or, worse, becomes another password.
 */
export function randomPassword(): string {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const [first] = randomBytes(1);
  return `${letters[first % letters.length]}${randomBytes(18).toString('base64url')}`;
}

/** A password for every service user and the admin. */
export function randomNatsPasswords(): NatsAuthConfigOptions {
  return {
    users: Object.fromEntries(ALL_SERVICES.map((service) => [service, randomPassword()])) as Record<ServiceName, string>,
    admin: randomPassword(),
  };
}

const quote = (value: string) => JSON.stringify(value);

/**
 * The `authorization` block of nats-server's config (2.9 syntax): `admin` unrestricted, for the provisioning job only,
 * and one user per service limited to the subjects it needs (servicePermissions). Listen address, JetStream and
 * store are left to the caller (flags or the rest of the config).
 */
export function natsAuthConfig({ users, admin }: NatsAuthConfigOptions): string {
  for (const [user, password] of [[ADMIN_USER, admin], ...Object.entries(users)]) {
    if (!SAFE_PASSWORD.test(password)) throw new Error(`the password of NATS user ${user} must be 12+ characters of A-Z a-z 0-9 _ - .`);
  }
  return renderAuthorization((user) => {
    const password = user === ADMIN_USER ? admin : users[user as ServiceName];
    if (!password) throw new Error(`no NATS password for ${user}`);
    return quote(password);
  });
}

/** The environment variable nats-server reads a user's password from in natsAuthConfigFromEnv: NATS_PASSWORD_DATA_SERVICE, … */
export function passwordVariable(user: string): string {
  return `NATS_PASSWORD_${user.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/**
 * The same block with every password a variable reference (`password: $NATS_PASSWORD_ADMIN`), which nats-server
 * resolves from its environment at start: the config can live in a ConfigMap and the passwords in a Secret. Such
 * passwords must start with a letter (see randomPassword).
 */
export function natsAuthConfigFromEnv(): string {
  return renderAuthorization((user) => `$${passwordVariable(user)}`);
}

function renderAuthorization(password: (user: string) => string): string {
  const lines = ['authorization {', '  users: [', `    { user: ${quote(ADMIN_USER)}, password: ${password(ADMIN_USER)} }`];
  for (const service of ALL_SERVICES) {
    const { publish, subscribe } = servicePermissions(service);
    lines.push(
      `    {`,
      `      user: ${quote(service)}, password: ${password(service)}`,
      `      permissions: {`,
      `        publish: { allow: [${publish.map(quote).join(', ')}] }`,
      `        subscribe: { allow: [${subscribe.map(quote).join(', ')}] }`,
      // Answers to the requests it serves (health) go to the asker's inbox without a grant on `_INBOX.>`.
      `        allow_responses: true`,
      `      }`,
      `    }`,
    );
  }
  lines.push('  ]', '}', '');
  return lines.join('\n');
}
