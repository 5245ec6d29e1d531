// The conformance ledger (emulator/conformance) is only worth its citations and its tests: every
// entry names the source that defines the behaviour, the emulator file that models it, and a test
// file that exercises it and quotes the entry's id. This checks the ledger's form; the named tests
// check the behaviours. Entries are appended by many hands, so the checks name the offending id.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONFORMANCE } from '../../emulator/conformance/index.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RUNTIMES = new Set(['gumjs', 'frida-java-bridge', 'frida-core', 'android', 'vendor']);

describe('emulator conformance ledger', () => {
  it('has entries, each id unique and dotted', () => {
    expect(CONFORMANCE.length).toBeGreaterThan(0);
    const seen = new Map<string, number>();
    for (const e of CONFORMANCE) seen.set(e.id, (seen.get(e.id) ?? 0) + 1);
    expect([...seen].filter(([, n]) => n > 1).map(([id]) => id)).toEqual([]);
    expect(CONFORMANCE.filter((e) => !/^[a-z][\w-]*(\.[\w$<>-]+)+$/i.test(e.id)).map((e) => e.id)).toEqual([]);
  });

  it.each(CONFORMANCE.map((e) => [e.id, e] as const))('%s: cites its source, names an existing model and a test that quotes the id', (id, e) => {
    expect(RUNTIMES.has(e.runtime), `${id}: runtime ${e.runtime}`).toBe(true);
    expect(e.behaviour.trim().length, `${id}: behaviour`).toBeGreaterThan(20);
    // A citation names a file (with a path or an extension) and where in it.
    expect(e.source.trim(), `${id}: source`).toMatch(/\S+\/\S+|\.\w+\b/);
    // `model` names one or more emulator files, each optionally followed by the functions in
    // parentheses ("emulator/device.ts (deliver); emulator/android/app.ts (Activity.finish)").
    const files = [...e.model.matchAll(/\bemulator\/[\w./-]+\.ts\b/g)].map((m) => m[0]);
    expect(files.length, `${id}: model names no emulator file: ${e.model}`).toBeGreaterThan(0);
    for (const f of files) expect(existsSync(join(ROOT, f)), `${id}: model file ${f}`).toBe(true);
    expect(e.test.startsWith('test/'), `${id}: test ${e.test} is under test/`).toBe(true);
    const testPath = join(ROOT, e.test);
    expect(existsSync(testPath), `${id}: test file ${e.test}`).toBe(true);
    expect(readFileSync(testPath, 'utf8').includes(id), `${id}: ${e.test} does not name the id`).toBe(true);
  });
});
