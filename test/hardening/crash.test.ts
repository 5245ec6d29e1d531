// Crash safety: a host process ingesting into a database is killed with SIGKILL, again and again,
// at random moments of a busy ingest loop (inside transactions, during WAL checkpoints). After
// every kill the database opens, passes PRAGMA integrity_check and `sdktrace verify` (the hash
// chain of every run), and holds every batch the killed process acknowledged. Each restart is a
// new run in the same file, so later kills also hit a database that already went through crashes.
// Seeded: SDKTRACE_CRASH_SEED=<seed> repeats the kill timings.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installRoot } from '../../install/root.js';
import { Store } from '../../store/db.js';
import { verifyRunChain } from '../../store/verify.js';
import { prng } from '../helpers/seeded.js';
import { cli } from '../host/helpers.js';

const SEED = Number(process.env.SDKTRACE_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
const KILLS = 15;
const BATCH = 200;

const root = installRoot();
// Inside the install folder, so the bundle finds data/ (the SDK catalog) like the real CLI.
const dir = join(root, '.cache', `test-hardening-crash-${process.pid}`);
const child = join(dir, 'crash-child.mjs');

beforeAll(async () => {
  mkdirSync(dir, { recursive: true });
  await build({ entryPoints: [join(root, 'test/hardening/crash-child.ts')], bundle: true, format: 'esm', platform: 'node', target: 'node20', packages: 'external', outfile: child, logLevel: 'silent' });
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));


/**
 * Starts the ingesting child, kills it `delayMs` after its first acknowledgement, and returns the
 * batches it acknowledged (run id -> highest batch) and how it ended.
 */
function ingestThenKill(db: string, delayMs: number): Promise<{ runId: number; acked: number; signal: NodeJS.Signals | null; err: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child, db, String(BATCH)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let runId = -1;
    let acked = -1;
    let buf = '';
    let err = '';
    let timer: NodeJS.Timeout | null = null;
    p.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const m = /^ack (\d+) (\d+)$/.exec(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
        if (m === null) continue;
        runId = Number(m[1]);
        acked = Number(m[2]);
        timer ??= setTimeout(() => p.kill('SIGKILL'), delayMs);
      }
    });
    p.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    p.on('error', reject);
    // 'close': stdout fully read, so every acknowledgement written before the kill is counted.
    p.on('close', (_code, signal) => {
      if (timer !== null) clearTimeout(timer);
      resolve({ runId, acked, signal, err });
    });
  });
}

describe('SIGKILL during ingest', () => {
  it(`${KILLS} kills: the database always opens, is intact, verifies, and holds every acknowledged batch (seed ${SEED})`, async () => {
    const db = join(dir, 'crash.db');
    const random = prng(SEED);
    const acked = new Map<number, number>();
    const at = (k: number, what: string) => `seed ${SEED}, kill ${k + 1}: ${what} (rerun: SDKTRACE_CRASH_SEED=${SEED})`;
    for (let k = 0; k < KILLS; k++) {
      const delay = Math.floor(random() * 300);
      const r = await ingestThenKill(db, delay);
      expect(r.signal, at(k, `the child was not killed but ended by itself: ${r.err}`)).toBe('SIGKILL');
      expect(r.acked, at(k, 'no batch was acknowledged before the kill')).toBeGreaterThanOrEqual(0);
      acked.set(r.runId, r.acked);

      // What a user does next: open the database (sdktrace reads it after a crash).
      const store = Store.open(db, { readonly: true });
      try {
        expect(store.db.pragma('integrity_check', { simple: true }), at(k, 'integrity_check')).toBe('ok');
        for (const [runId, last] of acked) {
          const chain = verifyRunChain(store.db, runId);
          expect(chain.problems, at(k, `run ${runId} chain`)).toEqual([]);
          // Every acknowledged batch complete: seqs 0..(last+1)*BATCH-1 each stored once; a batch
          // committed after its ack was lost to the kill may be there too, but only whole.
          const { n, max, uniq } = store.db.prepare('SELECT count(*) AS n, max(seq) AS max, count(DISTINCT seq) AS uniq FROM events WHERE run_id = ?').get(runId) as { n: number; max: number; uniq: number };
          expect(n, at(k, `run ${runId}: ${n} events, ${last + 1} batches acknowledged`)).toBeGreaterThanOrEqual((last + 1) * BATCH);
          expect(n % BATCH, at(k, `run ${runId}: a partial batch is stored`)).toBe(0);
          expect([uniq, max], at(k, `run ${runId}: seqs not 0..n-1`)).toEqual([n, n - 1]);
          // The process's seq bookkeeping committed with its events.
          expect(store.db.prepare('SELECT next_seq FROM processes WHERE run_id = ?').pluck().get(runId), at(k, `run ${runId} next_seq`)).toBe(n);
        }
      } finally {
        store.close();
      }
    }
    // The command users run, on the database that went through every kill.
    const verify = await cli('verify', db);
    expect(verify.result, verify.err).toBe(0);
    expect(verify.out.match(/^ok +run \d+/gm)?.length).toBe(KILLS);
    console.log(`[crash] seed ${SEED}: ${KILLS} kills, ${[...acked.values()].reduce((a, b) => a + b + 1, 0)} batches of ${BATCH} acknowledged and found`);
  }, 300_000);
});
