// The batch check of host/ingest/validate.ts takes a shortcut: the envelope, then each event
// against the schema of its own kind, instead of the compiled whole BatchSchema (whose event union
// tries every kind in turn). The shortcut must give the same verdict as the schema for every
// payload, valid or not: here for the bench's seeded traffic and thousands of single mutations of
// it (a field removed, retyped, renamed, an event's kind swapped for another or for garbage); a
// batch the schema refuses still goes to the salvage path, which names the problem's JSON path.
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { describe, expect, it } from 'vitest';
import { AgentWorkload } from '../../bench/workload.js';
import { Rng } from '../../bench/rng.js';
import { decodeMessage } from '../../host/ingest/validate.js';
import { BatchSchema } from '../../protocol/messages.js';

const wholeSchema = TypeCompiler.Compile(BatchSchema);
const KINDS = ['pi', 'net', 'launch', 'schedule', 'lifecycle', 'consent', 'permission', 'hook', 'transform'];
const ODD: unknown[] = [null, 0, -1, 1.5, '', 'x', true, [], {}, ['a'], { $: 'obj' }, '__proto__', 'constructor', 2 ** 60];

/** One random change somewhere in the payload (it may or may not break the schema). */
function mutate(payload: Record<string, unknown>, rng: Rng): void {
  const events = payload.events as Record<string, unknown>[];
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)]!;
  const ev = pick(events);
  const r = rng.next();
  if (r < 0.2) ev.kind = pick([...KINDS, ...ODD]);
  else if (r < 0.5) {
    const key = pick(Object.keys(ev));
    if (rng.next() < 0.5) delete ev[key];
    else ev[key] = pick(ODD);
  } else if (r < 0.65 && ev.detail !== undefined && typeof ev.detail === 'object') {
    const d = ev.detail as Record<string, unknown>;
    const keys = Object.keys(d);
    if (keys.length > 0) d[pick(keys)] = pick(ODD);
    else d.unexpected = 1;
  } else if (r < 0.75) ev[pick(['extra', 'Kind', 'seq ', 'stack'])] = pick(ODD);
  else if (r < 0.85) events[Math.floor(rng.next() * events.length)] = pick(ODD) as Record<string, unknown>;
  else if (r < 0.95) payload[pick(['pid', 'v', 'kind', 'extra', 'counts', 'stacks'])] = pick(ODD);
  else if (ev.args !== undefined) ev.args = [...(ev.args as unknown[]), pick(ODD)];
}

describe('batch validation', () => {
  it('gives the verdict of the whole BatchSchema for valid traffic and for single mutations of it', () => {
    const w = new AgentWorkload({ seed: 20260101 });
    const rng = new Rng(7);
    let refused = 0;
    let accepted = 0;
    for (let b = 0; b < 400; b++) {
      const payload = structuredClone(w.batch(40)) as unknown as Record<string, unknown>;
      if (b % 4 !== 0) mutate(payload, rng);
      const expected = wholeSchema.Check(payload);
      const decoded = decodeMessage(structuredClone(payload));
      // Accepted as a whole: the batch as sent, no problem, no positions (nothing left out).
      const wholeAccepted = decoded.kind === 'batch' && decoded.problems.length === 0 && decoded.positions === undefined;
      expect(wholeAccepted, JSON.stringify(payload).slice(0, 400)).toBe(expected);
      if (expected) accepted++;
      else {
        refused++;
        expect(decoded.problems.length).toBeGreaterThan(0);
        for (const p of decoded.problems) expect(p.error).not.toBe('');
      }
    }
    // Both verdicts occur often enough for the comparison to mean something.
    expect(accepted).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
  });
});
