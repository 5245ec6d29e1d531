#!/usr/bin/env node
// Entry point of the `sdktrace` command: runs the bundled host (built by `npm run build`,
// which `npm install` runs through the prepare script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/host/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write('sdktrace: the host is not built (dist/host/cli.js is missing). Run `npm run build` in the sdktrace folder.\n');
  process.exit(2);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv);
