// The emulator's conformance ledger: every modelled behaviour of the real runtime the agent or host
// depends on, with its source and its test (test/emulator/conformance.test.ts checks that each
// entry's test exists and names the entry). One file per runtime keeps additions apart.
import type { ConformanceEntry } from './types.js';
import { GUMJS } from './gumjs.js';
import { JAVA_BRIDGE } from './java-bridge.js';
import { FRIDA_CORE } from './frida-core.js';
import { ANDROID } from './android.js';
import { VENDOR } from './vendor.js';

export type { ConformanceEntry } from './types.js';

export const CONFORMANCE: readonly ConformanceEntry[] = [...GUMJS, ...JAVA_BRIDGE, ...FRIDA_CORE, ...ANDROID, ...VENDOR];
