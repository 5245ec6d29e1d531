// A page that stops reading must not hold up ingest or grow the server's memory, and must be able
// to catch up without losing an event: what waits for it is folded into counted groups, which it
// expands from the database. Events go through the real Ingest (transactions, hash chain, stages).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../store/db.js';
import { Ingest } from '../../host/ingest/ingest.js';
import { DEFAULT_LIMITS, LiveFeed } from '../../host/live/feed.js';
import type { ProcessContext } from '../../host/ingest/types.js';
import { PROTOCOL_VERSION } from '../../protocol/constants.js';
import { startDashboard, type Dashboard } from '../../host/live/server.js';
import type { ServerMessage } from '../../host/live/protocol.js';
import { accountFor, connect, fetchAfter, waitFor, type Recorder } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'sdktrace-live-slow-'));
let store: Store;
let ingest: Ingest;
let dash: Dashboard;
let runId: number;
const limits = { maxQueue: 3000, highWater: 1 << 20, lowWater: 128 << 10, batch: 250 };
const PAD = 'x'.repeat(1500);
let t = 1_767_225_600_000;

let proc: ProcessContext;

/** `n` agent events through ingest, in batches of `chunk`, yielding between batches like device messages. */
async function ingestEvents(n: number, chunk = 500): Promise<void> {
  for (let done = 0; done < n; done += chunk) {
    const events = [];
    for (let i = 0; i < Math.min(chunk, n - done); i++) {
      events.push({ seq: proc.nextSeq + i, t: t++, tid: 4242, thread: 'GT-Pool-1', kind: 'pi', api: 'android.provider.Settings$Secure.getString(android.content.ContentResolver,java.lang.String)', dataType: 'android_id', detail: { key: `android_id ${PAD}` } });
    }
    ingest.handle(proc, { type: 'send', payload: { v: PROTOCOL_VERSION, kind: 'batch', pid: proc.pid, events } });
    await new Promise((r) => setImmediate(r));
  }
}

function allIds(): number[] {
  return store.db.prepare('SELECT id FROM events WHERE run_id = ? ORDER BY id').pluck().all(runId) as number[];
}

/** What a client knows after following the protocol: streamed rows plus every group's rows. */
/** The highest id a client was sent, as a row or at the end of a span of groups. */
function reached(c: Recorder): number {
  let top = -1;
  for (const m of c.messages) {
    if (m.type !== 'events') continue;
    top = Math.max(top, m.rows.at(-1)?.id ?? -1, m.span?.to ?? -1);
  }
  return top;
}

async function caughtUp(c: Recorder): Promise<number[]> {
  return (await accountFor(dash, c.messages)).ids;
}

beforeAll(async () => {
  store = Store.open(join(dir, 'slow.db'), { create: true });
  runId = store.createRun({ mode: 'trace', started_at: Date.now(), tool_version: 't', package: 'com.example.slow' });
  const feed = new LiveFeed();
  ingest = new Ingest(store, runId, [feed], { appPackage: 'com.example.slow' });
  const row = store.addProcess({ run_id: runId, pid: 4242, name: 'com.example.slow', package: 'com.example.slow', target: true, started_at: t, spawned_by: 'sdktrace' });
  proc = { id: row.id, pid: 4242, name: 'com.example.slow', package: 'com.example.slow', target: true, nextSeq: 0, gaps: 0 };
  await ingestEvents(100);
  dash = await startDashboard({ store, port: 0, findings: false, limits });
  await dash.attach(runId, { feed });
});

afterAll(async () => {
  await dash.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a client that never reads', () => {
  it('does not slow ingest, stays bounded, then catches up through groups without a gap; a reading client is unaffected', async () => {
    const fast = connect(dash);
    const helloFast = await fast.next('hello');
    const slow = connect(dash);
    const helloSlow = await slow.next('hello');
    expect(helloSlow.head).toBe(100 + (allIds()[0]! - 1));
    slow.ws.pause(); // stops reading its socket: TCP backpressure reaches the server

    const N = 30_000;
    await ingestEvents(N);
    // Ingest finished every event while the slow client had read nothing.
    expect(ingest.totals.events).toBe(100 + N);
    expect(ingest.totals.problems).toBe(0);
    const head = allIds().at(-1)!;

    const stats = dash.clientStats();
    const s = stats.find((c) => c.id === 2)!;
    expect(s.rowsFolded).toBeGreaterThan(0);
    expect(s.peakGroups).toBeLessThanOrEqual(DEFAULT_LIMITS.maxGroups);
    expect(s.peakQueue).toBeLessThanOrEqual(limits.maxQueue);
    // What the server holds for it is bounded by the limits, not by the run (the N rows are ~20 MB).
    expect(s.peakBuffered).toBeLessThan(limits.highWater + 2 * (limits.lowWater + 700 * limits.batch));

    // The reading client got every event, in order: as rows, or (over its budget of rows per
    // second: 30,000 events arrive at once) in groups whose rows the database gives back.
    await waitFor('the fast client to have everything', () => dash.clientStats().find((c) => c.id === 1)!.lastId === head);
    expect((await caughtUp(fast))).toEqual(allIds().filter((id) => id > helloFast.head));

    // The slow client reads again: what it was sent, then one span of groups for the rest.
    slow.ws.resume();
    const span = (await waitFor('a span of groups', () => slow.messages.find((m): m is Extract<ServerMessage, { type: 'events' }> => m.type === 'events' && m.span !== undefined)))!;
    expect(span.span!.to).toBeLessThanOrEqual(head);
    await ingestEvents(50);
    const head2 = allIds().at(-1)!;
    // The 50 new events come as rows or, while its budget of rows refills, inside groups.
    await waitFor('the slow client to reach the head', () => reached(slow) === head2);
    expect(await caughtUp(slow)).toEqual(allIds().filter((id) => id > helloSlow.head));
    fast.ws.close();

    // Disconnect, miss events, reconnect: the database fills the hole, nothing is missed.
    const seen = await caughtUp(slow);
    slow.ws.close();
    await slow.closed;
    await ingestEvents(777);
    const again = connect(dash);
    const hello = await again.next('hello');
    await ingestEvents(30);
    const head3 = allIds().at(-1)!;
    await waitFor('the reconnected client to reach the head', () => reached(again) === head3);
    const missed = (await fetchAfter(dash, seen.at(-1)!, hello.head)).map((r) => r.id);
    const union = [...seen, ...missed, ...(await caughtUp(again))];
    expect(union).toEqual(allIds().filter((id) => id > helloSlow.head));
    again.ws.close();
  });
});
