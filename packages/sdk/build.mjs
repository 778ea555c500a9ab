// Bundles src/index.ts into dist/stratum.js (IIFE, minified, ES2019) — the file the API serves as /sdk.js — and
// prints its size: the snippet loads it on every page of a tenant's site, so the gzipped figure is watched.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const packageDir = path.dirname(fileURLToPath(import.meta.url));
const outfile = path.join(packageDir, 'dist', 'stratum.js');
const GZIP_BUDGET_BYTES = 8 * 1024;

mkdirSync(path.dirname(outfile), { recursive: true });
await build({
  entryPoints: [path.join(packageDir, 'src', 'index.ts')],
  outfile,
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2019',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});

const code = readFileSync(outfile);
const gzipped = gzipSync(code, { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;
console.log(`${path.relative(process.cwd(), outfile)}: ${kb(code.length)} minified, ${kb(gzipped)} gzipped (${gzipped} bytes)`);
if (gzipped > GZIP_BUDGET_BYTES) {
  console.error(`stratum.js is over its budget of ${kb(GZIP_BUDGET_BYTES)} gzipped`);
  process.exitCode = 1;
}
