// Builds every bundle once per test run, before any test file starts: the agents (tests load
// dist/agent/*.js), the host CLI (tests spawn bin/sdktrace.js -> dist/host/cli.js, as users run
// it) and the dashboard page (served by the host). Test files must not rebuild these themselves:
// two files doing so at once in parallel workers raced, one spawning the CLI while the other was
// rewriting it. scripts/build.mjs also replaces each file by rename, so a second `vitest run` in
// the same checkout cannot expose a half-written bundle either.
//
// Every scratch folder a test makes (os.tmpdir(): databases, projects, PostgreSQL clusters,
// Chromium profiles, the CLIs the tests spawn) lands in one folder of this run, removed when the
// run ends: the tests' own clean-up was partial, and a few runs left thousands of folders in /tmp.
// TMPDIR is set before the test workers start, so they and their children inherit it.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAgents, buildDashboard, buildHost } from '../scripts/build.mjs';

export default async function setup(): Promise<() => void> {
  const scratch = mkdtempSync(join(tmpdir(), 'sdktrace-test-'));
  // Traversable by others: under root the PostgreSQL tests run the server as the postgres user,
  // in a folder of its own inside this one (test/fleet/pg-cluster.ts).
  chmodSync(scratch, 0o755);
  process.env.TMPDIR = scratch;
  await buildAgents();
  await buildHost();
  await buildDashboard();
  return () => {
    try {
      rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
    } catch (e) {
      // A folder still in use (a server a failed test left running) is left for the next clean-up.
      process.stderr.write(`test scratch ${scratch} not removed: ${(e as Error).message}\n`);
    }
  };
}
