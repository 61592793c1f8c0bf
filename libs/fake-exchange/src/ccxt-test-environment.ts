import { TestEnvironment } from 'jest-environment-node';
import { CCXT_GLOBAL } from '@ares/market-data';

/**
 * Jest environment for specs that run real ccxt: add `/** @jest-environment ./libs/fake-exchange/src/ccxt-test-environment.ts *\/`
 * at the top of the spec. ccxt's CommonJS build requires ESM-only packages (@noble/*, @scure/*); Node ≥ 20.19 loads
 * them natively, but Jest's sandboxed registry cannot (before Node 24.9) unless jest.config transforms them. The
 * environment lives outside the sandbox, so it loads ccxt with Node's own require and hands it to `ccxt-module`.
 */
export default class CcxtTestEnvironment extends TestEnvironment {
  override async setup(): Promise<void> {
    await super.setup();
    // Loaded here, not at module top, so Jest's transform hook (active while this file loads) never sees ccxt.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    this.global[CCXT_GLOBAL] = require('ccxt');
  }
}
