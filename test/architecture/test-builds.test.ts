// dist/ is built once per test run, by test/global-setup.ts (vitest.config.ts globalSetup), and
// test files only use it: two test files rebuilding dist/host in their beforeAll at once, in
// parallel workers, raced (one spawned the CLI while the other rewrote it). This checks that no
// test file rebuilds a shipped bundle (scripts/build.mjs's builders, or esbuild over host/cli.ts)
// and that every test spawning the CLI goes through bin/sdktrace.js (the global build), naming
// the file and the line that breaks the rule.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(join(ROOT, dir))) {
    const rel = posix.join(dir, name);
    if (statSync(join(ROOT, rel)).isDirectory()) walk(rel, out);
    else if (/\.ts$/.test(name)) out.push(rel);
  }
  return out;
}

const SETUP = 'test/global-setup.ts';
const SELF = 'test/architecture/test-builds.test.ts';
const TESTS = walk('test').filter((f) => f !== SETUP && f !== SELF);

/** Lines of test files matching `re`, as "file:line: text". */
function offending(re: RegExp): string[] {
  return TESTS.flatMap((f) =>
    readFileSync(join(ROOT, f), 'utf8')
      .split('\n')
      .flatMap((line, i) => (re.test(line) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
  );
}

describe('the shipped bundles are built once per test run', () => {
  it('the global setup builds the agents, the host CLI and the dashboard', () => {
    const setup = readFileSync(join(ROOT, SETUP), 'utf8');
    for (const b of ['buildAgents', 'buildHost', 'buildDashboard']) expect(setup, `${SETUP} does not call ${b}()`).toMatch(new RegExp(`await ${b}\\(\\)`));
    expect(readFileSync(join(ROOT, 'vitest.config.ts'), 'utf8')).toMatch(/globalSetup: \['test\/global-setup\.ts'\]/);
  });

  it('no test file rebuilds them (scripts/build.mjs builders or esbuild over host/cli.ts)', () => {
    expect(offending(/\bbuild(Agents|Host|Dashboard)\b|scripts\/build\.mjs'/), 'use the global build (test/helpers/built-cli.ts) instead').toEqual([]);
    expect(offending(/entryPoints:.*host\/cli\.ts/), 'spawn bin/sdktrace.js (test/helpers/built-cli.ts) instead of bundling the CLI again').toEqual([]);
  });
});
