import type * as CcxtModule from 'ccxt';

export type Ccxt = typeof CcxtModule;

/** Global under which a Jest environment may hand over a ccxt loaded outside the sandbox (see ccxt-test-environment). */
export const CCXT_GLOBAL = '__aresCcxtModule';

let loaded: Ccxt | undefined;

/**
 * The one ccxt module instance, loaded on first use; take ccxt (and its error classes, for instanceof) from here,
 * never `import ... from 'ccxt'` (type-only imports are fine).
 * Why lazy and indirect: ccxt's CommonJS build requires ESM-only packages (@noble/*, @scure/*). Node ≥ 20.19 loads
 * them, but Jest's sandbox cannot (before Node 24.9) unless jest.config transforms them — so a static import would
 * break every spec that merely imports this library's index. Specs that run ccxt use the ccxt test environment,
 * which loads ccxt outside the sandbox and provides it on a global.
 */
export function ccxtModule(): Ccxt {
  if (!loaded) {
    const provided = (globalThis as Record<string, unknown>)[CCXT_GLOBAL] as Ccxt | undefined;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = provided ?? (require('ccxt') as Ccxt);
  }
  return loaded;
}
