// Bundles the GumJS-like prelude (gum/prelude/) once per Node process and compiles it once; every
// script context then runs the same compiled code. Bundled at run time with esbuild (already the
// agent's bundler) so the prelude stays TypeScript like the rest of the emulator.
import { buildSync } from 'esbuild';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const ENTRY = join('emulator', 'gum', 'prelude', 'index.ts');

/** The repository root: walks up from this module (also works from the bundled CLI in dist/). */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, ENTRY))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`emulator: cannot find ${ENTRY} above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}

let compiled: vm.Script | null = null;

/** The prelude as a script whose completion value is its module exports ({ install }). */
export function preludeScript(): vm.Script {
  if (compiled !== null) return compiled;
  const out = buildSync({
    entryPoints: [join(repoRoot(), ENTRY)],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: '__gumPrelude',
    platform: 'neutral',
    target: 'es2022',
    legalComments: 'none',
    logLevel: 'silent',
  });
  const code = out.outputFiles[0]!.text;
  // Wrapped so that the `var __gumPrelude` stays local: nothing of it remains on the global object.
  compiled = new vm.Script(`(function () {\n${code}\nreturn __gumPrelude;\n})()`, { filename: 'gum-prelude.js' });
  return compiled;
}
