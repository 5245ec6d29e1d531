// The evidence pack's manifest: what the pack is, who made it with which versions, which device
// and app (incl. signing digest), the run's hash-chain head, the SHA-256 of every file, the
// inputs the report was derived with (so verify can derive it again), and who signed it.
import { createHash } from 'node:crypto';
import type { ReportConfig } from '../model.js';
import type { Signer } from './sign.js';

/** 2: SDK catalog snapshot, derivation inputs and signer (verify re-derives every conclusion). */
export const PACK_FORMAT = 'sdktrace-evidence/2';

export interface ManifestFile {
  path: string;
  role: 'report-html' | 'report-json' | 'database' | 'policy' | 'config' | 'sdk-catalog';
  bytes: number;
  sha256: string;
}

export interface Manifest {
  format: typeof PACK_FORMAT;
  createdAt: string;
  tool: { name: 'sdktrace'; version: string };
  versions: {
    /** Versions the run recorded. */
    tool: string;
    agent: string | null;
    hookCatalog: string | null;
    sdkCatalog: string | null;
    /** Versions of the sdktrace that wrote the pack and its report. */
    exportedWith: { tool: string; agent: string; hookCatalog: string; sdkCatalog: string };
  };
  run: { id: number; mode: string; startedAt: number; endedAt: number | null; endReason: string | null; processes: number };
  device: { id: string | null; name: string | null; kind: string | null; osVersion: string | null; apiLevel: number | null };
  app: { package: string | null; version: string | null; versionCode: number | null; signingSha256: string | null };
  chain: { head: string | null; events: number; verifiedAtExport: boolean; problems: string[]; algorithm: string };
  policy: { path: string; sha256: string } | null;
  findings: { total: number; bySeverity: Record<string, number> };
  /** The inputs the report was derived with, besides the extract and the SDK catalog snapshot. */
  derivation: {
    /** The declared lists (policy.json) as the report named them, or null without lists. */
    lists: { source: 'option' | 'run'; file: string | null; note: string | null } | null;
    /** The effective report configuration (config file plus --consent-api). */
    config: ReportConfig;
  };
  /** The key that signed manifest.json (manifest.sig), or null for an unsigned pack. */
  signer: Signer | null;
  files: ManifestFile[];
}

export const CHAIN_ALGORITHM =
  'per run, in event id order: hash = SHA-256(previous hash + 0x1f + canonical JSON of the row content incl. the SHA-256 of its stack frames); genesis is the empty string (store/chain.ts)';

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
