// The page's event model (host/live/dashboard/list.ts EventModel) with the server's coalesced
// spans, without a browser: the count stays exact (rows plus group counts), lines show rows and
// group lines in id order, a group expands to the rows /api/group gives, a filter keeps only the
// groups of its key, and a key-null group under a filter makes the page recount from the database.
import { describe, expect, it } from 'vitest';
import { EventModel, type Api } from '../../host/live/dashboard/list.js';
import type { Filter, GroupKey, LiveRow, RowGroup, Span } from '../../host/live/protocol.js';

const row = (id: number, actor = 'getui-push', dataType: string | null = 'android_id'): LiveRow => ({
  id,
  t: 1000 + id,
  pid: 1,
  source: 'agent',
  kind: 'pi',
  api: 'Secure.getString',
  dataType,
  phase: 'pre-consent',
  consent: 'none',
  actor,
  party: 'third',
  thread: 'main',
  target: null,
  hasStack: true,
});

const key = (actor: string, dataType = 'android_id'): GroupKey => ({ actor, kind: 'pi', api: 'Secure.getString', dataType, phase: 'pre-consent' });
const group = (k: GroupKey | null, first: number, last: number, count: number): RowGroup => ({ key: k, count, first, last, t0: 1000 + first, t1: 1000 + last });

/** An Api over a fixed set of stored rows; records what the model asked. */
function fakeApi(stored: LiveRow[]): Api & { counts: { filter: Filter; upTo: number }[]; groups: number } {
  const calls = { counts: [] as { filter: Filter; upTo: number }[], groups: 0 };
  const match = (r: LiveRow, f: Filter) => (f.actor === undefined || r.actor === f.actor) && (f.dataType === undefined || r.dataType === f.dataType);
  return Object.assign(calls, {
    count: async (f: Filter, upTo: number) => {
      calls.counts.push({ filter: f, upTo });
      return stored.filter((r) => r.id <= upTo && match(r, f)).length;
    },
    page: async (f: Filter, offset: number, limit: number, upTo: number) => stored.filter((r) => r.id <= upTo && match(r, f)).slice(offset, offset + limit),
    group: async (from: number, to: number, g: RowGroup, after: number) => {
      calls.groups++;
      const rows = stored.filter((r) => r.id > Math.max(from, after) && r.id <= to && (g.key === null || (r.actor === g.key.actor && r.dataType === g.key.dataType)));
      return { rows, next: to, done: true };
    },
  });
}

const settle = () => new Promise((r) => setTimeout(r, 0));

/** Ids 1-10 stored before hello; 11-30 arrive as one span: 11-13 rows of pangle, the rest two groups. */
function burst(): { stored: LiveRow[]; rows: LiveRow[]; span: Span } {
  const stored: LiveRow[] = [];
  for (let id = 1; id <= 10; id++) stored.push(row(id));
  const rows = [row(11, 'pangle'), row(12, 'pangle'), row(13, 'pangle')];
  stored.push(...rows);
  for (let id = 14; id <= 30; id++) stored.push(id % 2 === 0 ? row(id, 'getui-push') : row(id, 'umeng', 'imei'));
  const span: Span = { from: 10, to: 30, groups: [group(key('getui-push'), 14, 30, 9), group(key('umeng', 'imei'), 15, 29, 8)] };
  return { stored, rows, span };
}

describe('the page model with coalesced groups', () => {
  it('counts rows and groups exactly, shows group lines in id order and expands a group to its rows', async () => {
    const { stored, rows, span } = burst();
    const api = fakeApi(stored);
    const m = new EventModel(api);
    m.restart(10, true);
    await settle();
    m.live(rows, span);
    expect(m.total).toBe(30);
    expect(m.coalesced).toBe(17);
    // 10 plain lines, then the span: 3 rows and 2 group lines (by first id: 11, 12, 13, 14, 15).
    expect(m.lines).toBe(15);
    const lines = Array.from({ length: 5 }, (_, i) => m.lineAt(10 + i));
    expect(lines.map((l) => (l === undefined ? null : 'row' in l ? l.row.id : `g${l.group.group.first}`))).toEqual([11, 12, 13, 'g14', 'g15']);
    const g = m.lineAt(13)!;
    if (!('group' in g)) throw new Error('line 13 is not a group');
    m.toggle(g.group);
    expect(m.lines).toBe(15 + 9);
    await settle();
    const shown = Array.from({ length: 9 }, (_, i) => m.lineAt(14 + i));
    expect(shown.map((l) => (l !== undefined && 'row' in l ? [l.row.id, l.inGroup] : null))).toEqual([14, 16, 18, 20, 22, 24, 26, 28, 30].map((id) => [id, true]));
    expect(m.lineAt(23)).toEqual({ group: expect.objectContaining({ expanded: false }) });
    m.toggle(g.group);
    expect(m.lines).toBe(15);
    // Live rows after the span append after it.
    m.live([row(31)]);
    expect([m.total, m.lines]).toEqual([31, 16]);
  });

  it('keeps only the groups of a filter\'s key, and recounts for a key-null group under a filter', async () => {
    const { stored, rows, span } = burst();
    const api = fakeApi(stored);
    const m = new EventModel(api);
    m.setFilter({ actor: 'umeng' });
    m.restart(10, true);
    await settle();
    m.live(rows, span);
    // Only umeng's group: 8 events, one line.
    expect([m.total, m.lines]).toEqual([8, 1]);
    const all: Span = { from: 30, to: 40, groups: [group(null, 31, 40, 10)] };
    for (let id = 31; id <= 40; id++) stored.push(row(id, id % 2 === 0 ? 'umeng' : 'pangle'));
    const before = api.counts.length;
    m.live([], all);
    expect(api.counts.slice(before)).toEqual([{ filter: { actor: 'umeng' }, upTo: 40 }]);
    await settle();
    expect([m.ready, m.total, m.lines]).toEqual([true, 8 + 5, 8 + 5]);
  });
});
