#!/usr/bin/env node
// Builds the three bundles sdktrace runs:
//   dist/agent/agent.js           the Frida 17 agent for real devices (frida-java-bridge inside)
//   dist/agent/agent.emulated.js  the same agent source with frida-java-bridge aliased to the
//                                 emulated bridge, for the built-in emulated device
//   dist/host/cli.js              the host CLI (dependencies stay external)
// esbuild rather than frida-compile: frida-compile 19 is a CLI over the native `frida` module,
// which cannot be installed offline; Frida's own compiler is esbuild with these same settings
// (see ../shared/docs/frida-notes.md section 3).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

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

export async function buildAgents() {
  await build({
    ...agentCommon,
    outfile: r('dist/agent/agent.js'),
    // frida-java-bridge's lib/mkdex.js imports 'buffer'; GumJS has no Node built-ins.
    alias: { buffer: '@frida/buffer' },
  });
  await build({
    ...agentCommon,
    outfile: r('dist/agent/agent.emulated.js'),
    alias: { 'frida-java-bridge': r('host/emulator/bridge/index.ts'), buffer: '@frida/buffer' },
  });
}

export async function buildHost() {
  await build({
    entryPoints: [r('host/cli.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    outfile: r('dist/host/cli.js'),
    logLevel: 'warning',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const what = process.argv[2] ?? 'all';
  if (what === 'all' || what === 'agent') await buildAgents();
  if (what === 'all' || what === 'host') await buildHost();
}
