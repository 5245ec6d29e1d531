// Protocol fuzzing through the real ingest entry (Ingest.handle, what the tracer connects to each
// script's `message` signal), with the tracer's stages. Every message travels as JSON text and is
// parsed on the host, like Frida's transport. Two kinds of messages:
// - labelled: built valid, or broken in exactly one known way (wrong type, missing or unknown
//   field, string over its limit, deep nesting, seq gap or repeat, bad stack, non-object payload,
//   bad JSON sent as text, ...); the test's own model says which events must be stored and how
//   many protocol errors each message must leave, and where;
// - mutated: random byte and structure edits of valid messages (including invalid UTF-8), sent
//   from their own process: no oracle for validity, so the invariants are conservation (every
//   event of a batch is stored or named by a protocol error) and no internal error.
// Seeded PRNG: SDKTRACE_FUZZ_SEED=<seed> reproduces a run; the seed is in every failure message.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Ingest } from '../../host/ingest/ingest.js';
import { AttributionStage } from '../../host/ingest/stages/attribution.js';
import { PhaseStage } from '../../host/ingest/stages/phase.js';
import { ProcessStartStage } from '../../host/ingest/stages/process-start.js';
import { ProjectionStage } from '../../host/ingest/stages/projections.js';
import type { IngestItem, ProcessContext, Stage } from '../../host/ingest/types.js';
import { createAttributor } from '../../attribution/shipped.js';
import { Store } from '../../store/db.js';
import { verifyRunChain } from '../../store/verify.js';
import { DATA_TYPE_NAMES, HOOK_STATES, LIMITS, PROTOCOL_VERSION } from '../../protocol/constants.js';

const SEED = Number(process.env.SDKTRACE_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const COUNT = Number(process.env.SDKTRACE_FUZZ_COUNT ?? 100_000);
const APP = 'com.example.fuzz';
const MUTANT_PID = 2000;
/** String.prototype.toWellFormed (ES2024; Node 20 has it, our TS lib is ES2023). */
const wellFormed = (s: string): string => (s as unknown as { toWellFormed(): string }).toWellFormed();

// Memory-backed when available: the test is about what ingest decides, not the disk's speed.
const dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'sdktrace-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(xs: readonly T[]): T => xs[int(xs.length)]!, chance: (p: number) => next() < p };
}
type R = ReturnType<typeof prng>;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

// App-controlled text as the agent forwards it: markup, controls, bidi, CJK, lone surrogates
// (Java strings may hold them; JSON carries them as \udXXX escapes).
const PIECES = ['a', 'com.example', '<script>alert(1)</script>', '"\'`', '\u0000\u0007\u001b', '\u202eevil', '中文', '\ud800', '\udfff', '\ud83d\ude00', '=1+1', '\r\n\t', '\\', '\u2028'];
function text(r: R, max = 40): string {
  let s = '';
  const n = r.int(6);
  for (let i = 0; i < n && s.length < max; i++) s += r.pick(PIECES);
  return s.slice(0, max);
}
const long = (n: number, c = 'x') => c.repeat(n);

function summary(r: R, depth = 0): Json {
  switch (r.int(depth > 0 ? 6 : 7)) {
    case 0: return null;
    case 1: return r.chance(0.5);
    case 2: return r.int(1e9) - 5e8 + (r.chance(0.3) ? 0.5 : 0);
    case 3: return text(r);
    case 4: return { $: 'trunc', head: text(r), len: r.int(1e6), sha256: 'ab'.repeat(32) };
    case 5: return r.chance(0.5) ? { $: 'obj', cls: 'java.lang.Object', str: text(r) } : { $: 'bytes', len: 3, sha256: 'cd'.repeat(32), hex: '0a0b0c' };
    default: return { $: 'arr', len: 2, items: [summary(r, 1), summary(r, 1)] };
  }
}

const KINDS = ['pi', 'net', 'launch', 'schedule', 'lifecycle', 'consent', 'permission', 'hook'] as const;
function detailOf(r: R, kind: (typeof KINDS)[number]): Obj {
  switch (kind) {
    case 'pi': return { key: text(r), count: r.int(100), values: [text(r), text(r)] };
    case 'net': return { layer: r.pick(['java', 'native', 'webview']), proto: r.pick(['http', 'https', 'tls']), tls: r.chance(0.5), op: r.pick(['send', 'request', 'dns']), host: `h${r.int(9)}.example`, port: r.int(65536), url: `https://x.example/${text(r)}`, sample: r.chance(0.002) ? long(LIMITS.sample) : text(r), sampleEncoding: 'utf8' };
    case 'launch': return { via: r.pick(['activity', 'service', 'broadcast']), action: text(r), component: `com.other/${text(r)}`, extras: [text(r)] };
    case 'schedule': return { via: r.pick(['alarm', 'job', 'work']), triggerAt: r.int(1e12), component: text(r) };
    case 'lifecycle': return r.chance(0.5) ? { type: 'click', text: text(r), viewId: text(r) } : { type: 'process-start', reason: 'launcher', component: text(r) };
    case 'consent': return { state: r.pick(['granted', 'refused']), source: 'click', text: text(r) };
    case 'permission': return { type: 'request', permissions: ['android.permission.READ_PHONE_STATE'], requestCode: r.int(100) };
    case 'hook': return { hook: 'telephony.getDeviceId', error: text(r) };
  }
}

/** A valid event (as the agent builds it); `stack` is set by the caller. */
function validEvent(r: R, seq: number, t: number): Obj {
  const kind = r.pick(KINDS);
  const ev: Obj = { seq, t, tid: r.int(70000), thread: r.chance(0.01) ? long(256, 'T') : r.chance(0.5) ? 'main' : text(r), kind, api: `android.x.Y.${kind}(${r.chance(0.002) ? long(LIMITS.string - 40) : ''})` };
  if (kind === 'pi') ev.dataType = r.pick(DATA_TYPE_NAMES);
  if (r.chance(0.5)) ev.hook = `hook.${kind}`;
  if (r.chance(0.8)) ev.detail = detailOf(r, kind);
  if (r.chance(0.4)) ev.args = Array.from({ length: r.int(4) }, () => summary(r));
  if (r.chance(0.3)) ev.ret = summary(r);
  if (r.chance(0.05)) ev.thrown = `java.lang.SecurityException: ${text(r)}`;
  return ev;
}

/** Stands for `depth` nested arrays; expanded in the JSON text (JSON.stringify itself would overflow). */
const deepMarker = (depth: number) => `@@deep${depth}@@`;
const expand = (text: string) => text.replace(/"@@deep(\d+)@@"/g, (_m, n: string) => `${'['.repeat(Number(n))}${']'.repeat(Number(n))}`);
const toText = (v: unknown) => expand(JSON.stringify(v));

function deepArray(depth: number): Json {
  let v: Json = [];
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

/** One way to break an event, known to violate the protocol; returns the broken event. */
const EVENT_BREAKERS: ((r: R, ev: Obj) => Json)[] = [
  (r, ev) => { const k = r.pick(['seq', 't', 'tid', 'thread', 'api', 'kind']); delete ev[k]; return ev; },
  (_r, ev) => ({ ...ev, seq: String(ev.seq) }),
  (_r, ev) => ({ ...ev, t: 'yesterday' }),
  (_r, ev) => ({ ...ev, tid: 1.5 }),
  (_r, ev) => ({ ...ev, seq: -1 }),
  (_r, ev) => ({ ...ev, thread: 42 }),
  (_r, ev) => ({ ...ev, api: null }),
  (_r, ev) => ({ ...ev, injected: '<script>' }),
  (_r, ev) => ({ ...ev, kind: 'pi', dataType: 'imei2' }),
  (_r, ev) => ({ ...ev, kind: 'unknown-kind' }),
  (_r, ev) => ({ ...ev, api: long(LIMITS.string + 1) }),
  (_r, ev) => ({ ...ev, thread: long(257) }),
  (r, ev) => ({ ...ev, args: Array.from({ length: LIMITS.argsPerEvent + 1 }, () => summary(r)) }),
  (r, ev) => ({ ...ev, args: [r.chance(0.1) ? deepMarker(r.chance(0.3) ? 100_000 : 20_000) : deepArray(200)] }),
  (r, ev) => ({ ...ev, ret: { $: 'obj', cls: 'x', str: { nested: deepArray(r.int(50)) } } }),
  (_r, ev) => ({ ...ev, kind: 'net', detail: { layer: 'java', proto: 'http', tls: false, port: 70000 } }),
  (_r, ev) => ({ ...ev, kind: 'net', detail: { layer: 'quantum', proto: 'http', tls: false } }),
  (_r, ev) => ({ ...ev, kind: 'lifecycle', detail: { type: 'click', evil: 1 } }),
  (_r, ev) => ({ ...ev, kind: 'pi', detail: { values: Array.from({ length: LIMITS.arrayItems + 1 }, () => 'v') } }),
  (_r, ev) => ({ ...ev, origins: Array.from({ length: 9 }, () => 'o') }),
  (r, ev) => ({ ...ev, ret: { $: 'trunc', head: 'x', len: -r.int(9) - 1, sha256: 'x' } }),
  () => 'not an event',
  () => null,
  () => 7,
  () => [],
];

/** Messages broken as a whole: nothing stored, exactly one protocol error at `at`. */
const MESSAGE_BREAKERS: ((r: R, pid: number) => { text: string; at: string })[] = [
  // Bad JSON: an agent that sends text instead of an object.
  (r) => ({ text: JSON.stringify({ type: 'send', payload: `{"v":1,"kind":"batch","events":[${r.int(9)}` }), at: '' }),
  (r) => ({ text: JSON.stringify({ type: 'send', payload: r.pick([null, 12, true, [1, 2], 'hello']) }), at: '' }),
  (r) => ({ text: JSON.stringify({ type: 'send', payload: `${'\ud800'}${long(r.chance(0.02) ? 2_000_000 : 5000)}` }), at: '' }),
  // Deep nesting far beyond any schema (V8 parses it; the host must still record it).
  (r) => {
    const depth = r.chance(0.05) ? 100_000 : 3000;
    return { text: `{"type":"send","payload":${'['.repeat(depth)}${']'.repeat(depth)}}`, at: '' };
  },
  (_r, pid) => ({ text: JSON.stringify({ type: 'send', payload: { v: 2, kind: 'batch', pid, events: [] } }), at: 'v' }),
  (_r, pid) => ({ text: JSON.stringify({ type: 'send', payload: { kind: 'batch', pid, events: [] } }), at: 'v' }),
  (_r, pid) => ({ text: JSON.stringify({ type: 'send', payload: { v: '1', kind: 'batch', pid, events: [] } }), at: 'v' }),
  (_r, pid) => ({ text: JSON.stringify({ type: 'send', payload: { v: PROTOCOL_VERSION, kind: 'batches', pid } }), at: 'kind' }),
  (_r) => ({ text: JSON.stringify({ type: 'send', payload: { v: PROTOCOL_VERSION, kind: 'batch', pid: '12', events: [] } }), at: 'pid' }),
  (_r) => ({ text: JSON.stringify({ type: 'send', payload: { v: PROTOCOL_VERSION, kind: 'batch', pid: -3, events: [] } }), at: 'pid' }),
  (_r, pid) => ({ text: JSON.stringify({ type: 'send', payload: { v: PROTOCOL_VERSION, kind: 'batch', pid, events: 'none' } }), at: 'events' }),
  (_r, pid) => ({ text: JSON.stringify({ type: 'send', payload: { v: PROTOCOL_VERSION, kind: 'hello', pid, process: long(LIMITS.string + 1), agent: '1', catalog: '1', java: true, t: 1 } }), at: '' }),
  (_r, pid) => ({ text: JSON.stringify({ type: 'send', payload: { v: PROTOCOL_VERSION, kind: 'hello', pid: String(pid), process: APP, agent: '1', catalog: '1', java: true, t: 1 } }), at: '' }),
  (_r, pid) => ({ text: JSON.stringify({ type: 'send', payload: { v: PROTOCOL_VERSION, kind: 'hooks', pid, hooks: {} } }), at: '' }),
  (_r, pid) => ({ text: JSON.stringify({ type: 'send', payload: { v: PROTOCOL_VERSION, kind: 'app', pid, package: APP, versionName: null, versionCode: 1, signing: 'ab' } }), at: '' }),
  (r) => ({ text: JSON.stringify({ type: 'error', description: `ReferenceError: ${text(r)}`, stack: text(r), fileName: '/agent.js', lineNumber: r.int(999) }), at: 'agent' }),
  (r) => ({ text: JSON.stringify({ type: r.pick(['log', null, 5]), payload: {} }), at: 'type' }),
  (r) => ({ text: JSON.stringify(r.pick(['a bare string', 0, null, true])), at: '' }),
];

/** Valid messages other than batches: nothing stored as events, no protocol error. */
const OTHER_VALID: ((r: R, pid: number) => Obj)[] = [
  (r, pid) => ({ v: PROTOCOL_VERSION, kind: 'hello', pid, process: text(r), agent: '0.1.0', catalog: 'c', java: true, android: { release: '14', sdk: 34 }, t: 1_767_225_600_000 }),
  (r, pid) => ({ v: PROTOCOL_VERSION, kind: 'hooks', pid, hooks: [{ id: `h.${r.int(50)}`, class: text(r), method: 'm', state: r.pick(HOOK_STATES), overloads: r.int(3), reason: text(r) }] }),
  (r, pid) => ({ v: PROTOCOL_VERSION, kind: 'app', pid, package: APP, versionName: text(r), versionCode: r.int(100), signing: ['ef'.repeat(32)] }),
];

interface Proc {
  ctx: ProcessContext;
  /** The agent's next seq (what it would assign), and the host's next expected seq (the model). */
  agentSeq: number;
  hostSeq: number;
  /** Stored events, in order, as the model expects them. */
  stored: Obj[];
}

interface Expected {
  events: Obj[];
  /** Location prefixes of the protocol errors this message must leave. */
  problems: string[];
}

function frames(r: R): Json[] {
  return Array.from({ length: 1 + r.int(6) }, (_, i) => [r.pick(['android.telephony.TelephonyManager', 'com.umeng.commonsdk.X', `${APP}.App`, 'com.igexin.push.Y']), `m${i}`, r.chance(0.2) ? null : 'F.java', r.int(300) - 2]);
}

/** A labelled batch for `p`, and what must come of it (updates the model). */
/** Sets an own property, even one named __proto__ (as JSON.parse does). */
function own(o: Obj, k: string, v: Json): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/** Stack ids the host has stored (id -> frames JSON), with the ids in an array to pick from. */
interface Stacks {
  frames: Map<string, string>;
  ids: string[];
}

/** `keep`: whether the batch's new stacks join `known` (not for mutated copies, which may not arrive). */
function labelledBatch(r: R, p: Proc, known: Stacks, t: number, prefix = 's', keep = true): { payload: Obj; expected: Expected } {
  const knownStacks = known.frames;
  const expected: Expected = { events: [], problems: [] };
  const stacks: Obj = {};
  const newStacks = new Map<string, string>();
  if (r.chance(0.4)) {
    const id = r.chance(0.01) && prefix === 's' ? '__proto__' : `${prefix}${r.int(1e9).toString(16)}`;
    const f = frames(r);
    if (!knownStacks.has(id) && !newStacks.has(id)) {
      own(stacks, id, f);
      newStacks.set(id, JSON.stringify(f));
    }
  }
  if (r.chance(0.03) && knownStacks.size > 0) {
    // A known id sent again with other frames: refused, the first frames stay.
    const id = r.pick(known.ids);
    own(stacks, id, [['conflicting.Frame', 'x', null, r.int(9) + 1000]]);
    expected.problems.push(`stacks[${JSON.stringify(id)}]`);
  }
  if (r.chance(0.02)) {
    stacks[`bad${r.int(1e6)}`] = [['only', 'three', null]];
    expected.problems.push('stacks[');
  }
  const events: Json[] = [];
  // Mostly small batches: 100k messages must stay within about a minute on a 2-core machine.
  const n = r.chance(0.01) ? 20 + r.int(80) : r.int(5);
  const decoded: { i: number; ev: Obj }[] = [];
  for (let i = 0; i < n; i++) {
    // The agent's numbering: usually the next seq; sometimes a jump (lost events) or a replay.
    let seq = p.agentSeq;
    if (r.chance(0.02)) seq += 1 + r.int(5);
    else if (r.chance(0.02) && p.agentSeq > 0) seq = r.int(p.agentSeq);
    p.agentSeq = Math.max(p.agentSeq, seq + 1);
    const ev = validEvent(r, seq, t + i);
    const roll = r.next();
    const pickStack = () => (newStacks.size > 0 && r.chance(0.5) ? [...newStacks.keys()][0]! : known.ids.length > 0 ? r.pick(known.ids) : undefined);
    const stack = roll < 0.3 ? pickStack() : roll < 0.31 ? `never-sent-${r.int(1e6)}` : undefined;
    if (stack !== undefined) ev.stack = stack;
    const origin = r.chance(0.1) ? pickStack() : undefined;
    if (origin !== undefined) ev.origins = [origin];
    if (r.chance(0.08)) {
      events.push(r.pick(EVENT_BREAKERS)(r, ev));
      expected.problems.push(`events[${i}]`);
    } else {
      events.push(ev);
      decoded.push({ i, ev });
    }
  }
  // The host's seq rule over the events that validate: gaps are recorded, repeats refused.
  for (const { i, ev } of decoded) {
    const seq = ev.seq as number;
    if (seq < p.hostSeq) {
      expected.problems.push(`events[${i}].seq`);
      continue;
    }
    if (seq > p.hostSeq) expected.problems.push(`events[${i}].seq`);
    p.hostSeq = seq + 1;
    const stored = { ...ev };
    if (typeof ev.stack === 'string' && !knownStacks.has(ev.stack) && !newStacks.has(ev.stack)) {
      expected.problems.push(`events[${i}].stack`);
      delete stored.stack;
    }
    expected.events.push(stored);
  }
  const payload: Obj = { v: PROTOCOL_VERSION, kind: 'batch', pid: p.ctx.pid, events };
  if (Object.keys(stacks).length > 0) payload.stacks = stacks;
  if (r.chance(0.1)) {
    // Per-batch deltas: emitted may exceed calls (a call is counted when it returns); negative never.
    const bad = r.chance(0.2);
    payload.counts = [[`hook.${r.int(9)}`, bad ? -1 - r.int(5) : r.int(100), r.int(100)]];
    if (bad) expected.problems.push('counts[0]');
  }
  if (r.chance(0.01)) {
    payload.extra = 'field';
    expected.problems.push('extra');
  }
  if (r.chance(0.01)) {
    payload.pid = p.ctx.pid + 1;
    expected.problems.push('pid');
  }
  if (keep) {
    for (const [id, f] of newStacks) {
      knownStacks.set(id, f);
      known.ids.push(id);
    }
  }
  return { payload, expected };
}

/** Random edits of a valid message's text or structure. */
function mutate(r: R, payload: Obj): string {
  return expand(mutateText(r, payload));
}

function mutateText(r: R, payload: Obj): string {
  const text = JSON.stringify({ type: 'send', payload });
  const bytes = Buffer.from(text, 'utf8');
  switch (r.int(6)) {
    case 0: {
      // Flip, insert or delete a few bytes, including bytes that are never valid UTF-8.
      const out = [...bytes];
      for (let k = 0; k < 1 + r.int(4); k++) {
        const at = r.int(out.length);
        const op = r.int(3);
        const b = r.pick([0xff, 0xc3, 0x80, 0xc0, 0xed, 0xa0, 0x22, 0x5c, 0x7b, 0x5d, 0x2c, r.int(256)]);
        if (op === 0) out[at] = b;
        else if (op === 1) out.splice(at, 0, b);
        else out.splice(at, 1);
      }
      return new TextDecoder('utf-8').decode(Buffer.from(out));
    }
    case 1:
      return text.slice(0, r.int(text.length));
    case 2: {
      // Swap a value for one of another type, anywhere in the message.
      const m = JSON.parse(text) as Obj;
      const spots: [Obj | Json[], string | number][] = [];
      const walk = (v: Json, depth: number) => {
        if (depth > 6 || v === null || typeof v !== 'object') return;
        for (const k of Object.keys(v)) {
          spots.push([v as Obj, Array.isArray(v) ? Number(k) : k]);
          walk((v as Obj)[k]!, depth + 1);
        }
      };
      walk(m, 0);
      for (let k = 0; k < 1 + r.int(3) && spots.length > 0; k++) {
        const [o, key] = r.pick(spots);
        (o as Obj)[key as string] = r.pick<Json>([null, -1, 2 ** 53 + 2, 1e308, 0.5, '', long(5000), [], {}, true, '\ud800', { __proto__: 1 } as unknown as Json, deepArray(100)]);
      }
      return JSON.stringify(m);
    }
    case 3:
      return text.replace(/"(seq|pid|t|tid)":(\d+)/g, (_m, k: string, n: string) => `"${k}":${r.pick([n, `${n}e400`, `-${n}`, `"${n}"`, `${n}.5`, '1e21'])}`);
    case 4: {
      // Rename one key.
      const keys = [...text.matchAll(/"([a-zA-Z$]+)":/g)];
      const k = r.pick(keys);
      return text.slice(0, k.index) + r.pick(['"__proto__":', '"constructor":', '"":', '"$":', '"toString":']) + text.slice(k.index + k[0].length);
    }
    default:
      return text.replace(/"[^"\\]{0,30}"/, `"${'\\ud800'.repeat(r.int(3))}${'\\u0000'}${long(r.int(10_000), 'y')}"`);
  }
}

describe('protocol fuzzing through Ingest.handle', () => {
  it(`${COUNT} random and mutated agent messages: no crash, every valid event stored, every bad part a protocol error (seed ${SEED})`, () => {
    const r = prng(SEED);
    const store = Store.open(join(dir, `fuzz-${SEED}.db`), { create: true });
    const runId = store.createRun({ mode: 'trace', started_at: 0, tool_version: 'fuzz', package: APP });
    const attributor = createAttributor(APP);
    const committed = new Set<object>();
    const told: string[] = [];
    const watch: Stage = {
      name: 'fuzz-watch',
      committed: (items: readonly IngestItem[]) => items.forEach((i) => i.process?.pid === MUTANT_PID && committed.add(i.event)),
      problem: (_p, location) => void told.push(location),
    };
    // The tracer's stages (host/session/run.ts), then an observer.
    const ingest = new Ingest(store, runId, [new AttributionStage(attributor), new PhaseStage(undefined, true), new ProjectionStage(attributor), new ProcessStartStage(), watch], { appPackage: APP, now: () => 1_767_225_600_000 });
    const mkProc = (pid: number, name: string): Proc => {
      const row = store.addProcess({ run_id: runId, pid, name, package: APP, target: true, started_at: 0, spawned_by: 'sdktrace' });
      return { ctx: { id: row.id, pid, name, package: APP, target: true, nextSeq: 0, gaps: 0 }, agentSeq: 0, hostSeq: 0, stored: [] };
    };
    const procs = [mkProc(1000, APP), mkProc(1001, `${APP}:push`), mkProc(1002, `${APP}:remote`)];
    const mutant = mkProc(MUTANT_PID, `${APP}:mutant`);
    const knownStacks: Stacks = { frames: new Map(), ids: [] };
    const lastError = store.db.prepare('SELECT max(id) FROM protocol_errors').pluck();
    let expectedProblems = 0;
    let labelled = 0;
    let mutated = 0;
    let t = 1_767_225_600_000;
    const fail = (i: number, what: string): never => {
      throw new Error(`fuzz seed ${SEED}, message ${i}: ${what} (rerun: SDKTRACE_FUZZ_SEED=${SEED} npx vitest run test/hardening/fuzz.test.ts)`);
    };
    const deliver = (i: number, p: Proc, text: string) => {
      let message: unknown;
      try {
        message = JSON.parse(text);
      } catch {
        // Not JSON after the edit: what arrives is the agent's text (send() of a string).
        message = { type: 'send', payload: text };
      }
      const toldBefore = told.length;
      try {
        ingest.handle(p.ctx, message, null);
      } catch (e) {
        fail(i, `Ingest.handle threw: ${(e as Error).stack}`);
      }
      // Every problem the stages were told about is a stored row (ids are dense: nothing deletes).
      const rows = lastError.get() as number | null ?? 0;
      if (rows !== told.length) fail(i, `${told.length - toldBefore} protocol errors reported (${JSON.stringify(told.slice(toldBefore))}) but ${rows - toldBefore} stored; message starts ${JSON.stringify(text.slice(0, 120))}`);
      return message;
    };

    try {
      for (let i = 0; i < COUNT; i++) {
        t += 1 + r.int(20);
        const p = r.pick(procs);
        const roll = r.next();
        const eventsBefore = ingest.totals.events;
        const toldBefore = told.length;
        let expected: Expected;
        if (roll < 0.2) {
          // Mutated: conservation only.
          mutated++;
          const { payload } = r.chance(0.8) ? labelledBatch(r, { ...mutant, agentSeq: mutant.agentSeq }, knownStacks, t, 'm', false) : { payload: r.pick(OTHER_VALID)(r, mutant.ctx.pid) };
          mutant.agentSeq += 10;
          const message = deliver(i, mutant, mutate(r, payload));
          const sent = message as { type?: unknown; payload?: unknown } | null;
          const pay = sent !== null && typeof sent === 'object' && sent.type === 'send' ? (sent.payload as Obj | undefined) : undefined;
          const locs = told.slice(toldBefore);
          if (pay !== null && typeof pay === 'object' && !Array.isArray(pay) && pay.v === PROTOCOL_VERSION && pay.kind === 'batch' && Array.isArray(pay.events) && locs.every((l) => l !== 'pid')) {
            const evs = pay.events.slice(0, LIMITS.eventsPerBatch);
            evs.forEach((ev, k) => {
              const named = locs.some((l) => l === `events[${k}]` || l.startsWith(`events[${k}].`) || l.startsWith(`events[${k}][`));
              if (!named && !(ev !== null && typeof ev === 'object' && committed.has(ev))) fail(i, `mutated batch: events[${k}] neither stored nor a protocol error: ${JSON.stringify(ev)?.slice(0, 300)}`);
            });
          }
          continue;
        }
        labelled++;
        if (roll < 0.8) {
          const b = labelledBatch(r, p, knownStacks, t);
          expected = b.expected;
          deliver(i, p, toText({ type: 'send', payload: b.payload }));
          p.stored.push(...expected.events);
        } else if (roll < 0.9) {
          expected = { events: [], problems: [] };
          deliver(i, p, JSON.stringify({ type: 'send', payload: r.pick(OTHER_VALID)(r, p.ctx.pid) }));
        } else {
          const m = r.pick(MESSAGE_BREAKERS)(r, p.ctx.pid);
          expected = { events: [], problems: [m.at] };
          deliver(i, p, m.text);
        }
        const storedNow = ingest.totals.events - eventsBefore;
        if (storedNow !== expected.events.length) fail(i, `${storedNow} events stored, expected ${expected.events.length}`);
        const locs = told.slice(toldBefore);
        const left = [...locs];
        for (const want of [...expected.problems].sort((a, b) => b.length - a.length)) {
          const k = left.findIndex((l) => (want === '' || want === 'agent' || want === 'type' ? l.startsWith(want) : l === want || l.startsWith(want)));
          if (k < 0) fail(i, `expected a protocol error at ${JSON.stringify(want)}, got ${JSON.stringify(locs)}`);
          left.splice(k, 1);
        }
        if (left.length > 0) fail(i, `unexpected protocol errors at ${JSON.stringify(left)} (expected ${JSON.stringify(expected.problems)})`);
        expectedProblems += expected.problems.length;
      }

      // One batch over the size limit: the first LIMITS.eventsPerBatch events kept, the excess named.
      const p = procs[0]!;
      const big = Array.from({ length: LIMITS.eventsPerBatch + 5 }, (_, k) => ({ seq: p.hostSeq + k, t, tid: 1, thread: 'main', kind: 'pi', api: 'a.B.c()' }));
      const before = ingest.totals.events;
      const toldBefore = told.length;
      deliver(COUNT, p, JSON.stringify({ type: 'send', payload: { v: PROTOCOL_VERSION, kind: 'batch', pid: p.ctx.pid, events: big } }));
      expect(ingest.totals.events - before).toBe(LIMITS.eventsPerBatch);
      expect(told.slice(toldBefore)).toEqual(['events']);
      p.stored.push(...big.slice(0, LIMITS.eventsPerBatch));
      p.hostSeq += LIMITS.eventsPerBatch;
      expectedProblems += 1;

      // The database: every expected event of each labelled process, in order, with its content.
      const wf = (v: Json | undefined) => (typeof v === 'string' ? wellFormed(v) : v);
      for (const q of procs) {
        const rows = store.db.prepare('SELECT seq, t, tid, thread, kind, api, hook, data_type, args, ret, thrown, detail, stack, origins FROM events WHERE process_id = ? ORDER BY id').all(q.ctx.id) as Record<string, string | number | null>[];
        if (rows.length !== q.stored.length) fail(-1, `${q.ctx.name}: ${rows.length} events in the database, expected ${q.stored.length}`);
        rows.forEach((row, k) => {
          const ev = q.stored[k]!;
          const want = {
            seq: ev.seq, t: ev.t, tid: ev.tid, thread: wf(ev.thread), kind: ev.kind, api: wf(ev.api), hook: wf(ev.hook) ?? null, data_type: ev.dataType ?? null,
            args: ev.args ?? null, ret: ev.ret ?? null, thrown: wf(ev.thrown) ?? null, detail: ev.detail ?? null, stack: ev.stack ?? null, origins: ev.origins ?? null,
          };
          const got: Record<string, unknown> = { ...row, args: row.args === null ? null : JSON.parse(row.args as string), ret: row.ret === null ? null : JSON.parse(row.ret as string), detail: row.detail === null ? null : JSON.parse(row.detail as string), origins: row.origins === null ? null : JSON.parse(row.origins as string) };
          const differ = Object.keys(want).filter((c) => JSON.stringify(got[c]) !== JSON.stringify(want[c as keyof typeof want]));
          if (differ.length > 0) fail(-1, `${q.ctx.name} event ${k} (seq ${String(ev.seq)}) stored differently: ${differ.map((c) => `${c}: ${JSON.stringify(got[c])?.slice(0, 200)} != ${JSON.stringify(want[c as keyof typeof want])?.slice(0, 200)}`).join('; ')}`);
        });
        expect(store.process(q.ctx.id)!.next_seq).toBe(q.hostSeq);
      }
      // Stored stacks are the first frames sent for each id.
      for (const [id, f] of knownStacks.frames) {
        const row = store.db.prepare('SELECT frames FROM stacks WHERE run_id = ? AND id = ?').get(runId, id) as { frames: string } | undefined;
        if (row?.frames !== f) fail(-1, `stack ${JSON.stringify(id)}: stored ${row?.frames?.slice(0, 200)}, sent ${f.slice(0, 200)}`);
      }
      // The mutant process: seqs strictly increasing (no repeat ever stored).
      const mseq = (store.db.prepare('SELECT seq FROM events WHERE process_id = ? ORDER BY id').pluck().all(mutant.ctx.id) as number[]);
      for (let k = 1; k < mseq.length; k++) if (!(mseq[k]! > mseq[k - 1]!)) fail(-1, `mutant process stored seq ${mseq[k]} after ${mseq[k - 1]}`);

      // Every problem told to the stages is a row in protocol_errors; none is an internal error.
      const errors = store.db.prepare('SELECT count(*) FROM protocol_errors WHERE run_id = ?').pluck().get(runId) as number;
      expect(errors).toBe(told.length);
      expect(ingest.totals.problems).toBe(told.length);
      const internal = store.db.prepare("SELECT error FROM protocol_errors WHERE error LIKE 'internal error%' LIMIT 3").pluck().all() as string[];
      if (internal.length > 0) fail(-1, `internal errors while ingesting:\n${internal.join('\n').slice(0, 3000)}`);
      expect(ingest.failure).toBeNull();
      expect(labelled).toBeGreaterThan(COUNT * 0.7);
      expect(mutated).toBeGreaterThan(COUNT * 0.15);
      expect(expectedProblems).toBeGreaterThan(COUNT * 0.05);
      // What was stored is intact and verifiable.
      expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
      const chain = verifyRunChain(store.db, runId);
      if (!chain.ok) fail(-1, `hash chain: ${JSON.stringify(chain.problems.slice(0, 3))}`);
      console.log(`[fuzz] seed ${SEED}: ${COUNT + 1} messages (${labelled} labelled, ${mutated} mutated), ${ingest.totals.events} events stored, ${errors} protocol errors`);
    } catch (e) {
      const msg = (e as Error).message;
      if (!msg.includes(`seed ${SEED}`)) (e as Error).message = `fuzz seed ${SEED} (rerun: SDKTRACE_FUZZ_SEED=${SEED}): ${msg}`;
      throw e;
    } finally {
      store.close();
    }
  }, 600_000); // a hang guard, not a speed target: about 60 s alone, several times that beside other suites on 2 cores
});
