// Schema 4 (normalized events) from a database of schema 3, today's layout before issue 18. The
// schema-3 file is built here, not shipped: today's migrations 1-3 (store/schema.ts keeps them
// verbatim) applied inline to an empty file, then filled with the rows a real run stored (read
// through the events view, whose columns are schema 3's) and a few rows only an edited database
// holds. Opening it with Store migrates; the events must read back byte for byte, the chain must
// verify, the rows that refer to events must still do so, and tampering must still be detected.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { Store, hasQueryIndexes, ensureQueryIndexes } from '../../store/db.js';
import { MIGRATIONS, SCHEMA_VERSION, APPLICATION_ID } from '../../store/schema.js';
import { verifyRunChain } from '../../store/verify.js';
import { chainHash, sha256Hex } from '../../store/chain.js';
import { Run, STACKS } from '../reports/helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'sdktrace-migration-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const V3_EVENT_COLUMNS = [
  'id', 'run_id', 'source', 'process_id', 'pid', 'seq', 't', 'tid', 'thread', 'kind', 'api', 'hook', 'data_type', 'args', 'ret', 'thrown', 'detail',
  'stack', 'origins', 'phase', 'consent', 'foreground', 'sdk', 'party', 'via', 'frame', 'chain', 'attribution', 'hash',
];

/** A real run's rows, stored by today's ingest: pi, net, launch and host events, two stacks. */
function realRun(): Run {
  const r = Run.create();
  const main = r.process();
  r.resume(main);
  for (let i = 0; i < 5; i++) r.pi(main, 'imei', STACKS.jpushImei, { values: ['864213051234567'] });
  r.net(main, { host: 'api.umeng.com', ip: '203.0.113.7', port: 80, bytes: 120, tls: false, proto: 'http', layer: 'socket' }, STACKS.umengNet);
  r.event(main, { kind: 'launch', api: 'android.app.ContextImpl.startService(android.content.Intent)', detail: { via: 'service', component: 'com.partner.news/com.igexin.sdk.PushService', package: 'com.partner.news' }, stack: STACKS.jpushLaunch });
  r.spawnOther('com.partner.news');
  r.click(main, '同意');
  r.pi(main, 'android_id', STACKS.umengAndroidId, { values: ['5c1e8a2f93b07d44'] });
  r.end();
  return r;
}

/** A database of schema 3 holding `src`'s rows (copied column by column) and what `extra` adds. */
function schema3(path: string, src: Database.Database, extra?: (db: Database.Database) => void): void {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.transaction(() => {
    db.pragma(`application_id = ${APPLICATION_ID}`);
    for (const m of MIGRATIONS.filter((x) => x.version <= 3)) db.exec(m.sql);
    db.pragma('user_version = 3');
    const copy = (table: string, cols: readonly string[], from = table) => {
      const ins = db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
      for (const row of src.prepare(`SELECT ${cols.join(', ')} FROM ${from} ORDER BY 1`).raw().all() as unknown[][]) ins.run(row);
    };
    copy('runs', ['id', 'mode', 'started_at', 'ended_at', 'end_reason', 'package', 'tool_version', 'options', 'chain_head']);
    copy('processes', ['id', 'run_id', 'pid', 'name', 'package', 'target', 'started_at', 'spawned_by', 'next_seq', 'seq_gaps']);
    copy('stacks', ['run_id', 'id', 'frames', 'sha256']);
    copy('events', V3_EVENT_COLUMNS);
    copy('launches', ['event_id', 'run_id', 'via', 'action', 'component', 'target_package', 'other_app', 'confirmed_event_id']);
    copy('net_flows', ['event_id', 'run_id', 'layer', 'proto', 'tls', 'host', 'ip', 'port', 'url', 'bytes', 'domain_sdk']);
    extra?.(db);
  })();
  expect(db.pragma('user_version', { simple: true })).toBe(3);
  db.close();
}

const all = (db: Database.Database, sql: string) => db.prepare(sql).raw().all();

describe('schema 3 -> 4', () => {
  const r = realRun();
  const srcPath = r.store.path;
  r.store.close();
  const src = new Database(srcPath, { readonly: true });
  const runId = src.prepare('SELECT id FROM runs').pluck().get() as number;

  it('keeps every event as it was (columns, ids, hashes), the chain verifies, launches and net flows still refer to their events', () => {
    const path = join(dir, 'v3.db');
    schema3(path, src);
    const v3 = new Database(path, { readonly: true });
    const before = all(v3, `SELECT ${V3_EVENT_COLUMNS.join(', ')} FROM events ORDER BY id`);
    const launches = all(v3, 'SELECT * FROM launches ORDER BY event_id');
    const nets = all(v3, 'SELECT * FROM net_flows ORDER BY event_id');
    v3.close();
    expect(before.length).toBeGreaterThan(8);
    expect(launches.length + nets.length, 'the run stored no launch or net flow').toBeGreaterThan(0);

    const store = Store.open(path);
    const db = store.db;
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare("SELECT type FROM sqlite_master WHERE name = 'events'").pluck().get()).toBe('view');
    expect(all(db, `SELECT ${V3_EVENT_COLUMNS.join(', ')} FROM events ORDER BY id`)).toEqual(before);
    expect(all(db, 'SELECT * FROM launches ORDER BY event_id')).toEqual(launches);
    expect(all(db, 'SELECT * FROM net_flows ORDER BY event_id')).toEqual(nets);
    // The rows that refer to events refer to the stored rows, and every reference resolves.
    expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'launches'").pluck().get()).toMatch(/REFERENCES event_rows\(id\)/);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    // Normalized: the attribution of a code path is stored once.
    const distinct = db.prepare('SELECT count(DISTINCT attribution) FROM events WHERE attribution IS NOT NULL').pluck().get() as number;
    expect(db.prepare('SELECT count(*) FROM attributions').pluck().get()).toBe(distinct);
    expect(hasQueryIndexes(db)).toBe(true);
    const chain = verifyRunChain(db, runId);
    expect(chain.problems).toEqual([]);
    expect(chain.events).toBe(before.length);
    // Ingest continues the chain of the migrated run.
    store.close();
  });

  it('a migrated database still detects tampering through the events view (UPDATE and DELETE)', () => {
    const path = join(dir, 'v3-tamper.db');
    schema3(path, src);
    const store = Store.open(path);
    const db = store.db;
    const pi = db.prepare("SELECT id FROM events WHERE kind = 'pi' ORDER BY id LIMIT 1 OFFSET 2").pluck().get() as number;
    db.prepare("UPDATE events SET thread = 'tampered' WHERE id = ?").run(pi);
    expect(db.prepare('SELECT thread FROM events WHERE id = ?').pluck().get(pi)).toBe('tampered');
    let chain = verifyRunChain(db, runId);
    expect(chain.ok).toBe(false);
    expect(chain.problems[0]!.eventId).toBe(pi);
    db.prepare('DELETE FROM events WHERE id = ?').run(pi + 1);
    expect(db.prepare('SELECT count(*) FROM event_rows WHERE id = ?').pluck().get(pi + 1)).toBe(0);
    chain = verifyRunChain(db, runId);
    expect(chain.problems.map((p) => p.eventId)).toContain(pi + 2);
    // Editing a shared name changes every event that uses it: each one fails.
    const api = db.prepare("SELECT api FROM events WHERE kind = 'pi' LIMIT 1").pluck().get() as string;
    db.prepare("UPDATE names SET text = text || 'x' WHERE text = ?").run(api);
    chain = verifyRunChain(db, runId);
    expect(chain.problems.length).toBeGreaterThan(3);
    store.close();
  });

  it('keeps what only an edited schema-3 database holds: a stack id without frames, text with an attribution but no party, duplicated names', () => {
    const path = join(dir, 'v3-edited.db');
    schema3(path, src, (db) => {
      const last = db.prepare('SELECT hash FROM events ORDER BY id DESC LIMIT 1').pluck().get() as string;
      const row = {
        run_id: runId, source: 'agent', pid: 4242, seq: 999, t: 1_767_225_700_000, tid: 7, thread: 'main', kind: 'pi', api: 'x.Y.z()', hook: null,
        data_type: 'imei', args: '[]', ret: null, thrown: null, detail: null, stack: 'no-such-stack', origins: null,
      };
      const hash = chainHash(last, row, null);
      db.prepare(`INSERT INTO events (run_id, source, pid, seq, t, tid, thread, kind, api, hook, data_type, args, ret, thrown, detail, stack, origins, attribution, hash)
        VALUES (@run_id, @source, @pid, @seq, @t, @tid, @thread, @kind, @api, @hook, @data_type, @args, @ret, @thrown, @detail, @stack, @origins, '{"x":1}', @hash)`).run({ ...row, hash });
      db.prepare('UPDATE runs SET chain_head = ? WHERE id = ?').run(hash, runId);
    });
    const store = Store.open(path);
    const got = store.db.prepare("SELECT stack, attribution, party, thread FROM events WHERE stack = 'no-such-stack'").get();
    expect(got).toEqual({ stack: 'no-such-stack', attribution: '{"x":1}', party: null, thread: 'main' });
    const chain = verifyRunChain(store.db, runId);
    // As before the migration: the chain holds, the missing frames are reported.
    expect(chain.problems.map((p) => p.problem)).toEqual([expect.stringMatching(/its stack no-such-stack is missing/)]);
    store.close();
  });

  it('query indexes: dropped while a run ingests, built at its end; ensureQueryIndexes is idempotent and a read-only open builds nothing', () => {
    const path = join(dir, 'indexes.db');
    schema3(path, src);
    const store = Store.open(path);
    expect(hasQueryIndexes(store.db)).toBe(true);
    store.close();
    const run = Run.create();
    const main = run.process();
    run.pi(main, 'imei', STACKS.jpushImei, { values: ['1'] });
    expect(hasQueryIndexes(run.store.db)).toBe(false);
    // Every reader still gets its answer without them.
    expect(run.store.db.prepare("SELECT count(*) FROM events WHERE run_id = ? AND kind = 'pi'").pluck().get(run.runId)).toBe(1);
    const ro = Store.open(run.store.path, { readonly: true });
    expect(ensureQueryIndexes(ro.db)).toBe(false);
    expect(hasQueryIndexes(ro.db)).toBe(false);
    ro.close();
    run.end();
    expect(hasQueryIndexes(run.store.db)).toBe(true);
    expect(ensureQueryIndexes(run.store.db)).toBe(true);
    expect(verifyRunChain(run.store.db, run.runId).ok).toBe(true);
    run.store.close();
  });

  it('the stacks keep their SHA-256 with the frames: a changed frame is found', () => {
    const path = join(dir, 'v3-stack.db');
    schema3(path, src);
    const store = Store.open(path);
    const s = store.db.prepare('SELECT id, frames, sha256 FROM stacks LIMIT 1').get() as { id: string; frames: string; sha256: string };
    expect(sha256Hex(s.frames)).toBe(s.sha256);
    store.db.prepare('UPDATE stacks SET frames = ? WHERE id = ?').run(`${s.frames} `, s.id);
    expect(verifyRunChain(store.db, runId).problems[0]!.problem).toMatch(/frames do not match/);
    store.close();
  });
});
