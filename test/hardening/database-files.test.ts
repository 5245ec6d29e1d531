// Databases as evidence, through the built CLI: reading commands (report, export, verify, serve)
// leave the file byte-for-byte as it was, with no -wal/-shm beside it; and a damaged file (junk
// over a seeded random page, or over a seeded random byte range) is refused by every command that
// opens it with one clear line, exit 2, before anything is read from it or appended to it. A
// byte range SQLite's structure checks cannot see (inside a record's payload) is no damage to
// SQLite; inside an event it breaks the hash chain, which verify reports (exit 1).
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../store/db.js';
import { SCHEMA_VERSION } from '../../store/schema.js';
import { verifyRunChain } from '../../store/verify.js';
import { sdkCatalog } from '../../attribution/shipped.js';
import { UserError } from '../../protocol/errors.js';
import { buildReport } from '../../reports/model.js';
import { runCli, twoAtATime } from '../helpers/built-cli.js';
import { seedEvidenceDb, sha256File } from '../helpers/evidence-db.js';
import { prng } from '../helpers/seeded.js';
import { STACKS } from '../reports/helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'sdktrace-dbfiles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sdktrace = (args: string[], until?: RegExp) => runCli(args, { cwd: dir, until });
const sha = sha256File;

let good: string;
let pageSize: number;
let pageCount: number;

beforeAll(() => {
  good = seedEvidenceDb(join(dir, 'good.db'), (r, main) => {
    for (let i = 0; i < 40; i++) r.pi(main, 'imei', STACKS.jpushImei, { values: ['864213051234567'] });
    r.click(main, '同意');
    for (let i = 0; i < 40; i++) r.pi(main, 'android_id', STACKS.umengAndroidId, { values: ['5c1e8a2f93b07d44'] });
  });
  const db = new Database(good, { readonly: true });
  pageSize = db.pragma('page_size', { simple: true }) as number;
  pageCount = db.pragma('page_count', { simple: true }) as number;
  // Every page is in use: junk over any page is damage, not a harmless overwrite of free space.
  expect(db.pragma('freelist_count', { simple: true })).toBe(0);
  db.close();
}, 120_000);

describe('reading commands never write', () => {
  it('report, export, verify and serve leave the database byte-for-byte as it was, with no -wal/-shm left', async () => {
    const work = join(dir, 'ro');
    mkdirSync(work);
    const db = join(work, 'evidence.db');
    copyFileSync(good, db);
    const before = sha(db);
    const probe = new Database(db, { readonly: true });
    expect(probe.pragma('journal_mode', { simple: true })).toBe('wal');
    probe.close();
    rmSync(`${db}-wal`, { force: true });
    rmSync(`${db}-shm`, { force: true });
    const commands: [string[], RegExp | undefined][] = [
      [['report', 'latest', '--db', db, '--out', join(work, 'r.html')], undefined],
      [['report', 'latest', '--db', db, '--format', 'json', '--out', join(work, 'r.json')], undefined],
      [['export', 'latest', '--db', db, '--out', join(work, 'pack.zip')], undefined],
      [['verify', db], undefined],
      [['serve', db, '--port', '0'], /press Ctrl-C/],
    ];
    for (const [args, until] of commands) {
      const r = await sdktrace(args, until);
      const what = `sdktrace ${args.join(' ')}`;
      expect(r.code, `${what}\n${r.err}`).toBe(0);
      expect(sha(db), `${what} changed the database`).toBe(before);
      expect(existsSync(`${db}-wal`) || existsSync(`${db}-shm`), `${what} left -wal/-shm`).toBe(false);
    }
    // The pack's own database is read the same way by verify.
    const r = await sdktrace(['verify', join(work, 'pack.zip')]);
    expect(r.code, r.err).toBe(0);
  }, 120_000);

  it('a database of an older schema is not upgraded by a reading command: refused with how to upgrade, unchanged', async () => {
    const db = join(dir, 'older.db');
    copyFileSync(good, db);
    const w = new Database(db);
    w.pragma(`user_version = ${SCHEMA_VERSION - 1}`);
    w.pragma('journal_mode = DELETE');
    w.close();
    const before = sha(db);
    const r = await sdktrace(['report', 'latest', '--db', db, '--out', join(dir, 'older.html')]);
    expect(r.code, r.err).toBe(2);
    expect(r.err).toMatch(/older\.db was written by an older sdktrace \(older schema\); reading commands never modify a database/);
    expect(sha(db)).toBe(before);
  }, 60_000);

  it('a read-only open beside a writer leaves the writer its -wal/-shm', () => {
    const db = join(dir, 'writer.db');
    copyFileSync(good, db);
    const writer = new Database(db);
    writer.exec('SELECT count(*) FROM events');
    const reader = Store.open(db, { readonly: true });
    reader.run(1);
    reader.close();
    expect(existsSync(`${db}-wal`)).toBe(true);
    writer.close();
  });
});

/** Junk over one page (not page 1, whose damage the SQLite-file check already names). */
function junkPage(rand: () => number): { bytes: Buffer; where: string } {
  const bytes = Buffer.from(readFileSync(good));
  const page = 2 + Math.floor(rand() * (pageCount - 1));
  for (let i = 0; i < pageSize; i++) bytes[(page - 1) * pageSize + i] = Math.floor(rand() * 256);
  return { bytes, where: `page ${page} of ${pageCount}` };
}

/** Junk over 64 bytes at a random offset past the file header. */
function junkBytes(rand: () => number): { bytes: Buffer; where: string } {
  const bytes = Buffer.from(readFileSync(good));
  const at = 100 + Math.floor(rand() * (bytes.length - 164));
  for (let i = 0; i < 64; i++) bytes[at + i] = Math.floor(rand() * 256);
  return { bytes, where: `bytes ${at}..${at + 63}` };
}

const DAMAGED = /is damaged \(SQLite( quick_check| integrity_check)?: [^\n]+\); it was not read further and nothing was written to it/;

describe('damaged databases', () => {
  it('junk over any of 40 seeded pages: every open refuses with the damaged line (read-only and for writing)', () => {
    const rand = prng(16);
    for (let n = 0; n < 40; n++) {
      const { bytes, where } = junkPage(rand);
      const p = join(dir, `page-${n}.db`);
      writeFileSync(p, bytes);
      for (const opts of [{ readonly: true }, { readonly: true, check: 'integrity' as const }, { create: true }]) {
        let err: unknown = null;
        try {
          Store.open(p, opts).close();
        } catch (e) {
          err = e;
        }
        expect(err, `${where} (${JSON.stringify(opts)}) was opened`).not.toBeNull();
        expect((err as Error).message, where).toMatch(DAMAGED);
        expect((err as { exitCode?: number }).exitCode, where).toBe(2);
      }
      expect(sha(p), `${where}: the damaged file was written to`).toBe(createHash('sha256').update(bytes).digest('hex'));
      rmSync(p);
    }
  });

  it('junk over 40 seeded byte ranges: refused with the damaged line when SQLite sees it; inside an event record, the hash chain breaks', () => {
    const rand = prng(1616);
    let structural = 0;
    let content = 0;
    for (let n = 0; n < 40; n++) {
      const { bytes, where } = junkBytes(rand);
      const p = join(dir, `bytes-${n}.db`);
      writeFileSync(p, bytes);
      let refused: Error | null = null;
      let store: Store | null = null;
      try {
        store = Store.open(p, { readonly: true, check: 'integrity' });
      } catch (e) {
        refused = e as Error;
      }
      if (refused !== null) {
        expect(refused.message, where).toMatch(DAMAGED);
        structural++;
      } else {
        // Structure intact: the junk is inside records' payloads. In an event's observed content
        // (or a stack it references) the chain breaks; in the conclusion columns only a pack's
        // re-derivation can tell (test/reports/pack.test.ts). Either way a report over it is
        // built or refused in words, never an internal error.
        const chain = verifyRunChain(store!.db, 1);
        if (!chain.ok) content++;
        try {
          buildReport(store!, 1, { catalog: sdkCatalog() });
        } catch (e) {
          expect(e, `${where}: ${(e as Error).stack}`).toBeInstanceOf(UserError);
        }
        store!.close();
      }
      rmSync(p);
    }
    expect(structural, 'SQLite saw none of the damage').toBeGreaterThan(0);
    expect(content, 'no junk landed in an event the chain covers').toBeGreaterThan(0);
  });

  it('report, export, verify, trace and serve refuse a damaged file with one line and exit 2, writing nothing', async () => {
    const rand = prng(42);
    const work = join(dir, 'cli');
    mkdirSync(work);
    const commands = (db: string): string[][] => [
      ['report', 'latest', '--db', db, '--out', join(work, 'r.html')],
      ['export', 'latest', '--db', db, '--out', join(work, 'pack.zip')],
      ['verify', db],
      ['trace', '--device', 'emulated', '--db', db, '-q'],
      ['serve', db, '--port', '0'],
    ];
    const cases = commands('').flatMap((_, i) => [0, 1].map((k) => {
      const { bytes, where } = junkPage(rand);
      const p = join(work, `d-${i}-${k}.db`);
      writeFileSync(p, bytes);
      return { args: commands(p)[i]!, where, p, sha: sha(p) };
    }));
    const results = await twoAtATime(cases, (c) => sdktrace(c.args));
    results.forEach((r, i) => {
      const c = cases[i]!;
      const what = `sdktrace ${c.args.join(' ')} (${c.where})`;
      expect(r.code, `${what}\n${r.err}`).toBe(2);
      expect(r.err, what).toMatch(DAMAGED);
      expect(r.err.trim().split('\n'), `${what}: one line`).toHaveLength(1);
      expect(r.err, what).not.toMatch(/internal error|\n\s+at /);
      expect(sha(c.p), `${what}: the damaged file was written to`).toBe(c.sha);
      expect(existsSync(`${c.p}-wal`), `${what}: a WAL was written beside it`).toBe(false);
    });
    expect(existsSync(join(work, 'r.html')) || existsSync(join(work, 'pack.zip'))).toBe(false);
  }, 180_000);
});
