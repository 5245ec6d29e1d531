// Every catalog spec installs on a fake VM that exposes exactly the overloads the catalog lists
// (the public ones, the hidden ones per AOSP, the app-side ones), and every hooked overload can be
// called with null/zero arguments and with objects whose every method answers null, without a
// single hook fault, and with every emitted event valid against the protocol. This is also the
// list the emulated device must expose (see hookRecords()).
import { describe, expect, it } from 'vitest';
import { HOOKS } from '../../agent/catalog/index.js';
import { hookRecords, type JavaHookRecord } from '../../host/commands/hooks.js';
import { makeEnv } from './env.js';

const NUMERIC = new Set(['int', 'long', 'short', 'byte', 'float', 'double', 'char']);

/** An object whose every method returns null and every field is null (a wrapper the bridge gave us). */
function nullObject(cls = 'x.Unknown'): any {
  const fn = () => null;
  return new Proxy(
    {},
    {
      get: (_t, p) => {
        if (p === '$className') return cls;
        if (p === 'value') return null;
        if (p === 'length') return 0;
        if (p === 'then' || p === '$types' || p === 'toJSON' || typeof p === 'symbol') return undefined;
        return fn;
      },
    },
  );
}

function argFor(type: string, mode: 'null' | 'objects'): unknown {
  if (NUMERIC.has(type)) return 0;
  if (type === 'boolean') return false;
  if (type === 'java.lang.String') return mode === 'null' ? null : 'x';
  if (type.startsWith('[')) return mode === 'null' ? null : [];
  return mode === 'null' ? null : nullObject(type);
}

describe('the whole catalog on a fake VM', () => {
  const records = hookRecords().filter((r): r is JavaHookRecord => r.native !== true);

  it('lists at least one overload for every Java hook', () => {
    expect(records.filter((r) => r.params.length === 0).map((r) => r.id)).toEqual([]);
  });

  for (const [mode, apiLevel] of [['null', 35], ['objects', 35], ['null', 28], ['objects', 23]] as const) {
    it(`installs every spec on API ${apiLevel} and survives calls with ${mode === 'null' ? 'null arguments' : 'null-answering objects'}`, () => {
      const env = makeEnv({ apiLevel });
      env.java.define('android.app.ActivityThread', {
        currentApplication: [{ params: [], body: () => null }],
        currentPackageName: [{ params: [], body: () => 'com.example.app' }],
      });
      // One fake class per hooked class, with exactly the listed overloads of each hooked method.
      const byClass = new Map<string, Map<string, string[][]>>();
      for (const r of records) {
        let methods = byClass.get(r.class);
        if (methods === undefined) byClass.set(r.class, (methods = new Map()));
        const list = methods.get(r.method) ?? [];
        for (const p of r.params) if (!list.some((x) => x.join(',') === p.join(','))) list.push(p);
        methods.set(r.method, list);
      }
      const currentThread = { $className: 'java.lang.Thread' };
      const classes = new Map<string, any>();
      for (const [cls, methods] of byClass) {
        const def: Record<string, { params: string[]; body: () => unknown }[]> = {};
        for (const [m, lists] of methods) def[m] = lists.map((params) => ({ params, body: () => (mode === 'null' ? null : nullObject('x.Ret')) }));
        // java.lang.Thread is hooked (start) and also used by the agent itself (currentThread).
        if (cls === 'java.lang.Thread') def.currentThread = [{ params: [], body: () => env.identities && currentThread }];
        classes.set(cls, env.java.define(cls, def));
      }
      // The System/Thread helpers the agent itself uses stay real.
      const statuses = env.installer.install(HOOKS, [env.java]);
      // Only API-range skips are allowed (a spec for another release is skipped, never missing).
      expect(statuses.filter((s) => s.state !== 'installed' && !(s.state === 'skipped' && /API \d+/.test(s.reason ?? '')))).toEqual([]);
      const skipped = new Set(statuses.filter((s) => s.state === 'skipped').map((s) => s.id));
      for (const spec of HOOKS) {
        const inRange = (spec.minApi ?? 21) <= apiLevel && apiLevel <= (spec.maxApi ?? 99);
        expect(skipped.has(spec.id)).toBe(!inRange);
      }

      let calls = 0;
      for (const r of records) {
        const cls = classes.get(r.class);
        // The receiver: a wrapper of the hooked class whose other Java methods answer null.
        const inst = env.java.instance(cls);
        const self = new Proxy(inst, { get: (t, p) => (p in t ? t[p as any] : typeof p === 'symbol' || p === 'then' || p === '$types' ? undefined : p === 'value' ? null : () => null) });
        for (const params of r.params) {
          const ov = cls[r.method].overload(...params);
          const args = params.map((t) => argFor(t, mode));
          expect(() => ov.apply(self, args)).not.toThrow();
          calls++;
        }
      }
      env.platform.advance(5_000); // timers (pending wake decisions) fire
      const events = env.events(); // validated against EventSchema
      const faults = events.filter((e) => e.kind === 'hook');
      expect(faults.map((e) => `${e.hook}: ${e.detail.error}`)).toEqual([]);
      expect(calls).toBeGreaterThan(300);
      // Not everything was dropped: most areas still report with degenerate inputs.
      // (A launch without an Intent is not reported: with null arguments there is none.)
      const kinds = ['pi', 'net', 'schedule', 'lifecycle', 'permission', 'transform', ...(mode === 'objects' ? ['launch'] : [])];
      expect(new Set(events.map((e) => e.kind))).toEqual(new Set(kinds));
    });
  }
});
