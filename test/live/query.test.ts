// The dashboard's reads over a run: offset pages and counts under every filter agree with plain
// SQL (across the sparse index's steps, for older bounds, with another run interleaved in the
// same database), and the aggregates seeded from the database equal those fed live.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../store/db.js';
import { RunQuery } from '../../host/live/query.js';
import { Aggregates, MAX_BINS, MAX_SEGMENTS } from '../../host/live/aggregate.js';
import { countsForActorSql } from '../../analysis/actor.js';
import { filterSql, liveRow } from '../../host/live/rows.js';
import type { Filter } from '../../host/live/protocol.js';
import { syntheticRow, writeSynthetic } from './synthetic.js';

const dir = mkdtempSync(join(tmpdir(), 'sdktrace-live-query-'));
let store: Store;
let runA: number;
let runB: number;
const N = 6000;

beforeAll(() => {
  store = Store.open(join(dir, 'q.db'), { create: true });
  runA = store.createRun({ mode: 'demo', started_at: 1, tool_version: 't', package: 'com.example.synthetic' });
  runB = store.createRun({ mode: 'demo', started_at: 2, tool_version: 't', package: 'com.other' });
  // Interleave the two runs so run A's ids are not contiguous.
  for (let i = 0; i < N; i += 500) {
    writeSynthetic(store, { runId: runA, count: 500, from: i, of: N, batch: 500 });
    writeSynthetic(store, { runId: runB, count: 137, from: (i / 500) * 137, of: (N / 500) * 137, batch: 137 });
  }
});

afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const FILTERS: Filter[] = [
  {},
  { kind: 'pi' },
  { phase: 'background' },
  { actor: 'pangle' },
  { actor: '(app)' },
  { actor: '(unattributed)' },
  { dataType: 'imei', phase: 'pre-consent' },
  { actor: 'getui-push', kind: 'net' },
  { kind: 'no-such-kind' },
];

function sqlIds(runId: number, f: Filter, upTo = Number.MAX_SAFE_INTEGER): number[] {
  const w = filterSql(f);
  return store.db.prepare(`SELECT id FROM events WHERE run_id = ? AND id <= ? AND ${w.sql} ORDER BY id`).pluck().all(runId, upTo, ...w.params) as number[];
}

describe('RunQuery', () => {
  it('pages by offset exactly like SQL, for every filter and offsets across index steps', () => {
    const q = new RunQuery(store.db, runA);
    const head = q.head();
    for (const f of FILTERS) {
      const ids = sqlIds(runA, f);
      expect(q.count(f, head), JSON.stringify(f)).toBe(ids.length);
      for (const offset of [0, 1, 1023, 1024, 1025, 2047, 2048, ids.length - 3, ids.length, ids.length + 10]) {
        if (offset < 0) continue;
        const page = q.page(f, offset, 7, head).map((r) => r.id);
        expect(page, `${JSON.stringify(f)} @${offset}`).toEqual(ids.slice(offset, offset + 7));
      }
    }
  });

  it('counts up to an older bound and pages after an id (the resync path)', () => {
    const q = new RunQuery(store.db, runA);
    const all = sqlIds(runA, {});
    for (const f of FILTERS) {
      const ids = sqlIds(runA, f);
      q.count(f, q.head());
      for (const bound of [all[0]! - 1, all[10]!, all[1500]!, all[4321]!, all[all.length - 1]!]) {
        expect(q.count(f, bound), `${JSON.stringify(f)} <= ${bound}`).toBe(ids.filter((id) => id <= bound).length);
      }
      const after = all[2000]!;
      const upTo = all[2600]!;
      expect(q.after(f, after, 5000, upTo).map((r) => r.id)).toEqual(ids.filter((id) => id > after && id <= upTo));
    }
  });

  it('never shows another run\'s events and rows carry what the list shows', () => {
    const q = new RunQuery(store.db, runB);
    const rows = q.page({}, 0, 500, q.head());
    expect(rows.length).toBe(500);
    const ids = new Set(sqlIds(runA, {}));
    expect(rows.some((r) => ids.has(r.id))).toBe(false);
    const row = q.page({ kind: 'pi' }, 0, 1, q.head())[0]!;
    expect(row).toMatchObject({ kind: 'pi', source: 'agent', hasStack: true, actor: expect.any(String) });
    expect(row.target).toMatch(/^k\d+$/);
  });

  it('returns one event with its stack frames and parsed attribution', () => {
    const q = new RunQuery(store.db, runA);
    const id = q.page({ kind: 'pi', actor: 'pangle' }, 0, 1, q.head())[0]!.id;
    const d = q.detail(id)!;
    expect(d.frames?.length).toBe(4);
    expect(d.attribution).toMatchObject({ sdk: { id: 'pangle' }, frameIndex: 1 });
    expect(q.detail(sqlIds(runB, {})[0]!)).toBeNull();
  });

  it('finds the other apps seen starting', () => {
    const q = new RunQuery(store.db, runA);
    const others = q.processes().otherApps;
    expect(others.map((o) => o.package).sort()).toEqual(['com.partner.app0', 'com.partner.app1', 'com.partner.app2']);
    const spawns = (store.db.prepare("SELECT count(*) FROM events WHERE run_id = ? AND api = 'device.spawnAdded'").pluck().get(runA) as number);
    expect(others.reduce((n, o) => n + o.starts, 0)).toBe(spawns);
  });
});

describe('Aggregates', () => {
  it('are the same seeded from the database in chunks as fed live row by row', () => {
    const q = new RunQuery(store.db, runA);
    const names = (sdk: string) => q.sdkName(sdk);
    const seeded = new Aggregates(runA, names);
    let after = 0;
    for (;;) {
      const rows = q.aggRows(after, q.head(), 777);
      for (const r of rows) seeded.add(r);
      if (rows.length < 777) break;
      after = rows[rows.length - 1]!.id;
    }
    const live = new Aggregates(runA, names);
    const all = store.db.prepare('SELECT * FROM events WHERE run_id = ? ORDER BY id').all(runA) as (Parameters<typeof liveRow>[1] & { id: number })[];
    for (const r of all) {
      const row = liveRow(r.id, r);
      live.add({ ...row, source: row.source, markSource: () => 'x' });
    }
    const a = seeded.snapshot();
    const b = live.snapshot();
    expect(a.total).toBe(N);
    expect({ ...a, timeline: { ...a.timeline, marks: a.timeline.marks.map((m) => ({ ...m, source: '' })) } }).toEqual({ ...b, timeline: { ...b.timeline, marks: b.timeline.marks.map((m) => ({ ...m, source: '' })) } });
    // Counters agree with SQL.
    const pangle = a.actors.find((x) => x.key === 'pangle')!;
    expect(pangle.name).toBe('Pangle');
    // Per-actor counts follow the one counting rule (analysis/actor.ts), as report and console do.
    const counted = store.db.prepare(`SELECT id FROM events e WHERE e.run_id = ? AND ${countsForActorSql('e')}`).all(runA).map((r) => (r as { id: number }).id);
    expect(pangle.events).toBe(sqlIds(runA, { actor: 'pangle' }).filter((id) => counted.includes(id)).length);
    expect(pangle.events).toBeGreaterThan(0);
    expect(a.phases.background).toBe(sqlIds(runA, { phase: 'background' }).length);
    // The synthetic run goes launch -> pre-consent -> post-consent -> background -> post-consent.
    expect(a.timeline.segments.map((s) => s.phase)).toEqual(['launch', 'pre-consent', 'post-consent', 'background', 'post-consent']);
    expect(a.timeline.marks.map((m) => m.state)).toEqual(['granted']);
    expect(a.timeline.counts.reduce((x, y) => x + y, 0)).toBe(N);
  });

  it('stay bounded: bins widen over a long run and flapping phases are merged', () => {
    const agg = new Aggregates(1, () => null);
    const phases = ['pre-consent', 'background'];
    const n = 20_000;
    for (let i = 1; i <= n; i++) {
      const r = syntheticRow(1, i, n, 1_700_000_000_000, 60_000); // one event a minute: ~2 weeks
      agg.add({ ...liveRow(i, r), phase: phases[Math.floor(i / 3) % 2]!, markSource: () => 'x' });
    }
    const t = agg.timeline();
    expect(t.counts.length).toBeLessThanOrEqual(MAX_BINS);
    expect(t.counts.reduce((x, y) => x + y, 0)).toBe(n);
    expect(t.segments.length).toBeLessThanOrEqual(MAX_SEGMENTS);
    expect(t.segmentsMerged).toBeGreaterThan(0);
    expect(t.segments[0]!.start).toBe(t.start);
    expect(t.binMs % 1000).toBe(0);
  });
});
