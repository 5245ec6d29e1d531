// Where sdktrace is installed (the folder holding its package.json, data/ and dist/), found by
// walking up from whichever file runs: a source file under any folder, or a bundle in dist/. One
// home, so the catalog, the agent bundle and the worker threads' scripts (the store's writer, the
// report's network scan) are found alike wherever the module that asks happens to sit. Node only:
// the agent never imports it.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function isInstallFolder(dir: string): boolean {
  try {
    return existsSync(join(dir, 'data')) && (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }).name === 'sdktrace';
  } catch {
    return false; // no (readable) package.json here
  }
}

let found: string | null | undefined;

/** The install folder, or null when this file runs outside any sdktrace checkout or package. */
export function findInstallRoot(): string | null {
  if (found !== undefined) return found;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (isInstallFolder(dir)) return (found = dir);
    const up = dirname(dir);
    if (up === dir) return (found = null);
    dir = up;
  }
}

/** The install folder; throws when there is none (a broken install, not a user error). */
export function installRoot(): string {
  const root = findInstallRoot();
  if (root === null) throw new Error(`cannot find the sdktrace install folder (package.json named "sdktrace" beside data/) above ${fileURLToPath(import.meta.url)}`);
  return root;
}

/**
 * A worker thread's script that scripts/build.mjs writes to dist/host (`name`, e.g.
 * "store-writer.js"): beside the bundle running this code (the CLI in dist/host, or a bench or
 * harness bundle that put its own copy beside itself), else in the install folder's dist/host;
 * null when it is not built. From sources (a test runner) only the install folder's copy exists.
 */
export function builtScript(name: string): string | null {
  const beside = join(dirname(fileURLToPath(import.meta.url)), name);
  if (existsSync(beside)) return beside;
  const root = findInstallRoot();
  const installed = root === null ? null : join(root, 'dist', 'host', name);
  return installed !== null && existsSync(installed) ? installed : null;
}
