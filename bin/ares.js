#!/usr/bin/env node
// The CLI is TypeScript compiled by `npm run build`.
const { join } = require('node:path');
const { existsSync } = require('node:fs');
const entry = join(__dirname, '..', 'dist', 'cli', 'main.js');
if (!existsSync(entry)) {
  process.stderr.write('ares: not built yet; run `npm run build` in the Ares project first\n');
  process.exit(2);
}
require(entry)
  .buildProgram()
  .parseAsync(process.argv)
  .catch((error) => {
    process.stderr.write(`ares: ${error.message}\n`);
    process.exit(2);
  });
