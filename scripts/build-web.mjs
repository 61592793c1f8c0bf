// @ts-check
// Builds the dashboard (web/) into dist/web: one JS bundle (Preact, JSX by esbuild), its CSS and index.html, served
// by the orchestrator at GET /. No CDN: everything the page needs is in those three files.
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'web');

await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: { main: 'web/src/main.tsx', styles: 'web/src/styles.css' },
  outdir,
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: ['chrome110', 'firefox110', 'safari16'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  minify: true,
  sourcemap: true,
  legalComments: 'linked',
  metafile: true,
  logLevel: 'warning',
});
await copyFile(join(root, 'web', 'index.html'), join(outdir, 'index.html'));
const sizes = Object.entries(result.metafile.outputs)
  .filter(([file]) => !file.endsWith('.map'))
  .map(([file, { bytes }]) => `${file.replace(/^dist\/web\//, '')} ${(bytes / 1024).toFixed(1)} KiB`);
process.stdout.write(`dashboard built into dist/web: ${sizes.join(', ')}\n`);
