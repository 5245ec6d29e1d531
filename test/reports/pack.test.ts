// Evidence packs: export writes report, extract and manifest; verify accepts an intact pack and
// detects a modified, deleted or reordered event, an edited manifest, and modified or added files.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sdkCatalog } from '../../attribution/shipped.js';
import { Store } from '../../store/db.js';
import { buildPack } from '../../reports/pack/export.js';
import { sha256, type Manifest } from '../../reports/pack/manifest.js';
import { formatVerification, verifyPack as verifyWith } from '../../reports/pack/verify.js';
import { replayRun } from '../../host/ingest/replay.js';

const verifyPack = (b: Uint8Array, o: Partial<Parameters<typeof verifyWith>[1]> = {}) => verifyWith(b, { replay: replayRun, ...o });
import { editDb } from '../helpers/pack-edit.js';
import { cleanupTmp, lists, Run, STACKS } from './helpers.js';

let dir: string;
let pack: Uint8Array;
let manifest: Manifest;
let run: Run;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sdktrace-pack-test-'));
  run = Run.create();
  const main = run.process();
  run.resume(main);
  run.pi(main, 'imei', STACKS.jpushImei, { values: ['864213051234567'] });
  run.click(main, '同意');
  for (let i = 0; i < 8; i++) run.pi(main, 'android_id', STACKS.umengAndroidId, { values: ['5c1e8a2f93b07d44'] });
  run.net(main, { layer: 'java', proto: 'http', tls: false, op: 'send', host: 'extlog.snssdk.com', port: 80, sample: 'aid=5c1e8a2f93b07d44', sampleEncoding: 'utf8' }, STACKS.pangleNet);
  run.event(main, { kind: 'launch', api: 'android.app.ContextImpl.bindService', detail: { via: 'bind', component: 'com.partner.news/x.S', package: 'com.partner.news' }, stack: STACKS.jpushLaunch });
  run.end();
  // A second run in the same database must not end up in the pack.
  const other = run.store.createRun({ mode: 'trace', started_at: 1, tool_version: '0.1.0' });
  run.store.appendEvents(other, [{ row: { ...(run.store.db.prepare('SELECT * FROM events WHERE id = 1').get() as any), run_id: other } }]);
  const policy = Buffer.from(JSON.stringify({ format: 'sdktrace-declared-lists/2', app: { package: 'com.example.shop' }, collected: [], sharing: [] }));
  const built = buildPack(run.store, run.runId, { catalog: sdkCatalog(), lists: lists({}), listsBytes: policy, now: new Date('2026-01-02T00:00:00Z') });
  pack = built.zip;
  manifest = built.manifest;
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  cleanupTmp();
});

/** Rewrites files of the pack; `fixHashes` updates the manifest so only deeper checks can tell. */
function repack(edit: (files: Record<string, Uint8Array>) => void, fixHashes = true): Uint8Array {
  const files = unzipSync(pack);
  edit(files);
  if (fixHashes) {
    const m = JSON.parse(Buffer.from(files['manifest.json']!).toString('utf8')) as Manifest;
    for (const f of m.files) if (files[f.path] !== undefined) Object.assign(f, { sha256: sha256(files[f.path]!), bytes: files[f.path]!.length });
    files['manifest.json'] = Buffer.from(JSON.stringify(m));
  }
  return zipSync(files);
}


const failed = (v: ReturnType<typeof verifyPack>) => v.checks.filter((c) => !c.ok).map((c) => c.name);

describe('export', () => {
  it('writes report, extract, policy and a manifest with versions, identities, chain head and hashes', () => {
    const files = unzipSync(pack);
    expect(Object.keys(files).sort()).toEqual(['manifest.json', 'policy.json', 'report.html', 'report.json', 'run.sqlite', 'sdk-catalog.json']);
    expect(manifest).toMatchObject({
      format: 'sdktrace-evidence/2',
      tool: { name: 'sdktrace' },
      run: { id: run.runId, mode: 'trace' },
      device: { id: 'emulated-1', kind: 'emulated', osVersion: '14', apiLevel: 34 },
      app: { package: 'com.example.shop', version: '1.0', versionCode: 1, signingSha256: 'ab'.repeat(32) },
      chain: { head: run.store.run(run.runId)!.chain_head, verifiedAtExport: true, problems: [] },
      versions: { hookCatalog: 'test', sdkCatalog: sdkCatalog().version, exportedWith: { sdkCatalog: sdkCatalog().version } },
      policy: { path: 'policy.json' },
    });
    for (const f of manifest.files) expect(f.sha256).toBe(sha256(files[f.path]!));
    const report = JSON.parse(Buffer.from(files['report.json']!).toString('utf8'));
    expect(report.run.chainHead).toBe(manifest.chain.head);
    expect(report.policy.sha256).toBe(manifest.policy!.sha256);
  });

  it('extracts only the run, with its ids, into a single-file database', () => {
    const p = join(dir, 'x.sqlite');
    writeFileSync(p, unzipSync(pack)['run.sqlite']!);
    const s = Store.open(p, { readonly: true });
    try {
      expect(s.runs().map((r) => r.id)).toEqual([run.runId]);
      const src = run.store.db.prepare('SELECT id, hash FROM events WHERE run_id = ? ORDER BY id').all(run.runId);
      expect(s.db.prepare('SELECT id, hash FROM events ORDER BY id').all()).toEqual(src);
      expect(s.db.pragma('journal_mode', { simple: true })).toBe('delete');
      expect((s.db.prepare('SELECT count(*) AS n FROM launches').get() as { n: number }).n).toBe(1);
    } finally {
      s.close();
    }
  });

  it('refuses a run whose chain is broken unless forced', () => {
    const r = Run.create();
    const main = r.process();
    r.pi(main, 'imei', STACKS.jpushImei);
    r.pi(main, 'imei', STACKS.jpushImei);
    r.store.db.prepare("UPDATE events SET thread = 'tampered' WHERE id = 2").run();
    expect(() => buildPack(r.store, r.runId, { catalog: sdkCatalog() })).toThrow(/hash chain does not verify/);
    const forced = buildPack(r.store, r.runId, { catalog: sdkCatalog(), force: true });
    expect(forced.manifest.chain.verifiedAtExport).toBe(false);
    expect(verifyPack(forced.zip).ok).toBe(false);
  });
});

describe('verify', () => {
  it('accepts the intact pack', () => {
    const v = verifyPack(pack);
    expect(failed(v)).toEqual([]);
    expect(v.ok).toBe(true);
    expect(v.chain).toMatchObject({ ok: true, head: manifest.chain.head, events: manifest.chain.events });
    expect(formatVerification(v, 'pack.zip')).toContain('VERIFIED: pack.zip is intact');
    expect(verifyPack(pack, { expectHead: manifest.chain.head! }).ok).toBe(true);
  });

  it('detects a modified event', () => {
    const v = verifyPack(repack(editDb((db) => db.prepare(`UPDATE events SET detail = json_set(detail, '$.values[0]', '000000000000001') WHERE kind = 'pi' AND data_type = 'imei'`).run())));
    expect(failed(v)).toEqual(['hash chain']);
    expect(v.problems[0]).toMatch(/event \d+: hash does not follow/);
  });

  it('detects a deleted event', () => {
    const v = verifyPack(repack(editDb((db) => db.prepare('DELETE FROM events WHERE id = (SELECT id FROM events ORDER BY id LIMIT 1 OFFSET 5)').run())));
    expect(failed(v)).toEqual(expect.arrayContaining(['hash chain', 'event count']));
  });

  it('detects two events swapped', () => {
    const v = verifyPack(
      repack(
        editDb((db) => {
          const ids = (db.prepare("SELECT id FROM events WHERE kind = 'pi' ORDER BY id LIMIT 2 OFFSET 2").all() as { id: number }[]).map((r) => r.id);
          db.transaction(() => {
            db.prepare('UPDATE events SET id = -1 WHERE id = ?').run(ids[0]);
            db.prepare('UPDATE events SET id = ? WHERE id = ?').run(ids[0], ids[1]);
            db.prepare('UPDATE events SET id = ? WHERE id = -1').run(ids[1]);
          })();
        }),
      ),
    );
    // The chain names the swap; the report derived from the swapped order differs too.
    expect(failed(v)[0]).toBe('hash chain');
  });

  it('detects the last event removed with the recorded head rewound', () => {
    const v = verifyPack(
      repack(
        editDb((db) => {
          const last = db.prepare('SELECT id FROM events ORDER BY id DESC LIMIT 1').get() as { id: number };
          const prev = db.prepare('SELECT hash FROM events WHERE id < ? ORDER BY id DESC LIMIT 1').get(last.id) as { hash: string };
          db.prepare('DELETE FROM launches WHERE event_id = ?').run(last.id);
          db.prepare('DELETE FROM events WHERE id = ?').run(last.id);
          db.prepare('UPDATE runs SET chain_head = ?').run(prev.hash);
        }),
      ),
    );
    expect(failed(v)).toEqual(expect.arrayContaining(['hash chain', 'event count', 'chain head']));
  });

  it('detects an edited manifest (identity, chain head) even with consistent file hashes', () => {
    const signing = repack((files) => {
      const m = JSON.parse(Buffer.from(files['manifest.json']!).toString('utf8'));
      m.app.signingSha256 = 'cd'.repeat(32);
      files['manifest.json'] = Buffer.from(JSON.stringify(m));
    });
    const v = verifyPack(signing);
    expect(failed(v)).toEqual(['identity']);
    expect(v.problems[0]).toContain('app signing SHA-256');
    const head = repack((files) => {
      const m = JSON.parse(Buffer.from(files['manifest.json']!).toString('utf8'));
      m.chain.head = 'ee'.repeat(32);
      files['manifest.json'] = Buffer.from(JSON.stringify(m));
    });
    expect(failed(verifyPack(head))).toEqual(expect.arrayContaining(['hash chain', 'chain head']));
  });

  it('detects modified, missing and added files, and derived tables that disagree with their events', () => {
    // Issue 16: every conclusion is derived again, so a changed file also fails its re-derivation.
    expect(failed(verifyPack(repack((f) => (f['report.html'] = Buffer.from('<p>nothing to see</p>')), false)))).toEqual(['file report.html', 'report', 'report.html']);
    expect(failed(verifyPack(repack((f) => delete f['policy.json'], false)))[0]).toBe('file policy.json');
    expect(failed(verifyPack(repack((f) => (f['extra.txt'] = Buffer.from('x')), false)))).toEqual(['file extra.txt']);
    expect(failed(verifyPack(repack(editDb((db) => db.prepare("UPDATE net_flows SET host = 'innocent.example'").run()))))[0]).toBe('network flows');
    const report = repack((f) => {
      const r = JSON.parse(Buffer.from(f['report.json']!).toString('utf8'));
      r.run.chainHead = 'ff'.repeat(32);
      f['report.json'] = Buffer.from(JSON.stringify(r));
    });
    expect(failed(verifyPack(report))).toEqual(['report', 'report.json']);
  });

  it('fails on an unexpected head, a non-zip and a zip without manifest', () => {
    expect(failed(verifyPack(pack, { expectHead: '00'.repeat(32) }))).toEqual(['expected head']);
    expect(verifyPack(Buffer.from('not a zip at all'))).toMatchObject({ ok: false, problems: [expect.stringContaining('zip')] });
    expect(verifyPack(zipSync({ 'a.txt': Buffer.from('a') }))).toMatchObject({ ok: false, problems: ['manifest: manifest.json is missing'] });
  });
});
