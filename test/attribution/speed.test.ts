// stack() must be fast cold (no result caching): compared with the naive attribution today's tools
// do (every catalog prefix tested against the whole stack string, last match wins) on the same
// stacks, it must be well over 10x faster. Every timed stack is new and its SDK and app classes
// have never been seen (only framework frames recur, as on a device). Both run in this process on
// the same data, so the ratio holds on slow machines too.
import { expect, test } from 'vitest';
import type { Frame } from '../../protocol/messages.js';
import { attributor, catalog } from './helpers.js';

const PLATFORM = [
  'android.os.BinderProxy.transact', 'com.android.internal.telephony.ITelephony$Stub$Proxy.getDeviceId', 'android.telephony.TelephonyManager.getDeviceId',
  'java.lang.reflect.Method.invoke', 'okhttp3.RealCall.execute', 'kotlinx.coroutines.DispatchedTask.run',
];
const BOTTOM = ['android.os.Handler.dispatchMessage', 'android.os.Looper.loop', 'android.app.ActivityThread.main', 'java.lang.reflect.Method.invoke', 'com.android.internal.os.RuntimeInit$MethodAndArgsCaller.run', 'com.android.internal.os.ZygoteInit.main'];

function stacks(n: number, salt: string): Frame[][] {
  // SDKs whose first prefix decides on its own (not under a platform or transparent root).
  const probe = attributor('com.example.shop');
  const sdks = catalog().sdks.filter((s) => s.entry.prefixes?.length && probe.stack([[`${s.entry.prefixes[0]}.X`, 'm', null, -1]]).sdk?.id === s.entry.id);
  const out: Frame[][] = [];
  for (let i = 0; i < n; i++) {
    const a = sdks[(i * 7919) % sdks.length].entry.prefixes as string[];
    const b = sdks[(i * 104729) % sdks.length].entry.prefixes as string[];
    const names = [
      ...PLATFORM,
      `${a[0]}.internal.Collector${salt}${i}.collect`, `${a[0]}.internal.Collector${salt}${i}.run`,
      `${b[0]}.api.Entry${salt}${i}.init`,
      `com.example.shop.App${salt}${i}.onCreate`, `com.example.shop.ui.MainActivity${salt}${i}.onResume`,
      'android.app.Activity.performResume', 'android.app.Instrumentation.callActivityOnResume', 'android.app.ActivityThread.performResumeActivity',
      ...BOTTOM,
    ];
    out.push(names.map((s) => { const d = s.lastIndexOf('.'); return [s.slice(0, d), s.slice(d + 1), null, -1] as Frame; }));
  }
  return out;
}

/** What camille/AppScan do: every prefix against the whole stack string; the last match wins. */
function naive(prefixes: readonly [string, string][], frames: readonly Frame[]): string | null {
  const text = frames.map((f) => `${f[0]}.${f[1]}`).join('\n');
  let found: string | null = null;
  for (const [p, id] of prefixes) if (text.includes(p)) found = id;
  return found;
}

test('cold stack() is well over 10x faster than a whole-stack substring scan over all prefixes', () => {
  const prefixes: [string, string][] = catalog().sdks.flatMap((s) => [...(s.entry.prefixes ?? []), ...(s.entry.components ?? [])].map((p) => [p, s.entry.id] as [string, string]));
  const att = attributor('com.example.shop');
  // Warm-up stacks get the JIT going; they share no SDK or app class name with the timed ones.
  for (const salt of ['w1', 'w2', 'w3']) {
    for (const s of stacks(400, salt)) {
      att.stack(s);
      naive(prefixes, s);
    }
  }
  const time = (fn: () => void) => {
    const t0 = performance.now();
    fn();
    return performance.now() - t0;
  };
  let decided = 0;
  const runs = ['r1', 'r2', 'r3'].map((salt) => stacks(400, salt));
  const ours = Math.min(...runs.map((input) => time(() => { for (const s of input) if (att.stack(s).sdk) decided++; })));
  const theirs = Math.min(...runs.map((input) => time(() => { for (const s of input) naive(prefixes, s); })));
  expect(decided).toBe(3 * 400);
  const ratio = theirs / ours;
  console.log(`attribution: ${((ours * 1000) / 400).toFixed(1)} us/stack, naive ${((theirs * 1000) / 400).toFixed(1)} us/stack, ${ratio.toFixed(0)}x`);
  expect(ratio).toBeGreaterThan(10);
});
