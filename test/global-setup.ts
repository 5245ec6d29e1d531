// Builds the agent bundles before any test runs, so tests exercise exactly what users run.
import { buildAgents } from '../scripts/build.mjs';

export default async function setup(): Promise<void> {
  await buildAgents();
}
