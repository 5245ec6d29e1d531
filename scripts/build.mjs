#!/usr/bin/env node
// Builds the bundles sdktrace runs:
//   dist/agent/agent.js           the Frida 17 agent for real devices (frida-java-bridge inside)
//   dist/agent/agent.emulated.js  the same agent source with frida-java-bridge aliased to the
//                                 emulated bridge, for the built-in emulated device
//   dist/host/cli.js              the host CLI (dependencies stay external)
//   dist/host/store-writer.js     the thread that writes a run's batches (store/writer-thread.ts)
//   dist/host/network-scan.js     the thread that scans a large run's network events for a report
//                                 (reports/scan-worker.ts)
//   dist/dashboard/               the live dashboard page (host/live/dashboard/), served by the host
// esbuild rather than frida-compile: frida-compile 19 is a CLI over the native `frida` module,
// which cannot be installed offline; Frida's own compiler is esbuild with these same settings
// (see docs/frida-notes.md §3).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { basename, dirname, join } from 'node:path';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const r = (p) => join(root, p);

const agentCommon = {
  entryPoints: [r('agent/index.ts')],
  bundle: true,
  format: 'iife',
  platform: 'neutral',
  target: 'es2022',
  mainFields: ['module', 'main'],
  legalComments: 'none',
  logLevel: 'warning',
};

/**
 * Every bundle is built in memory and each output file replaces the old one by rename, so a
 * process reading dist/ (a test's child CLI, a second `vitest run` in the same checkout, a user's
 * running `sdktrace`) sees the old file or the new one, never a half-written one. Source maps are
 * written before the bundle that names them.
 */
async function buildAtomically(options) {
  const result = await build({ ...options, write: false });
  const files = [...result.outputFiles].sort((a, b) => Number(b.path.endsWith('.map')) - Number(a.path.endsWith('.map')));
  for (const f of files) {
    mkdirSync(dirname(f.path), { recursive: true });
    const tmp = join(dirname(f.path), `.${basename(f.path)}.${process.pid}.tmp`);
    writeFileSync(tmp, f.contents);
    renameSync(tmp, f.path);
  }
}

export async function buildAgents() {
  await buildAtomically({
    ...agentCommon,
    outfile: r('dist/agent/agent.js'),
    // frida-java-bridge's lib/mkdex.js imports 'buffer'; GumJS has no Node built-ins.
    alias: { buffer: '@frida/buffer' },
  });
  await buildAtomically({
    ...agentCommon,
    outfile: r('dist/agent/agent.emulated.js'),
    alias: { 'frida-java-bridge': r('emulator/bridge/index.ts'), buffer: '@frida/buffer' },
  });
}

/** A Node entry point bundled as ESM, its dependencies left to node_modules. */
const nodeBundle = (entry, outfile) =>
  buildAtomically({
    entryPoints: [r(entry)],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    outfile: r(outfile),
    logLevel: 'warning',
  });

export async function buildHost() {
  await nodeBundle('host/cli.ts', 'dist/host/cli.js');
  // Started by store/writer.ts (also from sources and other bundles: it looks here).
  await nodeBundle('store/writer-thread.ts', 'dist/host/store-writer.js');
  // Started by reports/scan-thread.ts (found the same way: install/root.ts builtScript).
  await nodeBundle('reports/scan-worker.ts', 'dist/host/network-scan.js');
}

/** The dashboard page: app.ts bundled for the browser, with its HTML and CSS; files replaced atomically. */
export async function buildDashboard() {
  const src = r('host/live/dashboard');
  const out = r('dist/dashboard');
  const js = await build({
    entryPoints: [join(src, 'app.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    write: false,
    logLevel: 'warning',
  });
  mkdirSync(out, { recursive: true });
  const files = { 'app.js': js.outputFiles[0].contents, 'index.html': readFileSync(join(src, 'index.html')), 'app.css': readFileSync(join(src, 'app.css')) };
  for (const [name, data] of Object.entries(files)) {
    const tmp = join(out, `.${name}.${process.pid}.tmp`);
    writeFileSync(tmp, data);
    renameSync(tmp, join(out, name));
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const what = process.argv[2] ?? 'all';
  if (what === 'all' || what === 'agent') await buildAgents();
  if (what === 'all' || what === 'host') await buildHost();
  if (what === 'all' || what === 'host' || what === 'dashboard') await buildDashboard();
}
