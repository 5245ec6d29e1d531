// Conformance ledger: GumJS behaviours the emulator models (see ./types.ts).
import type { ConformanceEntry } from './types.js';

export const GUMJS: ConformanceEntry[] = [];
