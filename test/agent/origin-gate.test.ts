// Gated origin walks (issue 14, item 7) through the real agent bundle on the emulated device: a
// submission whose work is SDK code records no submitting stack (no Java stack walk, by the
// emulated ART's exact counter) and its events are still attributed to the SDK by their own
// stack; work of a library class (an androidx Runnable) still walks, so its events, whose running
// stack has no deciding frame, are attributed through the submitting stack; 'all' walks every
// submission and restores "called by the app". The host's gate list is checked against the
// classifier it comes from.
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../emulator/index.js';
import { originGate } from '../../host/attribution/origin-gate.js';
import { createAttributor, sdkCatalog } from '../../host/attribution/shipped.js';
import { FrameClassifier, isSkipKind, PLATFORM_PREFIXES, RUNTIME_PREFIXES, TRANSPARENT_PREFIXES, HOOK_PREFIXES, BRIDGE_PREFIXES } from '../../host/attribution/classify.js';
import { DecidingClasses } from '../../agent/core/origin-gate.js';
import { miniScenario } from '../emulator/helpers.js';
import { traceScenario, type Trace } from '../emulator/trace.js';

const PKG = 'com.example.app';
const read = (what: string, where: string) => ({ in: where, do: [{ read: what }] });

/**
 * The app's Application.onCreate initialises a push SDK (com.sdk.push: not in the catalog, an
 * unknown third party, so it decides), which hands four pieces of work over: its own Runnable to
 * its executor, its own Runnable to the main Handler, its own Runnable to a new Thread, and a
 * Runnable of an androidx class (transparent: it does not decide) that reads directly.
 */
function scenario(): Scenario {
  return miniScenario((s) => {
    s.app.permissions['android.permission.READ_PHONE_STATE'] = 'granted';
    s.app.components = {};
    s.app.application.onCreate = [
      {
        in: ['com.sdk.push.PushManager.init', 'com.sdk.push.a.b'],
        do: [
          { execute: 'sdk', task: 'com.sdk.push.a.b$1', do: [read('android_id', 'com.sdk.push.c.d.a')] },
          { post: 'main', task: 'com.sdk.push.a.b$2', do: [read('imei', 'com.sdk.push.c.d.b')] },
          { thread: 'push-init', task: 'com.sdk.push.a.b$3', do: [read('imsi', 'com.sdk.push.c.d.c')] },
          { execute: 'sdk', task: 'androidx.core.os.ExecutorCompat$1', do: [{ read: 'android_id' }] },
        ],
      },
    ] as Scenario['app']['application']['onCreate'];
  });
}

async function run(mode: 'all' | 'gated'): Promise<Trace> {
  return traceScenario(scenario(), { agentConfig: { originStacks: mode, originGate: originGate(sdkCatalog(), PKG) } });
}

/** The PI reads with their attribution, as the host's attributor gives it. */
function reads(t: Trace) {
  const attributor = createAttributor(PKG);
  return t.events
    .filter((e) => e.kind === 'pi' && e.process === PKG)
    .map((e) => {
      const frames = t.stacks.get(e.stack!)!;
      const origins = (e.origins ?? []).map((id) => t.stacks.get(id)!);
      const a = attributor.stack(frames, origins);
      return { dataType: e.dataType, thread: e.thread, origins: (e.origins ?? []).length, party: a.party, frame: a.frame, via: a.via, calledByApp: a.calledByApp };
    });
}

const eventsWithStack = (t: Trace) => t.events.filter((e) => e.stack !== undefined).length;
const submissions = (t: Trace) => [...t.counts].filter(([id]) => id.startsWith('async.') && /execute|sendMessage|start/.test(id)).reduce((n, [, c]) => n + c.calls, 0);

describe('gated origin walks on the emulated device', () => {
  it('skips the walk for SDK work, keeps it for library work, and attributes both as before', async () => {
    const gated = await run('gated');
    const all = await run('all');
    const g = reads(gated);
    const a = reads(all);
    expect(g.map((r) => [r.dataType, r.party, r.frame, r.via])).toEqual(a.map((r) => [r.dataType, r.party, r.frame, r.via]));
    // The main thread's Handler runs first, then the pool and the new thread (virtual time).
    expect(g.map((r) => [r.dataType, r.frame, r.via, r.origins, r.calledByApp])).toEqual([
      // SDK Runnables: decided by their own frames; no submitting stack, so the app is not in the chain.
      ['imei', 'com.sdk.push.c.d.b', 'stack', 0, false],
      ['android_id', 'com.sdk.push.c.d.a', 'stack', 0, false],
      ['imsi', 'com.sdk.push.c.d.c', 'stack', 0, false],
      // The androidx Runnable's stack has no deciding frame: its submitting stack (walked) decides.
      ['android_id', 'com.sdk.push.a.b', 'origin', 1, true],
    ]);
    // 'all': every submission walked, the app appears as the caller of the SDK work.
    expect(a.map((r) => [r.dataType, r.origins, r.calledByApp])).toEqual([
      ['imei', 1, true],
      ['android_id', 1, true],
      ['imsi', 1, true],
      ['android_id', 1, true],
    ]);
    // Exact walks: one per event stack, plus one per walked submission (4 outermost submissions
    // in 'all'; only the androidx one in 'gated').
    expect(submissions(gated)).toBe(submissions(all));
    expect(all.javaCounters.stackWalks).toBe(eventsWithStack(all) + 4);
    expect(gated.javaCounters.stackWalks).toBe(eventsWithStack(gated) + 1);
    expect(eventsWithStack(gated)).toBe(eventsWithStack(all));
    // The gate reads classes over JNI instead: a $className per submission (and per class, once, its superclasses).
    expect(gated.javaCounters.classNameReads).toBeGreaterThan(all.javaCounters.classNameReads);
  }, 120_000);
});

describe('the gate list the host sends', () => {
  const catalog = sdkCatalog();
  const gate = originGate(catalog, PKG);
  const agentSide = new DecidingClasses(gate);
  const classifier = new FrameClassifier(catalog, PKG);

  it('gives every class the verdict the classifier gives it', () => {
    const names = new Set<string>([
      'com.example.app.MainActivity', 'com.example.app.a.b', 'com.sdk.push.a.b$1', 'a.b.c', 'LSPHooker_1', '$Proxy12', 'com.sun.proxy.$Proxy3',
      'java.lang.Thread', 'android.os.Handler$Callback', 'androidx.core.os.ExecutorCompat$1', 'kotlinx.coroutines.DispatchedTask', 'io.flutter.plugin.common.MethodChannel',
      'org.apache.cordova.device.Device', 'com.facebook.react.bridge.JavaMethodWrapper', 'okhttp3.internal.connection.RealCall',
    ]);
    for (const p of [...PLATFORM_PREFIXES, ...RUNTIME_PREFIXES, ...TRANSPARENT_PREFIXES, ...HOOK_PREFIXES, ...BRIDGE_PREFIXES.map(([b]) => b)]) {
      names.add(`${p}.Foo`);
      names.add(`${p}.a$b`);
    }
    for (const sdk of catalog.sdks) for (const k of [...(sdk.entry.prefixes ?? []), ...(sdk.entry.components ?? [])]) {
      names.add(`${k}.Foo`);
      names.add(`${k}$1`);
    }
    const wrong = [...names].filter((n) => agentSide.decides(n) !== !isSkipKind(classifier.classify(n).kind));
    expect(wrong).toEqual([]);
    expect(names.size).toBeGreaterThan(2000);
  });

  it('is short: only prefixes where the verdict can change', () => {
    expect(gate.prefixes.length).toBeLessThan(200);
    expect(gate.prefixes).toContainEqual([PKG, true]);
    expect(gate.prefixes).toContainEqual(['androidx', false]);
  });
});
