// The routes to personal information added for issue 19, on the emulated device through the real
// agent bundle: what each reports, and the Android (and vendor) behaviours the emulator models for
// them, each named by its conformance-ledger id (emulator/conformance/android.ts, vendor.ts).
// The path and command classification (agent/catalog/collection.ts) is checked on its own first.
import { describe, expect, it } from 'vitest';
import { classifyCommand, classifyPath } from '../../agent/catalog/collection.js';
import type { Scenario } from '../../emulator/index.js';
import type { Action } from '../../emulator/scenario/schema.js';
import { miniScenario } from './helpers.js';
import { framesOf, traceScenario, type Trace, type TracedEvent } from './trace.js';

describe('identifier paths and commands', () => {
  it('classifies identifier files, app-list paths and other processes, and leaves the rest alone', () => {
    expect(classifyPath('/sys/class/net/wlan0/address')?.dataType).toBe('mac_address');
    expect(classifyPath('/sys/class/net//wlan0/./address')?.dataType).toBe('mac_address');
    expect(classifyPath('/proc/net/arp')?.dataType).toBe('wifi_info');
    expect(classifyPath('/proc/net/tcp6')?.dataType).toBe('network_connections');
    expect(classifyPath('/proc/cpuinfo')?.dataType).toBe('serial');
    expect(classifyPath('/sys/block/mmcblk0/device/cid')?.dataType).toBe('serial');
    expect(classifyPath('/system/build.prop')?.dataType).toBe('build_info');
    expect(classifyPath('/data/data/com.tencent.mm/shared_prefs', 'com.example.app')).toEqual({ dataType: 'installed_apps', what: '/data/data/com.tencent.mm/shared_prefs', package: 'com.tencent.mm' });
    expect(classifyPath('/sdcard/Android/data/com.eg.android.AlipayGphone')?.package).toBe('com.eg.android.AlipayGphone');
    expect(classifyPath('/data/app/~~x1y2==/com.tencent.mm-AbC==/base.apk')?.package).toBe('com.tencent.mm');
    expect(classifyPath('/proc/1234/cmdline', null, 99)?.dataType).toBe('running_apps');
    // The app's own files and process, and ordinary files, are not reported.
    expect(classifyPath('/data/data/com.example.app/files/a.txt', 'com.example.app')).toBeNull();
    expect(classifyPath('/proc/99/cmdline', null, 99)).toBeNull();
    expect(classifyPath('/proc/self/maps')).toBeNull();
    // proc(5): /proc/<own pid>/ is /proc/self/, and /proc/net links to /proc/self/net; the event
    // keeps the path as the app spelled it.
    expect(classifyPath('/proc/99/net/arp', null, 99)).toEqual({ dataType: 'wifi_info', what: '/proc/99/net/arp' });
    expect(classifyPath('/proc/self/net/tcp')?.dataType).toBe('network_connections');
    expect(classifyPath('/proc/990/cmdline', null, 99)?.dataType).toBe('running_apps');
    expect(classifyCommand(['cat', '/proc/99/cmdline'], null, 99)).toBeNull();
    expect(classifyCommand(['cat', '/proc/99/net/arp'], null, 99)?.dataType).toBe('wifi_info');
    expect(classifyPath('/system/fonts/Roboto.ttf')).toBeNull();
    expect(classifyPath('relative/path')).toBeNull();
  });

  it('classifies commands by program and arguments, inside sh -c too', () => {
    const t = (...argv: string[]) => classifyCommand(argv, 'com.example.app')?.dataType ?? null;
    expect(t('getprop', 'ro.serialno')).toBe('serial');
    expect(t('/system/bin/getprop')).toBe('serial');
    expect(t('getprop', 'ro.product.model')).toBeNull();
    expect(t('cat', '/sys/class/net/wlan0/address')).toBe('mac_address');
    expect(t('cat', '/proc/net/arp')).toBe('wifi_info');
    expect(t('pm', 'list', 'packages', '-3')).toBe('installed_apps');
    expect(t('pm', 'path', 'com.example.app')).toBeNull();
    expect(t('ip', 'link')).toBe('mac_address');
    expect(t('ip', 'neigh')).toBe('wifi_info');
    expect(t('settings', 'get', 'secure', 'android_id')).toBe('android_id');
    expect(t('settings', 'get', 'global', 'device_name')).toBe('device_name');
    expect(t('settings', 'put', 'global', 'x', '1')).toBeNull();
    expect(t('sh', '-c', 'echo hi; cat /proc/cpuinfo | grep Serial')).toBe('serial');
    expect(t('ls', '/data/data/com.tencent.mm')).toBe('installed_apps');
    expect(t('ls', '-l')).toBeNull();
    expect(t('service', 'call', 'iphonesubinfo', '1')).toBe('imei');
    expect(t()).toBeNull();
  });
});

const PROBE = 'com.sdk.routes.Probe.run';
const call = (ref: string, args: unknown[] = [], on?: unknown, as?: string): Action => ({ call: ref, args, ...(on === undefined ? {} : { on }), ...(as === undefined ? {} : { as }) }) as Action;
const nw = (ref: string, ...args: unknown[]) => ({ new: ref, args });
const strs = (...items: string[]) => ({ array: 'java.lang.String', items });

function scenario(manufacturer: string, steps: Action[], patch: (s: Scenario) => void = () => undefined): Scenario {
  return miniScenario((s) => {
    s.device.apiLevel = 34;
    s.device.manufacturer = manufacturer;
    s.device.oaid = '6f2e9c5a-1b3d-4e7f-8a9b-0c1d2e3f4a5b';
    s.device.deviceName = "Li Lei's phone";
    s.device.iccid = '89860012345678901234';
    s.device.files = { '/proc/net/tcp': { errno: 'EACCES' }, '/sys/class/net/wlan0/address': 'a4:50:46:aa:bb:cc\n' };
    s.device.location = { latitude: 39.9087, longitude: 116.3975 };
    s.app.permissions = { ...s.app.permissions, 'android.permission.ACCESS_FINE_LOCATION': 'granted' };
    s.app.libraries = ['oaid.repeackage'];
    s.app.application!.onCreate = [{ in: PROBE, do: steps }];
    s.app.sdks = [{ id: 'routes', name: 'Routes SDK', packages: ['com.sdk.routes'] }];
    patch(s);
  });
}

const ofHook = (t: Trace, hook: string): TracedEvent[] => t.events.filter((e) => e.hook === hook && e.process === 'com.example.app');

describe('routes on the emulated device (API 34)', () => {
  const ctx = { $context: '$context' };
  void ctx;
  const steps: Action[] = [
    // android.exec.forwardsToProcessBuilder: one event for the whole Runtime.exec -> ProcessBuilder.start chain.
    call('java.lang.Runtime.exec(java.lang.String)', ['getprop ro.serialno'], call('java.lang.Runtime.getRuntime()') as unknown),
    call('java.lang.Runtime.exec([Ljava.lang.String;)', [strs('ls', '-l')], call('java.lang.Runtime.getRuntime()') as unknown),
    // android.exec.emptyCommand
    { in: 'com.sdk.routes.Empty.run', do: [call('java.lang.Runtime.exec(java.lang.String)', [''], call('java.lang.Runtime.getRuntime()') as unknown)] } as Action,
    // android.ioBridge.open.errno
    call('libcore.io.IoBridge.open(java.lang.String,int)', ['/proc/net/tcp', 0]),
    call('libcore.io.IoBridge.open(java.lang.String,int)', ['/sys/block/mmcblk0/device/cid', 0]),
    call('libcore.io.IoBridge.open(java.lang.String,int)', ['/sys/class/net/wlan0/address', 0]),
    // android.sms.sendChecks
    call('android.telephony.SmsManager.sendTextMessage(java.lang.String,java.lang.String,java.lang.String,android.app.PendingIntent,android.app.PendingIntent)', ['', null, 'hi', null, null], call('android.telephony.SmsManager.getDefault()') as unknown),
    call('android.telephony.SmsManager.sendTextMessage(java.lang.String,java.lang.String,java.lang.String,android.app.PendingIntent,android.app.PendingIntent)', ['10086', null, 'hi', null, null], call('android.telephony.SmsManager.getDefault()') as unknown),
    // android.smsMessage.createFromPdu.forwards
    call('android.telephony.SmsMessage.createFromPdu([B)', [{ array: 'byte', items: [1, 2, 3, 4] }]),
    // android.mediaProjection.noToken
    call('android.media.projection.MediaProjectionManager.getMediaProjection(int,android.content.Intent)', [-1, nw('android.content.Intent(java.lang.String)', 'x')]),
    // android.settingsGlobal.deviceName
    call('android.provider.Settings$Global.getString(android.content.ContentResolver,java.lang.String)', [call('android.content.Context.getContentResolver()', [], '$context') as unknown, 'device_name']),
    // android.uicc.iccidFiltered
    call('android.telephony.UiccCardInfo.getIccId()', [], call('java.util.List.get(int)', [0], call('android.telephony.TelephonyManager.getUiccCardsInfo()')) as unknown),
    // android.location.readOncePerObject
    call('android.location.LocationManager.getLastKnownLocation(java.lang.String)', ['gps'], undefined, 'fix'),
    // One reader in a loop (getLatitude then getLongitude, three passes), then a second reading method.
    { repeat: 3, do: [call('android.location.Location.getLatitude()', [], '$fix'), call('android.location.Location.getLongitude()', [], '$fix')] } as Action,
    { in: 'com.sdk.routes.Second.read', do: [call('android.location.Location.getLongitude()', [], '$fix'), call('android.location.Location.getLatitude()', [], '$fix')] } as Action,
    // android.mediaDrm.widevineDeviceUniqueId
    call('android.media.MediaDrm.getPropertyByteArray(java.lang.String)', ['deviceUniqueId'], nw('android.media.MediaDrm(java.util.UUID)', call('java.util.UUID.fromString(java.lang.String)', ['edef8ba9-79d6-4ace-a3c8-27dcd51d21ed']))),
    // vendor.aidl.proxyNullBinder
    call('repeackage.com.samsung.android.deviceidservice.IDeviceIdService$Stub$Proxy.getOAID()', [], nw('repeackage.com.samsung.android.deviceidservice.IDeviceIdService$Stub$Proxy(android.os.IBinder)', null)),
    call('repeackage.com.samsung.android.deviceidservice.IDeviceIdService$Stub.asInterface(android.os.IBinder)', [null], undefined, 'none'),
  ];

  let xiaomi: Promise<Trace> | undefined;
  const run = () => (xiaomi ??= traceScenario(scenario('Xiaomi', [...steps, call('com.android.id.impl.IdProviderImpl.getOAID(android.content.Context)', ['$context'], nw('com.android.id.impl.IdProviderImpl()'))])));

  it('runs cleanly', async () => {
    const t = await run();
    expect(t.errors).toEqual([]);
    expect(t.notices).toEqual([]);
  });

  it('android.exec.forwardsToProcessBuilder / android.exec.emptyCommand: one event per command, only collecting ones', async () => {
    const t = await run();
    const exec = [...ofHook(t, 'exec.runtime'), ...ofHook(t, 'exec.processBuilder')];
    expect(exec.map((e) => [e.api, e.dataType, e.detail?.target])).toEqual([['java.lang.Runtime.exec(java.lang.String)', 'serial', 'getprop ro.serialno']]);
    // `ls -l` and the empty command were counted, not reported; the empty one threw as libcore does.
    expect(t.counts.get('exec.runtime')!.calls).toBeGreaterThanOrEqual(3);
  });

  it('android.ioBridge.open.errno: opens fail with the errno the device gives, and are still reported', async () => {
    const t = await run();
    const opens = ofHook(t, 'file.open').map((e) => [e.detail?.target, e.dataType, e.thrown ?? null]);
    expect(opens).toEqual([
      ['/proc/net/tcp', 'network_connections', expect.stringContaining('/proc/net/tcp: open failed: EACCES (Permission denied)')],
      ['/sys/block/mmcblk0/device/cid', 'serial', expect.stringContaining('open failed: ENOENT (No such file or directory)')],
      ['/sys/class/net/wlan0/address', 'mac_address', null],
    ]);
  });

  it('android.sms.sendChecks: argument checks before the SEND_SMS check', async () => {
    const t = await run();
    const sends = ofHook(t, 'sms.sendTextMessage');
    expect(sends.map((e) => e.thrown)).toEqual([expect.stringContaining('Invalid destinationAddress'), expect.stringContaining('android.permission.SEND_SMS')]);
    expect(sends[1]!.detail).toMatchObject({ target: '10086', values: ['10086'] });
    expect(sends.every((e) => e.dataType === 'sms_send')).toBe(true);
  });

  it('android.smsMessage.createFromPdu.forwards: the one-argument form reports once', async () => {
    const t = await run();
    expect(ofHook(t, 'sms.createFromPdu').map((e) => e.api)).toEqual(['android.telephony.SmsMessage.createFromPdu([B)']);
  });

  it('android.mediaProjection.noToken, android.settingsGlobal.deviceName, android.uicc.iccidFiltered', async () => {
    const t = await run();
    expect(ofHook(t, 'screen.getMediaProjection').map((e) => [e.dataType, e.ret ?? null])).toEqual([['screen_capture', null]]);
    expect(ofHook(t, 'settings.global.getString').map((e) => [e.dataType, e.detail?.values])).toEqual([['device_name', ["Li Lei's phone"]]]);
    const icc = ofHook(t, 'uicc.getIccId');
    expect(icc.map((e) => e.dataType)).toEqual(['iccid']);
    expect(icc[0]!.detail?.values).toBeUndefined();
  });

  it('android.location.readOncePerObject: one event per Location object per reader', async () => {
    const t = await run();
    const reads = t.events.filter((e) => e.process === 'com.example.app' && (e.hook === 'location.read' || e.hook === 'location.readLongitude'));
    // The loop is one reader (one event, from its first getter); the second method is another.
    expect(reads.map((e) => [e.hook, e.detail?.values])).toEqual([
      ['location.read', ['39.908700', '116.397500']],
      ['location.readLongitude', ['39.908700', '116.397500']],
    ]);
    const top = (e: TracedEvent) => t.stacks.get(e.stack!)!.find((f) => f[0] !== 'android.location.Location')!;
    expect(reads.map((e) => `${top(e)[0]}.${top(e)[1]}`)).toEqual([PROBE, 'com.sdk.routes.Second.read']);
    // Every read is still counted.
    expect(t.counts.get('location.read')!.calls).toBe(4);
    expect(t.counts.get('location.readLongitude')!.calls).toBe(4);
  });

  it('android.mediaDrm.widevineDeviceUniqueId: the Widevine ID as hex', async () => {
    const t = await run();
    const drm = ofHook(t, 'mediaDrm.getPropertyByteArray');
    expect(drm.map((e) => e.dataType)).toEqual(['drm_id']);
    expect(drm[0]!.detail?.values?.[0]).toMatch(/^[0-9a-f]{64}$/);
  });

  it('vendor.aidl.proxyNullBinder: an OEM ID proxy over no service ends in a NullPointerException', async () => {
    const t = await run();
    const p = ofHook(t, 'vendor.samsung.repeackage.getOAID');
    expect(p.map((e) => [e.dataType, e.thrown])).toEqual([['oaid', expect.stringContaining('NullPointerException')]]);
  });

  it('vendor.xiaomi.idProviderImpl: on Xiaomi devices the class answers; elsewhere the hook is "missing-class"', async () => {
    const t = await run();
    expect(ofHook(t, 'vendor.xiaomi.getOAID').map((e) => [e.dataType, e.detail?.values])).toEqual([['oaid', ['6f2e9c5a-1b3d-4e7f-8a9b-0c1d2e3f4a5b']]]);
    const google = await traceScenario(scenario('Google', [call('java.lang.Runtime.exec(java.lang.String)', ['getprop'], call('java.lang.Runtime.getRuntime()') as unknown)]));
    expect(google.hooks.get('com.example.app')!.get('vendor.xiaomi.getOAID')?.state).toBe('missing-class');
    expect(google.hooks.get('com.example.app')!.get('vendor.samsung.repeackage.getOAID')?.state).toBe('installed');
    expect(google.hooks.get('com.example.app')!.get('vendor.samsung.getOAID')?.state).toBe('missing-class');
  });

  // android.ioBridge.open.libcOpen: FileInputStream -> IoBridge.open -> libjavacore Linux_open ->
  // libc open() on the app's thread. The Java event is the one call; the native open under it
  // folds into it. Native code opening the same file is a call of its own.
  it('android.ioBridge.open.libcOpen: a Java file open reaches libc open on its thread and is one event; a native open of the same file is another', async () => {
    const steps: Action[] = [
      { new: 'java.io.FileInputStream(java.lang.String)', args: ['/sys/class/net/wlan0/address'], as: 'mac' } as Action,
      { in: 'com.sdk.routes.Missing.run', do: [{ new: 'java.io.FileInputStream(java.io.File)', args: [nw('java.io.File(java.lang.String)', '/proc/cpuinfo')], as: 'cpu' } as Action] } as Action,
      { nativeRead: { lib: 'libroutes.so', method: 'com.sdk.routes.Native.readMac', call: 'open', arg: '/sys/class/net/wlan0/address' } } as Action,
    ];
    const patch = (s: Scenario) => {
      s.app.sdks = [{ id: 'routes', name: 'Routes SDK', packages: ['com.sdk.routes'], nativeLibs: ['libroutes.so'] }];
    };
    const view = (t: Trace) => t.events.filter((e) => e.process === 'com.example.app' && (e.hook === 'file.open' || e.hook?.startsWith('native.open') === true)).map((e) => [e.hook, e.dataType, e.detail?.target, e.detail?.module ?? null, e.thrown === undefined ? null : 'thrown']);
    const t = await traceScenario(scenario('Google', steps, patch));
    expect(t.errors).toEqual([]);
    expect(view(t)).toEqual([
      ['file.open', 'mac_address', '/sys/class/net/wlan0/address', null, null],
      ['file.open', 'serial', '/proc/cpuinfo', null, 'thrown'],
      ['native.open', 'mac_address', '/sys/class/net/wlan0/address', 'libroutes.so', null],
    ]);
    // The folded native opens are not counted either (as a Java hook's nested overloads are not).
    expect(t.counts.get('native.open')!.calls).toBe(1);
    // Without the Java hook, the same Java opens show as what they are underneath: libc open()
    // called by libjavacore.so (the emulated device models the chain; the agent folds it).
    const bare = await traceScenario(scenario('Google', steps, patch), { agentConfig: { disabledHooks: ['file.open'] } });
    expect(bare.errors).toEqual([]);
    expect(view(bare)).toEqual([
      ['native.open', 'mac_address', '/sys/class/net/wlan0/address', 'libjavacore.so', null],
      ['native.open', 'serial', '/proc/cpuinfo', 'libjavacore.so', null],
      ['native.open', 'mac_address', '/sys/class/net/wlan0/address', 'libroutes.so', null],
    ]);
  });

  // The app's own pid spelled out in a /proc path is /proc/self (proc(5)), on the Java route as on
  // the native one (both ask agent/catalog/collection.ts classifyPath with the agent's pid).
  it('android.proc.selfAliases: a read of /proc/<own pid>/... is /proc/self/... (and /proc/self/net is /proc/net) for the device and for the agent, on the Java and native routes', async () => {
    const open = (path: string, as: string): Action => ({ new: 'java.io.FileInputStream(java.lang.String)', args: [path], as }) as Action;
    const steps: Action[] = [
      call('android.os.Process.myPid()', [], undefined, 'pid'),
      { format: '/proc/{{$pid}}/cmdline', as: 'ownCmd' } as Action,
      { format: '/proc/{{$pid}}/net/arp', as: 'ownArp' } as Action,
      open('$ownCmd', 'a'),
      open('$ownArp', 'b'),
      open('/proc/self/net/tcp', 'c'),
      open('/proc/1/cmdline', 'd'),
      { nativeRead: { lib: 'libroutes.so', method: 'com.sdk.routes.Native.arp', call: 'open', arg: '/proc/self/net/arp' } } as Action,
    ];
    const t = await traceScenario(
      scenario('Google', steps, (s) => {
        s.app.sdks = [{ id: 'routes', name: 'Routes SDK', packages: ['com.sdk.routes'], nativeLibs: ['libroutes.so'] }];
        s.device.files = { ...s.device.files, '/proc/net/arp': 'IP address       HW type     Flags       HW address            Mask     Device\n' };
      }),
    );
    expect(t.errors).toEqual([]);
    const pid = t.events.find((e) => e.process === 'com.example.app')!.pid;
    const seen = t.events.filter((e) => e.process === 'com.example.app' && (e.hook === 'file.open' || e.hook === 'native.open')).map((e) => [e.hook, e.dataType, e.detail?.target, e.thrown === undefined ? null : 'thrown']);
    expect(seen).toEqual([
      // The app's own /proc/<pid>/cmdline opens (it exists) and is not reported.
      ['file.open', 'wifi_info', `/proc/${pid}/net/arp`, null],
      ['file.open', 'network_connections', '/proc/self/net/tcp', 'thrown'],
      ['file.open', 'running_apps', '/proc/1/cmdline', 'thrown'],
      ['native.open', 'wifi_info', '/proc/self/net/arp', null],
    ]);
    // Every open is counted, the own-process one included.
    expect(t.counts.get('file.open')!.calls).toBe(4);
  });

  // android.mediaDrm.propertyString: decided by the name; a null name is refused by the JNI layer.
  it('android.mediaDrm.propertyString: deviceUniqueId is reported, vendor and systemId are counted, a null name throws', async () => {
    const drm = nw('android.media.MediaDrm(java.util.UUID)', call('java.util.UUID.fromString(java.lang.String)', ['edef8ba9-79d6-4ace-a3c8-27dcd51d21ed']));
    const get = (name: string | null) => call('android.media.MediaDrm.getPropertyString(java.lang.String)', [name], drm);
    const t = await traceScenario(
      scenario('Google', [get('vendor'), get('systemId'), get('deviceUniqueId'), get(null)], (s) => {
        s.device.drmStrings = { vendor: 'Google', systemId: '4464', deviceUniqueId: '3f9d0c2b7a6e4d1c' };
      }),
    );
    expect(t.errors).toEqual([]);
    expect(t.notices).toEqual([]);
    expect(ofHook(t, 'mediaDrm.getPropertyString').map((e) => [e.dataType, e.detail?.key, e.detail?.values ?? null, e.thrown ?? null])).toEqual([['drm_id', 'deviceUniqueId', ['3f9d0c2b7a6e4d1c'], null]]);
    expect(t.counts.get('mediaDrm.getPropertyString')!.calls).toBe(4);
  });

  // android.bluetooth.profileProxy: the proxy reaches the app through the listener, on the main thread.
  it('android.bluetooth.profileProxy: getConnectedDevices on the proxy getProfileProxy delivers is reported; a null listener gets no proxy', async () => {
    const listener = { object: 'com.sdk.routes.ProfileListener', of: 'android.bluetooth.BluetoothProfile$ServiceListener', methods: { onServiceConnected: [call('android.bluetooth.BluetoothA2dp.getConnectedDevices()', [], '$p1')] } };
    const adapter = call('android.bluetooth.BluetoothAdapter.getDefaultAdapter()') as unknown;
    const proxy = (l: unknown, as: string) => call('android.bluetooth.BluetoothAdapter.getProfileProxy(android.content.Context,android.bluetooth.BluetoothProfile$ServiceListener,int)', ['$context', l, 2], adapter, as);
    const t = await traceScenario(
      scenario('Google', [proxy(listener, 'ok'), proxy(null, 'refused')], (s) => {
        s.app.permissions = { ...s.app.permissions, 'android.permission.BLUETOOTH_CONNECT': 'granted' };
        s.device.bluetooth = { address: 'a4:50:46:11:22:33', name: "Li Lei's phone" };
      }),
    );
    expect(t.errors).toEqual([]);
    const e = ofHook(t, 'bluetoothProfile.a2dp.getConnectedDevices');
    expect(e.map((x) => [x.dataType, x.thread])).toEqual([['bluetooth_address', 'main']]);
    expect(framesOf(t, e[0]!.stack).some((f) => f[0] === 'com.sdk.routes.ProfileListener')).toBe(true);
  });

  // android.networkInterface.getifaddrs: the Java listing calls libc getifaddrs on its thread; the
  // native call folds into the Java event (same data type, same thread).
  it('android.networkInterface.getifaddrs: getNetworkInterfaces is one event; without its Java hook the getifaddrs under it shows', async () => {
    const steps: Action[] = [call('java.net.NetworkInterface.getNetworkInterfaces()')];
    const view = (t: Trace) => t.events.filter((e) => e.process === 'com.example.app' && (e.hook === 'netif.getNetworkInterfaces' || e.hook === 'native.getifaddrs')).map((e) => [e.hook, e.dataType, e.detail?.module ?? null]);
    const t = await traceScenario(scenario('Google', steps));
    expect(t.errors).toEqual([]);
    expect(view(t)).toEqual([['netif.getNetworkInterfaces', 'mac_address', null]]);
    const bare = await traceScenario(scenario('Google', steps), { agentConfig: { disabledHooks: ['netif.getNetworkInterfaces'] } });
    expect(view(bare)).toEqual([['native.getifaddrs', 'mac_address', 'libjavacore.so']]);
  });

  // android.native.propertyGet: the value a native read gets is the property's, copied by bionic.
  it('native reads: identifier files and properties are reported with the library that read them; other paths are not', async () => {
    let n = 0;
    const read = (call: string, arg?: string): Action => ({ nativeRead: { lib: 'libroutes.so', method: `com.sdk.routes.Native.read${n++}`, call, ...(arg === undefined ? {} : { arg }) } }) as Action;
    const t = await traceScenario(
      scenario('Google', [read('fopen', '/proc/cpuinfo'), read('open', '/system/fonts/Roboto.ttf'), read('openat', '/data/data/com.tencent.mm/databases/EnMicroMsg.db'), read('open', '/data/data/com.example.app/files/x'), read('__system_property_get', 'ro.serialno'), read('__system_property_get', 'ro.product.model'), read('ioctl', 'wlan0')], (s) => {
        s.device.systemProperties = { 'ro.serialno': 'a1b2c3d4' };
        s.app.sdks = [{ id: 'routes', name: 'Routes SDK', packages: ['com.sdk.routes'], nativeLibs: ['libroutes.so'] }];
      }),
    );
    expect(t.errors).toEqual([]);
    const natives = t.events.filter((e) => e.hook?.startsWith('native.') && e.kind === 'pi').map((e) => [e.hook, e.dataType, e.detail?.target ?? e.detail?.key, e.detail?.module]);
    expect(natives).toEqual([
      ['native.fopen', 'serial', '/proc/cpuinfo', 'libroutes.so'],
      ['native.openat', 'installed_apps', '/data/data/com.tencent.mm/databases/EnMicroMsg.db', 'libroutes.so'],
      ['native.__system_property_get', 'serial', 'ro.serialno', 'libroutes.so'],
      ['native.ioctl', 'mac_address', 'SIOCGIFHWADDR wlan0', 'libroutes.so'],
    ]);
    expect(t.events.find((e) => e.hook === 'native.__system_property_get')?.detail?.values).toEqual(['a1b2c3d4']);
  });
});
