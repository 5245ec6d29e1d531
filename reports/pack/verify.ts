// `sdktrace verify PACK`: re-checks an evidence pack. The evidence is what the agent sent: the
// events, in order, hash-chained. Everything else in a pack is a conclusion drawn from it by a
// stated sdktrace, hook catalog and SDK catalog (whose snapshot travels in the pack): attribution
// and phase columns, the launches and net_flows projections, the findings, report.json and
// report.html. verify
//   - checks the signature (manifest.sig) when there is one, against --trusted-key when given;
//   - checks every file against the manifest's SHA-256 and the extract with SQLite's
//     integrity_check;
//   - re-walks the run's hash chain (store/verify.ts: any modified, missing, inserted or
//     reordered event breaks it) and compares its head with the manifest and --expect-head;
//   - re-derives every conclusion from the events with the same code ingest and report ran
//     (an injected replay: host/ingest/replay.ts) and compares it with what the pack states,
//     naming the first difference.
// A pack written by another sdktrace or hook catalog version is refused with that reason: its
// conclusions can only be re-derived by the version that drew them.
//
// What it cannot prove: that the device, the app or the agent were not tampered with before the
// events were sent, or who made an unsigned pack (docs/evidence.md).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { Catalog, loadCatalog, type CatalogFile } from '../../attribution/index.js';
import { projectedText, Store } from '../../store/db.js';
import { verifyRunChain, type ChainReport } from '../../store/verify.js';
import { CATALOG_VERSION, VERSION } from '../../protocol/version.js';
import { parseReportConfig } from '../config.js';
import { parseDeclaredLists } from '../lists/load.js';
import { buildReport } from '../model.js';
import { renderHtml } from '../render/html.js';
import { renderJson } from '../render/json.js';
import { CHAIN_ALGORITHM, PACK_FORMAT, sha256, type Manifest } from './manifest.js';
import { SIGNATURE_FILE, checkSignature, type SignatureCheck } from './sign.js';

/**
 * What ingest would have stored for the run, derived again from its events (host/ingest/replay.ts
 * implements it; reports/ may not import ingest, so the verify command passes it in).
 */
export type ReplayFn = (
  store: Store,
  runId: number,
  catalog: Catalog,
) => { events: Map<number, Record<string, unknown>>; launches: Map<number, object>; netFlows: Map<number, object> };

export interface VerifyOptions {
  expectHead?: string;
  /** The lab's public key, obtained by another channel than the pack. */
  trustedKey?: KeyObject | null;
  replay: ReplayFn;
}

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export interface PackVerification {
  ok: boolean;
  checks: Check[];
  /** Every problem, one sentence each. */
  problems: string[];
  manifest: Manifest | null;
  chain: ChainReport | null;
  signature: SignatureCheck | null;
}

const MAX_LISTED = 20;

function parseJson<T>(bytes: Uint8Array | undefined): T | null {
  if (bytes === undefined) return null;
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as T;
  } catch {
    return null;
  }
}

export function verifyPack(bytes: Uint8Array, opts: VerifyOptions): PackVerification {
  const checks: Check[] = [];
  const add = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });
  let signature: SignatureCheck | null = null;
  const done = (manifest: Manifest | null, chain: ChainReport | null): PackVerification => {
    const problems = checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`);
    return { ok: problems.length === 0, checks, problems, manifest, chain, signature };
  };

  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (e) {
    add('zip', false, `not a readable zip archive (${(e as Error).message})`);
    return done(null, null);
  }
  add('zip', true, `${Object.keys(files).length} entries`);

  const manifest = parseJson<Manifest>(files['manifest.json']);
  const olderFormat = (manifest?.format as string | undefined) === 'sdktrace-evidence/1';
  if (manifest === null || (manifest.format !== PACK_FORMAT && !olderFormat) || !Array.isArray(manifest.files)) {
    add('manifest', false, files['manifest.json'] === undefined ? 'manifest.json is missing' : `manifest.json is not an ${PACK_FORMAT} manifest`);
    return done(null, null);
  }
  add('manifest', true, `${manifest.format}, run ${manifest.run?.id}, ${manifest.files.length} files`);

  // Who signed the manifest (before anything in it is trusted).
  signature = checkSignature(files['manifest.json']!, files[SIGNATURE_FILE], manifest.signer, opts.trustedKey ?? null);
  if (signature.state === 'unsigned') add('signature', opts.trustedKey == null, opts.trustedKey == null ? 'unsigned: anyone who rewrites every file can recompute the hashes; compare the chain head with one recorded independently (--expect-head)' : 'unsigned, but --trusted-key requires a signature by that key');
  else if (signature.state === 'valid') add('signature', true, `signed by ${signature.name ?? 'an unnamed signer'} (key ${signature.fingerprint})${signature.trusted ? ', the trusted key' : '; not checked against a trusted key (--trusted-key PUB)'}`);
  else add('signature', false, signature.reason);

  // Files against the manifest.
  const listed = new Set<string>();
  let fileProblems = 0;
  for (const f of manifest.files) {
    listed.add(f.path);
    const b = files[f.path];
    if (b === undefined) {
      add(`file ${f.path}`, false, 'listed in the manifest but missing from the pack');
      fileProblems++;
    } else if (sha256(b) !== f.sha256 || b.length !== f.bytes) {
      add(`file ${f.path}`, false, `SHA-256 ${sha256(b)} (${b.length} bytes) differs from the manifest's ${f.sha256} (${f.bytes} bytes): the file was modified`);
      fileProblems++;
    }
  }
  for (const name of Object.keys(files)) {
    if (name !== 'manifest.json' && name !== SIGNATURE_FILE && !listed.has(name)) {
      add(`file ${name}`, false, 'present in the pack but not listed in the manifest (added)');
      fileProblems++;
    }
  }
  if (fileProblems === 0) add('file hashes', true, `${manifest.files.length} files match the manifest`);
  const policyFile = manifest.files.find((f) => f.role === 'policy');
  if ((manifest.policy?.path ?? null) !== (policyFile?.path ?? null) || (manifest.policy?.sha256 ?? null) !== (policyFile?.sha256 ?? null)) {
    add('policy', false, `manifest.policy (${show(manifest.policy)}) does not name the pack's declared-lists file (${show(policyFile ?? null)})`);
  }

  // The database extract.
  const dbEntry = manifest.files.find((f) => f.role === 'database');
  const dbBytes = dbEntry === undefined ? undefined : files[dbEntry.path];
  if (dbBytes === undefined) {
    add('database', false, 'the pack holds no database extract');
    return done(manifest, null);
  }
  const dir = mkdtempSync(join(tmpdir(), 'sdktrace-verify-'));
  let chain: ChainReport | null = null;
  try {
    const path = join(dir, 'run.sqlite');
    writeFileSync(path, dbBytes);
    let store: Store;
    try {
      store = Store.open(path, { readonly: true, check: 'integrity' });
    } catch (e) {
      add('database', false, `the extract cannot be used: ${(e as Error).message.replace(path, dbEntry!.path)}`);
      return done(manifest, null);
    }
    try {
      const db = store.db;
      const runId = manifest.run.id;
      const runs = db.prepare('SELECT * FROM runs').all() as Record<string, unknown>[];
      const run = runs.find((r) => r.id === runId);
      if (run === undefined) {
        add('database', false, `the extract has no run ${runId}`);
        return done(manifest, null);
      }
      const others = (db.prepare('SELECT count(*) AS n FROM events WHERE run_id <> ?').get(runId) as { n: number }).n;
      add('database', runs.length === 1 && others === 0, runs.length === 1 && others === 0 ? `run ${runId} only` : `the extract holds other runs (${runs.length} runs, ${others} foreign events)`);

      chain = verifyRunChain(db, runId, manifest.chain.head);
      if (chain.ok) add('hash chain', true, `${chain.events} events re-walked; head ${chain.head ?? '(none)'} matches the manifest`);
      else {
        const shown = chain.problems.slice(0, MAX_LISTED).map((p) => p.problem);
        add('hash chain', false, `${chain.problems.length} problem(s): ${shown.join('; ')}${chain.problems.length > MAX_LISTED ? '; …' : ''}`);
      }
      if (chain.events !== manifest.chain.events) add('event count', false, `the extract has ${chain.events} events, the manifest says ${manifest.chain.events} (events removed or added)`);
      if ((run.chain_head ?? null) !== (manifest.chain.head ?? null)) add('chain head', false, `the extract records head ${String(run.chain_head)}, the manifest ${String(manifest.chain.head)}`);
      if (opts.expectHead !== undefined) {
        const ok = (chain.head ?? '') === opts.expectHead.toLowerCase();
        add('expected head', ok, ok ? 'the chain head equals the expected head' : `the chain head ${chain.head ?? '(none)'} is not the expected ${opts.expectHead}`);
      }

      // Identities: manifest against the extract's run record.
      const pairs: [string, unknown, unknown][] = [
        ['app package', manifest.app.package, run.package],
        ['app version', manifest.app.version, run.app_version],
        ['app version code', manifest.app.versionCode, run.app_version_code],
        ['app signing SHA-256', manifest.app.signingSha256, run.signing_sha256],
        ['device id', manifest.device.id, run.device_id],
        ['device name', manifest.device.name, run.device_name],
        ['Android version', manifest.device.osVersion, run.os_version],
        ['API level', manifest.device.apiLevel, run.api_level],
        ['run start', manifest.run.startedAt, run.started_at],
        ['run end', manifest.run.endedAt, run.ended_at],
        ['run end reason', manifest.run.endReason, run.end_reason],
        ['device kind', manifest.device.kind, run.device_kind],
        ['processes', manifest.run.processes, (db.prepare('SELECT count(*) AS n FROM processes WHERE run_id = ?').get(runId) as { n: number }).n],
        ['exporting tool', manifest.tool?.name === 'sdktrace' ? manifest.tool.version : `${String(manifest.tool?.name)} ${String(manifest.tool?.version)}`, manifest.versions.exportedWith?.tool],
        ['chain algorithm', manifest.chain.algorithm, CHAIN_ALGORITHM],
        ['chain verified at export', manifest.chain.verifiedAtExport, manifest.chain.problems?.length === 0],
        ['run mode', manifest.run.mode, run.mode],
        ['tool version', manifest.versions.tool, run.tool_version],
        ['agent version', manifest.versions.agent, run.agent_version],
        ['hook catalog version', manifest.versions.hookCatalog, run.hook_catalog_version],
        ['SDK catalog version', manifest.versions.sdkCatalog, run.sdk_catalog_version],
      ];
      const mismatched = pairs.filter(([, a, b]) => (a ?? null) !== (b ?? null));
      add(
        'identity',
        mismatched.length === 0,
        mismatched.length === 0 ? 'app, device and versions in the manifest match the extract' : mismatched.map(([k, a, b]) => `${k}: manifest ${JSON.stringify(a)}, extract ${JSON.stringify(b)}`).join('; '),
      );

      // The report against the extract.
      const reportEntry = manifest.files.find((f) => f.role === 'report-json');
      const report = parseJson<{ run?: { id?: number; chainHead?: string | null; app?: { package?: string | null; signingSha256?: string | null } } }>(reportEntry === undefined ? undefined : files[reportEntry.path]);
      if (report === null) add('report', false, 'report.json is missing or not JSON');
      else {
        const bad: string[] = [];
        if (report.run?.id !== runId) bad.push(`it is about run ${report.run?.id}`);
        if ((report.run?.chainHead ?? null) !== (chain.head ?? null)) bad.push(`its chain head ${report.run?.chainHead} differs from the extract's ${chain.head}`);
        if ((report.run?.app?.package ?? null) !== (run.package ?? null)) bad.push(`its app ${report.run?.app?.package} differs from the extract's ${String(run.package)}`);
        if ((report.run?.app?.signingSha256 ?? null) !== (run.signing_sha256 ?? null)) bad.push('its signing digest differs from the extract');
        add('report', bad.length === 0, bad.length === 0 ? 'report.json describes this run and chain head' : `report.json: ${bad.join('; ')}`);
      }
      const htmlEntry = manifest.files.find((f) => f.role === 'report-html');
      const html = htmlEntry === undefined ? undefined : files[htmlEntry.path];
      if (html !== undefined && chain.head !== null && !Buffer.from(html).toString('utf8').includes(chain.head)) add('report', false, 'report.html does not show the chain head of the extract');

      // Every conclusion, derived again from the evidence.
      if (olderFormat) add('conclusions', false, `the pack was written by an earlier sdktrace (${manifest.format}, sdktrace ${manifest.tool?.version}) and carries no SDK catalog snapshot: its conclusions cannot be re-derived; verify it with that version`);
      else rederive(store, runId, run, manifest, files, opts.replay, add);
    } finally {
      store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return done(manifest, chain);
}

/** The first place two JSON values differ, as a JSON path ($.sdks[2].name), or null. */
export function firstJsonDifference(a: unknown, b: unknown, path = '$'): { path: string; stated: unknown; derived: unknown } | null {
  if (Object.is(a, b)) return null;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return { path, stated: a, derived: b };
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (i >= a.length || i >= b.length) return { path: `${path}[${i}]`, stated: a[i], derived: b[i] };
      const d = firstJsonDifference(a[i], b[i], `${path}[${i}]`);
      if (d !== null) return d;
    }
    return null;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  for (const k of [...new Set([...Object.keys(bo), ...Object.keys(ao)])]) {
    const key = /^[A-Za-z_$][\w$]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`;
    if (!(k in ao) || !(k in bo)) return { path: `${path}${key}`, stated: ao[k], derived: bo[k] };
    const d = firstJsonDifference(ao[k], bo[k], `${path}${key}`);
    if (d !== null) return d;
  }
  return null;
}

const show = (v: unknown): string => {
  const t = v === undefined ? '(absent)' : JSON.stringify(v);
  return t.length > 120 ? `${t.slice(0, 117)}…` : t;
};

/** The first line where two texts differ, with both versions. */
function firstLineDifference(stated: string, derived: string): string | null {
  if (stated === derived) return null;
  const a = stated.split('\n');
  const b = derived.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      let col = 0;
      while (a[i] !== undefined && b[i] !== undefined && a[i]![col] === b[i]![col]) col++;
      const around = (l: string | undefined) => (l === undefined ? '(no line)' : JSON.stringify(l.slice(Math.max(0, col - 40), col + 60)));
      return `line ${i + 1}, column ${col + 1}: the pack has ${around(a[i])}, re-derived ${around(b[i])}`;
    }
  }
  return null;
}

/** Compares stated rows (keyed by event id) with re-derived ones; the first difference, in id order. */
function firstRowDifference(table: string, stated: Map<number, Record<string, unknown>>, derived: Map<number, object>): string | null {
  const ids = [...new Set([...stated.keys(), ...derived.keys()])].sort((x, y) => x - y);
  for (const id of ids) {
    const s = stated.get(id);
    const d = derived.get(id) as Record<string, unknown> | undefined;
    if (s === undefined) return `${table}: event ${id} should have a row (re-derived ${show(d)}) but the pack has none (deleted)`;
    if (d === undefined) return `${table}: the pack has a row for event ${id} that its event does not give (added)`;
    for (const k of Object.keys(d)) {
      // Derived from the exact evidence; compared as the store writes text (lone surrogates escaped).
      const derivedValue = typeof d[k] === 'string' ? projectedText(d[k]) : (d[k] ?? null);
      if ((s[k] ?? null) !== derivedValue) return `${table}.${k} of event ${id}: the pack states ${show(s[k])}, the evidence gives ${show(derivedValue)}`;
    }
  }
  return null;
}

/** Re-derives attribution, phases, projections, findings and the report; adds one check each. */
function rederive(
  store: Store,
  runId: number,
  run: Record<string, unknown>,
  manifest: Manifest,
  files: Record<string, Uint8Array>,
  replay: ReplayFn,
  add: (name: string, ok: boolean, detail: string) => void,
): void {
  // The versions that drew the conclusions must be this one.
  const w = manifest.versions.exportedWith;
  const mismatch: string[] = [];
  if (w.tool !== VERSION) mismatch.push(`it was exported by sdktrace ${w.tool}, this is ${VERSION}`);
  if (w.hookCatalog !== CATALOG_VERSION) mismatch.push(`its hook catalog is ${w.hookCatalog}, this sdktrace has ${CATALOG_VERSION}`);
  if (run.tool_version !== w.tool) mismatch.push(`the run was recorded by sdktrace ${String(run.tool_version)} and exported by ${w.tool}`);
  if ((run.sdk_catalog_version ?? null) !== w.sdkCatalog) mismatch.push(`the run was attributed with SDK catalog ${String(run.sdk_catalog_version)} and reported with ${w.sdkCatalog}`);
  if (mismatch.length > 0) {
    add('versions', false, `the conclusions cannot be re-derived by this sdktrace: ${mismatch.join('; ')}. Verify the pack with sdktrace ${w.tool} (the hash chain and files were checked above)`);
    return;
  }
  add('versions', true, `sdktrace ${w.tool}, hook catalog ${w.hookCatalog}, SDK catalog ${w.sdkCatalog}: the versions that drew the conclusions`);

  const catEntry = manifest.files.find((f) => f.role === 'sdk-catalog');
  const catFile = catEntry === undefined ? null : parseJson<CatalogFile>(files[catEntry.path]);
  let catalog: Catalog;
  try {
    if (catFile === null) throw new Error('the pack holds no SDK catalog snapshot');
    catalog = new Catalog(catFile);
  } catch (e) {
    add('SDK catalog', false, `${(e as Error).message}; the conclusions cannot be re-derived`);
    return;
  }
  if (catalog.version !== w.sdkCatalog) {
    add('SDK catalog', false, `the snapshot is version ${catalog.version}, the manifest says ${w.sdkCatalog}`);
    return;
  }
  // The catalog of that version ships with this sdktrace: the snapshot must be it, entry for entry.
  const shipped = loadCatalog();
  if (shipped.version === catalog.version) {
    const cd = firstJsonDifference(catFile, JSON.parse(JSON.stringify(shipped.file)));
    add('SDK catalog', cd === null, cd === null ? `the snapshot is SDK catalog ${catalog.version} as this sdktrace ships it` : `${catEntry!.path} is not SDK catalog ${catalog.version} as shipped: at ${cd.path} it has ${show(cd.stated)}, the shipped catalog ${show(cd.derived)}`);
    if (cd !== null) return;
  }
  const d = manifest.derivation;
  if (d === null || typeof d !== 'object' || typeof d.config !== 'object' || d.config === null || (d.lists !== null && (d.lists?.source !== 'option' && d.lists?.source !== 'run'))) {
    add('derivation', false, 'manifest.derivation is missing or malformed (lists.source must be "option" or "run", config an object)');
    return;
  }

  // Ingest's conclusions: attribution and phase columns, launches and net_flows.
  const db = store.db;
  let r: ReturnType<typeof replay>;
  try {
    r = replay(store, runId, catalog);
  } catch (e) {
    // Edited evidence that ingest could never have stored (a column that is not JSON).
    add('conclusions', false, `the events cannot be read again as the agent sent them: ${(e as Error).message}`);
    return;
  }
  const cols = 'id, sdk, party, via, frame, chain, attribution, phase, consent, foreground';
  const stated = new Map((db.prepare(`SELECT ${cols} FROM events WHERE run_id = ?`).all(runId) as Record<string, unknown>[]).map((x) => [x.id as number, x]));
  const attribution = ['sdk', 'party', 'via', 'frame', 'chain', 'attribution'];
  const phases = ['phase', 'consent', 'foreground'];
  const pick = (m: Map<number, Record<string, unknown>>, keys: string[]) => new Map([...m].map(([id, v]) => [id, Object.fromEntries(keys.map((k) => [k, v[k] ?? null]))]));
  const attrDiff = firstRowDifference('events', stated, pick(r.events, attribution));
  add('attribution', attrDiff === null, attrDiff ?? `${r.events.size} events attributed again with SDK catalog ${catalog.version}: every sdk, party, via, frame, chain and attribution column matches`);
  const phaseDiff = firstRowDifference('events', stated, pick(r.events, phases));
  add('phases', phaseDiff === null, phaseDiff ?? `${r.events.size} events: every phase, consent and foreground column matches the run's recorded consent configuration`);
  const rows = (table: string) => new Map((db.prepare(`SELECT * FROM ${table} WHERE run_id = ?`).all(runId) as Record<string, unknown>[]).map((x) => [x.event_id as number, x]));
  const launchDiff = firstRowDifference('launches', rows('launches'), r.launches);
  add('launches', launchDiff === null, launchDiff ?? `${r.launches.size} launch rows match their events`);
  const netDiff = firstRowDifference('net_flows', rows('net_flows'), r.netFlows);
  add('network flows', netDiff === null, netDiff ?? `${r.netFlows.size} network-flow rows match their events`);

  // The configuration file in the pack must be the one the derivation used (plus --consent-api
  // entries, which the command line appends to its consent APIs).
  const configEntry = manifest.files.find((f) => f.role === 'config');
  if (configEntry !== undefined) {
    let problem: string | null = null;
    try {
      const parsed = parseReportConfig(Buffer.from(files[configEntry.path] ?? new Uint8Array()).toString('utf8'), configEntry.path) as Record<string, unknown>;
      const used = { ...(d.config as Record<string, unknown>) };
      const fileApis = (parsed.consentApis as unknown[] | undefined)?.length;
      if (Array.isArray(used.consentApis)) {
        if (fileApis === undefined) delete used.consentApis;
        else used.consentApis = used.consentApis.slice(0, fileApis);
      }
      const cd = firstJsonDifference(parsed, used);
      if (cd !== null) problem = `${configEntry.path} ${cd.path.slice(1) || '(whole file)'}: the file has ${show(cd.stated)}, the report was derived with ${show(cd.derived)}`;
    } catch (e) {
      problem = (e as Error).message.split('\n')[0]!;
    }
    if (problem !== null) {
      add('config', false, problem);
      return;
    }
  }

  // The report: findings, per-SDK counts and phases, derived again and rendered again.
  const policyEntry = manifest.files.find((f) => f.role === 'policy');
  let model;
  try {
    const policy = policyEntry === undefined ? undefined : files[policyEntry.path];
    const lists = d.lists === null || policy === undefined ? null : parseDeclaredLists(Buffer.from(policy).toString('utf8'), { file: d.lists.file ?? undefined, catalog });
    if (lists !== null && d.lists !== null && d.lists.file === null) lists.file = null;
    model = buildReport(store, runId, {
      lists,
      recordedLists: d.lists?.source === 'run' ? { file: d.lists.file, note: d.lists.note } : undefined,
      config: structuredClone(d.config),
      catalog,
      generatedAt: manifest.createdAt,
    });
  } catch (e) {
    add('report', false, `the report cannot be derived again from the pack: ${(e as Error).message.split('\n')[0]}`);
    return;
  }
  const findingsOk = model.findings.length === manifest.findings.total && firstJsonDifference(manifest.findings.bySeverity, model.summary.bySeverity) === null;
  add('findings', findingsOk, findingsOk ? `${model.findings.length} finding(s) derived again, as the manifest states` : `the manifest states ${manifest.findings.total} finding(s) ${show(manifest.findings.bySeverity)}, the evidence gives ${model.findings.length} ${show(model.summary.bySeverity)}`);
  const jsonEntry = manifest.files.find((f) => f.role === 'report-json');
  const statedJson = parseJson<unknown>(jsonEntry === undefined ? undefined : files[jsonEntry.path]);
  const derivedJson = JSON.parse(renderJson(model)) as unknown;
  const jd = statedJson === null ? { path: '$', stated: undefined, derived: '(a report)' } : firstJsonDifference(statedJson, derivedJson);
  add('report.json', jd === null, jd === null ? 'derived again from the evidence: identical' : `${jd.path}: the pack states ${show(jd.stated)}, the evidence gives ${show(jd.derived)}`);
  const htmlEntry = manifest.files.find((f) => f.role === 'report-html');
  const html = htmlEntry === undefined ? undefined : files[htmlEntry.path];
  const hd = html === undefined ? 'the pack holds no report.html' : firstLineDifference(Buffer.from(html).toString('utf8'), renderHtml(model));
  add('report.html', hd === null, hd ?? 'rendered again from the evidence: identical');
}

/** The verification as text for the terminal. */
export function formatVerification(v: PackVerification, name: string): string {
  const lines = v.checks.map((c) => `${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
  const by = v.signature?.state === 'valid' ? `signed by ${v.signature.name ?? 'an unnamed signer'} (key ${v.signature.fingerprint}${v.signature.trusted ? ', trusted' : ', not checked against a trusted key'})` : 'unsigned';
  if (v.ok) lines.push(`VERIFIED: ${name} is intact and every conclusion follows from its evidence (run ${v.manifest?.run.id}, ${v.chain?.events ?? 0} events, chain head ${v.chain?.head ?? '(none)'}); ${by}.`);
  else lines.push(`NOT VERIFIED: ${name} — ${v.problems.length} check(s) failed; the pack was modified, is incomplete, or was not written by sdktrace.`);
  return `${lines.join('\n')}\n`;
}
