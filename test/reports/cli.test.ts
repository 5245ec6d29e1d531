// The report, export, verify and schema commands through the real CLI entry (host/cli.ts main):
// files written, exit codes (0 ok, 1 --fail-on hit or pack broken, 2 usage errors), messages.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../host/cli.js';
import { listsJsonSchemaText } from '../../reports/lists/schema.js';
import { cleanupTmp, Run, STACKS, tmpDir } from './helpers.js';

afterAll(cleanupTmp);

let dir: string;
let db: string;

beforeAll(() => {
  const r = Run.create();
  const main1 = r.process();
  r.resume(main1);
  r.pi(main1, 'imei', STACKS.jpushImei, { values: ['864213051234567'] }); // before consent: high
  r.click(main1, '同意');
  r.pi(main1, 'installed_apps', STACKS.pangleProbe, { detail: { target: 'com.tencent.mm' } }); // low
  r.end();
  db = r.store.path;
  dir = tmpDir();
  r.store.close();
});

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c: any) => (out.push(typeof c === 'string' ? c : Buffer.from(c).toString('utf8')), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c: any) => (err.push(String(c)), true));
  try {
    const code = await main(['node', 'sdktrace', ...args]);
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('sdktrace report', () => {
  it('writes each format to a file, the format taken from the extension', async () => {
    for (const [file, check] of [
      ['r.html', (s: string) => s.startsWith('<!doctype html>')],
      ['r.json', (s: string) => JSON.parse(s).schema === 'sdktrace-report/2'],
      ['r.csv', (s: string) => s.startsWith('\uFEFFid,rule')],
      ['r.xml', (s: string) => s.includes('<testsuites name="sdktrace"')],
      ['r.lists.json', (s: string) => JSON.parse(s).format === 'sdktrace-declared-lists/2'],
    ] as const) {
      const path = join(dir, file);
      const res = await run('report', 'latest', '--db', db, '--out', path);
      expect(res.code, res.err).toBe(0);
      expect(check(readFileSync(path, 'utf8')), file).toBe(true);
      expect(res.err).toContain('finding(s)');
    }
    const x = await run('report', '1', '--db', db, '--format', 'xlsx', '--out', join(dir, 'r.xlsx'));
    expect(x.code).toBe(0);
    expect(Object.keys(unzipSync(new Uint8Array(readFileSync(join(dir, 'r.xlsx'))))).some((n) => n.startsWith('xl/worksheets/'))).toBe(true);
  });

  it('writes to standard output by default', async () => {
    const res = await run('report', 'latest', '--db', db, '--format', 'json');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.out).findings.length).toBeGreaterThan(0);
  });

  it('--fail-on exits 1 when a finding at or above the severity exists, after writing the report', async () => {
    const path = join(dir, 'gate.xml');
    const hit = await run('report', 'latest', '--db', db, '--format', 'junit', '--out', path, '--fail-on', 'high');
    expect(hit.code).toBe(1);
    expect(hit.err).toMatch(/finding\(s\) at or above high \(--fail-on\):\n {2}\[high\] pre-consent-collection#1/);
    expect(existsSync(path)).toBe(true);
    expect((await run('report', 'latest', '--db', db, '--format', 'json', '--out', join(dir, 'g.json'), '--fail-on', 'critical')).code).toBe(0);
    expect((await run('report', 'latest', '--db', db, '--format', 'json', '--out', join(dir, 'g.json'), '--fail-on', 'low')).code).toBe(1);
  });

  it('exits 2 on usage errors, with a message', async () => {
    const cases: [string[], RegExp][] = [
      [['report', '99', '--db', db], /no run "99"/],
      [['report', 'latest', '--db', join(dir, 'missing.db')], /no sdktrace database/],
      [['report', 'latest', '--db', db, '--fail-on', 'severe'], /--fail-on "severe": expected one of/],
      [['report', 'latest', '--db', db, '--format', 'docx'], /--format "docx": expected one of/],
      [['report', 'latest', '--db', db, '--format', 'xlsx', '--out', join(dir, 'r.bin')], /--out .*r\.bin: unknown extension; a report file ends in one of \.html, \.pdf/],
      [['report', 'latest', '--db', db, '--out', join(dir, 'report.txt')], /unknown extension/],
      [['report', 'latest', '--db', db, '--format', 'pdf', '--out', join(dir, 'r.html')], /named like a html report, but --format is pdf; name it \*\.pdf/],
      [['report', 'latest', '--db', db, '--tz', 'Mars/Base'], /--tz "Mars\/Base": not a time zone/],
      [['report', 'latest', '--db', db, '--lang', 'fr'], /--lang "fr": expected one of en, zh/],
      [['report', 'latest', '--db', db, '--bogus'], /unknown option/],
      [['export', 'latest', '--db', db], /required option/],
    ];
    for (const [args, message] of cases) {
      const res = await run(...args);
      expect(res.code, args.join(' ')).toBe(2);
      expect(res.err, args.join(' ')).toMatch(message);
    }
  });

  it('refuses invalid declared lists, naming the JSON path (exit 2)', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ format: 'sdktrace-declared-lists/1', app: { package: 'com.example.shop' }, collected: [{ dataTypes: ['imie'], purpose: 'x' }], sharing: [] }));
    const res = await run('report', 'latest', '--db', db, '--policy', bad);
    expect(res.code).toBe(2);
    expect(res.err).toContain('$.collected[0].dataTypes[0]: unknown data type "imie"; did you mean "imei"');
  });

  it('takes consent APIs from the command line', async () => {
    const res = await run('report', 'latest', '--db', db, '--format', 'json', '--consent-api', 'com.x.Privacy.grant:granted');
    expect(JSON.parse(res.out).consent.apis).toEqual([{ api: 'com.x.Privacy.grant', state: 'granted' }]);
    expect((await run('report', 'latest', '--db', db, '--consent-api', 'not valid!')).code).toBe(2);
  });
});

describe('sdktrace export and verify', () => {
  it('exports a pack that verifies (exit 0), and a tampered one that does not (exit 1)', async () => {
    const pack = join(dir, 'pack.zip');
    const ex = await run('export', 'latest', '--db', db, '--out', pack);
    expect(ex.code, ex.err).toBe(0);
    expect(ex.err).toMatch(/evidence pack for run 1 written to .*pack\.zip: \d+ events, chain head [0-9a-f]{64}/);
    const ok = await run('verify', pack);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('VERIFIED');
    const files = unzipSync(new Uint8Array(readFileSync(pack)));
    files['report.json'] = Buffer.from('{}');
    const bad = join(dir, 'bad.zip');
    writeFileSync(bad, zipSync(files));
    const res = await run('verify', bad);
    expect(res.code).toBe(1);
    expect(res.out).toContain('FAIL file report.json: SHA-256');
    expect(res.err).toMatch(/NOT VERIFIED: .*bad\.zip: file report\.json/);
    const json = await run('verify', pack, '--json');
    expect(JSON.parse(json.out)).toMatchObject({ ok: true, problems: [] });
  });

  it('keygen, export --sign, verify --trusted-key: who signed, unsigned, and the wrong key', async () => {
    const key = join(dir, 'lab.key');
    const kg = await run('keygen', key);
    expect(kg.code, kg.err).toBe(0);
    const fingerprint = kg.out.trim();
    expect(fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(statSync(key).mode & 0o777).toBe(0o600);
    expect(readFileSync(`${key}.pub`, 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    // A key is never overwritten.
    const again = await run('keygen', key);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/lab\.key already exists; a key is never overwritten/);

    const signed = join(dir, 'signed.zip');
    const ex = await run('export', 'latest', '--db', db, '--out', signed, '--sign', key, '--signer', 'Example Lab');
    expect(ex.code, ex.err).toBe(0);
    expect(ex.err).toContain(`signed by key ${fingerprint}`);
    const ok = await run('verify', signed, '--trusted-key', `${key}.pub`);
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toContain(`ok   signature: signed by Example Lab (key ${fingerprint}), the trusted key`);
    expect(ok.out).toMatch(/VERIFIED: .*; signed by Example Lab \(key sha256:\w+, trusted\)\.\n$/);

    const unsigned = join(dir, 'unsigned.zip');
    expect((await run('export', 'latest', '--db', db, '--out', unsigned)).code).toBe(0);
    const plain = await run('verify', unsigned);
    expect(plain.code).toBe(0);
    expect(plain.out).toMatch(/ok {3}signature: unsigned/);
    expect(plain.out).toMatch(/; unsigned\.\n$/);
    const required = await run('verify', unsigned, '--trusted-key', `${key}.pub`);
    expect(required.code).toBe(1);
    expect(required.err).toMatch(/NOT VERIFIED: .*signature: unsigned, but --trusted-key requires a signature by that key/);

    const other = join(dir, 'other.key');
    expect((await run('keygen', other)).code).toBe(0);
    const wrong = await run('verify', signed, '--trusted-key', `${other}.pub`);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(new RegExp(`signature: signed by key ${fingerprint} \\(Example Lab\\), not by the trusted key sha256:`));

    // Key files that are not keys: one line, exit 2.
    const notKey = await run('export', 'latest', '--db', db, '--out', join(dir, 'x.zip'), '--sign', `${key}.pub`);
    expect(notKey.code).toBe(2);
    expect(notKey.err).toMatch(/--sign|not a private key/);
    expect((await run('verify', signed, '--trusted-key', join(dir, 'missing.pub'))).err).toMatch(/--trusted-key .*missing\.pub: cannot read the key file \(ENOENT\)/);
  });

  it('verifies the hash chains of a database', async () => {
    const res = await run('verify', db);
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/^ok {3}run 1: \d+ events, head [0-9a-f]{64}/);
  });
});

describe('sdktrace schema', () => {
  it('prints the published JSON Schema and checks files', async () => {
    expect((await run('schema')).out).toBe(listsJsonSchemaText());
    const example = new URL('../../data/policies/demo-mall.lists.json', import.meta.url).pathname;
    const ok = await run('schema', '--check', example);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('valid (2 collected entries, 4 sharing entries, 0 warning(s))');
    const types = await run('schema', '--data-types');
    expect(types.out).toMatch(/^android_id +Android ID \/ Android ID$/m);
  });
});
