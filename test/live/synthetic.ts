// Large synthetic runs for the dashboard's volume tests, written through the Store's own append
// path (hash chain included) so the rows look exactly like ingest's. The mix: several SDKs, the
// app, host events, phases that alternate through consent and background periods, stacks.
import type { EventRow, Store } from '../../store/db.js';

const SDKS = [
  { id: 'getui-push', name: 'Getui Push', pkg: 'com.igexin.push.core', category: 'push' },
  { id: 'umeng-analytics', name: 'Umeng Analytics', pkg: 'com.umeng.commonsdk', category: 'analytics' },
  { id: 'pangle', name: 'Pangle', pkg: 'com.bytedance.sdk.openadsdk', category: 'ads' },
];
const DATA_TYPES = ['android_id', 'imei', 'installed_apps', 'location', 'imsi'];
const KINDS = ['pi', 'pi', 'pi', 'net', 'launch', 'lifecycle', 'permission'];
export const SYNTHETIC_APP = 'com.example.synthetic';

/** Phase of the i-th event of n: launch, pre-consent, post-consent, background, post-consent. */
function phaseAt(i: number, n: number): { phase: string; consent: string } {
  const f = i / n;
  if (f < 0.05) return { phase: 'launch', consent: 'none' };
  if (f < 0.3) return { phase: 'pre-consent', consent: 'none' };
  if (f < 0.6) return { phase: 'post-consent', consent: 'granted' };
  if (f < 0.8) return { phase: 'background', consent: 'granted' };
  return { phase: 'post-consent', consent: 'granted' };
}

export interface SyntheticOptions {
  runId: number;
  count: number;
  /** First event's device time. */
  t0?: number;
  /** Device ms between events. */
  stepMs?: number;
  /** Rows per transaction. */
  batch?: number;
  /** Index of the first event (to append to an existing synthetic run). */
  from?: number;
  /** Total size of the run (phases are spread over it); defaults to from + count. */
  of?: number;
}

/** The i-th synthetic row of a run; deterministic, so tests can recompute any of them. */
export function syntheticRow(runId: number, i: number, n: number, t0 = 1_767_225_600_000, stepMs = 5): EventRow {
  const sdk = SDKS[i % SDKS.length]!;
  const host = i % 97 === 0;
  const kind = host ? 'device' : KINDS[i % KINDS.length]!;
  const { phase, consent } = phaseAt(i, n);
  const firstParty = !host && i % 11 === 0;
  const frames = `synthetic-${i % 5}`;
  return {
    run_id: runId,
    source: host ? 'host' : 'agent',
    process_id: null,
    pid: host ? null : 4000 + (i % 2),
    seq: host ? null : i,
    t: t0 + i * stepMs,
    tid: host ? null : 100 + (i % 3),
    thread: host ? null : i % 3 === 0 ? 'main' : `pool-${i % 3}`,
    kind,
    api: host ? 'device.spawnAdded' : kind === 'pi' ? 'android.provider.Settings$Secure.getString(android.content.ContentResolver,java.lang.String)' : `android.synthetic.${kind}()`,
    hook: null,
    data_type: kind === 'pi' ? DATA_TYPES[i % DATA_TYPES.length]! : null,
    args: null,
    ret: null,
    thrown: null,
    detail: host ? JSON.stringify({ type: 'spawn', identifier: `com.partner.app${i % 3}`, package: `com.partner.app${i % 3}`, other: true }) : JSON.stringify({ key: `k${i}` }),
    stack: host ? null : frames,
    origins: null,
    phase,
    consent,
    foreground: phase === 'background' ? 0 : 1,
    sdk: host || firstParty ? null : sdk.id,
    party: host ? null : firstParty ? 'first-party' : 'third-party',
    via: host ? null : 'stack',
    frame: host ? null : firstParty ? `${SYNTHETIC_APP}.App.onCreate` : `${sdk.pkg}.Collector.collect`,
    chain: null,
    attribution: host
      ? null
      : JSON.stringify({
          sdk: firstParty ? null : { id: sdk.id, name: sdk.name, category: sdk.category },
          party: firstParty ? 'first-party' : 'third-party',
          frame: firstParty ? `${SYNTHETIC_APP}.App.onCreate` : `${sdk.pkg}.Collector.collect`,
          frameIndex: firstParty ? 2 : 1,
          apiIndex: 0,
          via: 'stack',
          chain: [],
          reason: 'synthetic',
        }),
  };
}

export function syntheticStacks(store: Store, runId: number): void {
  for (let k = 0; k < 5; k++) {
    const frames = [
      ['android.provider.Settings$Secure', 'getString', 'Settings.java', 100],
      ['com.igexin.push.core.Collector', 'collect', 'SourceFile', 10 + k],
      [`${SYNTHETIC_APP}.App`, 'onCreate', 'App.java', 20],
      ['android.app.Application', 'onCreate', 'Application.java', 30],
    ];
    store.addStack(runId, `synthetic-${k}`, JSON.stringify(frames));
  }
}

/** Appends `count` synthetic events to a run (created by the caller) and returns their ids. */
export function writeSynthetic(store: Store, o: SyntheticOptions): { first: number; last: number } {
  const from = o.from ?? 0;
  const n = o.of ?? from + o.count;
  const batch = o.batch ?? 5000;
  if (from === 0) syntheticStacks(store, o.runId);
  let first = -1;
  let last = -1;
  for (let start = from; start < from + o.count; start += batch) {
    const end = Math.min(from + o.count, start + batch);
    const items: { row: EventRow }[] = [];
    for (let i = start; i < end; i++) items.push({ row: syntheticRow(o.runId, i, n, o.t0, o.stepMs) });
    const ids = store.transaction(() => store.appendEvents(o.runId, items));
    if (first < 0) first = ids[0]!;
    last = ids[ids.length - 1]!;
  }
  return { first, last };
}
