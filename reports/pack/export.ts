// `sdktrace export`: the evidence pack — report (HTML + JSON), a database extract of the run,
// the declared lists it was checked against, a snapshot of the SDK catalog the conclusions were
// drawn with, and a manifest with versions, identities, the chain head, every file's SHA-256 and
// the derivation inputs — as one zip (fflate), optionally signed (manifest.sig, Ed25519).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KeyObject } from 'node:crypto';
import { zipSync, type Zippable } from 'fflate';
import type { Catalog } from '../../attribution/index.js';
import type { Store } from '../../store/db.js';
import { verifyRunChain } from '../../store/verify.js';
import { UserError } from '../../protocol/errors.js';
import { AGENT_VERSION, CATALOG_VERSION, VERSION } from '../../protocol/version.js';
import type { LoadedLists } from '../lists/load.js';
import { buildReport, type ReportConfig, type ReportModel } from '../model.js';
import { renderHtml } from '../render/html.js';
import { renderJson } from '../render/json.js';
import { extractRun } from '../../store/extract.js';
import { CHAIN_ALGORITHM, PACK_FORMAT, sha256, type Manifest, type ManifestFile } from './manifest.js';
import { SIGNATURE_FILE, signManifest, signerOf } from './sign.js';

/** The SDK catalog snapshot's name in a pack. */
export const CATALOG_FILE = 'sdk-catalog.json';

export interface ExportOptions {
  /** As for buildReport: undefined uses the lists recorded with the run. */
  lists?: LoadedLists | null;
  listsBytes?: Buffer | null;
  config?: ReportConfig;
  configBytes?: Buffer | null;
  catalog: Catalog;
  /** Export even when the run's chain does not verify (the manifest says so). */
  force?: boolean;
  now?: Date;
  /** Sign the manifest with this Ed25519 private key (reports/pack/sign.ts). */
  sign?: { key: KeyObject; name: string | null };
}

export interface ExportResult {
  zip: Uint8Array;
  manifest: Manifest;
  model: ReportModel;
}

export function buildPack(store: Store, runId: number, opts: ExportOptions): ExportResult {
  const run = store.resolveRun(String(runId));
  const chain = verifyRunChain(store.db, run.id);
  if (!chain.ok && opts.force !== true) {
    throw new UserError(
      `run ${run.id}: its event hash chain does not verify, so an evidence pack would certify tampered data:\n${chain.problems.map((p) => `  ${p.problem}`).join('\n')}\n(--force exports anyway and records the problems in the manifest)`,
      1,
    );
  }
  const createdAt = (opts.now ?? new Date()).toISOString();
  const model = buildReport(store, run.id, { lists: opts.lists, config: opts.config, catalog: opts.catalog, generatedAt: createdAt });
  let listsBytes = opts.listsBytes ?? null;
  if (listsBytes === null && model.policy?.source === 'run' && model.policy.file !== null) {
    // The lists recorded with the run: packed as read for the report (same SHA-256).
    try {
      const b = readFileSync(model.policy.file);
      if (sha256(b) === model.policy.sha256) listsBytes = b;
    } catch {
      // Gone since the report read it: the manifest then has no policy file.
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'sdktrace-pack-'));
  try {
    const dbPath = join(dir, 'run.sqlite');
    const { events } = extractRun(store.path, run.id, dbPath);
    const files: Record<string, { bytes: Uint8Array; role: ManifestFile['role'] }> = {
      'report.html': { bytes: Buffer.from(renderHtml(model), 'utf8'), role: 'report-html' },
      'report.json': { bytes: Buffer.from(renderJson(model), 'utf8'), role: 'report-json' },
      'run.sqlite': { bytes: readFileSync(dbPath), role: 'database' },
    };
    if (listsBytes) files['policy.json'] = { bytes: listsBytes, role: 'policy' };
    // The catalog as compiled for this report: verify attributes the events again with it.
    files[CATALOG_FILE] = { bytes: Buffer.from(JSON.stringify(opts.catalog.file), 'utf8'), role: 'sdk-catalog' };
    if (opts.configBytes) files['config.json'] = { bytes: opts.configBytes, role: 'config' };
    const manifest: Manifest = {
      format: PACK_FORMAT,
      createdAt,
      tool: { name: 'sdktrace', version: VERSION },
      versions: {
        tool: run.tool_version,
        agent: run.agent_version,
        hookCatalog: run.hook_catalog_version,
        sdkCatalog: run.sdk_catalog_version,
        exportedWith: { tool: VERSION, agent: AGENT_VERSION, hookCatalog: CATALOG_VERSION, sdkCatalog: opts.catalog.version },
      },
      run: { id: run.id, mode: run.mode, startedAt: run.started_at, endedAt: run.ended_at, endReason: run.end_reason, processes: model.processes.length },
      device: { id: run.device_id, name: run.device_name, kind: run.device_kind, osVersion: run.os_version, apiLevel: run.api_level },
      app: { package: run.package, version: run.app_version, versionCode: run.app_version_code, signingSha256: run.signing_sha256 },
      chain: { head: run.chain_head, events, verifiedAtExport: chain.ok, problems: chain.problems.map((p) => p.problem), algorithm: CHAIN_ALGORITHM },
      policy: listsBytes ? { path: 'policy.json', sha256: sha256(listsBytes) } : null,
      findings: { total: model.findings.length, bySeverity: model.summary.bySeverity },
      derivation: {
        lists: model.policy === null || listsBytes === null ? null : { source: model.policy.source, file: model.policy.file, note: model.policy.note },
        config: opts.config ?? {},
      },
      signer: opts.sign ? signerOf(opts.sign.key, opts.sign.name) : null,
      files: Object.entries(files).map(([path, f]) => ({ path, role: f.role, bytes: f.bytes.length, sha256: sha256(f.bytes) })),
    };
    const mtime = new Date(createdAt);
    const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
    const zippable: Zippable = { 'manifest.json': [manifestBytes, { mtime }] };
    if (opts.sign) zippable[SIGNATURE_FILE] = [Buffer.from(`${JSON.stringify(signManifest(manifestBytes, opts.sign.key), null, 2)}\n`, 'utf8'), { mtime }];
    for (const [path, f] of Object.entries(files)) zippable[path] = [f.bytes, { mtime, level: path === 'run.sqlite' ? 6 : 9 }];
    return { zip: zipSync(zippable), manifest, model };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
