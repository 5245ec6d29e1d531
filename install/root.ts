// Where sdktrace is installed (the folder holding its package.json, data/ and dist/), found by
// walking up from whichever file runs: a source file under any folder, or a bundle in dist/. One
// home, so the catalog, the agent bundle and the store's writer thread find their files alike
// wherever the module that asks happens to sit. Node only: the agent never imports it.
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
