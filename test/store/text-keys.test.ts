// The run-local text keys of the packed batch (store/writer.ts TextKeys on the main thread,
// KeyedTexts on the writer, store/batch-writer.ts BatchWriter): each distinct text of the columns
// of few values (source, thread, kind, api, hook, data type, phase, consent, SDK) is sent once per
// run, with the first batch that uses it; a batch whose packer was abandoned before posting leaves
// its keys unsent and the next batch sends them; a batch the writer refuses still teaches its keys
// (the main thread takes them as sent) and the names rows its rolled-back transaction stored are
// looked up again; past the bound the keys start over and the writer's texts are overwritten; a
// key never sent fails loudly. What is stored is what the synchronous path stores (the chain verifies,
// the events view reads back the texts).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BatchWriter } from '../../store/batch-writer.js';
import { Store, type EventRow, type NameRef } from '../../store/db.js';
import { verifyRunChain } from '../../store/verify.js';
import { EventPacker, KeyedTexts, TextKeys, unpackEvents, type PackedEvents, type WriterBatch } from '../../store/writer.js';
import { tmpDir } from '../host/helpers.js';

const T0 = 1_767_225_600_000;

function row(runId: number, seq: number, api: string, thread: string | null = 'main'): EventRow {
  return {
    run_id: runId, source: 'agent', process_id: null, pid: 1, seq, t: T0 + seq, tid: 1, thread, kind: 'pi', api, hook: 'h', data_type: 'imei',
    args: `[${seq}]`, ret: null, thrown: null, detail: null, stack: null, origins: null, phase: 'launch', consent: null, foreground: null, sdk: 'getui',
    party: null, via: null, frame: null, chain: null, attribution: null,
  };
}

function pack(keys: TextKeys, rows: EventRow[]): PackedEvents {
  const packer = new EventPacker(rows.length, null, keys);
  for (const r of rows) packer.add({ row: r }, null, null);
  return structuredClone(packer.finish());
}

const noStack = (key: number): never => {
  throw new Error(`no stack ${key}`);
};
const unpackWith = (texts: KeyedTexts, p: PackedEvents) => unpackEvents(p, 7, noStack, (key) => key, texts).map((it) => it.row);

describe('run-local text keys', () => {
  it('sends each text once per run, and the writer resolves later batches by key alone', () => {
    const keys = new TextKeys();
    const writer = new KeyedTexts();
    const first = pack(keys, [row(7, 0, 'a.B.c()'), row(7, 1, 'a.B.d()', null)]);
    const second = pack(keys, [row(7, 2, 'a.B.d()'), row(7, 3, 'a.B.c()', 'main')]);
    expect(first.newTexts).toEqual(['agent', 'main', 'pi', 'a.B.c()', 'h', 'imei', 'launch', 'getui', 'a.B.d()']);
    expect(first.firstNewKey).toBe(0);
    expect(second.newTexts).toEqual([]);
    expect(second.firstNewKey).toBe(9);
    writer.learn(first);
    writer.learn(second);
    expect(unpackWith(writer, first)).toStrictEqual([row(7, 0, 'a.B.c()'), row(7, 1, 'a.B.d()', null)]);
    expect(unpackWith(writer, second)).toStrictEqual([row(7, 2, 'a.B.d()'), row(7, 3, 'a.B.c()', 'main')]);
  });

  it('a packer abandoned before posting leaves its keys unsent: the next batch sends them', () => {
    const keys = new TextKeys();
    const writer = new KeyedTexts();
    writer.learn(pack(keys, [row(7, 0, 'a.B.c()')]));
    const abandoned = new EventPacker(2, null, keys);
    abandoned.add({ row: row(7, 1, 'x.Y.z()', 'worker') }, null, null);
    const next = pack(keys, [row(7, 2, 'p.Q.r()', 'worker')]);
    expect(next.firstNewKey).toBe(8);
    expect(next.newTexts).toEqual(['worker', 'p.Q.r()']);
    writer.learn(next);
    expect(unpackWith(writer, next)).toStrictEqual([row(7, 2, 'p.Q.r()', 'worker')]);
  });

  it('a key the writer never learnt fails loudly, naming the key', () => {
    const keys = new TextKeys();
    pack(keys, [row(7, 0, 'a.B.c()')]);
    const second = pack(keys, [row(7, 1, 'a.B.c()')]);
    expect(() => unpackWith(new KeyedTexts(), second)).toThrow(/text key 0 was never sent to the writer/);
  });

  it('past the bound the keys start over; the writer overwrites the texts and forgets their names rows', () => {
    const keys = new TextKeys();
    const found: string[] = [];
    const writer = new KeyedTexts((text) => {
      found.push(text);
      return { id: found.length, text };
    });
    let seq = 0;
    let restartedAt: PackedEvents | null = null;
    // 256 new API texts per batch: the keys pass 100,000 after ~391 batches.
    for (let b = 0; b < 400 && restartedAt === null; b++) {
      const p = pack(keys, Array.from({ length: 256 }, () => row(7, seq, `api${seq++}()`)));
      if (b > 0 && p.firstNewKey === 0) restartedAt = p;
      writer.learn(p);
      const items = unpackEvents(p, 7, noStack, (key) => key, writer);
      expect(items.map((it) => it.row.api)).toStrictEqual(items.map((it) => `api${it.row.seq}()`));
      expect(items.map((it) => (it.apiName as NameRef).text)).toStrictEqual(items.map((it) => it.row.api));
    }
    expect(restartedAt).not.toBeNull();
    // Everything the new keys name was sent again with the batch that restarted them.
    expect(restartedAt!.newTexts.slice(0, 3)).toEqual(['agent', 'main', 'pi']);
  });
});

describe('run-local text keys through BatchWriter', () => {
  it('a refused batch teaches its keys; the next batch, sending none, is stored with the texts and names rows it names, and the chain verifies', () => {
    const path = join(tmpDir(), 'text-keys.db');
    const main = Store.open(path, { create: true });
    const runId = main.createRun({ mode: 'trace', started_at: T0, tool_version: 'text-keys-test', package: 'com.example.keys' });
    const store = Store.open(path, { check: 'none' });
    try {
      const writer = new BatchWriter(store);
      const keys = new TextKeys();
      const refusal = { processId: 0, pid: 1, at: T0, location: 'events', events: 2, firstSeq: 0, lastSeq: 1, nextSeq: 2, gapsAdded: 2 };
      const batch = (events: PackedEvents): WriterBatch => ({ runId, stacks: [], attributions: [], events, counts: [], seq: null, errors: [], refusal });
      // An object where text belongs: SQLite refuses to bind it, inside the batch's transaction (after its names rows were stored).
      const bad = row(runId, 0, 'android.telephony.TelephonyManager.getDeviceId()', 'main\ud800');
      (bad as unknown as { args: unknown }).args = { not: 'text' };
      const refused = writer.write(batch(pack(keys, [bad, row(runId, 1, 'java.net.URL.openConnection()')])));
      expect('refused' in refused).toBe(true);
      const later = pack(keys, [row(runId, 2, 'java.net.URL.openConnection()', 'main\ud800'), row(runId, 3, 'android.telephony.TelephonyManager.getDeviceId()')]);
      expect(later.newTexts).toEqual([]);
      const stored = writer.write(batch(later));
      expect(stored).toMatchObject({ ids: [1, 2] });
      const rows = store.db.prepare('SELECT seq, thread, api, hook, kind, source, data_type, phase, sdk FROM events WHERE run_id = ? ORDER BY id').all(runId);
      expect(rows).toEqual([
        { seq: 2, thread: 'main\ufffd', api: 'java.net.URL.openConnection()', hook: 'h', kind: 'pi', source: 'agent', data_type: 'imei', phase: 'launch', sdk: 'getui' },
        { seq: 3, thread: 'main', api: 'android.telephony.TelephonyManager.getDeviceId()', hook: 'h', kind: 'pi', source: 'agent', data_type: 'imei', phase: 'launch', sdk: 'getui' },
      ]);
      expect(verifyRunChain(store.db, runId)).toMatchObject({ ok: true, problems: [] });
    } finally {
      store.close();
      main.close();
    }
  });
});
