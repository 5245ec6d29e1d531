// `sdktrace serve` as users run it: the built CLI in a child process. Covers what only the bundle
// does (the findings engine in a worker thread), the printed address with its token off
// loopback, and Ctrl-C.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli } from '../helpers/built-cli.js';
import { Store } from '../../store/db.js';
import type { FindingsView } from '../../host/live/protocol.js';
import { api, handshakeStatus, waitFor } from './helpers.js';
import { writeSynthetic } from './synthetic.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sdktrace-live-cli-'));
const db = join(dir, 'cli.db');
const children: ChildProcess[] = [];

function sdktrace(...args: string[]): { child: ChildProcess; stderr: () => string; exit: Promise<number | null> } {
  const child = startCli(args);
  children.push(child);
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString('utf8')));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stderr: () => err, exit };
}

beforeAll(() => {
  const store = Store.open(db, { create: true });
  const runId = store.createRun({ mode: 'trace', started_at: Date.now(), tool_version: 't', package: 'com.example.synthetic' });
  writeSynthetic(store, { runId, count: 2000 });
  store.endRun(runId, 'finished', Date.now());
  store.close();
}, 120_000);

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('sdktrace serve (built CLI)', () => {
  it('serves a stored run with findings computed in a worker, and quits on Ctrl-C', async () => {
    const p = sdktrace('serve', db, '--port', '0');
    const url = await waitFor('the address', () => /dashboard: (http:\/\/127\.0\.0\.1:(\d+)\/)/.exec(p.stderr()));
    const d = { port: Number(url[2]), token: null, origin: url[1]!.slice(0, -1) };
    expect((await api(d, '/api/info')).status).toBe(200);
    const f = await waitFor('findings', async () => {
      const r = await api<FindingsView>(d, '/api/findings');
      return r.body.state !== 'pending' && r.body;
    }, 60_000);
    expect(f.state).toBe('ready');
    expect(f.rules.length).toBeGreaterThan(0);
    expect(p.stderr()).not.toMatch(/in-process/);
    p.child.kill('SIGINT');
    expect(await p.exit).toBe(0);
  });

  it('prints an address with a generated token when bound off loopback', async () => {
    const p = sdktrace('serve', db, '--port', '0', '--host', '0.0.0.0');
    const m = await waitFor('the address', () => /dashboard: http:\/\/[^ ]+:(\d+)\/#token=([A-Za-z0-9_-]+)/.exec(p.stderr()));
    const d = { port: Number(m[1]), token: m[2]!, origin: `http://127.0.0.1:${m[1]}` };
    expect((await api(d, '/api/info', { token: null })).status).toBe(401);
    expect((await api(d, '/api/info')).status).toBe(200);
    expect(await handshakeStatus(d, {})).toBe(101);
    p.child.kill('SIGTERM');
    expect(await p.exit).toBe(0);
  });

  it('demo --serve: the page is up while the run goes on; Ctrl-C ends the run and the command', async () => {
    const demoDb = join(dir, 'demo.db');
    // The demo scenario cut to 20 s: EmulatedDevice.close() does not stop a real-time clock, so a
    // process interrupted early lingers until the scenario's end (reported to the emulator).
    const scenario = JSON.parse(readFileSync(join(root, 'data', 'scenarios', 'demo.json'), 'utf8')) as { durationMs?: number; timeline: { at: number }[] };
    scenario.durationMs = 20_000;
    scenario.timeline = scenario.timeline.filter((e) => e.at < 20_000);
    writeFileSync(join(dir, 'short.json'), JSON.stringify(scenario));
    const p = sdktrace('demo', '--scenario', join(dir, 'short.json'), '--serve', '0', '--db', demoDb, '--out', join(dir, 'report'), '-q');
    const url = await waitFor('the address', () => /dashboard: http:\/\/127\.0\.0\.1:(\d+)\//.exec(p.stderr()), 60_000);
    const d = { port: Number(url[1]), token: null, origin: `http://127.0.0.1:${url[1]}` };
    await waitFor('events', async () => ((await api<{ head: number }>(d, '/api/info')).body.head ?? 0) > 10, 60_000);
    expect((await api<{ consent: { available: boolean } }>(d, '/api/info')).body.consent.available).toBe(true);
    p.child.kill('SIGINT');
    expect(await p.exit).toBe(0);
    expect(p.stderr()).toMatch(/ended \(interrupted \(SIGINT\)\)/);
  }, 90_000);

  it('takes the dashboard options run commands take (--db, --serve PORT, --serve-host, --tz)', async () => {
    const p = sdktrace('serve', '--db', db, '--serve', '0', '--serve-host', '127.0.0.1', '--tz', 'Asia/Shanghai');
    const url = await waitFor('the address', () => /dashboard: (http:\/\/127\.0\.0\.1:(\d+)\/)/.exec(p.stderr()));
    const d = { port: Number(url[2]), token: null, origin: url[1]!.slice(0, -1) };
    expect((await api(d, '/api/info')).status).toBe(200);
    p.child.kill('SIGINT');
    expect(await p.exit).toBe(0);
    const bad = sdktrace('serve', '--db', db, '--serve', '0', '--tz', 'Mars/Base');
    expect(await bad.exit).toBe(2);
    expect(bad.stderr()).toMatch(/--tz "Mars\/Base": not a time zone/);
    // --host names a frida-server everywhere it is documented: serve's help does not offer it.
    const help = startCli(['serve', '--help']);
    let out = '';
    help.stdout!.on('data', (b: Buffer) => (out += b.toString('utf8')));
    await new Promise((r) => help.on('exit', r));
    expect(out).toContain('--serve-host');
    expect(out).not.toMatch(/^\s+--host\b/m);
  });

  it('refuses an unknown run with a clear message', async () => {
    const p = sdktrace('serve', db, '--run', '42', '--port', '0');
    expect(await p.exit).not.toBe(0);
    expect(p.stderr()).toMatch(/no run "42"/);
  });
});
