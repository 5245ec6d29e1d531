// Forged evidence packs: the forgeries of issue 16 (the report edited to blame another SDK and
// lose its pre-consent findings; events.sdk and attribution edited in the extract — each with the
// manifest's hashes updated, so only re-derivation can tell) and a seeded corpus of edits to every
// file and every table of a pack of the demo run, each refused by verify naming the first
// difference. Untouched packs verify unsigned and signed; a signed pack edited and re-signed by
// another key fails against the trusted key.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoScenarioPath } from '../../emulator/index.js';
import { sdkCatalog } from '../../attribution/shipped.js';
import { replayRun } from '../../host/ingest/replay.js';
import { RUN_TABLES } from '../../store/extract.js';
import { loadDeclaredLists } from '../../reports/lists/load.js';
import { buildPack } from '../../reports/pack/export.js';
import { sha256, type Manifest } from '../../reports/pack/manifest.js';
import { generateKeys, signManifest, SIGNATURE_FILE } from '../../reports/pack/sign.js';
import { formatVerification, verifyPack } from '../../reports/pack/verify.js';
import { traceEmulated } from '../helpers/emulated-run.js';
import { editDb } from '../helpers/pack-edit.js';
import { prng } from '../helpers/seeded.js';

const dir = mkdtempSync(join(tmpdir(), 'sdktrace-forgery-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const POLICY = join(process.cwd(), 'data', 'policies', 'demo-mall.lists.json');
const lab = generateKeys();
const labKey = createPrivateKey(lab.privatePem);
const labPub = createPublicKey(lab.publicPem);

let unsigned: Uint8Array;
let signed: Uint8Array;
/** With a report configuration file and a --consent-api entry. */
let configured: Uint8Array;
const CONFIG = { consentWords: { agree: ['同意', 'Agree'], refuse: ['不同意'] }, rules: {} };

const verify = (b: Uint8Array, trusted: boolean = false) => verifyPack(b, { replay: replayRun, trustedKey: trusted ? labPub : null });
const failed = (v: ReturnType<typeof verify>) => v.checks.filter((c) => !c.ok);

beforeAll(async () => {
  const { store, runId } = await traceEmulated(demoScenarioPath(), join(dir, 'demo.db'));
  const opts = { catalog: sdkCatalog(), lists: loadDeclaredLists(POLICY, sdkCatalog()), listsBytes: readFileSync(POLICY), now: new Date('2026-12-01T00:00:00Z') };
  unsigned = buildPack(store, runId, opts).zip;
  signed = buildPack(store, runId, { ...opts, sign: { key: labKey, name: 'Example Lab' } }).zip;
  configured = buildPack(store, runId, {
    ...opts,
    config: { ...structuredClone(CONFIG), consentApis: [{ api: 'com.example.Consent.grant', state: 'granted' }] },
    configBytes: Buffer.from(JSON.stringify(CONFIG)),
  }).zip;
  store.close();
}, 120_000);

/** Rewrites files of a pack and updates the manifest's hashes (and re-signs with `resign`), as a forger would. */
function forge(pack: Uint8Array, edit: (files: Record<string, Uint8Array>) => void, resign?: ReturnType<typeof createPrivateKey>): Uint8Array {
  const files = unzipSync(pack);
  edit(files);
  const m = JSON.parse(Buffer.from(files['manifest.json']!).toString('utf8')) as Manifest;
  for (const f of m.files) if (files[f.path] !== undefined) Object.assign(f, { sha256: sha256(files[f.path]!), bytes: files[f.path]!.length });
  files['manifest.json'] = Buffer.from(`${JSON.stringify(m, null, 2)}\n`);
  if (resign !== undefined) files[SIGNATURE_FILE] = Buffer.from(JSON.stringify(signManifest(files['manifest.json'], resign)));
  return zipSync(files);
}


const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');

describe('untouched packs', () => {
  it('verify unsigned (and say so) and signed (naming the signer, trusted or not)', () => {
    const u = verify(unsigned);
    expect(failed(u)).toEqual([]);
    expect(formatVerification(u, 'pack.zip')).toMatch(/VERIFIED: .*; unsigned\.\n$/);
    const s = verify(signed);
    expect(failed(s)).toEqual([]);
    expect(formatVerification(s, 'pack.zip')).toMatch(new RegExp(`signed by Example Lab \\(key ${lab.fingerprint}, not checked against a trusted key\\)`));
    const t = verify(signed, true);
    expect(failed(t)).toEqual([]);
    expect(formatVerification(t, 'pack.zip')).toMatch(new RegExp(`signed by Example Lab \\(key ${lab.fingerprint}, trusted\\)`));
    for (const c of ['attribution', 'phases', 'launches', 'network flows', 'findings', 'report.json', 'report.html']) expect(t.checks.map((x) => x.name)).toContain(c);
  });

  it('an unsigned pack, or one signed by another key, fails against the trusted key', () => {
    expect(failed(verify(unsigned, true)).map((c) => c.name)).toEqual(['signature']);
    const other = createPrivateKey(generateKeys().privatePem);
    const resigned = forge(signed, () => {}, other);
    // Re-signed with another key while the manifest still names the lab's: named as such.
    expect(failed(verify(resigned, true))[0]).toMatchObject({ name: 'signature', detail: expect.stringMatching(/is by key sha256:\w+, the manifest names/) });
  });
});

describe('a pack with a report configuration', () => {
  it('verifies; its config.json edited (hashes updated) is refused, naming the setting', () => {
    expect(failed(verify(configured))).toEqual([]);
    const forged = forge(configured, (f) => (f['config.json'] = Buffer.from(JSON.stringify({ ...CONFIG, consentWords: { agree: ['OK'], refuse: ['不同意'] } }))));
    expect(failed(verify(forged))[0]).toMatchObject({ name: 'config', detail: expect.stringMatching(/^config\.json \.consentWords\.agree\[0\]: the file has "OK", the report was derived with "同意"/) });
  });
});

describe('packs from another sdktrace', () => {
  const withManifest = (edit: (m: Manifest & Record<string, unknown>) => void) => {
    const files = unzipSync(unsigned);
    const m = JSON.parse(text(files['manifest.json']!));
    edit(m);
    files['manifest.json'] = Buffer.from(JSON.stringify(m, null, 2));
    return zipSync(files);
  };

  it('another version: refused with the reason and the version to use; its chain and files still checked', () => {
    const v = verify(withManifest((m) => {
      m.versions.exportedWith.tool = '0.0.9';
      m.tool.version = '0.0.9';
    }));
    const versions = v.checks.find((c) => c.name === 'versions')!;
    expect(versions.ok).toBe(false);
    expect(versions.detail).toMatch(/cannot be re-derived by this sdktrace: it was exported by sdktrace 0\.0\.9, this is .*Verify the pack with sdktrace 0\.0\.9/);
    expect(v.checks.find((c) => c.name === 'hash chain')?.ok).toBe(true);
    expect(v.checks.find((c) => c.name === 'attribution')).toBeUndefined();
  });

  it('the older pack format (no catalog snapshot): refused, saying why', () => {
    const v = verify(withManifest((m) => {
      (m as Record<string, unknown>).format = 'sdktrace-evidence/1';
    }));
    expect(failed(v).map((c) => c.name)).toEqual(['conclusions']);
    expect(failed(v)[0]!.detail).toMatch(/earlier sdktrace \(sdktrace-evidence\/1.*carries no SDK catalog snapshot: its conclusions cannot be re-derived/);
  });
});

describe('the forgeries of issue 16', () => {
  it('report.html and report.json blaming another SDK, pre-consent findings deleted, hashes updated: refused, first difference named', () => {
    const report = JSON.parse(text(unzipSync(unsigned)['report.json']!));
    expect(JSON.stringify(report)).toContain('Getui');
    const pre = report.findings.filter((f: { rule: string }) => f.rule === 'pre-consent-collection').length;
    expect(pre).toBeGreaterThan(0);
    const forged = forge(unsigned, (f) => {
      f['report.html'] = Buffer.from(text(f['report.html']!).replaceAll('Getui Push', 'Acme Analytics'));
      const r = JSON.parse(text(f['report.json']!).replaceAll('Getui Push', 'Acme Analytics'));
      r.findings = r.findings.filter((x: { rule: string }) => x.rule !== 'pre-consent-collection');
      f['report.json'] = Buffer.from(JSON.stringify(r, null, 2));
    });
    const v = verify(forged);
    expect(v.ok).toBe(false);
    const names = failed(v).map((c) => c.name);
    expect(names).toEqual(['report.json', 'report.html']);
    expect(failed(v)[0]!.detail).toMatch(/^\$\.[\w.[\]"]+: the pack states .*Acme Analytics.*, the evidence gives .*Getui Push/);
    expect(failed(v)[1]!.detail).toMatch(/^line \d+, column \d+: the pack has .*Acme Analytics.*, re-derived .*Getui Push/);
    // The same forgery of a signed pack breaks the signature first.
    expect(failed(verify(forge(signed, (f) => (f['report.html'] = Buffer.from(text(f['report.html']!).replaceAll('Getui Push', 'Acme'))))))[0]!.name).toBe('signature');
  });

  it('events.sdk and attribution edited in run.sqlite, hashes updated: refused, naming the event', () => {
    let id = 0;
    const forged = forge(
      unsigned,
      editDb((db) => {
        id = (db.prepare("SELECT id FROM events WHERE sdk = 'getui-push' ORDER BY id LIMIT 1").get() as { id: number }).id;
        db.prepare("UPDATE events SET sdk = 'umeng-common', attribution = replace(attribution, 'getui-push', 'umeng-common') WHERE sdk = 'getui-push'").run();
      }),
    );
    const v = verify(forged);
    expect(failed(v)[0]).toEqual({ name: 'attribution', ok: false, detail: `events.sdk of event ${id}: the pack states "umeng-common", the evidence gives "getui-push"` });
  });
});


/** A different value of the same kind. */
function other(v: unknown, rand: () => number): unknown {
  if (v === null) return 'forged';
  if (typeof v === 'number') return Number.isInteger(v) ? v + 1 + Math.floor(rand() * 5) : v * 2 + 1;
  if (typeof v === 'string') {
    const i = Math.floor(rand() * v.length);
    // JSON text stays JSON where possible: change a letter or digit, not the structure.
    const at = [...v].findIndex((c, k) => k >= i && /[A-Za-z0-9]/.test(c));
    if (at < 0) return `${v}x`;
    const c = v[at]!;
    return `${v.slice(0, at)}${/[0-9]/.test(c) ? String((Number(c) + 1) % 10) : c === 'z' ? 'y' : String.fromCharCode(c.charCodeAt(0) + 1)}${v.slice(at + 1)}`;
  }
  return 'forged';
}

describe('a seeded corpus of edits to each table and file', () => {
  // Columns that are not facts of the run: SQLite row ids the evidence references by value.
  const SKIP = new Set(['id', 'run_id', 'event_id', 'process_id', 'hash']);

  // Facts the host recorded about a process from the agent's hello and the device (Android
  // version, next expected seq, how it started) are neither hash-chained events nor conclusions
  // drawn from them: in an unsigned pack nothing can tell them from a forgery; a signature covers
  // them (docs/evidence.md, "What verify cannot prove").
  // Facts outside the chain: about processes, and the agent's hook report (hook_status: which
  // hooks installed where; the report aggregates it over processes, so one process's row can change
  // without changing the report).
  const UNCHAINED = /^(processes\.(api_level|android_release|agent_version|next_seq|seq_gaps|start_detail|start_reason|ended_at|end_reason|restart_of|spawned_by|package|target|started_at|pid|name)|hook_status\.\w+) /;

  it('every table: 8 seeded edits of a random row and column each, hashes updated: all refused, the first difference named (facts outside the chain: by the signature)', () => {
    const rand = prng(1616);
    const missed: string[] = [];
    for (const table of ['runs', ...RUN_TABLES]) {
      for (let n = 0; n < 8; n++) {
        let what = '';
        const forged = forge(
          unsigned,
          editDb((db) => {
            const rows = db.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[];
            if (rows.length === 0) return;
            const k = Math.floor(rand() * rows.length);
            const row = rows[k]!;
            const cols = Object.keys(row).filter((c) => !SKIP.has(c));
            const col = cols[Math.floor(rand() * cols.length)]!;
            const value = other(row[col], rand);
            what = `${table}.${col} of row ${k}: ${JSON.stringify(row[col])?.slice(0, 60)} -> ${JSON.stringify(value)?.slice(0, 60)}`;
            // By every column's value (some tables have no rowid).
            const all = Object.keys(row);
            const r = db.prepare(`UPDATE ${table} SET "${col}" = ? WHERE ${all.map((c) => `"${c}" IS ?`).join(' AND ')}`).run(value as never, ...(all.map((c) => row[c]) as never[]));
            expect(r.changes, what).toBeGreaterThan(0);
          }),
        );
        if (what === '') continue;
        const v = verify(forged);
        if (v.ok) missed.push(what);
        else expect(failed(v)[0]!.detail.length, what).toBeGreaterThan(10);
      }
    }
    // Only unchained facts may pass an unsigned pack; the signature refuses each of them.
    expect(missed.filter((m) => !UNCHAINED.test(m))).toEqual([]);
    for (const m of missed) {
      const [, table, col, row] = /^(processes|hook_status)\.(\w+) of row (\d+)/.exec(m)!;
      const forged = forge(signed, editDb((db) => {
        const r = (db.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[])[Number(row)]!;
        const all = Object.keys(r);
        db.prepare(`UPDATE ${table} SET "${col}" = ? WHERE ${all.map((c) => `"${c}" IS ?`).join(' AND ')}`).run(other(r[col!], prng(1)) as never, ...(all.map((c) => r[c]) as never[]));
      }));
      expect(failed(verify(forged, true))[0]?.name, m).toBe('signature');
    }
  }, 300_000);

  it('every file: 4 seeded edits each (one letter or digit), hashes updated: all refused', () => {
    const rand = prng(17);
    const names = Object.keys(unzipSync(unsigned)).filter((n) => n !== 'run.sqlite' && n !== 'manifest.json');
    const missed: string[] = [];
    for (const name of names) {
      for (let n = 0; n < 4; n++) {
        let what = '';
        const forged = forge(unsigned, (f) => {
          const t = text(f[name]!);
          const i = Math.floor(rand() * t.length);
          const edited = `${t.slice(0, i)}${other(t.slice(i), rand) as string}`;
          what = `${name} at ${i}: ${JSON.stringify(t.slice(i, i + 30))} -> ${JSON.stringify(edited.slice(i, i + 30))}`;
          f[name] = Buffer.from(edited);
        });
        if (verify(forged).ok) missed.push(what);
      }
    }
    expect(missed).toEqual([]);
  }, 300_000);

  it('manifest.json: 12 seeded edits of a random value, the file hashes left as they are: all refused', () => {
    const rand = prng(18);
    const leaves = (v: unknown, path: (string | number)[] = []): (string | number)[][] =>
      typeof v === 'object' && v !== null ? Object.entries(v).flatMap(([k, x]) => leaves(x, [...path, Array.isArray(v) ? Number(k) : k])) : [path];
    const missed: string[] = [];
    for (let n = 0; n < 12; n++) {
      const files = unzipSync(unsigned);
      const m = JSON.parse(text(files['manifest.json']!)) as Record<string, unknown>;
      const all = leaves(m);
      const path = all[Math.floor(rand() * all.length)]!;
      let parent = m as Record<string | number, unknown>;
      for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
      const last = path[path.length - 1]!;
      const before = parent[last];
      parent[last] = other(before, rand);
      files['manifest.json'] = Buffer.from(`${JSON.stringify(m, null, 2)}\n`);
      if (verify(zipSync(files)).ok) missed.push(`${path.join('.')}: ${JSON.stringify(before)} -> ${JSON.stringify(parent[last])}`);
    }
    expect(missed).toEqual([]);
  }, 300_000);
});
