import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** The API bearer token from `ARES_API_TOKEN`, or the file `ARES_API_TOKEN_FILE` names (a mounted Secret); undefined: no auth. */
export function apiTokenFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const token = env.ARES_API_TOKEN ?? (env.ARES_API_TOKEN_FILE ? readFileSync(env.ARES_API_TOKEN_FILE, 'utf8').trim() : undefined);
  if (token === undefined) return undefined;
  if (token.length < 16) throw new Error('ARES_API_TOKEN must be at least 16 characters');
  return token;
}

/**
 * Compares a presented token with the expected one in constant time: both are hashed first, so timingSafeEqual
 * always sees two buffers of the same length and the comparison tells nothing about the token's length either.
 */
export function tokenMatches(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
