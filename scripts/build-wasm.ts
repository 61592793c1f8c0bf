import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { WASM_KERNELS, assembleWat, generatedSource } from './wasm-kernels';

/** `npm run build:wasm`: reassembles every .wat kernel into its generated TypeScript module (see wasm-kernels.ts). */
async function main(): Promise<void> {
  const root = resolve(__dirname, '../..'); // from dist/scripts
  for (const kernel of WASM_KERNELS) {
    const bytes = await assembleWat(root, kernel);
    writeFileSync(join(root, kernel.generated), generatedSource(kernel, bytes));
    process.stdout.write(`${kernel.wat} → ${kernel.generated} (${bytes.byteLength} bytes)\n`);
  }
}

main().catch((error: Error) => {
  process.stderr.write(`build:wasm failed: ${error.message}\n`);
  process.exit(1);
});
