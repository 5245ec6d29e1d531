// Bad inputs to the built CLI (bin/sdktrace.js -> dist/host/cli.js, as users run it): broken
// declared-lists files, wrong arguments, no frida module, and database files that are not ours
// (text, another app's SQLite, truncated, corrupt, a newer schema, a directory, a path through a
// file). Each gets one clear message naming the file or argument, a non-zero exit, no stack
// trace and no raw control characters on the terminal, and leaves every file byte-for-byte as it
// was: no database, report or pack written or overwritten.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FRIDA_MISSING } from '../../host/device/frida.js';
import { SCHEMA_VERSION } from '../../store/schema.js';
import { ROOT, runCli, twoAtATime, type CliResult } from '../helpers/built-cli.js';
import { seedEvidenceDb, sha256File } from '../helpers/evidence-db.js';
import { STACKS } from '../reports/helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'sdktrace-inputs-'));
const fridaInstalled = existsSync(join(ROOT, 'node_modules', 'frida', 'package.json'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A command that did not refuse its input would run on (trace, serve): runCli bounds it (30 s).
const sdktrace = (args: string[]) => runCli(args, { cwd: dir });

/** SHA-256 of every file under `d` (directories listed as such). */
function tree(d: string, base = d, acc = new Map<string, string>()): Map<string, string> {
  for (const name of readdirSync(d)) {
    const p = join(d, name);
    if (statSync(p).isDirectory()) {
      acc.set(`${p.slice(base.length)}/`, 'dir');
      tree(p, base, acc);
    } else acc.set(p.slice(base.length), sha256File(p));
  }
  return acc;
}

/** Nothing changed under `d`: same files with the same bytes; new files only SQLite's -wal/-shm beside a database. */
function unchanged(before: Map<string, string>, d: string, what: string): void {
  const after = tree(d);
  for (const [f, h] of before) expect(after.get(f), `${what}: ${f} changed or removed`).toBe(h);
  const added = [...after.keys()].filter((f) => !before.has(f) && !/\.db-(wal|shm)$/.test(f));
  expect(added, `${what}: files created`).toEqual([]);
}

/** The message is for a person: no stack trace, no internal error, no raw control characters. */
function clear(r: CliResult, what: string): void {
  expect(r.err, what).not.toMatch(/internal error|\n\s+at [\w.<]+ \(|node:internal/);
  expect(r.err, `${what}: raw control characters on the terminal`).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  expect(r.err.trim().length, `${what}: no message`).toBeGreaterThan(0);
}

/**
 * Runs each case's command (two at a time) and checks it was refused for a person: a clear
 * message (see clear) matching the case's, anything `also` checks, and its exit code (2 unless
 * the case says otherwise).
 */
async function refusedEach(cases: { args: string[]; message: RegExp; code?: number }[], also?: (r: CliResult, what: string) => void): Promise<void> {
  const results = await twoAtATime(cases, (c) => sdktrace(c.args));
  results.forEach((r, i) => {
    const { args, message, code = 2 } = cases[i]!;
    const what = `sdktrace ${args.join(' ')}`;
    clear(r, what);
    expect(r.err, what).toMatch(message);
    also?.(r, what);
    expect(r.code, `${what}\n${r.err}`).toBe(code);
  });
}

let good: string;

beforeAll(() => {
  // A real sdktrace database with one run (built through ingest), for the commands that need one.
  good = seedEvidenceDb(join(dir, 'good.db'), (r, main) => r.pi(main, 'imei', STACKS.jpushImei, { values: ['864213051234567'] }));
}, 120_000);

describe('database files that are not (or no longer) sdktrace databases', () => {
  const dbs = join(dir, 'dbs');
  const files: [string, RegExp][] = [];
  beforeAll(() => {
    mkdirSync(dbs);
    const at = (n: string) => join(dbs, n);
    writeFileSync(at('notes.db'), 'my notes\nline two\n'.repeat(20));
    files.push([at('notes.db'), /not an sdktrace database \(not an SQLite file\)|not a readable zip/]);
    // Another app's database: its own application_id, its own tables.
    let db = new Database(at('contacts.db'));
    db.exec("CREATE TABLE contacts (name TEXT, phone TEXT); INSERT INTO contacts VALUES ('Ann', '+86 138 0013 8000')");
    db.pragma('application_id = 1234');
    db.close();
    files.push([at('contacts.db'), /an SQLite database but not an sdktrace one \(application_id 1234\)/]);
    db = new Database(at('plain.db'));
    db.exec('CREATE TABLE t (x)');
    db.close();
    files.push([at('plain.db'), /an SQLite database but not an sdktrace one \(application_id 0\)/]);
    const sqlite = readFileSync(at('contacts.db'));
    writeFileSync(at('truncated.db'), sqlite.subarray(0, 100));
    files.push([at('truncated.db'), /truncated\.db is damaged \(SQLite: database disk image is malformed\)/]);
    const corrupt = Buffer.from(sqlite);
    for (let i = 100; i < corrupt.length; i++) corrupt[i] = (i * 7) & 255;
    writeFileSync(at('corrupt.db'), corrupt);
    files.push([at('corrupt.db'), /corrupt\.db is damaged \(SQLite: database disk image is malformed\)/]);
    // Written by a newer sdktrace (schema version beyond ours).
    copyFileSync(good, at('newer.db'));
    db = new Database(at('newer.db'));
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    files.push([at('newer.db'), new RegExp(`schema version ${SCHEMA_VERSION + 1}, newer than this sdktrace \\(${SCHEMA_VERSION}\\); upgrade sdktrace`)]);
    mkdirSync(at('folder.db'));
    files.push([at('folder.db'), /folder\.db is not a file/]);
    files.push([join(at('notes.db'), 'inside.db'), /notes\.db\/inside\.db/]);
  });

  it('report, trace, export, verify and serve refuse them with a clear message, exit 2 (verify of a text file: 1, not a pack), and change nothing', async () => {
    const before = tree(dbs);
    const commands = (db: string): string[][] => [
      ['report', 'latest', '--db', db, '--out', join(dbs, 'report.html')],
      ['trace', '--device', 'emulated', '--db', db, '-q'],
      ['export', 'latest', '--db', db, '--out', join(dbs, 'pack.zip')],
      ['verify', db],
      ['serve', db, '--port', '0'],
    ];
    // Every file with two commands, every command with three or more files (a CLI start costs ~1 s of CPU).
    const cases = files.flatMap(([db, message], i) => [commands(db)[i % 5]!, commands(db)[(i + 2) % 5]!].map((args) => ({ args, message, code: args[0] === 'verify' && /notes\.db$/.test(args[1]!) ? 1 : 2 })));
    await refusedEach(cases);
    unchanged(before, dbs, 'foreign databases');
  }, 120_000);
});

describe('broken declared-lists files', () => {
  const lists = join(dir, 'lists');
  const files: [string, RegExp][] = [];
  const valid = { format: 'sdktrace-declared-lists/1', app: { package: 'com.example.shop' }, collected: [], sharing: [] };
  beforeAll(() => {
    mkdirSync(lists);
    const add = (name: string, content: string | Buffer | null, message: RegExp) => {
      const p = join(lists, name);
      if (content !== null) writeFileSync(p, content);
      files.push([p, message]);
    };
    add('syntax.json', '{"format": "sdktrace-declared-lists/1",\n  "app": {"package": "com.example.shop"},\n  "collected": [ {"dataTypes": ["imei"] "purpose": "x"} ]\n}', /syntax\.json: declared lists are not valid[\s\S]*\$: not valid JSON at line 3, column 41/);
    add('empty.json', '', /empty\.json[\s\S]*\$: not valid JSON/);
    // Valid UTF-8 with terminal escape sequences where JSON is expected: named, not echoed raw.
    add('escapes.json', '\u001b[2J\u001b]0;pwned\u0007{"format":1}', /escapes\.json[\s\S]*\$: not valid JSON/);
    // A Chinese team's file saved as GBK: refused, not loaded with garbled purposes.
    const head = '{"format":"sdktrace-declared-lists/1","app":{"package":"com.example.shop"},"collected":[{"dataTypes":["imei"],"purpose":"';
    // "用户识别" in GBK.
    add('gbk.json', Buffer.concat([Buffer.from(head), Buffer.from([0xd3, 0xc3, 0xbb, 0xa7, 0xca, 0xb6, 0xb1, 0xf0]), Buffer.from('"}],"sharing":[]}')]), new RegExp(`gbk\\.json[\\s\\S]*\\$: not UTF-8 text \\(first invalid byte at line 1, column ${head.length + 1}\\); save the file as UTF-8`));
    add('array.json', '[]', /array\.json[\s\S]*\$: expected a JSON object/);
    add('null.json', 'null', /null\.json[\s\S]*\$: expected a JSON object/);
    add('format.json', JSON.stringify({ ...valid, format: 'sdktrace-declared-lists/9' }), /\$\.format: must be "sdktrace-declared-lists\/2" \(or "sdktrace-declared-lists\/1"\)/);
    add('types.json', JSON.stringify({ ...valid, app: { package: 5 }, collected: 'all' }), /\$\.app\.package: expected string[\s\S]*\$\.collected: expected array/);
    add('unknown-type.json', JSON.stringify({ ...valid, collected: [{ dataTypes: ['imie'], purpose: 'x' }] }), /\$\.collected\[0\]\.dataTypes\[0\]: unknown data type "imie"; did you mean "imei"/);
    add('deep.json', `{"format":"sdktrace-declared-lists/1","app":{"package":"com.example.shop"},"collected":[],"sharing":[],"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`, /\$\.x: unexpected property "x"/);
    add('missing.json', null, /cannot read declared lists .*missing\.json: ENOENT/);
    mkdirSync(join(lists, 'folder.json'));
    files.push([join(lists, 'folder.json'), /cannot read declared lists .*folder\.json: EISDIR/]);
  });

  it('report --policy, trace --policy and schema --check refuse each (exit 2), naming the file and where; no report, database or other file written', async () => {
    const work = join(dir, 'lists-work');
    mkdirSync(work);
    copyFileSync(good, join(work, 'good.db'));
    // A report from an earlier, good invocation: a failed one must not replace it.
    writeFileSync(join(work, 'report.html'), '<p>the report from yesterday</p>');
    const before = tree(work);
    const listsBefore = tree(lists);
    // Each file with one of the three commands in turn (each command gets four files).
    const cases = files.map(([file, message], i) => ({
      args: [
        ['report', 'latest', '--db', join(work, 'good.db'), '--out', join(work, 'report.html'), '--policy', file],
        ['trace', '--device', 'emulated', '--db', join(work, 'new.db'), '-q', '--policy', file],
        ['schema', '--check', file],
      ][i % 3]!,
      message,
    }));
    await refusedEach(cases);
    unchanged(before, work, 'report, database');
    unchanged(listsBefore, lists, 'the lists files');
  }, 120_000);
});

describe('other input files with terminal escape sequences', () => {
  it('a report configuration and a scenario: refused (exit 2), named, the escapes shown as code points', async () => {
    const work = join(dir, 'escapes');
    mkdirSync(work);
    const file = join(work, 'input.json');
    writeFileSync(file, '{"x": \u001b[31m\u001b]0;title\u0007}');
    const before = tree(work);
    const cases: [string[], RegExp][] = [
      [['report', 'latest', '--db', good, '--format', 'json', '--config', file], /input\.json: not valid JSON/],
      [['trace', '--device', 'emulated', '--scenario', file, '--db', join(work, 'never.db')], /input\.json: not valid JSON/],
    ];
    await refusedEach(cases.map(([args, message]) => ({ args, message })), (r, what) => expect(r.err, what).toContain('\\u001b'));
    unchanged(before, work, 'escapes');
  }, 60_000);
});

describe('wrong arguments', () => {
  it('each gets one clear message and exit 2; the database is untouched', async () => {
    const work = join(dir, 'args');
    mkdirSync(work);
    const db = join(work, 'good.db');
    copyFileSync(good, db);
    mkdirSync(join(work, 'folder'));
    const before = tree(work);
    // (trace's own argument checks are covered in-process by test/host/cli.test.ts.)
    const cases: [string[], RegExp][] = [
      [['frobnicate'], /unknown command 'frobnicate'/],
      [['report', '--db', db], /missing required argument 'run'/],
      [['report', 'abc', '--db', db], /no run "abc" in .*good\.db \(use a run id or "latest"\)/],
      [['report', 'latest', '--db', db, '--out', join(work, 'folder')], /--out .*folder is a directory; give a file name/],
      [['export', 'latest', '--db', db], /required option '--out <zip>' not specified|--out/],
      [['export', '7', '--db', db, '--out', join(work, 'pack.zip')], /no run "7"/],
      [['verify', join(work, 'missing.zip')], /missing\.zip does not exist/],
      [['verify', join(work, 'folder')], /folder is not a file/],
      [['serve', db, '--port', '99999'], /port/i],
      [['serve', db, '--run', '42', '--port', '0'], /no run "42"/],
      [['demo', '--db', db, '--api', '99'], /--api/],
      [['attribute', join(work, 'missing.txt')], /missing\.txt/],
    ];
    await refusedEach(cases.map(([args, message]) => ({ args, message })));
    unchanged(before, work, 'wrong arguments');
  }, 120_000);
});

describe.skipIf(fridaInstalled)('a real device without the frida module (built CLI)', () => {
  it('-D and -H: the install paragraph, exit 3, the existing database untouched', async () => {
    const work = join(dir, 'frida');
    mkdirSync(work);
    const db = join(work, 'good.db');
    copyFileSync(good, db);
    const before = tree(work);
    // One per way of reaching a device; test/host/cli.test.ts covers the rest in-process.
    const cases = [['-D', 'emulator-5554', '-p', '1234'], ['-H', '10.0.0.2:27777', '--observe', '-f', 'com.example.app']];
    const results = await twoAtATime(cases, (args) => sdktrace(['trace', ...args, '--db', db]));
    results.forEach((r, i) => {
      const what = `sdktrace trace ${cases[i]!.join(' ')}`;
      clear(r, what);
      expect(r.code, what).toBe(3);
      expect(r.err, what).toBe(`sdktrace: ${FRIDA_MISSING}\n`);
      expect(r.out, what).toBe('');
    });
    unchanged(before, work, 'frida missing');
  }, 60_000);
});
