import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { WASM_KERNELS, assembleWat, generatedSource } from './wasm-kernels';

describe('WebAssembly kernels', () => {
  const root = resolve(__dirname, '..');

  it.each(WASM_KERNELS.map((k) => [k.wat, k]))('%s is assembled into its generated module (run `npm run build:wasm` if not)', async (_, kernel) => {
    const bytes = await assembleWat(root, kernel);
    expect(readFileSync(join(root, kernel.generated), 'utf8')).toBe(generatedSource(kernel, bytes));
  });
});
