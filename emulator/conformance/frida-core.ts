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
  {
    id: 'core.device.lost-signal',
    runtime: 'frida-core',
    behaviour:
      "A Device emits its 'lost' signal when the device goes away (USB unplugged, frida-server gone); it is a signal of its own, separate from each session's 'detached', so a host that only watches a run's sessions sees the consequence (a failed spawn, a destroyed script) rather than the cause. The emulated device ends its sessions with reason device-lost and then emits lost.",
    source: 'frida/frida-core src/frida.vala, class Device: `public signal void lost ()`',
    model: 'emulator/device.ts EmulatedDevice.lose',
    test: 'test/fleet/fleet.test.ts',
  },
];
