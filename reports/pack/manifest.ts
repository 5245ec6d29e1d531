// The evidence pack's manifest: what the pack is, who made it with which versions, which device
// and app (incl. signing digest), the run's hash-chain head, and the SHA-256 of every file.
import { createHash } from 'node:crypto';

export const PACK_FORMAT = 'sdktrace-evidence/1';

export interface ManifestFile {
  path: string;
  role: 'report-html' | 'report-json' | 'database' | 'policy' | 'config';
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
  files: ManifestFile[];
}

export const CHAIN_ALGORITHM =
  'per run, in event id order: hash = SHA-256(previous hash + 0x1f + canonical JSON of the row content incl. the SHA-256 of its stack frames); genesis is the empty string (host/store/chain.ts)';

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
