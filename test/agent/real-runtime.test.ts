// The agent against the real runtime's rules, not the emulator's kindness (issue 13). Each test
// runs the real agent bundle on the emulated device, which is strict where GumJS, frida-java-bridge
// and Android are (emulator/conformance): a test here fails on an agent that relies on a behaviour
// the phone does not have. The conformance ids each test exercises are named in its title.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { EmulatedDevice, emulatedAgentPath, type Scenario } from '../../emulator/index.js';
import { LIMITS } from '../../protocol/constants.js';
import { framesOf, traceScenario } from '../emulator/trace.js';

const PKG = 'com.example.strict';

/** A small app: one SDK (com.sdk.ads) whose work runs in Application.onCreate. */
export function strictScenario(onCreate: unknown[], extra: { apiLevel?: number; hosts?: Record<string, string>; app?: Record<string, unknown> } = {}): Scenario {
  return {
    name: 'strict runtime',
    description: 'A fictional app whose ad SDK reads identifiers and talks TLS, for the real-runtime conformance tests.',
    startEpochMs: 1767225600000,
    durationMs: 4000,
    device: {
      apiLevel: extra.apiLevel ?? 30,
      imei: ['861234567890123', '861234567890131'],
      androidId: '9774d56d682e549c',
      imsi: '460001234567890',
      phoneNumber: '+8613800138000',
      hosts: extra.hosts ?? {},
    },
    app: {
      package: PKG,
      label: 'Strict',
      versionName: '1.0',
      versionCode: 1,
      targetSdk: 30,
      permissions: { 'android.permission.INTERNET': 'granted', 'android.permission.READ_PHONE_STATE': 'granted', 'android.permission.ACCESS_FINE_LOCATION': 'granted' },
      sdks: [{ id: 'ads', name: 'Ads SDK', packages: ['com.sdk.ads'] }],
      application: { class: `${PKG}.App`, onCreate: [{ in: ['com.sdk.ads.Ads.init', 'com.sdk.ads.a.b'], do: onCreate }] },
      launcher: { class: `${PKG}.MainActivity` },
      ...(extra.app ?? {}),
    },
    timeline: [],
  } as unknown as Scenario;
}

describe('GumJS strings (conformance: gumjs.readUtf8String.validatesSize, gumjs.File.readAllText.validates)', () => {
  it('reads the TLS server name of every connection (android.boringssl.servernameOwned), also when the allocator reuses a freed SSL* (android.malloc.reusesFreed)', async () => {
    const hosts = { 'a.ads.example.com': '198.51.100.1', 'b.ads.example.com': '198.51.100.2', 'c.ads.example.com': '198.51.100.3' };
    // The SDK's own native library speaks a binary protocol over TLS: the only name the agent can
    // learn is the SNI (SSL_get_servername); nothing in the bytes or the DNS cache gives it away.
    const send = (host: string) => ({ native: { lib: 'libadsnet.so', method: `com.sdk.ads.NativeNet.post${host[0]!.toUpperCase()}`, host, port: 443, payload: `ADS1\u0001${host.length}`, tls: true } });
    const s = strictScenario([{ thread: 'ads-net', task: 'com.sdk.ads.a.Net', do: [send('a.ads.example.com'), send('b.ads.example.com'), send('c.ads.example.com')] }], { hosts });
    (s.app as any).sdks[0].nativeLibs = ['libadsnet.so'];
    const t = await traceScenario(s);
    expect(t.errors).toEqual([]);
    const tls = t.events.filter((e) => e.hook === 'native.SSL_write');
    // Each SSL_write names its own connection's host; the second and third connection get the
    // first one's SSL* address back from the allocator, and must not inherit its host.
    expect(tls.map((e) => e.detail!.host)).toEqual(['a.ads.example.com', 'b.ads.example.com', 'c.ads.example.com']);
    expect(tls.map((e) => e.detail!.ip)).toEqual(['198.51.100.1', '198.51.100.2', '198.51.100.3']);
  });

  it('the hello names the process: /proc/self/cmdline holds NULs, which File.readAllText refuses', async () => {
    const t = await traceScenario(strictScenario([]));
    expect(t.hellos.map((h) => h.process)).toEqual([PKG]);
  });
});

describe('frida-java-bridge backtraces (conformance: java-bridge.backtrace.ignoresLimit)', () => {
  it('a stack deeper than the protocol allows is sent as its innermost frames, and still names the SDK', async () => {
    // 300 nested SDK frames (a recursive parser, a long RxJava chain): Java.backtrace returns all of them.
    const depth = Array.from({ length: 300 }, (_, i) => `com.sdk.ads.deep.Walker.step${i}`);
    const t = await traceScenario(strictScenario([{ in: depth, do: [{ read: 'android_id' }] }]));
    expect(t.errors).toEqual([]);
    const ev = t.events.find((e) => e.hook === 'settings.secure.getString')!;
    const frames = framesOf(t, ev.stack);
    // The agent's default stackLimit (32): within the host's bound, innermost first.
    expect(frames.length).toBe(32);
    expect(frames.length).toBeLessThanOrEqual(LIMITS.framesPerStack);
    for (const [, frs] of t.stacks) expect(frs.length).toBeLessThanOrEqual(32);
    expect(frames[0]!.slice(0, 2)).toEqual(['android.provider.Settings$Secure', 'getString']);
    expect(frames.some(([cls]) => cls === 'com.sdk.ads.deep.Walker')).toBe(true);
  });
});

describe('AOSP overload forwarding: one app call is one event', () => {
  it('android.telephony.forwardsToSlotOverload, android.telephony.forwardsToSubIdOverload, android.clipboard.getTextForwards: each read is recorded once, by its outermost hooked frame', async () => {
    const clipboard = { call: 'android.content.Context.getSystemService(java.lang.String)', on: '$context', args: ['clipboard'] };
    const t = await traceScenario(
      strictScenario([
        { read: 'imei' },
        { read: 'meid' },
        { read: 'imsi' },
        { read: 'sim_serial' },
        { read: 'phone_number' },
        { call: 'android.content.ClipboardManager.getText()', on: clipboard },
      ]),
    );
    expect(t.errors).toEqual([]);
    const pi = t.events.filter((e) => e.kind === 'pi' && e.process === PKG);
    // getImei() is getImei(getSlotIndex()), getSubscriberId() is getSubscriberId(getSubId()), ...:
    // the public no-argument call is the one recorded, the hidden overload it forwards to folds in.
    expect(pi.map((e) => e.api)).toEqual([
      'android.telephony.TelephonyManager.getImei()',
      'android.telephony.TelephonyManager.getMeid()',
      'android.telephony.TelephonyManager.getSubscriberId()',
      'android.telephony.TelephonyManager.getSimSerialNumber()',
      'android.telephony.TelephonyManager.getLine1Number()',
      'android.content.ClipboardManager.getText()',
    ]);
    // The hidden overloads were reached (the device really forwards) but are not counted as calls.
    expect(t.counts.get('telephony.getImei')).toEqual({ calls: 1, emitted: 1 });
    expect(t.counts.get('clipboard.getPrimaryClip')).toBeUndefined();
  });

  it('a direct call of the slot overload is its own event', async () => {
    const t = await traceScenario(strictScenario([{ read: 'imei', slot: 1 }, { read: 'imei' }]));
    const imei = t.events.filter((e) => e.hook === 'telephony.getImei');
    expect(imei.map((e) => e.api)).toEqual(['android.telephony.TelephonyManager.getImei(int)', 'android.telephony.TelephonyManager.getImei()']);
  });
});

describe('class loaders built after start (conformance: android.classloader.baseDexFunnel, java-bridge.cast.checksInstance, java-bridge.wrapper.disposedAfterHook)', () => {
  const PLUGIN = `/data/user/0/${PKG}/app_plugins/ads.dex`;
  const request = (url: string) => ({ call: 'okhttp3.Request$Builder.build()', on: { call: 'okhttp3.Request$Builder.url(java.lang.String)', on: { new: 'okhttp3.Request$Builder()' }, args: [url] } });
  const newCall = (client: string, url: string) => ({ call: 'okhttp3.OkHttpClient.newCall(okhttp3.Request)', on: client, args: [request(url)] });

  it('hooks a plugin SDK loaded late through DexClassLoader, and every copy of a class present in two loaders', async () => {
    const t = await traceScenario(
      strictScenario(
        [
          // The app's own OkHttp (its PathClassLoader).
          { in: ['com.example.strict.net.Api.ping'], do: [{ new: 'okhttp3.OkHttpClient()', as: 'appClient' }, newCall('$appClient', 'https://api.strict.example.com/ping')] },
          // The plugin arrives: its dex has its own OkHttp (isolated loader: a second copy) and the
          // Google advertising-ID client, which the app itself does not ship.
          { loadDex: PLUGIN },
          {
            in: ['com.plugin.ads.Entry.start'],
            do: [{ new: 'okhttp3.OkHttpClient()', as: 'pluginClient' }, newCall('$pluginClient', 'https://a.ads.example.com/ad'), { read: 'advertising_id' }],
          },
        ],
        { app: { libraries: ['okhttp3'], plugins: [{ path: PLUGIN, packages: ['com.plugin.ads'], libraries: ['okhttp3', 'gms.ads.identifier'], parent: 'boot' }] } },
      ),
    );
    expect(t.errors).toEqual([]);
    const calls = t.events.filter((e) => e.hook === 'okhttp3.newCall');
    // One event per copy's call: the app's (from the app's frame) and the plugin's (its frame).
    expect(calls.map((e) => framesOf(t, e.stack).some(([cls]) => cls === 'com.plugin.ads.Entry'))).toEqual([false, true]);
    // The advertising-ID client exists only in the plugin: hooked when its loader was built, well
    // before any late enumeration pass (+2 s) would have found it.
    const gaid = t.events.filter((e) => e.hook === 'gaid.getAdvertisingIdInfo');
    expect(gaid).toHaveLength(1);
    expect(framesOf(t, gaid[0]!.stack).some(([cls]) => cls === 'com.plugin.ads.Entry')).toBe(true);
    const hooks = t.hooks.get(PKG)!;
    expect(hooks.get('okhttp3.newCall')).toMatchObject({ state: 'installed', overloads: 2 });
    expect(hooks.get('gaid.getAdvertisingIdInfo')).toMatchObject({ state: 'installed' });
    expect(t.counts.get('loader.baseDexClassLoader')?.calls).toBeGreaterThanOrEqual(1);
  });
});

describe('the cost of class-loader enumeration', () => {
  it('status() reports each enumeration pause and the loaders built after start', async () => {
    const PLUGIN = `/data/user/0/${PKG}/app_plugins/late.dex`;
    const device = new EmulatedDevice({ scenario: strictScenario([{ loadDex: PLUGIN }], { app: { plugins: [{ path: PLUGIN, packages: ['com.plugin.late'] }] } }) });
    try {
      const pid = await device.spawn(PKG);
      const script = await (await device.attach(pid)).createScript(readFileSync(emulatedAgentPath(), 'utf8'), { name: 'sdktrace-agent' });
      await script.load();
      await script.exports.init!({ package: PKG });
      await device.resume(pid);
      await device.waitForScenarioEnd();
      const st = (await script.exports.status!()) as { loaderScans: { count: number; totalMs: number; maxMs: number; loaders: number }; loadersSeen: number };
      // One enumeration at bind time and one at the +2 s pass (app-shipped classes such as OkHttp
      // are still missing in this app), each timed; the plugin's loader is seen by the constructor
      // hook, not by an enumeration.
      expect(st.loaderScans.count).toBe(2);
      expect(st.loaderScans.totalMs).toBeGreaterThanOrEqual(st.loaderScans.maxMs);
      expect(st.loadersSeen).toBe(1);
    } finally {
      device.close();
    }
  });
});

describe('Android refuses what a phone refuses (conformance: android.strictmode.networkOnMain)', () => {
  it('a request from the main thread never reaches the network: the SDK catches NetworkOnMainThreadException', async () => {
    const t = await traceScenario(strictScenario([{ http: { url: 'https://a.ads.example.com/v1/log', body: 'x=1' } }], { hosts: { 'a.ads.example.com': '198.51.100.1' } }));
    expect(t.events.some((e) => e.hook === 'url.openConnection')).toBe(true);
    // The connect was attempted (and is evidence of intent), but StrictMode refused it...
    const connect = t.events.find((e) => e.hook === 'socket.connect')!;
    expect(connect.thrown).toMatch(/NetworkOnMainThreadException/);
    // ...so no byte left the device.
    expect(t.events.filter((e) => e.hook === 'native.SSL_write' || e.hook === 'socket.write' || e.hook === 'native.connect')).toEqual([]);
  });
});
