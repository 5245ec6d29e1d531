// Conformance ledger: frida-core behaviours the emulator models (see ./types.ts).
import type { ConformanceEntry } from './types.js';

export const FRIDA_CORE: ConformanceEntry[] = [];
