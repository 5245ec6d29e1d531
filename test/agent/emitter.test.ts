import { describe, expect, it } from 'vitest';
import { Emitter } from '../../agent/core/emitter.js';
import { summarize, DEFAULT_LIMITS } from '../../agent/core/summarize.js';
import { FakePlatform } from './fakes.js';

const draft = (api = 'a.B.c()') => ({ kind: 'pi' as const, api, hook: 'h', dataType: 'android_id' as const });

describe('Emitter', () => {
  it('numbers events gap-free and sends one batch per flush interval', () => {
    const p = new FakePlatform();
    const e = new Emitter(p, 7, { flushIntervalMs: 50, batchSize: 100, stackLimit: 16 });
    e.emit(draft());
    p.advance(10);
    e.emit(draft());
    expect(p.sent).toHaveLength(0);
    p.advance(40);
    expect(p.sent).toHaveLength(1);
    expect(p.sent[0]).toMatchObject({ v: 1, kind: 'batch', pid: 7 });
    expect(p.sent[0].events.map((x: any) => x.seq)).toEqual([0, 1]);
    expect(p.sent[0].events[1].t - p.sent[0].events[0].t).toBe(10);
    e.emit(draft());
    p.advance(50);
    expect(p.sent[1].events.map((x: any) => x.seq)).toEqual([2]);
  });

  it('sends at once when the batch is full', () => {
    const p = new FakePlatform();
    const e = new Emitter(p, 7, { flushIntervalMs: 50, batchSize: 3, stackLimit: 16 });
    for (let i = 0; i < 7; i++) e.emit(draft());
    expect(p.sent.map((b) => b.events.length)).toEqual([3, 3]);
    expect(e.flush()).toBe(1);
    expect(p.sent.flatMap((b) => b.events.map((x: any) => x.seq))).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('sends stack frames once per stack id and only the id afterwards', () => {
    const p = new FakePlatform();
    const e = new Emitter(p, 7, { flushIntervalMs: 50, batchSize: 100, stackLimit: 16 });
    p.stack = { id: 's1', frames: [{ className: 'android.provider.Settings$Secure', methodName: 'getString', fileName: 'Settings.java', lineNumber: 5 }, { className: 'com.igexin.b.a', methodName: 'c', fileName: null, lineNumber: -1 }] };
    e.emit(draft());
    e.emit(draft());
    e.flush();
    e.emit(draft());
    e.flush();
    expect(p.sent[0].stacks).toEqual({ s1: [['android.provider.Settings$Secure', 'getString', 'Settings.java', 5], ['com.igexin.b.a', 'c', null, -1]] });
    expect(p.sent[0].events.map((x: any) => x.stack)).toEqual(['s1', 's1']);
    expect(p.sent[1].stacks).toBeUndefined();
    expect(p.sent[1].events[0].stack).toBe('s1');
  });

  it('reports exact per-hook counters as deltas', () => {
    const p = new FakePlatform();
    const e = new Emitter(p, 7, { flushIntervalMs: 50, batchSize: 100, stackLimit: 16 });
    e.countCall('h');
    e.countCall('h');
    e.emit(draft());
    e.flush();
    e.countCall('h');
    e.flush();
    expect(p.sent[0].counts).toEqual([['h', 2, 1]]);
    expect(p.sent[1].counts).toEqual([['h', 1, 0]]);
    expect(p.sent[1].events).toEqual([]);
    expect(e.flush()).toBe(0);
    expect(p.sent).toHaveLength(2);
  });

  it('stamps thread id and name of the calling thread', () => {
    const p = new FakePlatform();
    const e = new Emitter(p, 7, { flushIntervalMs: 50, batchSize: 100, stackLimit: 16 });
    p.tid = 31;
    p.names.set(31, 'pool-3-thread-1');
    const ev = e.emit(draft());
    expect(ev).toMatchObject({ tid: 31, thread: 'pool-3-thread-1' });
  });
});

describe('summarize', () => {
  const sha = new FakePlatform().sha256;
  it('truncates long strings keeping length and hash', () => {
    const long = 'x'.repeat(DEFAULT_LIMITS.maxString + 10);
    const s = summarize(long, 'java.lang.String', DEFAULT_LIMITS, sha) as any;
    expect(s).toMatchObject({ $: 'trunc', len: long.length });
    expect(s.head).toHaveLength(DEFAULT_LIMITS.maxString);
    expect(s.sha256).toBe(sha(long));
    expect(summarize('short', undefined, DEFAULT_LIMITS, sha)).toBe('short');
  });
  it('summarises byte arrays, object arrays, longs and wrappers', () => {
    expect(summarize([-1, 0, 16], '[B', DEFAULT_LIMITS, sha)).toMatchObject({ $: 'bytes', len: 3, hex: 'ff0010' });
    expect(summarize(['a', 'b'], '[Ljava.lang.String;', DEFAULT_LIMITS, sha)).toEqual({ $: 'arr', cls: '[Ljava.lang.String;', len: 2, items: ['a', 'b'] });
    const int64 = { toNumber: () => 42, compare: () => 0, toString: () => '42' };
    expect(summarize(int64, 'long', DEFAULT_LIMITS, sha)).toBe(42);
    const big = { toNumber: () => 2 ** 60, compare: () => 0, toString: () => '1152921504606846976' };
    expect(summarize(big, 'long', DEFAULT_LIMITS, sha)).toBe('1152921504606846976');
    let called = false;
    const ctx = { $className: 'android.app.ContextImpl', toString: () => ((called = true), 'x') };
    expect(summarize(ctx, 'android.content.Context', DEFAULT_LIMITS, sha)).toEqual({ $: 'obj', cls: 'android.app.ContextImpl' });
    expect(called).toBe(false);
    const uri = { $className: 'android.net.Uri$StringUri', toString: () => 'content://sms/inbox' };
    expect(summarize(uri, 'android.net.Uri', DEFAULT_LIMITS, sha)).toEqual({ $: 'obj', cls: 'android.net.Uri$StringUri', str: 'content://sms/inbox' });
  });
});
