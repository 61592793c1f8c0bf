import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import { TestEnvironment } from 'jest-environment-node';

/**
 * Jest environment for specs that run onnxruntime-node.
 *
 * Jest runs each spec in its own vm context with its own Float32Array & co. onnxruntime-node's
 * native binding creates output arrays in Node's main context and hands them to the
 * onnxruntime-common Tensor constructor loaded inside the spec's context, whose `instanceof
 * Float32Array` check then fails ("A float32 tensor's data must be type of function
 * Float32Array()", microsoft/onnxruntime#16622). Jest already shares ArrayBuffer and Uint8Array
 * with the main context; this shares the other typed arrays too. Plain Node has one context,
 * so production code needs nothing like this.
 *
 * Use with a docblock at the top of the spec:
 *   /** @jest-environment <rootDir>/libs/onnx/src/testing/onnx-test-environment.ts *\/
 */
const SHARED_TYPED_ARRAYS = [
  'Int8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
  'Float16Array',
] as const;

export default class OnnxTestEnvironment extends TestEnvironment {
  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    const host = globalThis as unknown as Record<string, unknown>;
    const sandbox = this.global as unknown as Record<string, unknown>;
    for (const name of SHARED_TYPED_ARRAYS) {
      if (host[name] !== undefined) sandbox[name] = host[name];
    }
  }
}
