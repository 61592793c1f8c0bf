import { ALL_SERVICES } from '@ares/contracts';

/** At most this many processes of one service on one machine. */
const MAX_REPLICAS = 16;

/**
 * `optimizer-service=3,trainer-service=2` (the `--replicas` flag, or `ARES_REPLICAS`) → replicas per service; a
 * service left out runs once. The error names the entry that is wrong.
 */
export function parseReplicas(text: string | undefined): Record<string, number> {
  const replicas: Record<string, number> = {};
  for (const entry of (text ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [service, count, ...rest] = entry.split('=');
    if (!(ALL_SERVICES as readonly string[]).includes(service)) {
      throw new Error(`replicas: '${entry}' names no service; services: ${ALL_SERVICES.join(', ')}`);
    }
    const n = Number(count);
    if (rest.length > 0 || !Number.isInteger(n) || n < 1 || n > MAX_REPLICAS) {
      throw new Error(`replicas: '${entry}' must be SERVICE=N with N from 1 to ${MAX_REPLICAS}`);
    }
    replicas[service] = n;
  }
  return replicas;
}

/** `--replicas X` or `--replicas=X` among the arguments, else `ARES_REPLICAS`. */
export function replicasFrom(argv: readonly string[], env: NodeJS.ProcessEnv): Record<string, number> {
  const index = argv.findIndex((arg) => arg === '--replicas' || arg.startsWith('--replicas='));
  if (index < 0) return parseReplicas(env.ARES_REPLICAS);
  const arg = argv[index];
  return parseReplicas(arg.startsWith('--replicas=') ? arg.slice('--replicas='.length) : argv[index + 1]);
}
