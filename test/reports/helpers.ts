// Small synthetic runs for the report tests, built through the real Store and Ingest (validation,
// attribution with the shipped catalog, live phases, projections, hash chain): every event goes
// in as an agent batch message or a host event, exactly as a device session would store it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import type { AgentEvent, Frame } from '../../protocol/messages.js';
import { PROTOCOL_VERSION } from '../../protocol/constants.js';
import { Store } from '../../store/db.js';
import { Ingest } from '../../host/ingest/ingest.js';
import { runStages } from '../../host/ingest/pipeline.js';
import type { ProcessContext } from '../../host/ingest/types.js';
import { createAttributor } from '../../attribution/shipped.js';
import { DEFAULT_CONSENT_WORDS, type ConsentWords } from '../../analysis/phase.js';
import { parseDeclaredLists, type LoadedLists } from '../../reports/lists/load.js';
import { LISTS_FORMAT, type DeclaredLists } from '../../reports/lists/schema.js';
import { sdkCatalog } from '../../attribution/shipped.js';

export const APP = 'com.example.shop';
export const T0 = 1_760_000_000_000;

/** "a.b.C.m" -> frame; frames are written innermost first, like Java.backtrace. */
export function frame(text: string): Frame {
  const i = text.lastIndexOf('.');
  const cls = text.slice(0, i);
  const simple = cls.slice(cls.lastIndexOf('.') + 1).replace(/\$.*$/, '');
  return [cls, text.slice(i + 1), `${simple}.java`, 10];
}
export const stack = (...frames: string[]): Frame[] => frames.map(frame);

/** Typical stacks: the platform API, then the caller. */
export const STACKS = {
  umengImei: stack('android.telephony.TelephonyManager.getDeviceId', 'com.umeng.commonsdk.statistics.common.DeviceConfig.getImei', 'com.umeng.commonsdk.UMConfigure.init', `${APP}.App.onCreate`, 'android.app.Application.onCreate'),
  umengAndroidId: stack('android.provider.Settings$Secure.getString', 'com.umeng.commonsdk.statistics.common.DeviceConfig.getAndroidID', 'com.umeng.commonsdk.UMConfigure.init', `${APP}.App.onCreate`),
  umengNet: stack('java.net.SocketOutputStream.write', 'okhttp3.internal.http1.Http1ExchangeCodec.writeRequest', 'com.umeng.analytics.pro.Sender.send', 'com.umeng.analytics.MobclickAgent.onResume'),
  jpushImei: stack('android.telephony.TelephonyManager.getDeviceId', 'cn.jpush.android.helper.DeviceInfo.imei', 'cn.jpush.android.api.JPushInterface.init', `${APP}.App.onCreate`),
  jpushNet: stack('java.net.SocketOutputStream.write', 'cn.jpush.android.net.HttpClient.post', 'cn.jpush.android.service.PushService.report'),
  jpushLaunch: stack('android.app.ContextImpl.startService', 'cn.jpush.android.service.WakeHelper.wakeOthers', 'cn.jpush.android.service.PushService.onCreate'),
  jpushAlarm: stack('android.app.AlarmManager.setImpl', 'android.app.AlarmManager.setRepeating', 'cn.jpush.android.service.AlarmHelper.schedule'),
  appLocation: stack('android.location.LocationManager.getLastKnownLocation', `${APP}.map.MapFragment.locate`, `${APP}.map.MapFragment.onResume`),
  appPerm: stack('android.app.Activity.requestPermissions', `${APP}.MainActivity.askLocation`, `${APP}.MainActivity.onCreate`),
  pangleApps: stack('android.app.ApplicationPackageManager.getInstalledPackages', 'com.bytedance.sdk.openadsdk.core.AppList.collect', 'com.bytedance.sdk.openadsdk.TTAdSdk.init'),
  pangleProbe: stack('android.app.ApplicationPackageManager.getPackageInfo', 'com.bytedance.sdk.openadsdk.core.AppList.has', 'com.bytedance.sdk.openadsdk.TTAdSdk.init'),
  pangleNet: stack('java.net.SocketOutputStream.write', 'com.bytedance.sdk.openadsdk.net.Client.post', 'com.bytedance.sdk.openadsdk.TTAdSdk.report'),
  unknownImei: stack('android.telephony.TelephonyManager.getDeviceId', 'com.shady.tracker.Collector.grab', `${APP}.App.onCreate`),
  appClick: stack('android.view.View.performClick', `${APP}.PrivacyDialog.onClick`),
} as const;

let tmpDirs: string[] = [];

export function tmpDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'sdktrace-rep-'));
  tmpDirs.push(d);
  return d;
}

export function cleanupTmp(): void {
  for (const d of tmpDirs) rmSync(d, { recursive: true, force: true });
  tmpDirs = [];
}

type EventInput = { kind: AgentEvent['kind']; api: string; hook?: string; dataType?: string; detail?: Record<string, unknown>; args?: unknown[]; ret?: unknown; stack?: Frame[]; origins?: Frame[][]; thrown?: string };

export class Run {
  readonly store: Store;
  readonly runId: number;
  readonly ingest: Ingest;
  /** Device/host clock of the synthetic run. */
  t = T0;
  private readonly procs = new Map<number, ProcessContext>();
  private readonly sentStacks = new Map<number, Set<string>>();

  constructor(readonly path: string, opts: { pkg?: string; mode?: 'demo' | 'trace' | 'observe' | 'audit'; consentWords?: ConsentWords; options?: Record<string, unknown> } = {}) {
    const pkg = opts.pkg ?? APP;
    this.store = Store.open(path, { create: true });
    this.runId = this.store.createRun({
      mode: opts.mode ?? 'trace',
      started_at: this.t,
      device_id: 'emulated-1',
      device_name: 'Emulated Pixel',
      device_kind: 'emulated',
      os_version: '14',
      api_level: 34,
      package: pkg,
      tool_version: '0.1.0',
      agent_version: '0.1.0',
      hook_catalog_version: 'test',
      sdk_catalog_version: sdkCatalog().version,
      options: { ...(opts.options ?? {}), consentWords: opts.consentWords ?? DEFAULT_CONSENT_WORDS },
    });
    const attributor = createAttributor(pkg);
    // The pipeline a real run uses (host/ingest/pipeline.ts).
    const { stages } = runStages(attributor, { words: opts.consentWords ?? DEFAULT_CONSENT_WORDS, apis: [], launchedByUser: opts.mode !== 'observe' });
    this.ingest = new Ingest(this.store, this.runId, stages, { appPackage: pkg, now: () => this.t });
    this.store.updateRun(this.runId, { app_version: '1.0', app_version_code: 1, signing_sha256: 'ab'.repeat(32) });
  }

  static create(opts: ConstructorParameters<typeof Run>[1] = {}): Run {
    return new Run(join(tmpDir(), 'sdktrace.db'), opts);
  }

  advance(ms: number): this {
    this.t += ms;
    return this;
  }

  /** A process of the app (traced), as the tracer records it. */
  process(name = APP, pid = 1000 + this.procs.size, spawnedBy: 'sdktrace' | 'device' | 'attach' = 'sdktrace'): ProcessContext {
    const row = this.store.addProcess({ run_id: this.runId, pid, name, package: name.split(':')[0], target: true, started_at: this.t, spawned_by: spawnedBy });
    const ctx: ProcessContext = { id: row.id, pid, name, package: row.package, target: true, nextSeq: 0, gaps: 0 };
    this.procs.set(pid, ctx);
    this.sentStacks.set(pid, new Set());
    this.ingest.hostEvent(ctx, { kind: 'device', api: 'device.processStarted', t: this.t, pid, detail: { type: 'process-started', identifier: name, spawnedBy } });
    this.ingest.handle(ctx, { type: 'send', payload: { v: PROTOCOL_VERSION, kind: 'hello', pid, process: name, agent: '0.1.0', catalog: 'test', java: true, android: { release: '14', sdk: 34 }, t: this.t } });
    return ctx;
  }

  /** Sends events as one agent batch (t advances 10 ms per event unless given). */
  batch(proc: ProcessContext, events: (EventInput & { t?: number })[]): void {
    const stacks: Record<string, Frame[]> = {};
    const sent = this.sentStacks.get(proc.pid)!;
    const idOf = (frames: Frame[]) => {
      const id = createHash('sha1').update(JSON.stringify(frames)).digest('hex').slice(0, 16);
      if (!sent.has(id)) {
        sent.add(id);
        stacks[id] = frames;
      }
      return id;
    };
    const out: Record<string, unknown>[] = [];
    for (const e of events) {
      if (e.t !== undefined) this.t = e.t;
      else this.t += 10;
      const ev: Record<string, unknown> = { seq: proc.nextSeq + out.length, t: this.t, tid: proc.pid, thread: 'main', kind: e.kind, api: e.api };
      if (e.hook !== undefined) ev.hook = e.hook;
      if (e.dataType !== undefined) ev.dataType = e.dataType;
      if (e.detail !== undefined) ev.detail = e.detail;
      if (e.args !== undefined) ev.args = e.args;
      if (e.ret !== undefined) ev.ret = e.ret;
      if (e.thrown !== undefined) ev.thrown = e.thrown;
      if (e.stack !== undefined) ev.stack = idOf(e.stack);
      if (e.origins !== undefined) ev.origins = e.origins.map(idOf);
      out.push(ev);
    }
    this.ingest.handle(proc, { type: 'send', payload: { v: PROTOCOL_VERSION, kind: 'batch', pid: proc.pid, events: out, stacks } });
  }

  event(proc: ProcessContext, e: EventInput & { t?: number }): void {
    this.batch(proc, [e]);
  }

  pi(proc: ProcessContext, dataType: string, stackFrames: Frame[], opts: { values?: string[]; ret?: unknown; api?: string; hook?: string; detail?: Record<string, unknown>; t?: number } = {}): void {
    const detail = { ...(opts.detail ?? {}), ...(opts.values !== undefined ? { values: opts.values } : {}) };
    this.event(proc, {
      kind: 'pi',
      api: opts.api ?? `${stackFrames[0]![0]}.${stackFrames[0]![1]}()`,
      hook: opts.hook,
      dataType,
      detail: Object.keys(detail).length > 0 ? detail : undefined,
      ret: opts.ret,
      stack: stackFrames,
      t: opts.t,
    });
  }

  net(proc: ProcessContext, detail: Record<string, unknown>, stackFrames?: Frame[], t?: number): void {
    this.event(proc, { kind: 'net', api: 'java.net.SocketOutputStream.write([B, int, int)', detail, stack: stackFrames, t });
  }

  resume(proc: ProcessContext, activity = `${APP}.MainActivity`): void {
    this.event(proc, { kind: 'lifecycle', api: 'android.app.Instrumentation.callActivityOnResume(android.app.Activity)', detail: { type: 'resume', component: activity } });
  }

  pause(proc: ProcessContext, activity = `${APP}.MainActivity`): void {
    this.event(proc, { kind: 'lifecycle', api: 'android.app.Instrumentation.callActivityOnPause(android.app.Activity)', detail: { type: 'pause', component: activity } });
  }

  click(proc: ProcessContext, text: string): void {
    this.event(proc, { kind: 'lifecycle', api: 'android.view.View.performClick()', detail: { type: 'click', component: 'android.widget.Button', text }, stack: STACKS.appClick });
  }

  dialog(proc: ProcessContext, text: string): void {
    this.event(proc, { kind: 'lifecycle', api: 'android.app.Dialog.show()', detail: { type: 'dialog', text } });
  }

  processStart(proc: ProcessContext, detail: Record<string, unknown>): void {
    this.event(proc, { kind: 'lifecycle', api: 'android.app.ActivityThread.handleReceiver(android.app.ActivityThread$ReceiverData)', hook: 'wake.receiver', detail: { type: 'process-start', ...detail } });
  }

  /** Another app's process seen starting on the device (tracer's spawnAdded). */
  spawnOther(pkg: string, pid = 5000, t?: number): number {
    if (t !== undefined) this.t = t;
    return this.ingest.hostEvent(null, { kind: 'device', api: 'device.spawnAdded', t: this.t, pid, detail: { type: 'spawn', identifier: pkg, package: pkg, other: true } }).id!;
  }

  marker(state: 'granted' | 'refused'): void {
    this.ingest.hostEvent(null, { kind: 'marker', api: 'sdktrace.marker', t: this.t, pid: null, detail: { type: 'consent', state } });
  }

  hooks(proc: ProcessContext, hooks: { id: string; class: string; method: string; state: string; overloads: number; reason?: string }[]): void {
    this.ingest.handle(proc, { type: 'send', payload: { v: PROTOCOL_VERSION, kind: 'hooks', pid: proc.pid, hooks } });
  }

  end(): this {
    this.store.endRun(this.runId, 'test', this.t);
    return this;
  }
}

/** Declared lists from an object (checked like a file). */
export function lists(partial: Partial<DeclaredLists> & { sharing?: DeclaredLists['sharing']; collected?: DeclaredLists['collected'] }): LoadedLists {
  const doc: DeclaredLists = { format: LISTS_FORMAT, app: { package: APP }, collected: [], sharing: [], ...partial };
  return parseDeclaredLists(JSON.stringify(doc), { file: 'test-lists.json', catalog: sdkCatalog() });
}
