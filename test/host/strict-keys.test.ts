// host/ingest/strict-keys.ts rewrites TypeBox's "no other keys" step into an allocation-free walk.
// Its checks must give TypeBox's own verdict on every JSON value: here each event kind's compiled
// check, TypeBox's and the rewritten one, on the bench's traffic and on copies of it with a key
// added, removed or renamed at every object depth (the event, detail, args' and ret's summaries),
// and with JSON's own odd key `__proto__`; and the rewrite must have replaced every such step.
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { describe, expect, it } from 'vitest';
import { AgentWorkload } from '../../bench/workload.js';
import { Rng } from '../../bench/rng.js';
import { compileStrict } from '../../host/ingest/strict-keys.js';
import { EventSchema } from '../../protocol/messages.js';

const kinds = EventSchema.anyOf.map((s) => [(s.properties.kind as { const: string }).const, TypeCompiler.Compile(s), compileStrict(s)] as const);

/** Every object inside `v` (itself included), for picking where to change a key. */
function objectsIn(v: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(v)) for (const x of v) objectsIn(x, out);
  else if (typeof v === 'object' && v !== null) {
    out.push(v as Record<string, unknown>);
    for (const x of Object.values(v)) objectsIn(x, out);
  }
  return out;
}

describe('compileStrict', () => {
  it('leaves no getOwnPropertyNames step in the rewritten code', () => {
    for (const [, typebox, strict] of kinds) {
      expect(typebox.Code()).toContain('getOwnPropertyNames');
      // Left only in the exact fallback of the rewritten steps, on their own argument.
      expect(strict.Code()).not.toContain('getOwnPropertyNames(value');
      expect(strict.Code()).not.toContain('.includes(key)');
    }
  });

  it("gives TypeBox's verdict on valid traffic and on keys added, removed and renamed at every depth", () => {
    const w = new AgentWorkload({ seed: 7 });
    const rng = new Rng(11);
    const events: Record<string, unknown>[] = [];
    while (events.length < 6000) events.push(...(JSON.parse(JSON.stringify(w.batch(256))).events as Record<string, unknown>[]));
    let checked = 0;
    let refused = 0;
    for (const original of events) {
      for (let m = 0; m < 4; m++) {
        const ev = JSON.parse(JSON.stringify(original)) as Record<string, unknown>;
        if (m > 0) {
          const objects = objectsIn(ev);
          const target = objects[Math.floor(rng.next() * objects.length)]!;
          const keys = Object.keys(target);
          const key = keys[Math.floor(rng.next() * keys.length)];
          if (m === 1) target[rng.next() < 0.5 ? 'extra' : '$'] = 1;
          else if (m === 2 && key !== undefined) delete target[key];
          else if (key !== undefined) {
            target[`${key}_`] = target[key];
            delete target[key];
          }
        }
        for (const [kind, typebox, strict] of kinds) {
          if (kind !== ev.kind) continue;
          const expected = typebox.Check(ev);
          expect(strict.Check(ev), JSON.stringify(ev).slice(0, 300)).toBe(expected);
          checked++;
          if (!expected) refused++;
        }
      }
    }
    expect(checked).toBeGreaterThan(20_000);
    // The mutations must reach the strict-keys step: most of them are refused.
    expect(refused).toBeGreaterThan(checked / 3);
  });

  it("counts a parsed `__proto__` key like TypeBox (an own key in JSON.parse's objects)", () => {
    const net = kinds.find(([kind]) => kind === 'net')!;
    const ev = JSON.parse('{"kind":"net","api":"x","seq":1,"t":1,"tid":1,"thread":"main","detail":{"layer":"java","op":"open","__proto__":{}}}') as unknown;
    expect(net[1].Check(ev)).toBe(false);
    expect(net[2].Check(ev)).toBe(false);
    const summary = JSON.parse('{"kind":"pi","api":"x","seq":1,"t":1,"tid":1,"thread":"main","args":[{"$":"trunc","head":"a","len":1,"sha256":"b","__proto__":1}]}') as unknown;
    const pi = kinds.find(([kind]) => kind === 'pi')!;
    expect(pi[1].Check(summary)).toBe(false);
    expect(pi[2].Check(summary)).toBe(false);
  });
});
