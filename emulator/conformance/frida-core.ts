// Conformance ledger: frida-core behaviours the emulator models (see ./types.ts).
import type { ConformanceEntry } from './types.js';

export const FRIDA_CORE: ConformanceEntry[] = [
  {
    id: 'frida-core.gadget.noSpawnGating',
    runtime: 'frida-core',
    behaviour:
      'frida-gadget (embedded in the app) refuses enable_spawn_gating, disable_spawn_gating and enumerate_pending_spawn with Error.NOT_SUPPORTED "Not possible when embedded"; only its own process can be attached to.',
    source: 'frida/frida-core lib/gadget/gadget.vala, class ControlServer: enable_spawn_gating / disable_spawn_gating / enumerate_pending_spawn',
    model: 'emulator/device.ts',
    test: 'test/host/tracer.test.ts',
  },
];
