// The report's one-pass aggregates (reports/aggregates.ts) replaced SQL that the findings and the
// model's key orders were built on: these check the JavaScript against SQLite itself on seeded
// data, so a difference in ordering or in window edges fails here rather than in a report.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { compareSqlText, PI_EVENTS, RunAggregates } from '../../reports/aggregates.js';
import type { AnalysisRow } from '../../analysis/timeline.js';
import { peakWindow } from '../../reports/rules/over-frequency.js';
import { AFTER_REFUSAL, ALL_PI, BEFORE_CONSENT, IN_BACKGROUND } from '../../reports/rules/common.js';

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('one-pass aggregates against the SQL they replaced', () => {
  it('compareSqlText sorts as SQLite ORDER BY (BINARY, NULL first), past U+FFFF too', () => {
    const values: (string | null)[] = [null, '', 'a', 'B', 'b', 'ab', '(app)', '(third-party:com.x)', 'é', '\uffff', '\u{1F600}', '\ue000x', 'z\u{10000}', 'z\uffff'];
    const db = new Database(':memory:');
    db.exec('CREATE TABLE v (x TEXT)');
    const ins = db.prepare('INSERT INTO v VALUES (?)');
    for (const v of values) ins.run(v);
    const bySqlite = (db.prepare('SELECT x FROM v ORDER BY x').all() as { x: string | null }[]).map((r) => r.x);
    expect([...values].sort(compareSqlText)).toEqual(bySqlite);
    // JavaScript's own order differs on these, which is why the helper exists.
    expect(['\ue000x', '\u{1F600}'].sort()).not.toEqual(['\ue000x', '\u{1F600}'].sort(compareSqlText));
  });

  it('peakWindow gives the count and time of a RANGE window function with max()', () => {
    const rnd = seeded(18);
    const db = new Database(':memory:');
    db.exec('CREATE TABLE r (g INT, t REAL)');
    const ins = db.prepare('INSERT INTO r VALUES (?, ?)');
    const groups: number[][] = [];
    for (let g = 0; g < 40; g++) {
      const n = 1 + Math.floor(rnd() * 300);
      const times: number[] = [];
      // Repeated times (reads in one millisecond) and windows that end exactly on a read.
      for (let i = 0; i < n; i++) times.push(rnd() < 0.2 && times.length > 0 ? times[times.length - 1]! : Math.floor(rnd() * 600_000) + (rnd() < 0.3 ? 0.5 : 0));
      if (g % 3 === 0) times.push(times[0]! + 60_000, times[0]! - 60_000);
      for (const t of times) ins.run(g, t);
      groups.push(times);
    }
    for (const windowMs of [1, 1000, 60_000]) {
      const sql = (db
        .prepare(
          `SELECT g, max(c) AS peak, t AS peakT FROM (
             SELECT g, t, count(*) OVER (PARTITION BY g ORDER BY t RANGE BETWEEN ${windowMs} PRECEDING AND CURRENT ROW) AS c FROM r
           ) GROUP BY g ORDER BY g`,
        )
        .all() as { g: number; peak: number; peakT: number }[]).map((r) => ({ peak: r.peak, peakT: r.peakT }));
      const ours = groups.map((times) => peakWindow(Float64Array.from(times).sort(), windowMs));
      expect(ours).toEqual(sql);
    }
  });

  it('firstPiIds gives the first five PI events of a group by (t, id), as ORDER BY p.t, p.id LIMIT 5 does', () => {
    const rnd = seeded(11);
    const db = new Database(':memory:');
    db.exec('CREATE TABLE p (id INTEGER PRIMARY KEY, t REAL, source TEXT, kind TEXT, data_type TEXT, party TEXT, actor, phase TEXT, consent TEXT)');
    const ins = db.prepare('INSERT INTO p VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const agg = new RunAggregates(0, 1000);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    for (let id = 1; id <= 4000; id++) {
      // Times out of id order (late events), repeated times (ties broken by id), platform reads and
      // other kinds that do not count, host events, and several consents and phases per group.
      const t = rnd() < 0.3 ? 100 * Math.floor(rnd() * 3) : Math.floor(rnd() * 800);
      const row: AnalysisRow = {
        id, t, pid: 1, processId: 1, source: pick(['agent', 'agent', 'agent', 'host']), kind: pick(['pi', 'pi', 'pi', 'net']),
        dataType: pick([null, 'imei', 'location']), party: pick([null, 'third-party', 'third-party', 'platform']), actor: pick(['a', 'b', '(app)']),
        chain: pick([null, '["x"]']), phase: pick(['launch', 'pre-consent', 'background', 'post-consent'] as const), consent: pick(['none', 'granted', 'refused'] as const),
        foreground: false, tlsRecordCandidate: false,
      };
      ins.run(row.id, row.t, row.source, row.kind, row.dataType, row.party, row.actor, row.phase, row.consent);
      agg.add(row);
    }
    // The rules' selections, each said as SQL and as a test of a group (reports/rules/common.ts).
    let compared = 0;
    for (const actor of ['a', 'b', '(app)', 'nobody']) {
      for (const dataType of ['imei', 'location']) {
        for (const { sql, test } of [ALL_PI, BEFORE_CONSENT, AFTER_REFUSAL, IN_BACKGROUND]) {
          const ids = (db.prepare(`SELECT p.id FROM p WHERE ${PI_EVENTS} AND p.data_type = ? AND p.actor = ? AND (${sql}) ORDER BY p.t, p.id LIMIT 5`).all(dataType, actor) as { id: number }[]).map((r) => r.id);
          expect(agg.firstPiIds(actor, dataType, test)).toEqual(ids);
          if (ids.length === 5) compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(10);
    expect(() => agg.firstPiIds('a', 'imei', () => true, 6)).toThrow(/at most 5/);
  });

  it('backgroundProcesses counts the distinct pids of PI reads in the background as count(DISTINCT pid) does', () => {
    const rnd = seeded(5);
    const db = new Database(':memory:');
    db.exec('CREATE TABLE p (id INTEGER PRIMARY KEY, t REAL, pid INT, source TEXT, kind TEXT, data_type TEXT, party TEXT, actor, phase TEXT)');
    const ins = db.prepare('INSERT INTO p VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const agg = new RunAggregates(0, 1000);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    for (let id = 1; id <= 3000; id++) {
      // Null pids (left out by count(DISTINCT)), platform reads and other kinds and phases, which do not count.
      const row: AnalysisRow = {
        id, t: id, pid: null, processId: null, source: pick(['agent', 'agent', 'host']), kind: pick(['pi', 'pi', 'net']),
        dataType: pick([null, 'imei', 'location']), party: pick([null, 'third-party', 'platform']), actor: pick(['a', 'b', '(app)']), chain: null,
        phase: pick(['launch', 'pre-consent', 'background', 'background'] as const), consent: 'none', foreground: false, tlsRecordCandidate: false,
      };
      // Pids apart per case, so counting a row that does not count shows: other phases, platform
      // reads and other kinds each run in pids of their own.
      row.pid = row.kind !== 'pi' ? 300 : row.party === 'platform' ? 200 : row.phase !== 'background' ? pick([400, 401]) : pick([null, 100, 101, 102]);
      ins.run(row.id, row.t, row.pid, row.source, row.kind, row.dataType, row.party, row.actor, row.phase);
      agg.add(row);
    }
    const groups = db
      .prepare(`SELECT p.actor AS actor, p.data_type AS dt, count(DISTINCT p.pid) AS n FROM p WHERE ${PI_EVENTS} AND p.phase = 'background' GROUP BY 1, 2`)
      .all() as { actor: string; dt: string; n: number }[];
    expect(groups.length).toBeGreaterThan(3);
    expect(groups.some((g) => g.n > 1)).toBe(true);
    for (const g of groups) expect([g.actor, g.dt, agg.backgroundProcesses(g.actor, g.dt)]).toEqual([g.actor, g.dt, g.n]);
    expect(agg.backgroundProcesses('nobody', 'imei')).toBe(0);
  });
});
