// Conformance ledger: frida-java-bridge behaviours the emulator models (see ./types.ts).
import type { ConformanceEntry } from './types.js';

export const JAVA_BRIDGE: ConformanceEntry[] = [];
