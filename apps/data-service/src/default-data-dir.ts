import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The project root: the nearest ancestor of this file whose package.json is Ares's (works from src and dist). */
function projectRoot(start = __dirname): string {
  let current = resolve(start);
  for (;;) {
    const manifest = join(current, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'ares') return current;
    const parent = dirname(current);
    if (parent === current) throw new Error(`cannot find the Ares project root above ${start}; set ARES_DATA_DIR`);
    current = parent;
  }
}

/** `ARES_DATA_DIR`, else the vendored 2023 Binance spot sample. */
export function marketDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.ARES_DATA_DIR ?? join(projectRoot(), 'data', 'market', 'binance-spot-2023');
}
