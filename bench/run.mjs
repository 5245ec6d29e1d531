#!/usr/bin/env node
// `npm run bench`: bundles the TypeScript benchmark (bench/main.ts) with esbuild, dependencies
// external (the same way scripts/build.mjs bundles the CLI), into .cache/bench/, and runs it in
// this process (started with --expose-gc, so memory is measured after full collections).
// Arguments are passed on: `npm run bench -- --only ingest,attribution --quick`.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Modules that need the install folder (the SDK catalog, the writer thread) find it through
// install/root.ts, from this bundle as from sources.
const out = join(root, '.cache', 'bench', 'main.mjs');
await build({
  entryPoints: [join(root, 'bench', 'main.ts')],
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  outfile: out,
  logLevel: 'warning',
});
const { main } = await import(pathToFileURL(out).href);
process.exitCode = await main(process.argv.slice(2));
