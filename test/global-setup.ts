// Builds every bundle once per test run, before any test file starts: the agents (tests load
// dist/agent/*.js), the host CLI (tests spawn bin/sdktrace.js -> dist/host/cli.js, as users run
// it) and the dashboard page (served by the host). Test files must not rebuild these themselves:
// two files doing so at once in parallel workers raced, one spawning the CLI while the other was
// rewriting it. scripts/build.mjs also replaces each file by rename, so a second `vitest run` in
// the same checkout cannot expose a half-written bundle either.
import { buildAgents, buildDashboard, buildHost } from '../scripts/build.mjs';

export default async function setup(): Promise<void> {
  await buildAgents();
  await buildHost();
  await buildDashboard();
}
