// What the fleet index records about one finished audit is read back from the evidence pack the
// worker wrote (verified first with reports/pack/verify.ts), not from the worker's memory: the
// index then says exactly what the pack says, and a pack that does not verify is an error, not a
// result.
import { createHash } from 'node:crypto';
import { unzipSync } from 'fflate';
import { verifyPack } from '../../reports/pack/verify.js';
import { replayRun } from '../ingest/replay.js';

export interface PackIndex {
  sha256: string;
  bytes: number;
  package: string | null;
  version: string | null;
  signingSha256: string | null;
  chainHead: string | null;
  /** sdk \0 rule -> findings. */
  findings: { sdk: string; rule: string; count: number }[];
  /** SDKs the report names as actors (embedded and seen doing something). */
  sdks: string[];
  /** The fingerprint of the key that signed the pack (manifest.sig), null for an unsigned pack. */
  signature: string | null;
}

interface ReportJson {
  findings?: { rule: string; sdk: { id: string } | null }[];
  sdks?: { id: string }[];
}

export function indexPack(bytes: Uint8Array): PackIndex {
  const v = verifyPack(bytes, { replay: replayRun });
  if (!v.ok || v.manifest === null) throw new Error(`the evidence pack does not verify: ${v.problems.slice(0, 3).join('; ')}`);
  const files = unzipSync(bytes);
  const report = files['report.json'];
  if (report === undefined) throw new Error('the evidence pack has no report.json');
  const model = JSON.parse(Buffer.from(report).toString('utf8')) as ReportJson;
  const counts = new Map<string, { sdk: string; rule: string; count: number }>();
  for (const f of model.findings ?? []) {
    const sdk = f.sdk?.id ?? '(run)';
    const key = `${sdk}\u0000${f.rule}`;
    const c = counts.get(key) ?? { sdk, rule: f.rule, count: 0 };
    c.count++;
    counts.set(key, c);
  }
  const m = v.manifest;
  // The signer's key fingerprint of a signed pack (manifest.sig, Ed25519); null when unsigned.
  return {
    sha256: createHash('sha256').update(bytes).digest('hex'),
    bytes: bytes.byteLength,
    package: m.app.package,
    version: m.app.version,
    signingSha256: m.app.signingSha256,
    chainHead: m.chain.head,
    findings: [...counts.values()].sort((a, b) => a.sdk.localeCompare(b.sdk) || a.rule.localeCompare(b.rule)),
    // Catalog SDKs only: '(app)', '(unknown)', '(obfuscated:…)' and the like are not SDKs an app embeds.
    sdks: [...new Set((model.sdks ?? []).map((s) => s.id).filter((id) => !id.startsWith('(')))].sort(),
    signature: v.signature !== null && v.signature.state === 'valid' ? v.signature.fingerprint : null,
  };
}
