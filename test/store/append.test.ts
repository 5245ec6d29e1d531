// Store.appendEvents writes a batch as multi-row INSERT statements (16 rows, then 4 and 1 for
// the rest) with the ids it gives the rows itself. Checked here against the same events appended
// one call per event (every statement one row): the same ids, stored columns, hashes, chain head,
// launches and net flows on their own events, for batch sizes around every statement size, one
// after another and after the newest row was deleted (SQLite would give its id again: so does
// appendEvents); each batch's ids are consecutive, and the chain verifies.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store, type AppendItem, type EventRow } from '../../store/db.js';
import { verifyRunChain } from '../../store/verify.js';
import { VERSION } from '../../protocol/version.js';
import { tmpDir } from '../host/helpers.js';

const SIZES = [1, 3, 4, 5, 15, 16, 17, 21, 31, 32, 33, 63, 64, 65, 200];

function row(runId: number, processId: number, seq: number): EventRow {
  return {
    run_id: runId, source: 'agent', process_id: processId, pid: 4242, seq, t: 1_767_225_600_000 + seq / 3, tid: 7 + (seq % 3),
    thread: seq % 2 === 0 ? 'main' : `pool-${seq % 5}`, kind: seq % 4 === 0 ? 'net' : 'pi', api: `api.Class.method${seq % 7}()`,
    hook: `h${seq % 3}`, data_type: seq % 4 === 0 ? null : 'imei', args: JSON.stringify([seq, `a"${seq}`]), ret: seq % 5 === 0 ? null : JSON.stringify({ r: seq }),
    thrown: seq % 11 === 0 ? 'java.io.IOException: lone \ud800' : null, detail: JSON.stringify({ n: seq }), stack: seq % 3 === 0 ? null : `s${seq % 2}`,
    origins: null, phase: 'startup', consent: null, foreground: seq % 2, sdk: seq % 6 === 0 ? 'com.sdk' : null,
    party: seq % 6 === 0 ? 'third' : null, via: null, frame: null, chain: null, attribution: seq % 6 === 0 ? '{"sdk":"com.sdk"}' : null,
  };
}

function items(runId: number, processId: number, from: number, n: number): AppendItem[] {
  return Array.from({ length: n }, (_, i) => {
    const seq = from + i;
    const item: AppendItem = { row: row(runId, processId, seq) };
    if (seq % 9 === 4) item.launch = { via: 'startActivity', action: 'VIEW', component: null, target_package: 'com.other', other_app: 1 };
    if (seq % 4 === 0) item.net = { layer: 'java', proto: 'https', tls: 1, host: 'api.example.com', ip: null, port: 443, url: `https://api.example.com/${seq}`, bytes: seq, domain_sdk: null };
    return item;
  });
}

/** Appends every size's batch, in `perEvent` mode one call per event; deletes the newest row once in the middle. */
function fill(path: string, perEvent: boolean) {
  const store = Store.open(path, { create: true });
  const runId = store.createRun({ mode: 'trace', started_at: 0, package: 'com.example', tool_version: VERSION, options: {} });
  const processId = store.addProcess({ run_id: runId, pid: 4242, name: 'com.example', target: true, started_at: 0, spawned_by: 'sdktrace' }).id;
  store.transaction(() => {
    store.addStack(runId, 's0', '[["a.B","c","B.java",1]]');
    store.addStack(runId, 's1', '[["d.E","f","E.java",2]]');
  });
  const ids: number[][] = [];
  let seq = 0;
  for (const [k, n] of SIZES.entries()) {
    const batch = items(runId, processId, seq, n);
    seq += n;
    ids.push(store.transaction(() => (perEvent ? batch.flatMap((item) => store.appendEvents(runId, [item])) : store.appendEvents(runId, batch))));
    if (k === 6) {
      // The newest row deleted (as a hand edit would): the next id is its id again, as SQLite gives it.
      const newest = store.db.prepare('SELECT max(id) FROM event_rows').pluck().get();
      store.db.prepare('DELETE FROM launches WHERE event_id = ?').run(newest);
      store.db.prepare('DELETE FROM net_flows WHERE event_id = ?').run(newest);
      store.db.prepare('DELETE FROM events WHERE id = ?').run(newest);
      store.db.prepare('UPDATE runs SET chain_head = (SELECT hash FROM event_rows WHERE id = (SELECT max(id) FROM event_rows)) WHERE id = ?').run(runId);
      store.forgetChainHeads();
    }
  }
  const dump = {
    events: store.db.prepare('SELECT * FROM events ORDER BY id').raw().all(),
    launches: store.db.prepare('SELECT * FROM launches ORDER BY event_id').raw().all(),
    nets: store.db.prepare('SELECT * FROM net_flows ORDER BY event_id').raw().all(),
    head: store.run(runId)!.chain_head,
    chain: verifyRunChain(store.db, runId, store.run(runId)!.chain_head),
  };
  store.close();
  return { ids, dump };
}

describe('Store.appendEvents, several rows per statement', () => {
  it('stores what one statement per event stores: ids, columns, hashes, head, projections on their events', () => {
    const dir = tmpDir('sdktrace-append-');
    const batched = fill(join(dir, 'batched.db'), false);
    const single = fill(join(dir, 'single.db'), true);
    expect(batched.ids).toEqual(single.ids);
    expect(batched.dump).toEqual(single.dump);
    // Consecutive ids within each batch, continuing from the row before (the deleted one's id reused).
    const flat = batched.ids.flat();
    expect(flat[0]).toBe(1);
    for (const [k, ids] of batched.ids.entries()) {
      expect(ids).toHaveLength(SIZES[k]!);
      for (let i = 1; i < ids.length; i++) expect(ids[i]).toBe(ids[i - 1]! + 1);
      if (k > 0) expect(ids[0]).toBe(batched.ids[k - 1]!.at(-1)! + (k === 7 ? 0 : 1));
    }
    expect(batched.dump.events).toHaveLength(SIZES.reduce((a, b) => a + b, 0) - 1);
    expect(batched.dump.launches.length).toBeGreaterThan(10);
    expect(batched.dump.nets.length).toBeGreaterThan(50);
    expect(batched.dump.chain.problems).toEqual([]);
  });
});
