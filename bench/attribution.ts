// Attribution speed against the naive method (every catalog prefix tested against the whole
// stack text, the last match wins: what camille/AppScan-style scripts do), on the same stacks in
// the same run.
// - cold: unique 30-frame stacks, every SDK and app class name never seen before (only framework
//   frames recur, as on a device), through Attributor.stack (no result caching);
// - warm: events whose stacks are interned ids already seen, through the ingest's attribution stage
//   (its per-code-path cache), which is what a long run mostly does.
import type { Frame } from '../protocol/messages.js';
import { AttributionStage } from '../host/ingest/stages/attribution.js';
import type { IngestItem } from '../host/ingest/types.js';
import { createAttributor, sdkCatalog } from '../attribution/shipped.js';
import type { EventRow } from '../store/db.js';
import { now, round } from './measure.js';

const APP = 'com.example.shop';
const API: string[] = ['android.telephony.TelephonyManager.getImei', 'android.telephony.TelephonyManager.getImei', 'java.lang.reflect.Method.invoke'];
const TRANSPORT = ['okhttp3.internal.connection.RealCall.execute', 'kotlinx.coroutines.DispatchedTask.run'];
const BOTTOM = ['android.app.Activity.performResume', 'android.app.Instrumentation.callActivityOnResume', 'android.os.Handler.dispatchMessage', 'android.os.Looper.loop', 'android.app.ActivityThread.main', 'java.lang.reflect.Method.invoke', 'com.android.internal.os.RuntimeInit$MethodAndArgsCaller.run', 'com.android.internal.os.ZygoteInit.main'];
const DEPTH = 30;

function frame(name: string, line: number): Frame {
  const d = name.lastIndexOf('.');
  return [name.slice(0, d), name.slice(d + 1), null, line];
}

/** Prefixes of SDKs that decide on their own (not under a platform or transparent root). */
function deciders(): { id: string; prefix: string }[] {
  const probe = createAttributor(APP);
  return sdkCatalog()
    .sdks.filter((s) => s.entry.prefixes?.length && probe.stack([[`${s.entry.prefixes[0]}.X`, 'm', null, -1]]).sdk?.id === s.entry.id)
    .map((s) => ({ id: s.entry.id, prefix: s.entry.prefixes![0]! }));
}

function stacks(n: number, salt: string, sdks: readonly { prefix: string }[]): Frame[][] {
  const out: Frame[][] = [];
  for (let i = 0; i < n; i++) {
    const a = sdks[(i * 7919) % sdks.length]!.prefix;
    const b = sdks[(i * 104729) % sdks.length]!.prefix;
    const names = [...API, ...TRANSPORT, `${a}.internal.Collector${salt}${i}.collect`, `${a}.internal.Collector${salt}${i}.run`, `${b}.api.Entry${salt}${i}.init`];
    for (let k = 0; names.length + BOTTOM.length < DEPTH; k++) names.push(`${APP}.ui.Screen${salt}${i}x${k}.onResume`);
    names.push(...BOTTOM);
    out.push(names.map((s, k) => frame(s, 10 + k)));
  }
  return out;
}

function naive(prefixes: readonly [string, string][], frames: readonly Frame[]): string | null {
  const text = frames.map((f) => `${f[0]}.${f[1]}`).join('\n');
  let found: string | null = null;
  for (const [p, id] of prefixes) if (text.includes(p)) found = id;
  return found;
}

function row(stack: string): EventRow {
  return {
    run_id: 1, source: 'agent', process_id: 1, pid: 1, seq: 0, t: 0, tid: 1, thread: 'main', kind: 'pi', api: 'android.telephony.TelephonyManager.getImei(int)', hook: null, data_type: 'imei',
    args: null, ret: null, thrown: null, detail: null, stack, origins: null, phase: null, consent: null, foreground: null, sdk: null, party: null, via: null, frame: null, chain: null, attribution: null,
  };
}

export interface AttributionResult {
  stacks: number;
  frames: number;
  catalogPrefixes: number;
  cold: { stacksPerSec: number; usPerStack: number; ratio: number; decided: number };
  warm: { stacksPerSec: number; usPerEvent: number; ratio: number; distinctStacks: number };
  naive: { stacksPerSec: number; usPerStack: number };
}

export async function benchAttribution(o: { stacks: number }): Promise<AttributionResult> {
  const sdks = deciders();
  const prefixes: [string, string][] = sdkCatalog().sdks.flatMap((s) => [...(s.entry.prefixes ?? []), ...(s.entry.components ?? [])].map((p) => [p, s.entry.id] as [string, string]));
  const att = createAttributor(APP);
  // Warm-up: the JIT, and the framework frames' verdicts (as after the first seconds of a run).
  for (const salt of ['w1', 'w2']) for (const s of stacks(500, salt, sdks)) {
    att.stack(s);
    naive(prefixes, s);
  }
  const time = (fn: () => void) => {
    const t0 = now();
    fn();
    return now() - t0;
  };
  // Cold: three fresh sets of unique stacks each; the best of three for both methods.
  const sets = ['c1', 'c2', 'c3'].map((salt) => stacks(o.stacks, salt, sdks));
  let decided = 0;
  const ours = Math.min(...sets.map((input) => time(() => {
    for (const s of input) if (att.stack(s).sdk !== null) decided++;
  })));
  const theirs = Math.min(...sets.map((input) => time(() => {
    for (const s of input) naive(prefixes, s);
  })));

  // Warm: a run's events on 500 code paths, interned ids, through the ingest stage's cache.
  const distinct = 500;
  const paths = stacks(distinct, 'warm', sdks);
  const stage = new AttributionStage(createAttributor(APP));
  const events = o.stacks * 10;
  const items: IngestItem[] = [];
  for (let i = 0; i < events; i++) {
    const k = (i * 2654435761) % distinct;
    const ev = { seq: i, t: 0, tid: 1, thread: 'main', kind: 'pi' as const, api: 'x', stack: `id${k}` };
    items.push({ process: null, source: 'agent', event: ev, row: row(`id${k}`), frames: paths[k]!, originFrames: [] });
  }
  for (const it of items.slice(0, distinct * 4)) stage.enrich(it);
  const warmMs = Math.min(...[0, 1, 2].map(() => time(() => {
    for (const it of items) stage.enrich(it);
  })));
  const naiveUs = (theirs * 1000) / o.stacks;
  const warmUs = (warmMs * 1000) / events;
  return {
    stacks: o.stacks,
    frames: DEPTH,
    catalogPrefixes: prefixes.length,
    cold: { stacksPerSec: Math.round(o.stacks / (ours / 1000)), usPerStack: round((ours * 1000) / o.stacks, 2), ratio: round(theirs / ours, 1), decided: decided / 3 },
    warm: { stacksPerSec: Math.round(events / (warmMs / 1000)), usPerEvent: round(warmUs, 3), ratio: round(naiveUs / warmUs, 0), distinctStacks: distinct },
    naive: { stacksPerSec: Math.round(o.stacks / (theirs / 1000)), usPerStack: round(naiveUs, 2) },
  };
}
