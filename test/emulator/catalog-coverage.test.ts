// Issue 3: every catalog hook is exercised on the emulated device with the real agent bundle
// (dist/agent/agent.emulated.js): the emulator exposes each hooked overload at the API levels
// Android has it, and a call through the device fires each hook and yields the event an analyst
// relies on (kind, data type, arguments or details, and a stack that shows the calling SDK).
import { describe, expect, it } from 'vitest';
import { apacheLegacyLibrary } from '../../emulator/android/http.js';
import { frameworkClass } from '../../emulator/android/index.js';
import type { JavaHookRecord } from '../../host/commands/hooks.js';
import { existsAt } from '../../emulator/java/model.js';
import { overloadKey } from '../../emulator/java/types.js';
import { NATIVE_HOOKS } from '../../agent/catalog/index.js';
import { coverageRun, JAVA_HOOKS, overloadsAt, PKG, SDK, type CoverageRun } from './coverage-scenario.js';
import type { Scenario } from '../../emulator/index.js';
import type { Action } from '../../emulator/scenario/schema.js';
import { framesOf, traceScenario, type Trace, type TracedEvent } from './trace.js';

const HOOKS = JAVA_HOOKS();
const byId = new Map(HOOKS.map((h) => [h.id, h]));

/**
 * Event kinds an extractor reports instead of the catalog's, by hook id prefix: a content call into
 * a provider that is not a known personal-information provider is a launch into that provider
 * (agent/extract/content.ts).
 */
const OTHER_KINDS: Readonly<Record<string, readonly string[]>> = { 'content.': ['launch'] };

/**
 * Hooks whose part in an event is reported under another hook's id (agent/extract/wake.ts: one
 * process-start per process). Up to API 34 a service's creation waits for its start or bind
 * intent, and handleServiceArgs/handleBindService report it with the component handleCreateService
 * read. From API 35 the system's ApplicationStartInfo decides at the first entry (the service's
 * creation), and for a late attach as soon as the agent starts (wake.startInfo), before the
 * dynamic receiver's delivery.
 */
/** Hooks that report nothing by design: a stream's finish() only keeps its Deflater calls silent. */
const SILENT = { 'gzip.finish': 'keeps the Deflater calls of finish() silent', 'deflaterstream.finish': 'keeps the Deflater calls of finish() silent' };

function noOwnEvent(api: number): Readonly<Record<string, string>> {
  if (api < 35) return { ...SILENT, 'wake.handleCreateService': 'reported by wake.handleServiceArgs / wake.handleBindService' };
  return {
    ...SILENT,
    'wake.handleServiceArgs': 'decided at wake.handleCreateService from ApplicationStartInfo',
    'wake.handleBindService': 'decided at wake.handleCreateService from ApplicationStartInfo',
    'wake.receiverArgs.getRunnable': 'decided from ApplicationStartInfo when the late agent starts (wake.startInfo)',
  };
}

/** The overload's api string, as the agent spells it. */
const apiOf = (cls: string, method: string, params: readonly string[]) => `${cls}.${method}(${params.join(',')})`;

/** Every frame class of an event's stack and of its origins (the stacks that submitted its work). */
function frameClasses(t: Trace, e: TracedEvent): Set<string> {
  const out = new Set<string>();
  for (const id of [e.stack, ...(e.origins ?? [])]) for (const f of framesOf(t, id)) out.add(f[0]);
  return out;
}

interface Outcome {
  run: CoverageRun;
  trace: Trace;
}

const cache = new Map<string, Promise<Outcome>>();
function run(api: number, okhttp: 'okhttp3' | 'okhttp4' = 'okhttp3'): Promise<Outcome> {
  const key = `${api}/${okhttp}`;
  let p = cache.get(key);
  if (p === undefined) {
    const r = coverageRun({ api, okhttp });
    p = traceScenario(r.scenario, {
      apiLevel: api,
      // The :d process is attached late (as `sdktrace trace` attaches to a running app): its first
      // entry after the agent starts is the dynamic receiver's delivery.
      late: { process: ':d', ready: (d) => d.services.hasDynamicReceiver(PKG, `${SDK}.DYN`) },
    }).then((trace) => ({ run: r, trace }));
    cache.set(key, p);
  }
  return p;
}

describe('the emulated device models every hooked overload', () => {
  it('each public and hidden overload exists exactly at the API levels its signature gives', () => {
    // Apache HttpClient left the boot class path in Android 9: from API 28 its classes come from
    // the org.apache.http.legacy shared library, for apps that declare it.
    const legacy = new Map(apacheLegacyLibrary().map((c) => [c.name, c]));
    const classAt = (name: string, api: number, h: JavaHookRecord) => (h.id === 'apache.execute' && api >= 28 ? legacy.get(name) : frameworkClass(name, api));
    const problems: string[] = [];
    for (let api = 24; api <= 36; api++) {
      for (const h of HOOKS) {
        // App-shipped classes are libraries' (emulator/libraries), vendor ones the manufacturer's
        // framework (emulator/android/vendor.ts): neither is in the framework this checks.
        if (h.loader === 'app' || h.vendor !== undefined) continue;
        for (const s of h.signatures) {
          // A hidden overload the catalog declares without API levels: AOSP's current form, which
          // must exist at the newest level (earlier ones may have had other forms).
          const unranged = s.source === 'aosp' && s.minApi === undefined && s.maxApi === undefined;
          if (unranged && api < 36) continue;
          const want = overloadsAt(h, api).includes(s);
          const key = overloadKey(h.method === '$init' ? '<init>' : h.method, s.params);
          let has = false;
          for (let c = classAt(h.class, api, h); c !== undefined && !has; c = c.superName === null ? undefined : classAt(c.superName, api, h)) {
            has = c.methods.some((x) => overloadKey(x.name, x.params) === key && existsAt(x, api));
          }
          if (want && !has) problems.push(`API ${api}: ${h.id} ${key} missing`);
          // Outside its range an overload must not exist (a hook on it fails as on a device).
          if (!want && has) problems.push(`API ${api}: ${h.id} ${key} exists outside ${s.minApi ?? ''}-${s.maxApi ?? ''}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

/**
 * Representative levels: the oldest, Android 9 (apache off the boot path), 11, 13, 14 and the
 * newest (okhttp 4). Not 12 / 12L: there the probes' device-identifier refusals fail loudly
 * (their wording is not pinned, android.identifiers.readDeviceIdentifiers).
 */
const LEVELS: readonly (readonly [number, 'okhttp3' | 'okhttp4'])[] = [
  [24, 'okhttp3'],
  [28, 'okhttp3'],
  [30, 'okhttp3'],
  [33, 'okhttp3'],
  [34, 'okhttp3'],
  [36, 'okhttp4'],
];

describe.each(LEVELS)('catalog coverage at API %i', (api, okhttp) => {
  it('runs cleanly: no agent errors, no hook errors, no emulator notices, nothing the host refuses', async () => {
    const { trace } = await run(api, okhttp);
    expect(trace.errors).toEqual([]);
    expect(trace.protocolProblems).toEqual([]);
    expect(trace.events.filter((e) => e.kind === 'hook').map((e) => `${e.hook}: ${e.detail?.error}`)).toEqual([]);
    expect(trace.notices).toEqual([]);
  });

  it('every hook that exists at this API level is installed', async () => {
    const { run: r, trace } = await run(api, okhttp);
    const main = trace.hooks.get(PKG)!;
    const bad = [...r.expected.keys()].map((id) => [id, main.get(id)] as const).filter(([, s]) => s?.state !== 'installed').map(([id, s]) => `${id}: ${s?.state} ${s?.reason ?? ''}`);
    expect(bad).toEqual([]);
  });

  it('every probe fires its hook, with the probe frame on the stack (or as the origin)', async () => {
    const { run: r, trace } = await run(api, okhttp);
    const missing: string[] = [];
    for (const p of r.probes) {
      const h = byId.get(p.hook)!;
      const want = p.params === null ? null : apiOf(h.class, h.method, p.params);
      // Origin hooks report no event of their own: the work they carry does, with the probe's
      // stack among its origins.
      // Loader hooks report no event either: the hook counts the constructor call (as do the
      // silent stream finish() hooks).
      const hit =
        h.kind === 'origin'
          ? trace.events.some((e) => (e.origins ?? []).some((o) => framesOf(trace, o).some((f) => f[0] === p.frame)))
          : h.kind === 'loader' || SILENT[p.hook as keyof typeof SILENT] !== undefined
            ? (trace.counts.get(p.hook)?.calls ?? 0) > 0
            : trace.events.some((e) => e.hook === p.hook && (want === null || e.api === want) && frameClasses(trace, e).has(p.frame));
      if (!hit) missing.push(`${p.frame} ${p.hook}${p.params === null ? '' : `(${p.params.join(',')})`} [${p.where}]`);
    }
    expect(missing).toEqual([]);
  });

  it('every hook fires, and its events carry the catalog kind and data type', async () => {
    const { run: r, trace } = await run(api, okhttp);
    const silent: string[] = [];
    const wrong: string[] = [];
    for (const id of r.expected.keys()) {
      const h = byId.get(id)!;
      if ((trace.counts.get(id)?.calls ?? 0) === 0) silent.push(id);
      if (h.kind === 'origin' || h.kind === 'loader') continue;
      for (const e of trace.events.filter((x) => x.hook === id)) {
        const other = Object.entries(OTHER_KINDS).find(([prefix]) => id.startsWith(prefix))?.[1] ?? [];
        if (e.kind !== h.kind && !other.includes(e.kind)) wrong.push(`${id}: kind ${e.kind}`);
        if (h.dataType !== undefined && e.kind === h.kind && e.dataType !== h.dataType) wrong.push(`${id}: dataType ${e.dataType}`);
      }
    }
    expect(silent).toEqual([]);
    expect([...new Set(wrong)]).toEqual([]);
  });

  it('every overload at this API level yields an event', async () => {
    const { run: r, trace } = await run(api, okhttp);
    const seen = new Set(trace.events.map((e) => `${e.hook} ${e.api}`));
    const missing: string[] = [];
    for (const [id, sigs] of r.expected) {
      const h = byId.get(id)!;
      if (h.kind === 'origin' || h.kind === 'loader' || noOwnEvent(api)[id] !== undefined) continue;
      for (const s of sigs) {
        const a = apiOf(h.class, h.method, s === '' ? [] : s.split(','));
        if (!seen.has(`${id} ${a}`)) missing.push(`${id} ${a}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('hooks outside their API range are skipped, the rest of the catalog installs', async () => {
    const { run: r, trace } = await run(api, okhttp);
    const main = trace.hooks.get(PKG)!;
    const wrong: string[] = [];
    for (const h of HOOKS) {
      const inRange = (h.minApi === undefined || api >= h.minApi) && (h.maxApi === undefined || api <= h.maxApi);
      const st = main.get(h.id)?.state;
      if (!inRange && st !== 'skipped') wrong.push(`${h.id}: ${st} (range ${h.minApi ?? ''}-${h.maxApi ?? ''})`);
      if (inRange && !r.expected.has(h.id) && r.absent[h.id] === undefined) wrong.push(`${h.id}: in range but not driven`);
      // What is absent is absent as on a device: the class (a library this app does not ship) or the method.
      const why = r.absent[h.id];
      if (inRange && why !== undefined && st !== why) wrong.push(`${h.id}: ${st}, expected ${why}`);
    }
    expect(wrong).toEqual([]);
  });

  it('each process reports what started it', async () => {
    const { trace } = await run(api, okhttp);
    const starts = new Map(trace.events.filter((e) => e.detail?.type === 'process-start').map((e) => [e.process === PKG ? 'main' : e.process.slice(PKG.length), e]));
    const cmp = (c: string) => `${PKG}/${PKG}.${c}`;
    expect(starts.get('main')?.detail).toMatchObject({ reason: 'launcher', component: cmp('MainActivity') });
    expect(starts.get(':r')?.detail).toMatchObject({ reason: 'receiver', component: cmp('WakeReceiver'), action: `${SDK}.WAKE` });
    expect(starts.get(':s')?.detail).toMatchObject({ reason: 'service', component: cmp('StartedService') });
    expect(starts.get(':b')?.detail).toMatchObject({ reason: 'service', component: cmp('BoundService') });
    expect(starts.get(':j')?.detail).toMatchObject({ reason: 'job', component: cmp('CovJobService') });
    for (const [proc, op] of [[':p1', 'query'], [':p2', 'call'], [':p3', 'insert']] as const) {
      const e = starts.get(proc)!;
      expect(e.detail).toMatchObject({ reason: 'provider', component: cmp(`P${proc.slice(2)}`) });
      expect(e.hook).toBe(`wake.provider.${op}`);
      // Before ApplicationStartInfo, the caller comes from the binder call itself.
      if (api < 35) expect(e.detail?.caller).toBe('com.partner.app');
    }
    // Attached late: the first entry the agent sees is a dynamic receiver's delivery; from API 35
    // the system's record says a service start created the process.
    const d = starts.get(':d')!;
    if (api >= 35) expect([d.hook, d.detail]).toEqual(['wake.startInfo', { type: 'process-start', reason: 'service', component: cmp('DynService') }]);
    else expect([d.hook, d.detail?.reason, d.detail?.action]).toEqual([api >= 33 ? 'wake.receiverArgs.getRunnable' : 'wake.receiverArgs.run', 'receiver', `${SDK}.DYN`]);
  });

  it("Android's rules show in what the hooks report", async () => {
    const { trace } = await run(api, okhttp);
    const first = (hook: string, apiSig?: string) => trace.events.find((e) => e.hook === hook && (apiSig === undefined || e.api.endsWith(apiSig)));
    // Android 6+: apps get a constant MAC from WifiInfo.
    expect(first('wifiInfo.getMacAddress')?.ret).toBe('02:00:00:00:00:00');
    // Android 10+: device identifiers need READ_PRIVILEGED_PHONE_STATE (the call still shows).
    const imei = first('telephony.getDeviceId', '()')!;
    if (api >= 29) expect(imei.thrown).toMatch(new RegExp(`^java\\.lang\\.SecurityException: getDeviceId: The ${api >= 31 ? 'uid' : 'user'} \\d+ does not meet the requirements to access device identifiers`));
    else expect(imei.detail).toEqual({ values: ['861234567890123'] });
    // Android 11+ (apps targeting 30+): no hardware address from NetworkInterface.
    const mac = first('netif.getHardwareAddress')!;
    if (api >= 30) expect(mac.ret).toBeNull();
    else expect(mac.detail).toEqual({ values: ['a4:50:46:aa:bb:cc'] });
    // Package lists carry the names (the agent casts List items, see agent/extract/packages.ts).
    expect(first('pm.getInstalledPackages', '(int)')?.detail?.values).toEqual(expect.arrayContaining(['com.tencent.mm', 'com.partner.app']));
    expect(first('am.getRunningAppProcesses')?.detail?.values).toContain(PKG);
    // The user's answers to the permission dialogs.
    const results = trace.events.filter((e) => e.hook === 'perm.dispatchRequestPermissionsResult').map((e) => [e.detail?.permissions, e.detail?.results]);
    expect(results).toContainEqual([['android.permission.READ_CALENDAR'], [0]]);
    expect(results).toContainEqual([['android.permission.WRITE_CALENDAR'], [-1]]);
    // What the user saw and did.
    expect(first('lifecycle.dialog.show')?.detail).toMatchObject({ type: 'dialog', text: 'Allow personalised ads?' });
    expect(first('lifecycle.performClick')?.detail).toMatchObject({ type: 'click', text: 'Agree' });
    // Device facts reach the reads.
    expect(first('clipboard.getPrimaryClip')?.detail?.values).toEqual(['https://promo.example.com/?code=XYZ']);
    expect(first('location.getLastKnownLocation')?.detail).toEqual({ target: 'gps', values: ['39.908700', '116.397500'] });
  });

  it('native sends of the SDK library reach every libc and BoringSSL hook', async () => {
    const { trace } = await run(api, okhttp);
    const natives = new Set(trace.events.filter((e) => e.hook?.startsWith('native.')).map((e) => e.hook));
    // native.close and native.SSL_free report nothing: they keep the agent's fd-type and SNI caches
    // honest (test/agent/natives.test.ts, test/agent/real-runtime.test.ts); the resolver hooks report
    // nothing either: their answers name later connects (test/network/native-dns.test.ts); socket and
    // accept4 only mark sockets for the native fd pre-filter (test/network/fd-filter.test.ts).
    const silent = new Set(['native.close', 'native.SSL_free', 'native.getaddrinfo', 'native.android_getaddrinfofornet', 'native.socket', 'native.accept4']);
    expect([...natives].sort()).toEqual(NATIVE_HOOKS.map((n) => n.id).filter((id) => !silent.has(id)).sort());
    expect(trace.counts.get('native.sendmmsg')?.calls ?? 0).toBeGreaterThan(0);
    for (const via of ['sendto', 'writev', 'sendmsg', 'sendmmsg']) {
      expect(trace.events.some((e) => e.hook === `native.${via}` && e.detail?.module === 'libcovsdk.so' && String(e.detail?.sample ?? '').includes(`via=${via}`))).toBe(true);
    }
  });
});

describe('across API levels 24-36', () => {
  it('every catalog hook fires on at least one level', async () => {
    const all = await Promise.all(LEVELS.map(([api, okhttp]) => run(api, okhttp)));
    const fired = new Set<string>();
    for (const { trace } of all) for (const [id, c] of trace.counts) if (c.calls > 0) fired.add(id);
    expect(HOOKS.map((h) => h.id).filter((id) => !fired.has(id))).toEqual([]);
  });
});

// ---- screen capture: what differs by API level and target --------------------------------------
// One small app per case: an activity asks for screen capture (the consent dialog), its
// onActivityResult hands the answer to a service, and the service (from com.sdk.cap) takes the
// projection and captures. The rules are the conformance ledger's android.mediaProjection.* entries.

interface CaptureCase {
  api: number;
  target: number;
  /** The service runs in the foreground with the mediaProjection type. */
  fgs: boolean;
  callback: boolean;
  captures?: number;
  /** getMediaProjection twice from the same consent data (the capture uses the second). */
  projectionTwice?: boolean;
  /** Also call the hidden isSecure overload (as SDKs that reflect do). */
  hiddenSecure?: boolean;
  answer?: 'start' | 'cancel';
  /** Capture this long after the projection was taken (a posted task). */
  captureAfterMs?: number;
  /** The app does not hold FOREGROUND_SERVICE_MEDIA_PROJECTION. */
  noProjectionPermission?: boolean;
  /** End the run here instead (before a refused startForeground's 5 s timeout). */
  endAt?: number;
}

const CAP = 'com.example.cap';
const MP = 'android.media.projection.MediaProjection';
const CVD_PUBLIC = ['java.lang.String', 'int', 'int', 'int', 'int', 'android.view.Surface', 'android.hardware.display.VirtualDisplay$Callback', 'android.os.Handler'];
const CVD_SECURE = ['java.lang.String', 'int', 'int', 'int', 'boolean', 'android.view.Surface', 'android.hardware.display.VirtualDisplay$Callback', 'android.os.Handler'];
const capAct = (ref: string, args: unknown[] = [], on?: unknown, as?: string): Action => ({ call: ref, args, ...(on === undefined ? {} : { on }), ...(as === undefined ? {} : { as }) }) as Action;
const capCall = (ref: string, args: unknown[] = [], on?: unknown) => ({ call: ref, args, ...(on === undefined ? {} : { on }) });
const MANAGER = capCall('android.content.Context.getSystemService(java.lang.String)', ['media_projection'], '$context');

function captureScenario(k: CaptureCase): Scenario {
  const notification = capCall('android.app.Notification$Builder.build()', [], { new: 'android.app.Notification$Builder(android.content.Context)', args: ['$context'] });
  const service: Action[] = [];
  if (k.fgs) service.push(k.api >= 29 ? capAct('android.app.Service.startForeground(int,android.app.Notification,int)', [4, notification, 32], '$this') : capAct('android.app.Service.startForeground(int,android.app.Notification)', [4, notification], '$this'));
  const project = capAct('android.media.projection.MediaProjectionManager.getMediaProjection(int,android.content.Intent)', [capCall('android.content.Intent.getIntExtra(java.lang.String,int)', ['code', 0], '$intent'), '$intent'], MANAGER, 'mp');
  service.push(project);
  if (k.projectionTwice === true) service.push(project);
  if (k.callback) {
    const cb = { object: 'com.sdk.cap.StopCallback', of: `${MP}$Callback`, methods: { onStop: [{ read: 'android_id' }] } };
    service.push(capAct(`${MP}.registerCallback(${MP}$Callback,android.os.Handler)`, [cb, null], '$mp'));
  }
  const captures: Action[] = [];
  for (let i = 0; i < (k.captures ?? 1); i++) captures.push(capAct(`${MP}.createVirtualDisplay(${CVD_PUBLIC.join(',')})`, [`cap-${i}`, 720, 1600, 320, 16, null, null, null], '$mp'));
  if (k.captureAfterMs === undefined) service.push(...captures);
  else service.push({ post: 'main', delayMs: k.captureAfterMs, task: 'com.sdk.cap.Later', do: captures } as Action);
  if (k.hiddenSecure === true) service.push(capAct(`${MP}.createVirtualDisplay(${CVD_SECURE.join(',')})`, ['cap-secure', 720, 1600, 320, true, null, null, null], '$mp'));
  const start = capCall('android.content.Intent.putExtra(java.lang.String,int)', ['code', '$resultCode'], capCall('android.content.Intent.putExtras(android.content.Intent)', ['$data'], capCall('android.content.Intent.setClassName(java.lang.String,java.lang.String)', [CAP, `${CAP}.Recorder`], { new: 'android.content.Intent()', args: [] })));
  // A cancelled dialog has no data to hand over: the activity asks for the projection itself.
  const onResult: Action[] =
    k.answer === 'cancel'
      ? [{ in: 'com.sdk.cap.Ui.onResult', do: [capAct('android.media.projection.MediaProjectionManager.getMediaProjection(int,android.content.Intent)', ['$resultCode', '$data'], MANAGER)] } as Action]
      : [capAct(`android.content.Context.${k.fgs && k.api >= 26 ? 'startForegroundService' : 'startService'}(android.content.Intent)`, [start], '$context')];
  return {
    name: `screen capture at API ${k.api}`,
    device: { apiLevel: k.api, imei: ['861234567890123'], androidId: '9774d56d682e549c' },
    app: {
      package: CAP,
      targetSdk: k.target,
      permissions: { 'android.permission.FOREGROUND_SERVICE': 'granted', ...(k.noProjectionPermission === true ? {} : { 'android.permission.FOREGROUND_SERVICE_MEDIA_PROJECTION': 'granted' }) },
      screenCapture: k.answer ?? 'start',
      launcher: { class: `${CAP}.MainActivity`, onActivityResult: onResult },
      components: { services: [{ class: `${CAP}.Recorder`, ...(k.fgs ? { foregroundServiceType: ['mediaProjection' as const] } : {}), onStartCommand: [{ in: 'com.sdk.cap.Recorder.start', do: service } as Action] }] },
      sdks: [{ id: 'cap', name: 'Capture SDK', packages: ['com.sdk.cap'] }],
    },
    timeline: [
      { at: 0, type: 'launch' },
      { at: 2000, type: 'run', task: 'com.sdk.cap.Ask', do: [capAct('android.app.Activity.startActivityForResult(android.content.Intent,int)', [capCall('android.media.projection.MediaProjectionManager.createScreenCaptureIntent()', [], MANAGER), 7], '$activity')] },
      { at: k.endAt ?? 9000 + (k.captureAfterMs ?? 0), type: 'end' },
    ],
  } as Scenario;
}

async function capture(k: CaptureCase): Promise<{ t: Trace; of: (hook: string) => TracedEvent[] }> {
  const t = await traceScenario(captureScenario(k), { apiLevel: k.api });
  expect(t.errors).toEqual([]);
  expect(t.notices).toEqual([]);
  return { t, of: (hook) => t.events.filter((e) => e.hook === hook) };
}

describe('screen capture across API levels (MediaProjection)', () => {
  const SECURITY_FGS = 'java.lang.SecurityException: Media projections require a foreground service of type ServiceInfo.FOREGROUND_SERVICE_TYPE_MEDIA_PROJECTION';

  it('android.mediaProjection.consent: the dialog is a launch into SystemUI, its answer the token (or nothing)', async () => {
    for (const [api, cls] of [
      [33, 'com.android.systemui.media.MediaProjectionPermissionActivity'],
      [34, 'com.android.systemui.mediaprojection.permission.MediaProjectionPermissionActivity'],
    ] as const) {
      const { of } = await capture({ api, target: api, fgs: true, callback: true });
      expect(of('activity.execStartActivity').map((e) => e.detail?.component)).toContain(`com.android.systemui/${cls}`);
      expect(of('screen.getMediaProjection').map((e) => [e.args?.[0], e.ret === null, e.thrown ?? null])).toEqual([[-1, false, null]]);
    }
    // "Cancel": RESULT_CANCELED and no data, so no projection.
    const { of } = await capture({ api: 34, target: 34, fgs: false, callback: false, answer: 'cancel' });
    expect(of('screen.getMediaProjection').map((e) => [e.args?.[0], e.ret ?? null])).toEqual([[0, null]]);
    expect(of('screen.createVirtualDisplay')).toEqual([]);
  });

  it('android.mediaProjection.foregroundService: from API 29 an app targeting 29+ needs a mediaProjection foreground service', async () => {
    // API 28: no such rule; the capture is taken.
    const old = await capture({ api: 28, target: 28, fgs: false, callback: false });
    expect(old.of('screen.createVirtualDisplay').map((e) => [e.args, e.thrown ?? null])).toEqual([[['cap-0', 720, 1600], null]]);
    // API 29 without it: getMediaProjection throws, nothing is captured.
    const refused = await capture({ api: 29, target: 29, fgs: false, callback: false });
    expect(refused.of('screen.getMediaProjection').map((e) => e.thrown)).toEqual([SECURITY_FGS]);
    expect(refused.of('screen.createVirtualDisplay')).toEqual([]);
    // API 29 with it (startForeground with the type): captured.
    const ok = await capture({ api: 29, target: 29, fgs: true, callback: false });
    expect(ok.of('service.startForeground').map((e) => e.detail?.target)).toEqual(['type=0x20']);
    expect(ok.of('screen.createVirtualDisplay').map((e) => [e.dataType, e.args, e.thrown ?? null])).toEqual([['screen_capture', ['cap-0', 720, 1600], null]]);
  });

  it('android.mediaProjection.fgsTypePolicy34: on API 34 the mediaProjection foreground service starts after consent (FOREGROUND_SERVICE_MEDIA_PROJECTION held); without the permission an app targeting 34 gets validateForegroundServiceType\'s SecurityException, one targeting 33 only a log line', async () => {
    const { of } = await capture({ api: 34, target: 34, fgs: true, callback: true });
    expect(of('service.startForeground').map((e) => [e.detail?.target, e.thrown ?? null])).toEqual([['type=0x20', null]]);
    const refused = await traceScenario(captureScenario({ api: 34, target: 34, fgs: true, callback: true, noProjectionPermission: true, endAt: 6000 }), { apiLevel: 34 });
    refused.device.close();
    expect(refused.errors).toEqual([]);
    expect(refused.events.filter((e) => e.hook === 'service.startForeground').map((e) => e.thrown ?? null)).toEqual([
      expect.stringMatching(/^java\.lang\.SecurityException: Starting FGS with type mediaProjection callerApp=ProcessRecord\{[0-9a-f]{7} \d+:com\.example\.cap:?[\w]*\/u0a\d+\} targetSDK=34 requires permissions: all of the permissions allOf=true \[android\.permission\.FOREGROUND_SERVICE_MEDIA_PROJECTION\] any of the permissions allOf=false \[android\.permission\.CAPTURE_VIDEO_OUTPUT, android:project_media\] $/),
    ]);
    const legacy = await capture({ api: 34, target: 33, fgs: true, callback: true, noProjectionPermission: true });
    expect(legacy.of('service.startForeground').map((e) => e.thrown ?? null)).toEqual([null]);
  });

  it('android.mediaProjection.requiresCallback: an app targeting 34 must register a callback before capturing; at 33 it need not', async () => {
    const t33 = await capture({ api: 33, target: 33, fgs: true, callback: false });
    expect(t33.of('screen.createVirtualDisplay').map((e) => e.thrown ?? null)).toEqual([null]);
    const t34 = await capture({ api: 34, target: 34, fgs: true, callback: false });
    expect(t34.of('screen.createVirtualDisplay').map((e) => [e.args, e.thrown])).toEqual([
      [['cap-0', 720, 1600], 'java.lang.IllegalStateException: Must register a callback before starting capture, to manage resources in response to MediaProjection states.'],
    ]);
    // The hidden isSecure overload has no such check.
    const secure = await capture({ api: 34, target: 34, fgs: true, callback: false, captures: 0, hiddenSecure: true });
    expect(secure.of('screen.createVirtualDisplay').map((e) => [e.api.endsWith(`(${CVD_SECURE.join(',')})`), e.args, e.thrown ?? null])).toEqual([[true, ['cap-secure', 720, 1600], null]]);
  });

  it('android.mediaProjection.createVirtualDisplay.forwards: from API 34 the public overload forwards to a hidden one, and the call is still one event', async () => {
    for (const api of [33, 34]) {
      const { t, of } = await capture({ api, target: api, fgs: true, callback: true });
      const events = of('screen.createVirtualDisplay');
      expect(events.map((e) => e.api)).toEqual([`${MP}.createVirtualDisplay(${CVD_PUBLIC.join(',')})`]);
      // 'all' hooked the hidden overloads too (isSecure; from 34 the Builder one the public call
      // passes through): the nested hooked call is silent, the app's call is one event.
      expect(t.hooks.get(CAP)?.get('screen.createVirtualDisplay')?.overloads).toBe(api >= 34 ? 3 : 2);
      expect(t.counts.get('screen.createVirtualDisplay')).toEqual({ calls: 1, emitted: 1 });
      expect(framesOf(t, events[0]!.stack).map((f) => f[0])).toContain('com.sdk.cap.Recorder');
    }
  });

  it('android.mediaProjection.tokenOnce: on API 34 a token captures once (target 34+); the second capture stops the projection', async () => {
    const twice = await capture({ api: 34, target: 34, fgs: true, callback: true, captures: 2 });
    const reuse = "java.lang.SecurityException: Don't re-use the resultData to retrieve the same projection instance, and don't use a token that has timed out. Don't take multiple captures by invoking MediaProjection#createVirtualDisplay multiple times on the same instance.";
    expect(twice.of('screen.createVirtualDisplay').map((e) => e.thrown ?? null)).toEqual([null, reuse]);
    // android.mediaProjection.callbacks: the stop reached the registered callback (its onStop read android_id).
    const stopped = twice.t.events.filter((e) => e.dataType === 'android_id');
    expect(stopped.map((e) => framesOf(twice.t, e.stack).some((f) => f[0] === 'com.sdk.cap.StopCallback'))).toEqual([true]);
    // A second getMediaProjection from the same data: the capture through it is refused.
    const again = await capture({ api: 34, target: 34, fgs: true, callback: true, projectionTwice: true });
    expect(again.of('screen.getMediaProjection').map((e) => e.thrown ?? null)).toEqual([null, null]);
    expect(again.of('screen.createVirtualDisplay').map((e) => e.thrown ?? null)).toEqual([reuse]);
    // A token older than 5 minutes (from the consent) is refused too; within them it captures.
    const late = await capture({ api: 34, target: 34, fgs: true, callback: true, captureAfterMs: 301_000 });
    expect(late.of('screen.createVirtualDisplay').map((e) => e.thrown ?? null)).toEqual([reuse]);
    const inTime = await capture({ api: 34, target: 34, fgs: true, callback: true, captureAfterMs: 280_000 });
    expect(inTime.of('screen.createVirtualDisplay').map((e) => e.thrown ?? null)).toEqual([null]);
  });
});
