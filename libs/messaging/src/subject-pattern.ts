/**
 * NATS subject wildcards, token by token: `*` matches one token, `>` one or more trailing tokens.
 * Used to find which stream holds a consumer's filter subject and to name durables after patterns.
 */

/** True when every subject matched by `pattern` is also matched by `filter` (pattern ⊆ filter). */
export function isSubjectSubsetOf(pattern: string, filter: string): boolean {
  const p = pattern.split('.');
  const f = filter.split('.');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '>') return p.length > i; // `>` needs at least one token, wildcard or not
    if (i >= p.length) return false;
    if (p[i] === '>') return false; // the pattern reaches further than the filter's fixed length
    if (f[i] === '*') continue;
    if (p[i] !== f[i]) return false; // includes p[i] === '*' against a literal
  }
  return p.length === f.length;
}

/**
 * A durable name derived from a subject pattern. Durable names may not contain `.`, `*`, `>`,
 * whitespace or path separators, so `ares.cmd.stage.data-service.>` becomes
 * `ares_cmd_stage_data-service_all`.
 */
export function sanitizeForDurable(pattern: string): string {
  return pattern
    .split('.')
    .map((token) => (token === '>' ? 'all' : token === '*' ? 'any' : token.replace(/[^A-Za-z0-9_-]/g, '_')))
    .join('_');
}
