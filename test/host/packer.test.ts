// EventPacker writing over the text array of a batch posted before (store/writer.ts; Ingest hands
// each batch the previous one's array): the events unpack exactly as from a fresh packer, whether
// the reused array is as long as the batch needs, longer (a smaller batch: the rest is trimmed) or
// shorter (written by index, then pushed), and the array stays packed (no holes: V8's serializer
// clones a holey array key by key, and a hole would come out as undefined, not null).
import { describe, expect, it } from 'vitest';
import type { EventRow } from '../../store/db.js';
import { EventPacker, unpackEvents } from '../../store/writer.js';

function row(i: number, tag: string): EventRow {
  return {
    run_id: 7, source: 'agent', process_id: 3, pid: 4242, seq: i, t: 1_767_225_600_000 + i, tid: i % 3, thread: i % 2 === 0 ? `${tag}-main` : null,
    kind: 'pi', api: `a.B.c${i}()`, hook: 'h', data_type: i % 4 === 0 ? null : 'imei', args: `[${i}]`, ret: i % 5 === 0 ? null : `"${tag}${i}"`, thrown: null,
    detail: `{"i":${i}}`, stack: `s${i % 7}`, origins: i % 3 === 0 ? `["o${i}"]` : null, phase: 'launch', consent: 'none', foreground: i % 2, sdk: i % 2 === 0 ? 'getui' : null,
    party: null, via: null, frame: null, chain: null, attribution: null,
  };
}

function pack(rows: EventRow[], reuse: (string | null)[] | null) {
  const packer = new EventPacker(rows.length, reuse);
  rows.forEach((r, i) => packer.add({ row: r }, i % 7, i % 2 === 0 ? i : null));
  return packer.finish();
}

const unpack = (p: ReturnType<typeof pack>) => unpackEvents(structuredClone(p), 7, (key) => ({ ref: key, sha: null }), (key) => key).map((it) => [it.row, it.stackRef, it.attributionRef]);

describe('EventPacker reusing a posted batch text array', () => {
  for (const [label, before, after] of [
    ['same size', 256, 256],
    ['a smaller batch after a larger one', 256, 3],
    ['a larger batch after a smaller one', 3, 256],
    ['an empty batch after a full one', 256, 0],
  ] as const) {
    it(`unpacks exactly as a fresh packer: ${label}`, () => {
      const first = pack(Array.from({ length: before }, (_, i) => row(i, 'first')), null);
      const rows = Array.from({ length: after }, (_, i) => row(i + 1000, 'second'));
      const reused = pack(rows, first.texts);
      const fresh = pack(rows, null);
      expect(reused.texts).toBe(first.texts);
      expect(reused.texts).toHaveLength(fresh.texts.length);
      expect(Object.keys(reused.texts)).toHaveLength(reused.texts.length);
      expect(reused.texts.every((t) => t === null || typeof t === 'string')).toBe(true);
      expect(unpack(reused)).toStrictEqual(unpack(fresh));
    });
  }
});
