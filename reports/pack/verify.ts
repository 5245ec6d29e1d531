// `sdktrace verify PACK`: re-checks an evidence pack. Every file against the manifest's SHA-256,
// the database extract opened and the run's hash chain re-walked (host/store/verify.ts: any
// modified, missing, inserted or reordered event breaks it), the chain head against the manifest
// and the report, the manifest's identities against the extract, and the derived tables against
// the events they were derived from. What broke is stated in plain words.
//
// A pack is self-consistent, not signed: someone who rewrites every file and recomputes every
// hash produces a pack that verifies. Compare the chain head with one recorded independently
// (the report handed over, a ticket, a timestamping service): `--expect-head`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { Store } from '../../host/store/db.js';
import { verifyRunChain, type ChainReport } from '../../host/store/verify.js';
import { PACK_FORMAT, sha256, type Manifest } from './manifest.js';

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

export function verifyPack(bytes: Uint8Array, opts: { expectHead?: string } = {}): PackVerification {
  const checks: Check[] = [];
  const add = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });
  const done = (manifest: Manifest | null, chain: ChainReport | null): PackVerification => {
    const problems = checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`);
    return { ok: problems.length === 0, checks, problems, manifest, chain };
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
  if (manifest === null || manifest.format !== PACK_FORMAT || !Array.isArray(manifest.files)) {
    add('manifest', false, files['manifest.json'] === undefined ? 'manifest.json is missing' : `manifest.json is not an ${PACK_FORMAT} manifest`);
    return done(null, null);
  }
  add('manifest', true, `${manifest.format}, run ${manifest.run?.id}, ${manifest.files.length} files`);

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
    if (name !== 'manifest.json' && !listed.has(name)) {
      add(`file ${name}`, false, 'present in the pack but not listed in the manifest (added)');
      fileProblems++;
    }
  }
  if (fileProblems === 0) add('file hashes', true, `${manifest.files.length} files match the manifest`);

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
      store = Store.open(path);
    } catch (e) {
      add('database', false, `the extract cannot be opened: ${(e as Error).message}`);
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

      // Derived tables against the events (not covered by the chain, recomputable from it).
      const netBad = db
        .prepare(
          `SELECT n.event_id FROM net_flows n JOIN events e ON e.id = n.event_id WHERE n.run_id = ? AND (
             n.host IS NOT json_extract(e.detail, '$.host') OR n.ip IS NOT json_extract(e.detail, '$.ip') OR n.port IS NOT json_extract(e.detail, '$.port')
             OR n.proto IS NOT json_extract(e.detail, '$.proto') OR n.tls IS NOT coalesce(json_extract(e.detail, '$.tls'), 0) OR n.layer IS NOT json_extract(e.detail, '$.layer'))
           UNION SELECT n.event_id FROM net_flows n WHERE n.run_id = ? AND NOT EXISTS (SELECT 1 FROM events e WHERE e.id = n.event_id AND e.kind = 'net')
           LIMIT ${MAX_LISTED}`,
        )
        .all(runId, runId) as { event_id: number }[];
      const launchBad = db
        .prepare(
          `SELECT l.event_id FROM launches l JOIN events e ON e.id = l.event_id WHERE l.run_id = ? AND (
             l.via IS NOT json_extract(e.detail, '$.via') OR l.action IS NOT json_extract(e.detail, '$.action') OR l.component IS NOT json_extract(e.detail, '$.component'))
           UNION SELECT l.event_id FROM launches l WHERE l.run_id = ? AND NOT EXISTS (SELECT 1 FROM events e WHERE e.id = l.event_id AND e.kind = 'launch')
           LIMIT ${MAX_LISTED}`,
        )
        .all(runId, runId) as { event_id: number }[];
      const derivedBad = [...netBad.map((r) => `net flow of event ${r.event_id}`), ...launchBad.map((r) => `launch of event ${r.event_id}`)];
      add('derived tables', derivedBad.length === 0, derivedBad.length === 0 ? 'network flows and launches agree with their events' : `${derivedBad.join(', ')} disagree with the event (modified)`);
    } finally {
      store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return done(manifest, chain);
}

/** The verification as text for the terminal. */
export function formatVerification(v: PackVerification, name: string): string {
  const lines = v.checks.map((c) => `${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
  if (v.ok) lines.push(`VERIFIED: ${name} is intact (run ${v.manifest?.run.id}, ${v.chain?.events ?? 0} events, chain head ${v.chain?.head ?? '(none)'}).`);
  else lines.push(`NOT VERIFIED: ${name} — ${v.problems.length} check(s) failed; the pack was modified, is incomplete, or was not written by sdktrace.`);
  return `${lines.join('\n')}\n`;
}
