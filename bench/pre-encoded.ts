// Would it pay for the agent to send args, ret and detail as JSON text ("pre-encoded", issue 18
// item 3)? Today frida-node parses the agent's message into objects, the host validates them and
// then stringifies those three columns again for the row and the hash chain (host/ingest/ingest.ts
// `json()`). Pre-encoded, the row's text would come straight off the wire, but the host must still
// prove each text is JSON (and, for today's guarantees, that it matches the protocol's schema), and
// the stages still need the parsed detail of some kinds. This file measures that trade on the host
// side, on the ingest bench's seeded traffic, without changing the product: it builds each batch
// both ways, checks that the column texts the variant would store are byte-identical to today's
// (so the chain would not move), and times the parts that differ, alternated, in one process:
//   today   JSON.parse of the message + decodeMessage + JSON.stringify of args, ret and detail
//   full    JSON.parse + the envelope and events checked with those columns as strings + each text
//           JSON.parse'd and checked against today's schema (SummarySchema, the kind's detail)
//   wf      as full, but args, ret and the detail of kinds no stage reads only JSON.parse'd
//           (well-formed, not schema-checked): the least a correct host could do
// `decodePreEncoded` is also what the ingest prototype (docs/benchmarks.md, "Pre-encoded columns
// from the agent: measured") puts in place of decodeMessage. Usage, after bundling with esbuild
// like bench/profile-ingest.ts:
//   node .cache/bench/pre-encoded.mjs parts [pairs]        alternated timing + the identity check
//   node .cache/bench/pre-encoded.mjs one today|full|wf    one variant once, inside Reflect.apply
//     (for `valgrind --tool=callgrind --toggle-collect=Builtins_ReflectApply`: its instructions only)
import { Type, type TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { BatchSchema, EventSchema, LIMITS, SummarySchema, type AgentEvent, type Batch } from '../protocol/messages.js';
import { decodeMessage, type Decoded, type Problem } from '../host/ingest/validate.js';
import { AgentWorkload, wire } from './workload.js';

export type PreMode = 'full' | 'wf';

/** Kinds whose detail object an ingest stage reads (attribution, phase, projections, process-start). */
export const DETAIL_READ: ReadonlySet<string> = new Set(['net', 'launch', 'lifecycle', 'schedule', 'consent']);

const COLUMNS = ['args', 'ret', 'detail'] as const;

/** The batch with args, ret and detail of every event replaced by their JSON text, as the agent would send it. */
export function preEncode(batch: Batch): unknown {
  return {
    ...batch,
    events: batch.events.map((ev) => {
      const out: Record<string, unknown> = { ...ev };
      for (const c of COLUMNS) if (ev[c] !== undefined) out[c] = JSON.stringify(ev[c]);
      return out;
    }),
  };
}

const checkEnvelope = TypeCompiler.Compile(
  Type.Object({ ...BatchSchema.properties, events: Type.Array(Type.Unknown(), { maxItems: LIMITS.eventsPerBatch }) }, { additionalProperties: false }),
);
type Member = (typeof EventSchema.anyOf)[number];
const kindOf = (s: Member) => (s.properties.kind as { const: string }).const;
/** Each kind's event with the three columns as text (no length bound: the bench's texts are short). */
const checkPreEvent = new Map(
  EventSchema.anyOf.map((s) => [kindOf(s), TypeCompiler.Compile(Type.Object({ ...s.properties, args: Type.Optional(Type.String()), ret: Type.Optional(Type.String()), detail: Type.Optional(Type.String()) }, { additionalProperties: false }))] as const),
);
const checkArgs = TypeCompiler.Compile(Type.Array(SummarySchema, { maxItems: LIMITS.argsPerEvent }));
const checkRet = TypeCompiler.Compile(SummarySchema);
const checkDetail = new Map(EventSchema.anyOf.map((s) => [kindOf(s), TypeCompiler.Compile(s.properties.detail as TSchema)] as const));

/** A pre-encoded event once decoded: the texts for the row, detail parsed where a stage (or the check) needed it. */
export interface PreDecodedEvent {
  args?: string;
  ret?: string;
  detail?: unknown;
  detailText?: string;
}

/**
 * decodeMessage for pre-encoded batches (other messages go to it unchanged). Every text is
 * JSON.parse'd (a malformed one drops its event with a problem naming the column); `full` also
 * checks each parsed value against today's schema. The event keeps args and ret as text, gets
 * `detailText`, and `detail` becomes the parsed object where it was checked (undefined otherwise).
 * The salvage of an invalid envelope is not prototyped (a problem for the whole batch instead).
 */
export function decodePreEncoded(payload: unknown, mode: PreMode): Decoded {
  const p = payload as Record<string, unknown> | null;
  if (typeof p !== 'object' || p === null || p.kind !== 'batch') return decodeMessage(payload);
  if (!checkEnvelope.Check(p)) return { kind: 'invalid', problems: [{ location: 'events', error: 'invalid batch envelope (salvage not prototyped)', raw: p }] };
  const problems: Problem[] = [];
  const list = p.events as Record<string, unknown>[];
  const kept: AgentEvent[] = [];
  const positions: number[] = [];
  events: for (let i = 0; i < list.length; i++) {
    const ev = list[i]!;
    const kind = typeof ev === 'object' && ev !== null ? (ev.kind as string) : '';
    const checker = checkPreEvent.get(kind);
    if (checker === undefined || !checker.Check(ev)) {
      problems.push({ location: `events[${i}]`, error: 'invalid event', raw: ev });
      continue;
    }
    let detail: unknown;
    for (const c of COLUMNS) {
      const text = ev[c] as string | undefined;
      if (text === undefined) continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (e) {
        problems.push({ location: `events[${i}].${c}`, error: `not JSON: ${(e as Error).message}`, raw: text });
        continue events;
      }
      const check = c === 'args' ? (mode === 'full' ? checkArgs : null) : c === 'ret' ? (mode === 'full' ? checkRet : null) : mode === 'full' || DETAIL_READ.has(kind) ? checkDetail.get(kind)! : null;
      if (check !== null && !check.Check(value)) {
        problems.push({ location: `events[${i}].${c}`, error: 'does not match the protocol schema', raw: text });
        continue events;
      }
      if (c === 'detail' && check !== null) detail = value;
    }
    const out = ev as Record<string, unknown>;
    if (out.detail !== undefined) {
      out.detailText = out.detail;
      out.detail = detail;
    }
    kept.push(out as unknown as AgentEvent);
    positions.push(i);
  }
  const message = { ...(p as unknown as Batch), events: kept };
  return problems.length === 0 ? { kind: 'batch', message, problems } : { kind: 'batch', message, problems, positions };
}

/** The ingest bench's traffic (bench/profile-ingest.ts: seed 20260101, 30k + 60k events) as message texts, both ways. */
export function traffic(warmN = 30_000, n = 60_000): { today: string[]; pre: string[]; warm: number } {
  const w = new AgentWorkload({ seed: 20260101 });
  const today: string[] = [];
  const pre: string[] = [];
  let warm = 0;
  while (w.events < warmN + n) {
    const b = w.batch(Math.min(w.batchSize, (w.events < warmN ? warmN : warmN + n) - w.events));
    today.push(wire(b));
    pre.push(wire(preEncode(b)));
    if (w.events <= warmN) warm = today.length;
  }
  return { today, pre, warm };
}

function json(v: unknown): string | null {
  return v === undefined ? null : JSON.stringify(v);
}

/** Today's differing part: parse, validate, the three columns stringified. Returns a checksum of the texts. */
export function runToday(texts: readonly string[]): number {
  let sum = 0;
  for (const t of texts) {
    const d = decodeMessage((JSON.parse(t) as { payload: unknown }).payload);
    if (d.kind !== 'batch') throw new Error('today: not a batch');
    for (const ev of d.message.events) sum += (json(ev.args)?.length ?? 0) + (json(ev.ret)?.length ?? 0) + (json(ev.detail)?.length ?? 0);
  }
  return sum;
}

/** The variant's differing part: parse, validate with the columns as text, each text checked; the row's texts as sent. */
export function runPre(texts: readonly string[], mode: PreMode): number {
  let sum = 0;
  for (const t of texts) {
    const d = decodePreEncoded((JSON.parse(t) as { payload: unknown }).payload, mode);
    if (d.kind !== 'batch' || d.problems.length > 0) throw new Error(`pre (${mode}): ${JSON.stringify(d.problems[0] ?? d.kind)}`);
    for (const e of d.message.events) {
      const ev = e as unknown as PreDecodedEvent;
      sum += (ev.args?.length ?? 0) + (ev.ret?.length ?? 0) + (ev.detailText?.length ?? 0);
    }
  }
  return sum;
}

/** JSON.parse alone: the share of frida-node's decoding in each form. */
export function runParse(texts: readonly string[]): number {
  let sum = 0;
  for (const t of texts) sum += ((JSON.parse(t) as { payload: { events: unknown[] } }).payload.events.length);
  return sum;
}

/**
 * Every column text the variant would store equals today's (args, ret and detail of every event,
 * byte for byte), and the decoded detail objects equal today's where kept. Returns the counts.
 */
export function checkIdentity(today: readonly string[], pre: readonly string[]): { events: number; texts: number; objects: number } {
  let events = 0;
  let texts = 0;
  let objects = 0;
  for (let b = 0; b < today.length; b++) {
    const a = decodeMessage((JSON.parse(today[b]!) as { payload: unknown }).payload);
    const v = decodePreEncoded((JSON.parse(pre[b]!) as { payload: unknown }).payload, 'full');
    if (a.kind !== 'batch' || v.kind !== 'batch' || a.message.events.length !== v.message.events.length) throw new Error(`batch ${b}: not decoded alike`);
    a.message.events.forEach((ev, i) => {
      const pv = v.message.events[i] as unknown as PreDecodedEvent;
      const pairs: [string | null, string | null][] = [[json(ev.args), pv.args ?? null], [json(ev.ret), pv.ret ?? null], [json(ev.detail), pv.detailText ?? null]];
      for (const [x, y] of pairs) {
        if (x !== y) throw new Error(`batch ${b} event ${i}: ${x} !== ${y}`);
        if (x !== null) texts++;
      }
      if (ev.detail !== undefined) {
        if (JSON.stringify(pv.detail) !== json(ev.detail)) throw new Error(`batch ${b} event ${i}: detail object differs`);
        objects++;
      }
      events++;
    });
  }
  return { events, texts, objects };
}

/** CPU microseconds (user + system) of fn over `events` events. */
function cpuUs(fn: () => number, events: number): { us: number; sum: number } {
  const c = process.cpuUsage();
  const sum = fn();
  const u = process.cpuUsage(c);
  return { us: (u.user + u.system) / events, sum };
}

function main(): void {
  const [mode, arg] = process.argv.slice(2);
  const { today, pre, warm } = traffic();
  const count = (texts: readonly string[]) => texts.reduce((s, t) => s + (JSON.parse(t) as { payload: { events: unknown[] } }).payload.events.length, 0);
  const measured = { today: today.slice(warm), pre: pre.slice(warm) };
  const n = count(measured.today);
  const bytes = (texts: readonly string[]) => texts.reduce((s, t) => s + Buffer.byteLength(t), 0);
  if (mode === 'one') {
    const which = arg as 'today' | 'full' | 'wf' | 'parse-today' | 'parse-pre';
    const run = (texts: { today: string[]; pre: string[] }) =>
      which === 'today' ? runToday(texts.today) : which === 'parse-today' ? runParse(texts.today) : which === 'parse-pre' ? runParse(texts.pre) : runPre(texts.pre, which as PreMode);
    run({ today: today.slice(0, warm), pre: pre.slice(0, warm) });
    // Only this call is counted under callgrind's --toggle-collect=Builtins_ReflectApply.
    const sum = Reflect.apply(run, null, [measured]) as number;
    console.log(`${which}: ${n} events measured (checksum ${sum})`);
    return;
  }
  if (mode !== 'parts') throw new Error(`usage: pre-encoded.mjs parts [pairs] | one today|full|wf|parse-today|parse-pre (got ${JSON.stringify(mode)})`);
  const ids = checkIdentity(today, pre);
  console.log(`identity: ${ids.events} events, ${ids.texts} column texts byte-identical to today's, ${ids.objects} detail objects equal`);
  console.log(`wire: today ${(bytes(measured.today) / n).toFixed(1)} B/event, pre-encoded ${(bytes(measured.pre) / n).toFixed(1)} B/event (measured part, UTF-8)`);
  runToday(today.slice(0, warm));
  runPre(pre.slice(0, warm), 'full');
  runPre(pre.slice(0, warm), 'wf');
  runParse(today.slice(0, warm));
  const pairs = Number(arg ?? 6);
  for (let i = 0; i < pairs; i++) {
    const t = cpuUs(() => runToday(measured.today), n);
    const f = cpuUs(() => runPre(measured.pre, 'full'), n);
    const w = cpuUs(() => runPre(measured.pre, 'wf'), n);
    const pt = cpuUs(() => runParse(measured.today), n);
    const pp = cpuUs(() => runParse(measured.pre), n);
    console.log(`pair ${i + 1}: today ${t.us.toFixed(2)} | full ${f.us.toFixed(2)} | wf ${w.us.toFixed(2)} us/event CPU; JSON.parse alone today ${pt.us.toFixed(2)} | pre-encoded ${pp.us.toFixed(2)}`);
  }
}

if (/pre-encoded\.m?[jt]s$/.test(process.argv[1] ?? '')) main();
