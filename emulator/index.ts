// The emulated Android device: a Frida-like runtime in Node that runs the same agent source as
// real phones (built with frida-java-bridge aliased to ./bridge/index.ts). See README.md.
export { EmulatedDevice, type EmulatedDeviceOptions, type ScenarioOutcome } from './device.js';
export { loadScenario, validateScenario, ScenarioError } from './scenario/load.js';
export type { Scenario } from './scenario/schema.js';
export { ScenarioSchema } from './scenario/schema.js';
export type { ClockMode } from './clock.js';
export { EmulatedSession } from './session.js';
export { EmulatedScript } from './script.js';

import { join } from 'node:path';
import { repoRoot } from './gum/bundle.js';

/** Where the emulated agent bundle is built (node scripts/build.mjs agent). */
export function emulatedAgentPath(): string {
  return join(repoRoot(), 'dist', 'agent', 'agent.emulated.js');
}

/** The bundled demo scenario. */
export function demoScenarioPath(): string {
  return join(repoRoot(), 'data', 'scenarios', 'demo.json');
}

/** The bundled audit scenario (an app with a privacy dialog, for `sdktrace audit`). */
export function auditScenarioPath(): string {
  return join(repoRoot(), 'data', 'scenarios', 'audit.json');
}
