// The catalog-coverage scenario: one app whose "coverage SDK" (com.sdk.cov) calls every hooked
// Java method the emulated device has at an API level, each overload inside its own probe frame
// (com.sdk.cov.P<n>.fire), so each event can be traced back to the call that caused it. What a
// call cannot reach directly is driven the way Android reaches it: activity lifecycle and clicks
// from the timeline, process wakes by cold-starting components in their own processes, provider
// calls from another app, executors and handlers by posting work, permission results by the
// user's answer to the dialog.
//
// Hidden (non-SDK) overloads are called directly, as SDKs that use reflection do: that is the
// only way to see their own event (the public overloads funnel into them on the same thread, and
// the agent reports a chain once, by its outermost call).
import { hookRecords, type JavaHookRecord, type SignatureRecord } from '../../host/commands/hooks.js';
import { frameworkClass } from '../../emulator/android/index.js';
import type { Scenario } from '../../emulator/index.js';
import { existsAt } from '../../emulator/java/model.js';
import { overloadKey } from '../../emulator/java/types.js';
import type { Action, ArgValue } from '../../emulator/scenario/schema.js';

export const PKG = 'com.example.cov';
/** The SDKs whose privacy-grant calls the catalog hooks (emulator/libraries/consent.ts). */
const CONSENT_SDKS = ['umeng.common', 'mob', 'jiguang.core', 'gdt', 'amap.maps', 'amap.location', 'baidu.map', 'baidu.location'];
export const SDK = 'com.sdk.cov';

export interface Probe {
  /** Probe frame class: com.sdk.cov.P<n>. */
  frame: string;
  hook: string;
  /** The overload this probe calls (null: the hook is reached through another call). */
  params: string[] | null;
  where: string;
}

export interface CoverageRun {
  scenario: Scenario;
  probes: Probe[];
  /** Hook id -> overloads (params joined by ',') that exist at this API level. */
  expected: Map<string, Set<string>>;
  /**
   * Hooks in their API range that cannot install here, with the status the agent reports: the
   * other OkHttp (one per app), and hidden overloads the emulator models only where their history
   * is known (at the newest level otherwise; see emulator/README.md).
   */
  absent: Record<string, 'missing-class' | 'missing-method'>;
}

export const JAVA_HOOKS = (): JavaHookRecord[] => hookRecords().filter((r): r is JavaHookRecord => r.native !== true);

function hookAt(r: JavaHookRecord, api: number): boolean {
  return (r.minApi === undefined || api >= r.minApi) && (r.maxApi === undefined || api <= r.maxApi);
}

export function sigAt(s: SignatureRecord, api: number): boolean {
  return (s.minApi === undefined || api >= s.minApi) && (s.maxApi === undefined || api <= s.maxApi);
}

/** Overloads of a hook at an API level (none when the hook itself is outside its range). */
export function overloadsAt(r: JavaHookRecord, api: number): SignatureRecord[] {
  return hookAt(r, api) ? r.signatures.filter((s) => sigAt(s, api)) : [];
}

/**
 * A hidden overload the catalog declares without API levels is AOSP's current form: the emulator
 * has it at the newest level, and at older ones only where its history is known.
 */
export function unranged(s: SignatureRecord): boolean {
  return s.source === 'aosp' && s.minApi === undefined && s.maxApi === undefined;
}

/** Whether the emulated framework class declares a method of that name at the API level. */
function emulatorHasName(cls: string, method: string, api: number): boolean {
  return frameworkClass(cls, api)?.methods.some((x) => x.name === method && existsAt(x, api)) ?? false;
}

/** Whether the emulated framework class (or a superclass) has the overload at the API level. */
export function emulatorHas(cls: string, method: string, params: readonly string[], api: number): boolean {
  const key = overloadKey(method === '$init' ? '<init>' : method, params);
  for (let c = frameworkClass(cls, api); c !== undefined; c = c.superName === null ? undefined : frameworkClass(c.superName, api)) {
    if (c.methods.some((x) => overloadKey(x.name, x.params) === key && existsAt(x, api))) return true;
  }
  return false;
}

// ---- argument builders ---------------------------------------------------------------------------

const S = 'java.lang.String';
const nw = (ref: string, ...args: ArgValue[]): ArgValue => ({ new: ref, args });
const call = (ref: string, args: ArgValue[] = [], on?: ArgValue): ArgValue => (on === undefined ? { call: ref, args } : { call: ref, args, on });
const strs = (...items: string[]): ArgValue => ({ array: S, items });
const obj = (name: string, of: string, methods: Record<string, Action[]> = {}): ArgValue => ({ object: `${SDK}.${name}`, of, methods });
const act = (ref: string, args: ArgValue[] = [], on?: ArgValue, as?: string): Action => ({ call: ref, args, ...(on === undefined ? {} : { on }), ...(as === undefined ? {} : { as }) }) as Action;

const intent = (action: string): ArgValue => nw('android.content.Intent(java.lang.String)', action);
const HANDLER = nw('android.os.Handler(android.os.Looper)', '$looper');
const EXECUTOR = obj('DirectExecutor', 'java.util.concurrent.Executor', { execute: [act('java.lang.Runnable.run()', [], '$p0')] });
const USER = call('android.os.Process.myUserHandle()');
const BUNDLE = nw('android.os.Bundle()');
const uri = (s: string): ArgValue => call('android.net.Uri.parse(java.lang.String)', [s]);
const ACCOUNT = nw('android.accounts.Account(java.lang.String,java.lang.String)', 'cov.user@gmail.com', 'com.google');
const IMMUTABLE = 0x04000000;
const pending = (action: string): ArgValue =>
  call('android.app.PendingIntent.getBroadcast(android.content.Context,int,android.content.Intent,int)', ['$context', 7, intent(action), IMMUTABLE]);
const RECEIVER = obj('ResultReceiver', 'android.content.BroadcastReceiver');

/** Arguments by parameter type (the hook-specific ones come from `special`). */
function byType(t: string, api: number): ArgValue {
  switch (t) {
    case 'int':
    case 'float':
    case 'double':
    case 'long':
      return 0;
    case 'byte':
      return 105;
    case 'boolean':
      return false;
    case S:
      return null;
    case '[Ljava.lang.String;':
      return strs('android.permission.READ_PHONE_STATE');
    case 'android.content.Intent':
      return intent(`${SDK}.ACTION`);
    case '[Landroid.content.Intent;':
      return { array: 'android.content.Intent', items: [intent(`${SDK}.ACTION`)] };
    case 'android.os.Bundle':
      return BUNDLE;
    case 'android.os.Handler':
      return HANDLER;
    case 'android.os.Looper':
      return '$looper';
    case 'java.util.concurrent.Executor':
      return EXECUTOR;
    case 'android.os.UserHandle':
      return USER;
    case 'android.content.Context':
      return '$context';
    case 'android.app.Activity':
      return '$activity';
    case 'android.content.BroadcastReceiver':
      return RECEIVER;
    case 'android.content.IntentFilter':
      return nw('android.content.IntentFilter(java.lang.String)', `${SDK}.ACTION`);
    case 'android.app.BroadcastOptions':
      return api >= 34 ? call('android.app.BroadcastOptions.makeBasic()') : null;
    case 'android.os.IBinder':
      return null;
    case 'android.app.PendingIntent':
      return pending(`${SDK}.PENDING`);
    case 'android.os.CancellationSignal':
      return nw('android.os.CancellationSignal()');
    case 'android.net.Uri':
      return uri('content://com.android.contacts/contacts');
    case 'android.content.ContentValues':
      return nw('android.content.ContentValues()');
    case '[Landroid.content.ContentValues;':
      return { array: 'android.content.ContentValues', items: [nw('android.content.ContentValues()')] };
    case 'android.database.ContentObserver':
      return { object: `${SDK}.Observer`, of: 'android.database.ContentObserver', superArgs: [HANDLER] };
    case 'android.accounts.Account':
      return ACCOUNT;
    case 'android.content.pm.PackageManager$PackageInfoFlags':
      return call('android.content.pm.PackageManager$PackageInfoFlags.of(long)', [0]);
    case 'android.content.pm.PackageManager$ApplicationInfoFlags':
      return call('android.content.pm.PackageManager$ApplicationInfoFlags.of(long)', [0]);
    case 'android.content.pm.PackageManager$ResolveInfoFlags':
      return call('android.content.pm.PackageManager$ResolveInfoFlags.of(long)', [0]);
    case 'android.content.pm.VersionedPackage':
      return nw('android.content.pm.VersionedPackage(java.lang.String,int)', 'com.tencent.mm', -1);
    case 'android.content.ComponentName':
      return nw('android.content.ComponentName(java.lang.String,java.lang.String)', PKG, `${PKG}.CovListener`);
    case 'android.location.Criteria':
      return nw('android.location.Criteria()');
    case 'android.location.LocationRequest':
      return call('android.location.LocationRequest$Builder.build()', [], nw('android.location.LocationRequest$Builder(long)', 1000));
    case 'android.location.LocationListener':
      return obj('LocListener', 'android.location.LocationListener');
    case 'java.util.function.Consumer':
      return obj('LocConsumer', 'java.util.function.Consumer');
    case 'android.location.GnssStatus$Callback':
      return obj('Gnss', 'android.location.GnssStatus$Callback');
    case 'android.location.GpsStatus$Listener':
      return obj('GpsListener', 'android.location.GpsStatus$Listener');
    case 'android.location.GpsStatus$NmeaListener':
      return obj('NmeaOld', 'android.location.GpsStatus$NmeaListener');
    case 'android.location.OnNmeaMessageListener':
      return obj('Nmea', 'android.location.OnNmeaMessageListener');
    case 'android.location.Geocoder$GeocodeListener':
      return obj('Geo', 'android.location.Geocoder$GeocodeListener');
    case 'android.view.View':
      return nw('android.widget.TextView(android.content.Context)', '$activity');
    case 'android.app.AlarmManager$OnAlarmListener':
    case 'android.app.AlarmManager$AlarmClockInfo':
    case 'android.accounts.AccountManagerCallback':
    case 'android.os.PersistableBundle':
      return null;
    case 'android.accounts.OnAccountsUpdateListener':
      return obj('AccountsListener', 'android.accounts.OnAccountsUpdateListener');
    case 'android.hardware.SensorEventListener':
      return obj('Shake', 'android.hardware.SensorEventListener');
    case 'android.hardware.SensorListener':
      return obj('OldShake', 'android.hardware.SensorListener');
    case 'android.hardware.Sensor':
      return call('android.hardware.SensorManager.getDefaultSensor(int)', [1]);
    case 'android.hardware.TriggerEventListener':
      return obj('Motion', 'android.hardware.TriggerEventListener');
    case 'android.hardware.camera2.CameraDevice$StateCallback':
      return obj('CamCb', 'android.hardware.camera2.CameraDevice$StateCallback');
    case 'android.media.MediaSyncEvent':
      return call('android.media.MediaSyncEvent.createEvent(int)', [0]);
    case 'android.telephony.PhoneStateListener':
      return obj('PhoneListener', 'android.telephony.PhoneStateListener');
    case 'android.telephony.TelephonyCallback':
      return obj('PhoneCallback', 'android.telephony.TelephonyCallback');
    case 'android.telephony.TelephonyManager$CellInfoCallback':
      return obj('CellCb', 'android.telephony.TelephonyManager$CellInfoCallback');
    case 'android.content.ClipboardManager$OnPrimaryClipChangedListener':
      return obj('ClipListener', 'android.content.ClipboardManager$OnPrimaryClipChangedListener');
    case 'android.bluetooth.le.ScanCallback':
      return obj('BleCb', 'android.bluetooth.le.ScanCallback');
    case 'android.bluetooth.le.ScanSettings':
      return call('android.bluetooth.le.ScanSettings$Builder.build()', [], nw('android.bluetooth.le.ScanSettings$Builder()'));
    case 'java.util.List':
      return nw('java.util.ArrayList()');
    case 'java.util.Map':
      return nw('java.util.HashMap()');
    case '[B':
      return { array: 'byte', items: [105, 100, 61, 49] };
    case 'android.app.usage.UsageEventsQuery':
      return call('android.app.usage.UsageEventsQuery$Builder.build()', [], nw('android.app.usage.UsageEventsQuery$Builder(long,long)', 0, 4102444800000));
    case 'android.app.Notification':
      return call('android.app.Notification$Builder.build()', [], nw('android.app.Notification$Builder(android.content.Context)', '$context'));
    case 'java.net.Proxy':
      return { static: 'java.net.Proxy.NO_PROXY' };
    case 'java.net.SocketAddress':
      return nw('java.net.InetSocketAddress(java.lang.String,int)', 'tracker.example.com', 443);
    case 'java.net.DatagramPacket':
      return nw('java.net.DatagramPacket([B,int,java.net.InetAddress,int)', byType('[B', api), 4, call('java.net.InetAddress.getByName(java.lang.String)', ['203.0.113.9']), 9000);
    case 'android.app.job.JobInfo':
      return call('android.app.job.JobInfo$Builder.build()', [], nw('android.app.job.JobInfo$Builder(int,android.content.ComponentName)', 42, nw('android.content.ComponentName(java.lang.String,java.lang.String)', PKG, `${PKG}.CovJobService`)));
    case 'android.os.WorkSource':
      return nw('android.os.WorkSource()');
    case 'android.app.job.JobWorkItem':
      return nw('android.app.job.JobWorkItem(android.content.Intent)', intent(`${SDK}.WORK`));
    case 'android.content.SyncRequest':
      return call('android.content.SyncRequest$Builder.build()', [], call('android.content.SyncRequest$Builder.syncOnce()', [], call('android.content.SyncRequest$Builder.setSyncAdapter(android.accounts.Account,java.lang.String)', [ACCOUNT, 'com.android.contacts'], nw('android.content.SyncRequest$Builder()'))));
    case 'org.apache.http.client.methods.HttpUriRequest':
    case 'org.apache.http.HttpRequest':
      return nw('org.apache.http.client.methods.HttpGet(java.lang.String)', 'http://legacy.example.com/ping');
    case 'org.apache.http.HttpHost':
      return nw('org.apache.http.HttpHost(java.lang.String,int,java.lang.String)', 'legacy.example.com', 80, 'http');
    case 'org.apache.http.protocol.HttpContext':
      return nw('org.apache.http.protocol.BasicHttpContext()');
    case 'org.apache.http.client.ResponseHandler':
      return obj('ApacheHandler', 'org.apache.http.client.ResponseHandler');
    case 'okhttp3.Request':
      return call('okhttp3.Request$Builder.build()', [], call('okhttp3.Request$Builder.url(java.lang.String)', ['https://api.example.com/v1/config'], nw('okhttp3.Request$Builder()')));
    case 'okhttp3.Callback':
      return obj('OkCallback', 'okhttp3.Callback');
    case 'com.android.volley.Request':
      return nw(
        'com.android.volley.toolbox.StringRequest(int,java.lang.String,com.android.volley.Response$Listener,com.android.volley.Response$ErrorListener)',
        0,
        'https://volley.example.com/ad',
        obj('VolleyOk', 'com.android.volley.Response$Listener'),
        obj('VolleyErr', 'com.android.volley.Response$ErrorListener'),
      );
    case 'java.security.Key':
      return nw('javax.crypto.spec.SecretKeySpec(byte[],java.lang.String)', { array: 'byte', items: Array.from({ length: 16 }, (_, i) => i) }, 'AES');
    case 'java.security.spec.AlgorithmParameterSpec':
      return nw('javax.crypto.spec.IvParameterSpec(byte[])', { array: 'byte', items: Array.from({ length: 16 }, (_, i) => 0x40 + i) });
    case 'java.security.SecureRandom':
    case 'java.security.AlgorithmParameters':
    case 'java.security.cert.Certificate':
    case 'java.nio.ByteBuffer':
      return null;
    case 'com.mob.OperationCallback':
      return obj('MobCallback', 'com.mob.OperationCallback');
    case 'short':
      return 8000;
    case 'java.io.File':
      return null;
    case 'java.util.ArrayList':
      return nw('java.util.ArrayList()');
    case 'android.net.Network':
      return call('android.net.ConnectivityManager.getActiveNetwork()');
    case 'android.content.ContentResolver':
      return call('android.content.Context.getContentResolver()', [], '$context');
    case 'com.google.android.gms.tasks.CancellationToken':
      return call('com.google.android.gms.tasks.CancellationTokenSource.getToken()', [], nw('com.google.android.gms.tasks.CancellationTokenSource()'));
    case 'com.google.android.gms.location.LocationRequest':
      return call('com.google.android.gms.location.LocationRequest.create()');
    case 'com.google.android.gms.location.LocationCallback':
      return obj('FusedCb', 'com.google.android.gms.location.LocationCallback');
    case 'com.bun.miitmdid.interfaces.IIdentifierListener':
      return obj('OaidListener', 'com.bun.miitmdid.interfaces.IIdentifierListener');
    default:
      throw new Error(`coverage: no argument for parameter type ${t}`);
  }
}

/** Hook- (and overload-) specific arguments; the rest come by type. */
function special(id: string, params: readonly string[], api: number): (ArgValue | undefined)[] {
  const key = `${id}(${params.join(',')})`;
  const perKey: Record<string, (ArgValue | undefined)[]> = {
    'pm.getPackagesForUid(int)': [call('android.os.Process.myUid()')],
    'deflater.setInput([B,int,int)': [undefined, 0, 4],
    'pm.getNameForUid(int)': [10086],
    'content.call(java.lang.String,java.lang.String,java.lang.String,android.os.Bundle)': ['settings', 'GET_secure', 'android_id'],
    'content.call(android.net.Uri,java.lang.String,java.lang.String,android.os.Bundle)': [uri('content://settings/secure'), 'GET_secure', 'android_id'],
    'content.acquireContentProviderClient(java.lang.String)': ['com.android.contacts'],
    'content.acquireUnstableContentProviderClient(java.lang.String)': ['sms'],
    'content.openInputStream(android.net.Uri)': [uri('content://media/external/images/media/1')],
    'content.openFileDescriptor(android.net.Uri,java.lang.String)': [uri('content://media/external/images/media/1'), 'r'],
    'content.openFileDescriptor(android.net.Uri,java.lang.String,android.os.CancellationSignal)': [uri('content://media/external/images/media/1'), 'r'],
    'content.openAssetFileDescriptor(android.net.Uri,java.lang.String)': [uri('content://media/external/images/media/1'), 'r'],
    'content.openAssetFileDescriptor(android.net.Uri,java.lang.String,android.os.CancellationSignal)': [uri('content://media/external/images/media/1'), 'r'],
    'content.openTypedAssetFileDescriptor(android.net.Uri,java.lang.String,android.os.Bundle)': [uri('content://media/external/images/media/1'), 'image/*'],
    'content.openTypedAssetFileDescriptor(android.net.Uri,java.lang.String,android.os.Bundle,android.os.CancellationSignal)': [uri('content://media/external/images/media/1'), 'image/*'],
    'content.registerContentObserver(android.net.Uri,boolean,android.database.ContentObserver)': [uri('content://sms/inbox'), true],
    'content.insert(android.net.Uri,android.content.ContentValues)': [uri('content://com.android.contacts/raw_contacts')],
    'content.insert(android.net.Uri,android.content.ContentValues,android.os.Bundle)': [uri('content://com.android.contacts/raw_contacts')],
    'content.bulkInsert(android.net.Uri,[Landroid.content.ContentValues;)': [uri('content://com.android.contacts/raw_contacts')],
    'content.query(android.net.Uri,[Ljava.lang.String;,java.lang.String,[Ljava.lang.String;,java.lang.String,android.os.CancellationSignal)': [uri('content://sms/inbox'), null],
    'content.query(android.net.Uri,[Ljava.lang.String;,android.os.Bundle,android.os.CancellationSignal)': [uri('content://call_log/calls'), null],
    'content.delete(android.net.Uri,java.lang.String,[Ljava.lang.String;)': [undefined, null, null],
    'content.update(android.net.Uri,android.content.ContentValues,java.lang.String,[Ljava.lang.String;)': [undefined, undefined, null, null],
    'accounts.getAccountsByType(java.lang.String)': ['com.google'],
    'accounts.getAccountsByTypeForPackage(java.lang.String,java.lang.String)': ['com.google', 'com.tencent.mm'],
    'accounts.getAccountsByTypeAndFeatures(java.lang.String,[Ljava.lang.String;,android.accounts.AccountManagerCallback,android.os.Handler)': ['com.google', strs('service_mail')],
    'accounts.peekAuthToken(android.accounts.Account,java.lang.String)': [undefined, 'oauth2:email'],
    'accounts.getUserData(android.accounts.Account,java.lang.String)': [undefined, 'uid'],
    'sensor.registerListener(android.hardware.SensorEventListener,android.hardware.Sensor,int)': [undefined, undefined, 3],
    'sensor.registerListener(android.hardware.SensorEventListener,android.hardware.Sensor,int,android.os.Handler)': [undefined, undefined, 3],
    'sensor.registerListener(android.hardware.SensorEventListener,android.hardware.Sensor,int,int)': [undefined, undefined, 3, 100000],
    'sensor.registerListener(android.hardware.SensorEventListener,android.hardware.Sensor,int,int,android.os.Handler)': [undefined, undefined, 3, 100000],
    'sensor.registerListener(android.hardware.SensorListener,int)': [undefined, 2],
    'sensor.registerListener(android.hardware.SensorListener,int,int)': [undefined, 2, 3],
    'sensor.requestTriggerSensor(android.hardware.TriggerEventListener,android.hardware.Sensor)': [undefined, call('android.hardware.SensorManager.getDefaultSensor(int)', [17])],
    'sensor.getDefaultSensor(int)': [1],
    'sensor.getDefaultSensor(int,boolean)': [1, false],
    'sensor.getSensorList(int)': [-1],
    'sensor.getDynamicSensorList(int)': [-1],
    'camera.open(int)': [0],
    'camera2.openCamera(java.lang.String,android.hardware.camera2.CameraDevice$StateCallback,android.os.Handler)': ['0'],
    'camera2.openCamera(java.lang.String,java.util.concurrent.Executor,android.hardware.camera2.CameraDevice$StateCallback)': ['0'],
    'mediaRecorder.setVideoSource(int)': [1],
    'mediaRecorder.setAudioSource(int)': [1],
    'speech.startListening(android.content.Intent)': [intent('android.speech.action.RECOGNIZE_SPEECH')],
    'usage.queryUsageStats(int,long,long)': [0, 0, 4102444800000],
    'usage.queryAndAggregateUsageStats(long,long)': [0, 4102444800000],
    'usage.queryEvents(long,long)': [0, 4102444800000],
    'usage.queryEventStats(int,long,long)': [0, 0, 4102444800000],
    'usage.queryConfigurations(int,long,long)': [0, 0, 4102444800000],
    'notifications.getActiveNotifications([Ljava.lang.String;)': [strs('0|com.tencent.mm|1|null|10000')],
    'am.getRunningTasks(int)': [5],
    'am.getRunningServices(int)': [20],
    'am.getRecentTasks(int,int)': [5, 0],
    'telephony.getDeviceId(int)': [0],
    'telephony.getImei(int)': [0],
    'telephony.getMeid(int)': [0],
    'phone.listen(android.telephony.PhoneStateListener,int)': [undefined, 0x20],
    'phone.getServiceState(int)': [0],
    'subscription.getPhoneNumber(int)': [1],
    'subscription.getPhoneNumber(int,int)': [1, 1],
    'settings.global.getString(android.content.ContentResolver,java.lang.String)': [undefined, 'device_name'],
    'mediaDrm.getPropertyByteArray(java.lang.String)': ['deviceUniqueId'],
    'mediaDrm.getPropertyString(java.lang.String)': ['deviceUniqueId'],
    'bluetoothManager.getConnectedDevices(int)': [7],
    'telephony.getNetworkCountryIso(int)': [0],
    'pm.queryIntentActivityOptions(android.content.ComponentName,[Landroid.content.Intent;,android.content.Intent,int)': [undefined, null, pmIntent('pm.queryIntentActivities'), 0],
    'pm.queryIntentActivityOptions(android.content.ComponentName,java.util.List,android.content.Intent,android.content.pm.PackageManager$ResolveInfoFlags)': [undefined, undefined, pmIntent('pm.queryIntentActivities')],
    'file.open(java.lang.String,int)': ['/sys/class/net/wlan0/address', 0],
    'exec.runtime(java.lang.String)': ['getprop ro.serialno'],
    'exec.runtime(java.lang.String,[Ljava.lang.String;)': ['cat /proc/cpuinfo', null],
    'exec.runtime(java.lang.String,[Ljava.lang.String;,java.io.File)': ['pm list packages', null, null],
    'exec.runtime([Ljava.lang.String;)': [strs('settings', 'get', 'secure', 'android_id')],
    'exec.runtime([Ljava.lang.String;,[Ljava.lang.String;)': [strs('ip', 'link'), null],
    'exec.runtime([Ljava.lang.String;,[Ljava.lang.String;,java.io.File)': [strs('cat', '/proc/net/arp'), null, null],
    'sms.sendTextMessage(java.lang.String,java.lang.String,java.lang.String,android.app.PendingIntent,android.app.PendingIntent)': ['10086', null, 'CXYE', null, null],
    'sms.sendTextMessage(java.lang.String,java.lang.String,java.lang.String,android.app.PendingIntent,android.app.PendingIntent,long)': ['10086', null, 'CXYE', null, null, 7],
    'sms.sendMultipartTextMessage(java.lang.String,java.lang.String,java.util.ArrayList,java.util.ArrayList,java.util.ArrayList)': ['10086'],
    'sms.sendMultipartTextMessage(java.lang.String,java.lang.String,java.util.List,java.util.List,java.util.List,java.lang.String,java.lang.String)': ['10086', null, undefined, undefined, undefined, PKG, null],
    'sms.sendMultipartTextMessage(java.lang.String,java.lang.String,java.util.List,java.util.List,java.util.List,long)': ['10086', null, undefined, undefined, undefined, 8],
    'sms.sendDataMessage(java.lang.String,java.lang.String,short,[B,android.app.PendingIntent,android.app.PendingIntent)': ['10086', null, undefined, undefined, null, null],
    'sms.getMessagesFromIntent(android.content.Intent)': [intent('android.provider.Telephony.SMS_RECEIVED')],
    'sms.createFromPdu([B,java.lang.String)': [undefined, '3gpp'],
    'screen.getMediaProjection(int,android.content.Intent)': [-1, intent('android.media.projection.RESULT')],
    'vendor.oppo.getSerID(java.lang.String,java.lang.String,java.lang.String)': [PKG, 'a1b2', 'OUID'],
    'vendor.oppo.repeackage.getSerID(java.lang.String,java.lang.String,java.lang.String)': [PKG, 'a1b2', 'OUID'],
    'vendor.oplus.getSerID(java.lang.String,java.lang.String,java.lang.String)': [PKG, 'a1b2', 'OUID'],
    'fused.getCurrentLocation(int,com.google.android.gms.tasks.CancellationToken)': [100],
    'sysprop.get(java.lang.String)': ['ro.serialno'],
    'sysprop.get(java.lang.String,java.lang.String)': ['ro.serialno', 'unknown'],
    'settings.secure.getString(android.content.ContentResolver,java.lang.String)': [call('android.content.Context.getContentResolver()', [], '$context'), 'android_id'],
    'settings.system.getString(android.content.ContentResolver,java.lang.String)': [call('android.content.Context.getContentResolver()', [], '$context'), 'android_id'],
    'geocoder.getFromLocation(double,double,int)': [39.9087, 116.3975, 1],
    'geocoder.getFromLocation(double,double,int,android.location.Geocoder$GeocodeListener)': [39.9087, 116.3975, 1],
    'location.getLastKnownLocation(java.lang.String)': ['gps'],
    'location.addProximityAlert(double,double,float,long,android.app.PendingIntent)': [39.9087, 116.3975, 100, -1],
    'launcherApps.getActivityList(java.lang.String,android.os.UserHandle)': [null],
    'dns.getAllByName(java.lang.String)': ['api.example.com'],
    'dns.getByName(java.lang.String)': ['cdn.example.com'],
    'dns.network.getAllByName(java.lang.String)': ['api.example.com'],
    'dns.network.getByName(java.lang.String)': ['cdn.example.com'],
    'webview.loadUrl(java.lang.String)': ['https://h5.example.com/activity'],
    'webview.loadUrl(java.lang.String,java.util.Map)': ['https://h5.example.com/activity?x=1'],
    'webview.postUrl(java.lang.String,[B)': ['https://h5.example.com/login'],
    'socket.write(int)': [65],
    'socket.write([B,int,int)': [undefined, 0, 4],
    'popup.showAtLocation(android.view.View,int,int,int)': [undefined, 17, 0, 0],
    'lifecycle.popup.showAtLocation(android.view.View,int,int,int)': [undefined, 17, 0, 0],
    'lifecycle.popup.showAsDropDown(android.view.View,int,int)': [undefined, 0, 10],
    'lifecycle.popup.showAsDropDown(android.view.View,int,int,int)': [undefined, 0, 10, 0],
    'perm.activity.requestPermissions([Ljava.lang.String;,int)': [strs('android.permission.READ_CALENDAR'), 11],
    'perm.activity.requestPermissions([Ljava.lang.String;,int,int)': [strs('android.permission.READ_CALENDAR'), 12, 0],
    'perm.shouldShowRequestPermissionRationale(java.lang.String)': ['android.permission.READ_CALENDAR'],
    'perm.shouldShowRequestPermissionRationale(java.lang.String,int)': ['android.permission.READ_CALENDAR', 0],
    'perm.contextImpl.checkSelfPermission(java.lang.String)': ['android.permission.ACCESS_FINE_LOCATION'],
    'perm.contextImpl.checkPermission(java.lang.String,int,int)': ['android.permission.READ_PHONE_STATE', call('android.os.Process.myPid()'), call('android.os.Process.myUid()')],
    'perm.contextImpl.checkPermission(java.lang.String,int,int,android.os.IBinder)': ['android.permission.CAMERA', call('android.os.Process.myPid()'), call('android.os.Process.myUid()')],
    'clipboard.addPrimaryClipChangedListener(android.content.ClipboardManager$OnPrimaryClipChangedListener)': [],
    'bluetooth.le.startScan(java.util.List,android.bluetooth.le.ScanSettings,android.app.PendingIntent)': [],
    'url.openConnection(java.net.Proxy)': [],
    'pendingIntent.getActivity(android.content.Context,int,android.content.Intent,int)': [undefined, 1, intent(`${SDK}.OPEN`), IMMUTABLE],
    'pendingIntent.getActivity(android.content.Context,int,android.content.Intent,int,android.os.Bundle)': [undefined, 2, intent(`${SDK}.OPEN`), IMMUTABLE],
    'pendingIntent.getActivities(android.content.Context,int,[Landroid.content.Intent;,int)': [undefined, 3, undefined, IMMUTABLE],
    'pendingIntent.getActivities(android.content.Context,int,[Landroid.content.Intent;,int,android.os.Bundle)': [undefined, 4, undefined, IMMUTABLE],
    'pendingIntent.getService(android.content.Context,int,android.content.Intent,int)': [undefined, 5, explicit('StartedService'), IMMUTABLE],
    'pendingIntent.getForegroundService(android.content.Context,int,android.content.Intent,int)': [undefined, 6, explicit('StartedService'), IMMUTABLE],
    'pendingIntent.getBroadcast(android.content.Context,int,android.content.Intent,int)': [undefined, 8, explicit('AlarmReceiver'), IMMUTABLE],
  };
  const got = perKey[key];
  if (got !== undefined) return got;
  // By hook: the first String (a package, a provider, ...) and ints with a meaning.
  if (id.startsWith('pm.') || id === 'launcherApps.getActivityList') return params.map((p) => (p === S ? 'com.tencent.mm' : p === 'android.content.Intent' ? pmIntent(id) : undefined));
  if (id.startsWith('location.')) return params.map((p, i) => (p === S ? 'gps' : p === 'long' ? 1000 : p === 'float' && i < 3 ? 0 : undefined));
  if (id.startsWith('broadcast.') || id.startsWith('receiver.')) return broadcastArgs(id, params, api);
  if (id.startsWith('accounts.getAuthToken')) return params.map((p) => (p === S ? 'oauth2:https://www.googleapis.com/auth/userinfo.email' : undefined));
  if (id.startsWith('sync.')) return params.map((p) => (p === S ? 'com.android.contacts' : p === 'long' ? 3600 : p === 'boolean' ? true : undefined));
  if (id.startsWith('consent.')) return params.map((p) => (p === 'boolean' ? true : undefined));
  if (id === 'apache.execute' || id.startsWith('okhttp') || id === 'volley.add') return [];
  return [];
}

function pmIntent(id: string): ArgValue {
  if (id.includes('Services')) return intent('com.google.android.c2dm.intent.REGISTER');
  if (id.includes('Receivers')) return intent('android.intent.action.BOOT_COMPLETED');
  if (id.includes('ContentProviders')) return intent('android.content.action.DOCUMENTS_PROVIDER');
  const launcher = nw('android.content.Intent(java.lang.String)', 'android.intent.action.MAIN');
  return call('android.content.Intent.addCategory(java.lang.String)', ['android.intent.category.LAUNCHER'], launcher);
}

function explicit(cls: string): ArgValue {
  return call('android.content.Intent.setClassName(java.lang.String,java.lang.String)', [PKG, `${PKG}.${cls}`], nw('android.content.Intent()'));
}

/**
 * Broadcasts and receiver registrations. Since Android 14 a context-registered receiver for
 * non-system broadcasts must say whether it is exported; the flag overloads pass
 * RECEIVER_NOT_EXPORTED, the others listen for a protected system broadcast.
 */
function broadcastArgs(id: string, params: readonly string[], _api: number): (ArgValue | undefined)[] {
  if (id.startsWith('receiver.')) {
    return params.map((p, i) => {
      if (p === 'android.content.IntentFilter') return nw('android.content.IntentFilter(java.lang.String)', params.at(-1) === 'int' ? `${SDK}.LOCAL` : 'android.intent.action.SCREEN_ON');
      if (p === 'int' && i === params.length - 1) return 4;
      if (p === 'int' && id === 'receiver.registerReceiverInternal') return 0;
      if (p === 'android.content.Context') return '$base';
      return undefined;
    });
  }
  // Sends: the broadcast's own action; the int of the hidden forms is an app-op (-1: none).
  return params.map((p) => (p === 'int' ? -1 : p === 'android.content.Intent' ? intent(`${SDK}.BROADCAST`) : undefined));
}

function argsFor(id: string, params: readonly string[], api: number): ArgValue[] {
  const sp = special(id, params, api);
  return params.map((p, i) => {
    const v = sp[i];
    return v !== undefined ? v : byType(p, api);
  });
}

// ---- receivers of direct calls -------------------------------------------------------------------

/** The object a hook's method is called on (undefined: the default receiver / static). */
function receiverOf(r: JavaHookRecord): ArgValue | undefined {
  switch (r.class) {
    case 'android.net.wifi.WifiInfo':
      return call('android.net.wifi.WifiManager.getConnectionInfo()');
    case 'android.telephony.SubscriptionInfo':
      return call('java.util.List.get(int)', [0], call('android.telephony.SubscriptionManager.getActiveSubscriptionInfoList()'));
    case 'java.net.NetworkInterface':
      return call('java.net.NetworkInterface.getByName(java.lang.String)', ['wlan0']);
    case 'android.bluetooth.BluetoothAdapter':
      return call('android.bluetooth.BluetoothManager.getAdapter()');
    case 'android.bluetooth.le.BluetoothLeScanner':
      return call('android.bluetooth.BluetoothAdapter.getBluetoothLeScanner()', [], call('android.bluetooth.BluetoothManager.getAdapter()'));
    case 'android.media.MediaRecorder':
      return nw('android.media.MediaRecorder()');
    case 'android.media.AudioRecord':
      return nw('android.media.AudioRecord(int,int,int,int,int)', 1, 44100, 16, 2, 4096);
    case 'android.speech.SpeechRecognizer':
      return call('android.speech.SpeechRecognizer.createSpeechRecognizer(android.content.Context)', ['$context']);
    case 'android.location.Geocoder':
      return nw('android.location.Geocoder(android.content.Context)', '$context');
    case 'android.webkit.WebView':
      return nw('android.webkit.WebView(android.content.Context)', '$activity');
    case 'android.app.Dialog':
      return call('android.app.AlertDialog$Builder.create()', [], call('android.app.AlertDialog$Builder.setTitle(java.lang.CharSequence)', ['Allow personalised ads?'], nw('android.app.AlertDialog$Builder(android.content.Context)', '$activity')));
    case 'android.widget.PopupWindow':
      return nw('android.widget.PopupWindow(android.view.View,int,int)', nw('android.widget.TextView(android.content.Context)', '$activity'), 300, 200);
    case 'java.net.URL':
      return nw('java.net.URL(java.lang.String)', 'https://config.example.com/v2/init');
    case 'java.net.Socket':
      return nw('java.net.Socket()');
    case 'javax.crypto.Cipher':
      return call('javax.crypto.Cipher.getInstance(java.lang.String)', ['AES/CBC/PKCS5Padding']);
    case 'java.util.zip.GZIPOutputStream':
      return nw('java.util.zip.GZIPOutputStream(java.io.OutputStream)', nw('java.io.ByteArrayOutputStream()'));
    case 'java.util.zip.DeflaterOutputStream':
      return nw('java.util.zip.DeflaterOutputStream(java.io.OutputStream)', nw('java.io.ByteArrayOutputStream()'));
    case 'java.util.zip.Deflater':
      return nw('java.util.zip.Deflater()');
    case 'java.security.MessageDigest':
      return call('java.security.MessageDigest.getInstance(java.lang.String)', ['MD5']);
    case 'javax.crypto.Mac':
      return call('javax.crypto.Mac.getInstance(java.lang.String)', ['HmacSHA256']);
    case 'java.net.SocketOutputStream':
      return call('java.net.Socket.getOutputStream()', [], nw('java.net.Socket(java.lang.String,int)', 'collect.example.com', 80));
    case 'java.net.DatagramSocket':
      return nw('java.net.DatagramSocket()');
    case 'android.net.Network':
      return call('android.net.ConnectivityManager.getActiveNetwork()');
    case 'org.apache.http.impl.client.AbstractHttpClient':
      return nw('org.apache.http.impl.client.DefaultHttpClient()');
    case 'android.app.Activity':
      return '$activity';
    case 'java.lang.Runtime':
      return call('java.lang.Runtime.getRuntime()');
    case 'java.lang.ProcessBuilder':
      return nw('java.lang.ProcessBuilder([Ljava.lang.String;)', strs('getprop'));
    case 'android.media.MediaDrm':
      return nw('android.media.MediaDrm(java.util.UUID)', call('java.util.UUID.fromString(java.lang.String)', ['edef8ba9-79d6-4ace-a3c8-27dcd51d21ed']));
    case 'android.telephony.UiccCardInfo':
      return call('java.util.List.get(int)', [0], call('android.telephony.TelephonyManager.getUiccCardsInfo()'));
    case 'android.bluetooth.BluetoothDevice':
      return call('java.util.Iterator.next()', [], call('java.lang.Iterable.iterator()', [], call('android.bluetooth.BluetoothAdapter.getBondedDevices()', [], call('android.bluetooth.BluetoothManager.getAdapter()'))));
    case 'android.location.Location':
      return nw('android.location.Location(java.lang.String)', 'gps');
    case 'android.content.pm.PackageInstaller':
      return call('android.content.pm.PackageManager.getPackageInstaller()', [], call('android.content.Context.getPackageManager()', [], '$context'));
    case 'android.telephony.SmsManager':
      return call('android.telephony.SmsManager.getDefault()');
    case 'com.android.id.impl.IdProviderImpl':
      return nw('com.android.id.impl.IdProviderImpl()');
    case 'com.google.android.gms.location.FusedLocationProviderClient':
      return call('com.google.android.gms.location.LocationServices.getFusedLocationProviderClient(android.content.Context)', ['$context']);
    default:
      // OEM ID-service proxies (emulator/libraries/vendorids.ts), over the null binder a missing
      // service leaves.
      if (r.class.endsWith('$Stub$Proxy')) return nw(`${r.class}(android.os.IBinder)`, null);
      return undefined;
  }
}

// ---- probes ---------------------------------------------------------------------------------------

/** Bluetooth profile proxies: hook id, proxy class, BluetoothProfile constant for getProfileProxy. */
const BT_PROFILES: readonly (readonly [string, string, number])[] = [
  ['bluetoothProfile.headset.getConnectedDevices', 'android.bluetooth.BluetoothHeadset', 1],
  ['bluetoothProfile.a2dp.getConnectedDevices', 'android.bluetooth.BluetoothA2dp', 2],
  ['bluetoothProfile.hidDevice.getConnectedDevices', 'android.bluetooth.BluetoothHidDevice', 19],
  ['bluetoothProfile.hearingAid.getConnectedDevices', 'android.bluetooth.BluetoothHearingAid', 21],
  ['bluetoothProfile.leAudio.getConnectedDevices', 'android.bluetooth.BluetoothLeAudio', 22],
];

/** Hooks driven by something other than a direct call in a probe (see `natural` below). */
const NATURAL = new Set([
  'cipher.update',
  'cipher.doFinal',
  'mac.update',
  'mac.doFinal',
  'deflater.deflate',
  'inflater.inflate',
  'lifecycle.callActivityOnCreate',
  'lifecycle.callActivityOnResume',
  'lifecycle.callActivityOnPause',
  'lifecycle.finish',
  'lifecycle.callActivityOnDestroy',
  'lifecycle.performClick',
  'activity.execStartActivity',
  'activity.execStartActivities',
  'activity.execStartActivitiesAsUser',
  'wake.handleReceiver',
  'wake.handleCreateService',
  'wake.handleServiceArgs',
  'wake.handleBindService',
  'wake.receiverArgs.getRunnable',
  'wake.receiverArgs.run',
  'wake.provider.query',
  'wake.provider.call',
  'wake.provider.insert',
  'perm.dispatchRequestPermissionsResult',
  'perm.activity.requestPermissions',
  'perm.shouldShowRequestPermissionRationale',
  'perm.fragment.requestPermissions',
  'perm.activityCompat.requestPermissions',
  'perm.androidxFragment.requestPermissions',
  'perm.contextCompat.checkSelfPermission',
  'perm.permissionChecker.checkSelfPermission',
  'service.startServiceCommon',
  'service.bindServiceCommon',
  'service.startForeground',
  'service.onStartCommand',
  'job.schedule',
  'job.enqueue',
  'job.cancel',
  'job.cancelAll',
  'work.enqueue',
  'work.enqueueUniqueWork',
  'work.enqueueUniquePeriodicWork',
  'work.continuation.enqueue',
  'notifications.getActiveNotifications',
  'notifications.getSnoozedNotifications',
  'notifications.requestRebind',
  'huc.connect',
  'huc.getOutputStream',
  'huc.getInputStream',
  'okhttp3.newCall',
  'okhttp3.RealCall.execute',
  'okhttp3.RealCall.enqueue',
  'okhttp4.RealCall.execute',
  'okhttp4.RealCall.enqueue',
  'volley.add',
  'gaid.getAdvertisingIdInfo',
  'gaid.Info.getId',
  'hms.oaid.getAdvertisingIdInfo',
  'hms.oaid.Info.getId',
  'honor.oaid.getAdvertisingIdInfo',
  'msa.oaid.InitSdk',
  'screen.createVirtualDisplay',
  ...BT_PROFILES.map(([id]) => id),
]);

/** Hooks whose direct calls must run off the main thread (network, ad-ID clients). */
const WORKER = (id: string) => /^(socket\.|datagram\.|dns\.|url\.|apache\.)/.test(id);

export interface CoverageOptions {
  api: number;
  /** okhttp3 (RealCall in okhttp3) or okhttp4 (okhttp3.internal.connection.RealCall): one per app. */
  okhttp: 'okhttp3' | 'okhttp4';
  targetSdk?: number;
}

export function coverageRun(opts: CoverageOptions): CoverageRun {
  const { api } = opts;
  const hooks = JAVA_HOOKS();
  const probes: Probe[] = [];
  const expected = new Map<string, Set<string>>();
  const libraries = [opts.okhttp, 'volley', 'androidx.core', 'androidx.fragment', 'androidx.work', 'gms.ads.identifier', 'hms.ads.identifier', 'honor.ads.identifier', 'msa.oaid', 'oaid.aidl', 'oaid.repeackage', 'gms.location', ...CONSENT_SDKS];
  // Apache HttpClient: in the boot class path up to API 27; from 28 an app declares the shared library.
  const apache = true;

  let n = 0;
  const probe = (hook: string, params: string[] | null, where: string, body: Action[]): Action => {
    const frame = `${SDK}.P${n++}`;
    probes.push({ frame, hook, params, where });
    return { in: `${frame}.fire`, do: body };
  };

  const main: Action[] = [];
  const worker: Action[] = [];
  const absent: Record<string, 'missing-class' | 'missing-method'> = {};
  for (const r of hooks) {
    if (!hookAt(r, api)) continue;
    // One OkHttp per app: okhttp3 has okhttp3.RealCall, okhttp4 okhttp3.internal.connection.RealCall.
    if (r.id.startsWith(opts.okhttp === 'okhttp3' ? 'okhttp4.' : 'okhttp3.RealCall')) {
      absent[r.id] = 'missing-class';
      continue;
    }
    const sigs = overloadsAt(r, api).filter((s) => !unranged(s) || emulatorHas(r.class, r.method, s.params, api));
    // 'all' hooks whatever forms the release has (ContentProvider$Transport before API 31).
    const other = r.overloads === 'all' && r.loader === 'system' && sigs.length === 0 && emulatorHasName(r.class, r.method, api);
    if (sigs.length === 0 && !other) {
      absent[r.id] = 'missing-method';
      continue;
    }
    expected.set(r.id, new Set(sigs.map((s) => s.params.join(','))));
    if (r.kind === 'origin' || r.kind === 'loader' || NATURAL.has(r.id)) continue;
    const on = receiverOf(r);
    for (const s of sigs) {
      const ref = `${r.class}.${r.method}(${s.params.join(',')})`;
      const body: Action[] = [{ call: ref, args: argsFor(r.id, s.params, api), ...(on === undefined ? {} : { on }) } as Action];
      (WORKER(r.id) ? worker : main).push(probe(r.id, s.params, WORKER(r.id) ? 'worker' : 'main', body));
    }
  }

  // ---- natural drives ----------------------------------------------------------------------------
  const has = (id: string) => expected.has(id);

  // A class loader built by the app (DexClassLoader over a dex the device does not have: ART
  // builds an empty one); its BaseDexClassLoader constructor is the hooked funnel.
  if (expected.has('loader.baseDexClassLoader')) {
    main.push(
      probe('loader.baseDexClassLoader', null, 'main', [
        { new: 'dalvik.system.DexClassLoader(java.lang.String,java.lang.String,java.lang.String,java.lang.ClassLoader)', args: ['/data/local/tmp/cov-plugin.dex', null, null, null], as: 'covLoader' } as Action,
      ]),
    );
  }
  const sigsOf = (id: string) => [...(expected.get(id) ?? [])];

  // Cipher data calls need an initialised cipher: getInstance + init, then the call.
  for (const id of ['cipher.update', 'cipher.doFinal']) {
    for (const s of sigsOf(id)) {
      const params = s === '' ? [] : s.split(',');
      const method = id.slice('cipher.'.length);
      main.push(
        probe(id, params, 'main', [
          act('javax.crypto.Cipher.getInstance(java.lang.String)', ['AES/CBC/PKCS5Padding'], undefined, 'cov_c'),
          act('javax.crypto.Cipher.init(int,java.security.Key,java.security.spec.AlgorithmParameterSpec)', [1, byType('java.security.Key', api), byType('java.security.spec.AlgorithmParameterSpec', api)], '$cov_c'),
          act(`javax.crypto.Cipher.${method}(${params.join(',')})`, params.map((p) => byType(p, api)), '$cov_c'),
        ]),
      );
    }
  }

  // A Mac's data calls need init; a Deflater's deflate needs input and finish(); an Inflater
  // needs a deflated stream (made by a Deflater in the probe).
  for (const id of ['mac.update', 'mac.doFinal']) {
    for (const s of sigsOf(id)) {
      const params = s === '' ? [] : s.split(',');
      main.push(
        probe(id, params, 'main', [
          act('javax.crypto.Mac.getInstance(java.lang.String)', ['HmacSHA256'], undefined, 'cov_m'),
          act('javax.crypto.Mac.init(java.security.Key)', [byType('java.security.Key', api)], '$cov_m'),
          act(`javax.crypto.Mac.${id.slice('mac.'.length)}(${params.join(',')})`, params.map((p) => (p === '[B' && params.length === 2 ? { array: 'byte', items: Array.from({ length: 32 }, () => 0) } : byType(p, api))), '$cov_m'),
        ]),
      );
    }
  }
  const deflated = (tag: string): Action[] => [
    { new: 'java.util.zip.Deflater()', as: `cov_d${tag}` } as Action,
    act('java.util.zip.Deflater.setInput(byte[])', [byType('[B', api)], `$cov_d${tag}`),
    act('java.util.zip.Deflater.finish()', [], `$cov_d${tag}`),
    act('java.lang.String.getBytes(java.lang.String)', ['UTF-8'], '.'.repeat(64), `cov_b${tag}`),
  ];
  for (const s of sigsOf('deflater.deflate')) {
    const params = s === '' ? [] : s.split(',');
    const args = params.map((p, i) => (p === '[B' ? '$cov_bD' : p === 'int' ? [0, 64, 0][i - 1]! : byType(p, api)));
    main.push(probe('deflater.deflate', params, 'main', [...deflated('D'), act(`java.util.zip.Deflater.deflate(${params.join(',')})`, args, '$cov_dD')]));
  }
  for (const s of sigsOf('inflater.inflate')) {
    const params = s === '' ? [] : s.split(',');
    const args = params.map((p, i) => (p === '[B' ? '$cov_out' : p === 'int' ? [0, 64][i - 1]! : byType(p, api)));
    main.push(
      probe('inflater.inflate', params, 'main', [
        ...deflated('I'),
        act('java.util.zip.Deflater.deflate(byte[])', ['$cov_bI'], '$cov_dI', 'cov_n'),
        { new: 'java.util.zip.Inflater()', as: 'cov_i' } as Action,
        act('java.util.zip.Inflater.setInput(byte[],int,int)', ['$cov_bI', 0, '$cov_n'], '$cov_i'),
        act('java.lang.String.getBytes(java.lang.String)', ['UTF-8'], '.'.repeat(64), 'cov_out'),
        act(`java.util.zip.Inflater.inflate(${params.join(',')})`, args, '$cov_i'),
      ]),
    );
  }

  // Activities: startActivity (Activity target), a fragment's start (String who), startActivities
  // (execStartActivities -> execStartActivitiesAsUser) and ContextImpl.startActivityAsUser.
  const second = explicit('SecondActivity');
  main.push(probe('activity.execStartActivity', ['android.content.Context', 'android.os.IBinder', 'android.os.IBinder', 'android.app.Activity', 'android.content.Intent', 'int', 'android.os.Bundle'], 'main', [act('android.app.Activity.startActivity(android.content.Intent)', [second], '$activity')]));
  main.push(
    probe('activity.execStartActivity', ['android.content.Context', 'android.os.IBinder', 'android.os.IBinder', 'java.lang.String', 'android.content.Intent', 'int', 'android.os.Bundle'], 'main', [
      { new: 'android.app.Fragment()', as: 'frag' },
      act('android.app.FragmentTransaction.commitNow()', [], call('android.app.FragmentTransaction.add(android.app.Fragment,java.lang.String)', ['$frag', 'cov'], call('android.app.FragmentManager.beginTransaction()', [], call('android.app.Activity.getFragmentManager()', [], '$activity')))),
      act('android.app.Fragment.startActivity(android.content.Intent)', [second], '$frag'),
    ]),
  );
  main.push(probe('activity.execStartActivity', ['android.content.Context', 'android.os.IBinder', 'android.os.IBinder', 'java.lang.String', 'android.content.Intent', 'int', 'android.os.Bundle', 'android.os.UserHandle'], 'main', [act('android.app.ContextImpl.startActivityAsUser(android.content.Intent,android.os.Bundle,android.os.UserHandle)', [call('android.content.Intent.addFlags(int)', [0x10000000], second), null, USER])]));
  main.push(probe('activity.execStartActivities', null, 'main', [act('android.app.Activity.startActivities([Landroid.content.Intent;,android.os.Bundle)', [{ array: 'android.content.Intent', items: [second] }, null], '$activity')]));
  main.push(probe('activity.execStartActivities', null, 'main', [act('android.content.Context.startActivities([Landroid.content.Intent;)', [{ array: 'android.content.Intent', items: [call('android.content.Intent.addFlags(int)', [0x10000000], second)] }], '$context')]));
  // execStartActivitiesAsUser is reached on its own only from ContextImpl.startActivitiesAsUser (hidden).
  main.push(probe('activity.execStartActivitiesAsUser', null, 'main', [act('android.app.ContextImpl.startActivitiesAsUser([Landroid.content.Intent;,android.os.Bundle,android.os.UserHandle)', [{ array: 'android.content.Intent', items: [call('android.content.Intent.addFlags(int)', [0x10000000], second)] }, null, USER])]));

  // Services in their own processes: started (then foreground), bound, and one that registers a
  // dynamic receiver (the late-attach process).
  main.push(probe('service.startServiceCommon', null, 'main', [act('android.content.Context.startService(android.content.Intent)', [explicit('StartedService')], '$context')]));
  main.push(probe('service.bindServiceCommon', null, 'main', [act('android.content.Context.bindService(android.content.Intent,android.content.ServiceConnection,int)', [explicit('BoundService'), obj('Conn', 'android.content.ServiceConnection'), 1], '$context')]));
  main.push(probe('service.startServiceCommon', null, 'main', [act('android.content.Context.startService(android.content.Intent)', [explicit('DynService')], '$context')]));

  // Alarms: AlarmManager's public methods funnel into setImpl (API 31+: the Handler form into the
  // Executor form).
  main.push(probe('alarm.setImpl', null, 'main', [act('android.app.AlarmManager.set(int,long,android.app.PendingIntent)', [3, 1000, pending(`${SDK}.ALARM`)])]));
  main.push(probe('alarm.setImpl', null, 'main', [act('android.app.AlarmManager.setExact(int,long,java.lang.String,android.app.AlarmManager$OnAlarmListener,android.os.Handler)', [3, 1500, 'cov:refresh', obj('OnAlarm', 'android.app.AlarmManager$OnAlarmListener'), HANDLER])]));
  if (api >= 34) main.push(probe('alarm.setImpl', null, 'main', [act('android.app.AlarmManager.setWindow(int,long,long,java.lang.String,java.util.concurrent.Executor,android.app.AlarmManager$OnAlarmListener)', [3, 2000, 60000, 'cov:window', EXECUTOR, obj('OnAlarm', 'android.app.AlarmManager$OnAlarmListener')])]));

  // Jobs: JobScheduler.schedule/enqueue reach JobSchedulerImpl; the job runs CovJobService (:j).
  main.push(probe('job.schedule', null, 'main', [act('android.app.job.JobScheduler.schedule(android.app.job.JobInfo)', [byType('android.app.job.JobInfo', api)])]));
  if (has('job.enqueue')) main.push(probe('job.enqueue', null, 'main', [act('android.app.job.JobScheduler.enqueue(android.app.job.JobInfo,android.app.job.JobWorkItem)', [byType('android.app.job.JobInfo', api), byType('android.app.job.JobWorkItem', api)])]));

  // WorkManager (androidx.work): enqueue(WorkRequest) -> WorkManagerImpl.enqueue(List) ->
  // WorkContinuationImpl.enqueue(); unique (periodic) work.
  const worker1 = { class: `${SDK}.SyncWorker`, of: 'androidx.work.Worker', methods: { doWork: [{ read: 'android_id' } as Action] } } as ArgValue;
  const oneTime = call('androidx.work.OneTimeWorkRequest$Builder.build()', [], nw('androidx.work.OneTimeWorkRequest$Builder(java.lang.Class)', worker1));
  const wm = call('androidx.work.WorkManager.getInstance(android.content.Context)', ['$context']);
  main.push(probe('work.enqueue', null, 'main', [act('androidx.work.WorkManager.enqueue(androidx.work.WorkRequest)', [oneTime], wm)]));
  main.push(
    probe('work.enqueueUniqueWork', null, 'main', [
      { new: 'java.util.ArrayList()', as: 'work' },
      act('java.util.ArrayList.add(java.lang.Object)', [oneTime], '$work'),
      act('androidx.work.impl.WorkManagerImpl.enqueueUniqueWork(java.lang.String,androidx.work.ExistingWorkPolicy,java.util.List)', ['cov-once', { static: 'androidx.work.ExistingWorkPolicy.KEEP' }, '$work'], wm),
    ]),
  );
  main.push(
    probe('work.enqueueUniquePeriodicWork', null, 'main', [
      act(
        'androidx.work.impl.WorkManagerImpl.enqueueUniquePeriodicWork(java.lang.String,androidx.work.ExistingPeriodicWorkPolicy,androidx.work.PeriodicWorkRequest)',
        ['cov-daily', { static: 'androidx.work.ExistingPeriodicWorkPolicy.KEEP' }, call('androidx.work.PeriodicWorkRequest$Builder.build()', [], nw('androidx.work.PeriodicWorkRequest$Builder(java.lang.Class,long,java.util.concurrent.TimeUnit)', worker1, 24, { static: 'java.util.concurrent.TimeUnit.HOURS' }))],
        wm,
      ),
    ]),
  );

  // Permission checks through androidx.
  main.push(probe('perm.contextCompat.checkSelfPermission', null, 'main', [act('androidx.core.content.ContextCompat.checkSelfPermission(android.content.Context,java.lang.String)', ['$context', 'android.permission.READ_CONTACTS'])]));
  main.push(probe('perm.permissionChecker.checkSelfPermission', null, 'main', [act('androidx.core.content.PermissionChecker.checkSelfPermission(android.content.Context,java.lang.String)', ['$context', 'android.permission.ACCESS_COARSE_LOCATION'])]));
  for (const sig of sigsOf('perm.shouldShowRequestPermissionRationale')) {
    const params = sig.split(',');
    main.push(probe('perm.shouldShowRequestPermissionRationale', params, 'main', [act(`android.app.Activity.shouldShowRequestPermissionRationale(${sig})`, argsFor('perm.shouldShowRequestPermissionRationale', params, api), '$activity')]));
  }

  // Network: HttpURLConnection (connect, POST body, response), OkHttp, Volley; ad IDs off the main thread.
  worker.push(
    probe('huc.connect', null, 'worker', [
      act('java.net.URL.openConnection()', [], nw('java.net.URL(java.lang.String)', 'http://stats.example.com/beacon'), 'beacon'),
      act('java.net.URLConnection.connect()', [], '$beacon'),
    ]),
  );
  worker.push(probe('huc.getOutputStream', null, 'worker', [{ http: { url: 'https://stats.example.com/collect', method: 'POST', body: 'aid=9774d56d682e549c' } } as Action]));
  worker.push(
    probe('huc.getInputStream', null, 'worker', [
      act('java.net.URL.openConnection()', [], nw('java.net.URL(java.lang.String)', 'https://stats.example.com/config'), 'cfg'),
      act('java.net.URLConnection.getInputStream()', [], '$cfg'),
    ]),
  );
  const client = nw('okhttp3.OkHttpClient()');
  const req = byType('okhttp3.Request', api);
  // A call newCall reported is not reported again when it runs (the agent keeps one event per
  // call): these calls' events come from newCall. RealCall's own events are for calls created
  // before the agent was there (the late-attached :d process below).
  worker.push(probe('okhttp3.newCall', null, 'worker', [act('okhttp3.OkHttpClient.newCall(okhttp3.Request)', [req], client, 'c1'), act('okhttp3.Call.execute()', [], '$c1')]));
  main.push(probe('okhttp3.newCall', null, 'main', [act('okhttp3.OkHttpClient.newCall(okhttp3.Request)', [req], client, 'c2'), act('okhttp3.Call.enqueue(okhttp3.Callback)', [byType('okhttp3.Callback', api)], '$c2')]));
  main.push(probe('volley.add', null, 'main', [act('com.android.volley.RequestQueue.add(com.android.volley.Request)', [byType('com.android.volley.Request', api)], call('com.android.volley.toolbox.Volley.newRequestQueue(android.content.Context)', ['$context']))]));
  for (const [hook, cls] of [
    ['gaid', 'com.google.android.gms.ads.identifier.AdvertisingIdClient'],
    ['hms.oaid', 'com.huawei.hms.ads.identifier.AdvertisingIdClient'],
    ['honor.oaid', 'com.hihonor.ads.identifier.AdvertisingIdClient'],
  ] as const) {
    const steps: Action[] = [act(`${cls}.getAdvertisingIdInfo(android.content.Context)`, ['$context'], undefined, `${hook.replace('.', '_')}Info`)];
    if (hook !== 'honor.oaid') steps.push(act(`${cls}$Info.getId()`, [], `$${hook.replace('.', '_')}Info`));
    worker.push(probe(`${hook}.getAdvertisingIdInfo`, null, 'worker', steps));
  }
  main.push(probe('msa.oaid.InitSdk', ['android.content.Context', 'boolean', 'com.bun.miitmdid.interfaces.IIdentifierListener'], 'main', [act('com.bun.miitmdid.core.MdidSdkHelper.InitSdk(android.content.Context,boolean,com.bun.miitmdid.interfaces.IIdentifierListener)', ['$context', true, byType('com.bun.miitmdid.interfaces.IIdentifierListener', api)])]));
  main.push(
    probe('msa.oaid.InitSdk', ['android.content.Context', 'boolean', 'boolean', 'boolean', 'boolean', 'com.bun.miitmdid.interfaces.IIdentifierListener'], 'main', [
      act('com.bun.miitmdid.core.MdidSdkHelper.InitSdk(android.content.Context,boolean,boolean,boolean,boolean,com.bun.miitmdid.interfaces.IIdentifierListener)', ['$context', true, true, false, false, byType('com.bun.miitmdid.interfaces.IIdentifierListener', api)]),
    ]),
  );

  // A profile proxy reaches the app only through getProfileProxy's listener: each probe runs in
  // onServiceConnected, on the proxy it was handed ($p1).
  for (const [id, cls, profile] of BT_PROFILES) {
    if (!has(id)) continue;
    const listener = obj(`BtProfileListener${profile}`, 'android.bluetooth.BluetoothProfile$ServiceListener', {
      onServiceConnected: [probe(id, [], 'listener', [act(`${cls}.getConnectedDevices()`, [], '$p1')])],
    });
    main.push(act('android.bluetooth.BluetoothAdapter.getProfileProxy(android.content.Context,android.bluetooth.BluetoothProfile$ServiceListener,int)', ['$context', listener, profile], call('android.bluetooth.BluetoothAdapter.getDefaultAdapter()')));
  }

  // Native reads around the framework from the SDK's own library, one per libc hook.
  for (const [via, arg] of [['open', '/proc/net/arp'], ['openat', '/sys/class/net/wlan0/address'], ['fopen', '/proc/cpuinfo'], ['__system_property_get', 'ro.serialno'], ['getifaddrs', undefined], ['ioctl', 'wlan0']] as const) {
    worker.push({ in: `${SDK}.NativeProbe.read_${via.replace(/^_+/, '')}`, do: [{ nativeRead: { lib: 'libcovsdk.so', method: `${SDK}.NativeBridge.${via.replace(/^_+/, '')}Read`, call: via, ...(arg === undefined ? {} : { arg }) } } as Action] });
  }

  // Native sends from the SDK's own library, one per libc call the native hooks watch.
  for (const via of ['sendto', 'write', 'writev', 'sendmsg', 'sendmmsg'] as const) {
    worker.push({ in: `${SDK}.NativeProbe.${via}`, do: [{ native: { lib: 'libcovsdk.so', method: `${SDK}.NativeBridge.${via}Report`, host: 'native.example.com', port: 8443, payload: `v=1&via=${via}&aid=9774d56d682e549c`, via } } as Action] });
  }

  // Asynchronous work: executors (execute, submit x3, scheduled x4 with decorateTask and
  // FutureTask.run/runAndReset), handlers (post, postAtFrontOfQueue, dispatch) and threads. The
  // work reads android_id, so its event carries the submitting stack as its origin.
  const readId: Action[] = [{ read: 'android_id' } as Action];
  const runnable = (name: string): ArgValue => obj(name, 'java.lang.Runnable', { run: readId });
  const callable = (name: string): ArgValue => obj(name, 'java.util.concurrent.Callable', { call: readId });
  const ms = { static: 'java.util.concurrent.TimeUnit.MILLISECONDS' } as ArgValue;
  main.push(probe('async.executor.execute', null, 'main', [{ execute: 'pool', task: `${SDK}.ExecTask`, do: readId } as Action]));
  const pool = call('java.util.concurrent.Executors.newFixedThreadPool(int)', [1]);
  main.push(
    probe('async.executor.submit', null, 'main', [
      act('java.util.concurrent.Executors.newFixedThreadPool(int)', [2], undefined, 'fixed'),
      act('java.util.concurrent.ExecutorService.submit(java.lang.Runnable)', [runnable('Sub1')], '$fixed'),
      act('java.util.concurrent.ExecutorService.submit(java.lang.Runnable,java.lang.Object)', [runnable('Sub2'), 'done'], '$fixed'),
      act('java.util.concurrent.ExecutorService.submit(java.util.concurrent.Callable)', [callable('Sub3')], '$fixed'),
    ]),
  );
  void pool;
  main.push(
    probe('async.scheduled.schedule', null, 'main', [
      act('java.util.concurrent.Executors.newScheduledThreadPool(int)', [1], undefined, 'sched'),
      act('java.util.concurrent.ScheduledExecutorService.schedule(java.lang.Runnable,long,java.util.concurrent.TimeUnit)', [runnable('Sch1'), 100, ms], '$sched'),
      act('java.util.concurrent.ScheduledExecutorService.schedule(java.util.concurrent.Callable,long,java.util.concurrent.TimeUnit)', [callable('Sch2'), 200, ms], '$sched'),
      act('java.util.concurrent.ScheduledExecutorService.scheduleAtFixedRate(java.lang.Runnable,long,long,java.util.concurrent.TimeUnit)', [runnable('Sch3'), 300, 60000, ms], '$sched'),
      act('java.util.concurrent.ScheduledExecutorService.scheduleWithFixedDelay(java.lang.Runnable,long,long,java.util.concurrent.TimeUnit)', [runnable('Sch4'), 400, 60000, ms], '$sched'),
    ]),
  );
  main.push(probe('async.handler.sendMessageAtTime', null, 'main', [{ post: 'main', delayMs: 50, task: `${SDK}.PostTask`, do: readId } as Action]));
  main.push(probe('async.handler.sendMessageAtFrontOfQueue', null, 'main', [act('android.os.Handler.postAtFrontOfQueue(java.lang.Runnable)', [runnable('FrontTask')], HANDLER)]));
  main.push(probe('async.thread.start', null, 'main', [{ thread: 'cov-thread', task: `${SDK}.ThreadTask`, do: readId } as Action]));

  void apache;

  const services = [
    { class: `${PKG}.StartedService`, process: ':s', onStartCommand: foreground(api, probe) },
    { class: `${PKG}.BoundService`, process: ':b' },
    // Attached late: its OkHttp calls are created before the agent, and run (with a dynamic
    // receiver's delivery as the first entry the agent sees) after.
    {
      class: `${PKG}.DynService`,
      process: ':d',
      onCreate: [
        act('okhttp3.OkHttpClient.newCall(okhttp3.Request)', [req], client, 'early1'),
        act('okhttp3.OkHttpClient.newCall(okhttp3.Request)', [req], client, 'early2'),
        act(
          'android.content.Context.registerReceiver(android.content.BroadcastReceiver,android.content.IntentFilter' + (api >= 26 ? ',int)' : ')'),
          [
            obj('DynReceiver', 'android.content.BroadcastReceiver', {
              onReceive: [
                { thread: 'cov-ok', task: `${SDK}.OkTask`, do: [probe(`${opts.okhttp}.RealCall.execute`, null, 'late', [act('okhttp3.Call.execute()', [], '$early1')])] } as Action,
                probe(`${opts.okhttp}.RealCall.enqueue`, null, 'late', [act('okhttp3.Call.enqueue(okhttp3.Callback)', [byType('okhttp3.Callback', api)], '$early2')]),
              ],
            }),
            nw('android.content.IntentFilter(java.lang.String)', `${SDK}.DYN`),
            ...(api >= 26 ? [2] : []),
          ],
          '$this',
        ),
      ],
    },
    { class: `${PKG}.CovJobService`, process: ':j', superclass: 'android.app.job.JobService', permission: 'android.permission.BIND_JOB_SERVICE', onStartJob: [] },
    { class: `${PKG}.CovListener`, superclass: 'android.service.notification.NotificationListenerService', onCreate: notificationProbes(api, probe) },
    // Screen capture as apps do it: the consent dialog's answer reaches MainActivity.onActivityResult,
    // (either activity), which hands it to this foreground service of type mediaProjection (required from target 29).
    { class: `${PKG}.CaptureService`, foregroundServiceType: ['mediaProjection' as const], onStartCommand: screenCapture(api, probe) },
  ];

  // Permission requests, each after the previous dialog was answered.
  const requests: Action[][] = [];
  for (const sig of sigsOf('perm.activity.requestPermissions')) {
    const params = sig.split(',');
    requests.push([probe('perm.activity.requestPermissions', params, 'main', [act(`android.app.Activity.requestPermissions(${sig})`, argsFor('perm.activity.requestPermissions', params, api), '$activity')])]);
  }
  requests.push([
    probe('perm.fragment.requestPermissions', null, 'main', [
      { new: 'android.app.Fragment()', as: 'pf' },
      act('android.app.FragmentTransaction.commitNow()', [], call('android.app.FragmentTransaction.add(android.app.Fragment,java.lang.String)', ['$pf', 'perm'], call('android.app.FragmentManager.beginTransaction()', [], call('android.app.Activity.getFragmentManager()', [], '$activity')))),
      act('android.app.Fragment.requestPermissions([Ljava.lang.String;,int)', [strs('android.permission.READ_CALENDAR'), 13], '$pf'),
    ]),
  ]);
  // The screen-capture consent dialog (answered "Start now"), asked from the activity on top
  // (SecondActivity by then; both activities hand the answer to CaptureService).
  if (has('screen.createVirtualDisplay')) {
    requests.push([act('android.app.Activity.startActivityForResult(android.content.Intent,int)', [call('android.media.projection.MediaProjectionManager.createScreenCaptureIntent()', [], PROJECTION_MANAGER), 21], '$activity')]);
  }
    requests.push([probe('perm.activityCompat.requestPermissions', null, 'main', [act('androidx.core.app.ActivityCompat.requestPermissions(android.app.Activity,[Ljava.lang.String;,int)', ['$activity', strs('android.permission.WRITE_CALENDAR'), 14])])]);
  requests.push([
    probe('perm.androidxFragment.requestPermissions', null, 'main', [
      { new: 'androidx.fragment.app.Fragment()', as: 'xf' },
      act('androidx.fragment.app.FragmentTransaction.commitNow()', [], call('androidx.fragment.app.FragmentTransaction.add(androidx.fragment.app.Fragment,java.lang.String)', ['$xf', 'xperm'], call('androidx.fragment.app.FragmentManager.beginTransaction()', [], call('androidx.fragment.app.FragmentActivity.getSupportFragmentManager()', [], '$activity')))),
      act('androidx.fragment.app.Fragment.requestPermissions([Ljava.lang.String;,int)', [strs('android.permission.RECORD_AUDIO'), 15], '$xf'),
    ]),
  ]);

  const granted = [
    'INTERNET', 'ACCESS_NETWORK_STATE', 'ACCESS_WIFI_STATE', 'CHANGE_WIFI_STATE', 'READ_PHONE_STATE', 'READ_PHONE_NUMBERS', 'ACCESS_FINE_LOCATION', 'ACCESS_COARSE_LOCATION',
    'ACCESS_BACKGROUND_LOCATION', 'READ_CONTACTS', 'WRITE_CONTACTS', 'READ_SMS', 'READ_CALL_LOG', 'CAMERA', 'GET_ACCOUNTS', 'BLUETOOTH', 'BLUETOOTH_ADMIN', 'BLUETOOTH_SCAN',
    'BLUETOOTH_CONNECT', 'FOREGROUND_SERVICE', 'FOREGROUND_SERVICE_MEDIA_PROJECTION', 'PACKAGE_USAGE_STATS', 'QUERY_ALL_PACKAGES', 'SCHEDULE_EXACT_ALARM', 'BROADCAST_STICKY', 'READ_SYNC_SETTINGS',
    'WRITE_SYNC_SETTINGS', 'READ_EXTERNAL_STORAGE', 'READ_MEDIA_IMAGES', 'RECEIVE_BOOT_COMPLETED', 'WAKE_LOCK',
  ];
  const permissions: Record<string, 'granted' | 'denied'> = Object.fromEntries(granted.map((p) => [`android.permission.${p}`, 'granted' as const]));
  for (const p of ['READ_CALENDAR', 'WRITE_CALENDAR', 'RECORD_AUDIO']) permissions[`android.permission.${p}`] = 'denied';

  const timeline: Scenario['timeline'] = [
    { at: 0, type: 'launch' },
    { at: 2000, type: 'run', task: `${SDK}.MainProbes`, do: main },
    { at: 2000, type: 'run', thread: 'cov-worker', task: `${SDK}.WorkerProbes`, do: worker },
    { at: 3000, type: 'service', component: `${PKG}.CovListener`, bind: true },
    { at: 4000, type: 'broadcast', action: `${SDK}.WAKE`, component: `${PKG}.WakeReceiver` },
    { at: 4000, type: 'provider', from: 'com.partner.app', authority: `${PKG}.p1`, op: 'query' },
    { at: 4000, type: 'provider', from: 'com.partner.app', authority: `${PKG}.p2`, op: 'call', method: 'getConfig' },
    { at: 4000, type: 'provider', from: 'com.partner.app', authority: `${PKG}.p3`, op: 'insert' },
    { at: 5000, type: 'click', view: { text: 'Agree' }, listener: `${PKG}.AgreeClick`, do: [] },
    { at: 7000, type: 'broadcast', action: `${SDK}.DYN` },
    ...requests.map((do_, i) => ({ at: 9000 + 3000 * i, type: 'run' as const, task: `${SDK}.Ask${i}`, do: do_ })),
  ];
  const endAt = 9000 + 3000 * requests.length + 3000;
  // Job cancels last, once every job of the run has run (cancelAll withdraws them all).
  const cancels: Action[] = [probe('job.cancel', null, 'main', [act('android.app.job.JobScheduler.cancel(int)', [4242])])];
  cancels.push(probe('job.cancelAll', null, 'main', [act('android.app.job.JobScheduler.cancelAll()', [])]));
  timeline.push({ at: endAt - 1500, type: 'run', task: `${SDK}.CancelProbes`, do: cancels });
  // Then a trampoline of the app's own that finishes in onCreate (Activity.finish, then the
  // system's destroy: Instrumentation.callActivityOnDestroy), once every probe has run.
  timeline.push({ at: endAt - 1000, type: 'background' }, { at: endAt - 500, type: 'open', activity: `${PKG}.TrampolineActivity` }, { at: endAt, type: 'end' });

  const scenario: Scenario = {
    name: `catalog coverage at API ${api}`,
    device: {
      apiLevel: api,
      manufacturer: 'Xiaomi',
      brand: 'Redmi',
      model: 'M2012K11AC',
      serial: 'a1b2c3d4',
      imei: ['861234567890123', '861234567890131'],
      meid: 'A0000012345678',
      imsi: '460001234567890',
      iccid: '89860012345678901234',
      phoneNumber: '+8613800138000',
      operator: '46000',
      operatorName: 'China Mobile',
      androidId: '9774d56d682e549c',
      wifi: { ssid: 'CoffeeShop', bssid: '0c:72:2c:11:22:33', mac: 'a4:50:46:aa:bb:cc', ip: '192.168.1.23', gateway: '192.168.1.1', dns: '192.168.1.1', scan: [{ ssid: 'Neighbour', bssid: '0c:72:2c:44:55:66', level: -70 }] },
      cells: [{ type: 'lte', mcc: 460, mnc: 0, area: 4321, cid: 123456789, pci: 101, dbm: -95 }, { type: 'gsm', mcc: 460, mnc: 0, area: 4321, cid: 5678 }],
      bluetooth: { address: '4c:49:e3:00:11:22', name: 'Redmi K40', bonded: [{ address: '00:1a:7d:da:71:13', name: 'Car Kit' }] },
      accounts: [{ name: 'cov.user@gmail.com', type: 'com.google', authenticator: 'com.google.android.gms', password: 'secret', authTokens: { 'oauth2:email': 'ya29.token' }, userData: { uid: '42' } }],
      contacts: [{ name: 'Li Lei', phone: '+8613900139000' }],
      sms: [{ address: '10086', body: 'Your code is 123456' }],
      callLog: [{ number: '+8613900139000', type: 'incoming', duration: 60 }],
      clipboard: 'https://promo.example.com/?code=XYZ',
      advertisingId: '38400000-8cf0-11bd-b23e-10b96e40000d',
      oaid: '6f2e9c5a-1b3d-4e7f-8a9b-0c1d2e3f4a5b',
      notifications: [{ package: 'com.tencent.mm', id: 1, title: 'Zhang San', text: 'Lunch?' }],
      notificationListeners: [`${PKG}/${PKG}.CovListener`],
      usage: [{ package: 'com.tencent.mm', foregroundMs: 3600000 }],
      address: { countryCode: 'CN', country: 'China', adminArea: 'Beijing', locality: 'Beijing', line: '1 Chang An Ave' },
      systemProperties: { 'ro.serialno': 'a1b2c3d4' },
      files: { '/sys/class/net/wlan0/address': 'a4:50:46:aa:bb:cc\n' },
      drmStrings: { deviceUniqueId: '3f9d0c2b7a6e4d1c8b5a2f0e9d8c7b6a' },
      vendorIds: { udid: 'c0ffee00c0ffee00', vaid: 'a2b3c4d5e6f70819', aaid: '5f4e3d2c-1b0a-4978-8695-a4b3c2d1e0f9' },
      location: { latitude: 39.9087, longitude: 116.3975, accuracy: 12, provider: 'gps' },
      installedApps: [
        { package: 'com.google.android.gms', system: true, label: 'Google Play services' },
        { package: 'com.huawei.hwid', label: 'HMS Core' },
        { package: 'com.hihonor.id', label: 'Honor ID' },
        { package: 'com.tencent.mm', label: 'WeChat', launcher: 'com.tencent.mm.ui.LauncherUI', permissions: ['android.permission.READ_PHONE_STATE', 'android.permission.CAMERA'] },
        { package: 'com.partner.app', label: 'Partner' },
      ],
    },
    app: {
      package: PKG,
      label: 'Coverage',
      targetSdk: opts.targetSdk ?? Math.min(api, 34),
      permissions,
      answers: { 'android.permission.READ_CALENDAR': 'grant', 'android.permission.WRITE_CALENDAR': 'deny', 'android.permission.RECORD_AUDIO': 'grant' },
      screenCapture: 'start',
      queries: ['com.tencent.mm', 'com.google.android.gms', 'com.huawei.hwid', 'com.hihonor.id', 'com.partner.app'],
      usesCleartextTraffic: true,
      ...(apache && api >= 28 ? { usesLibraries: ['org.apache.http.legacy'] } : {}),
      libraries,
      application: { class: `${PKG}.CovApp` },
      launcher: { class: `${PKG}.MainActivity`, superclass: 'androidx.fragment.app.FragmentActivity', onActivityResult: captureHandOff(api) },
      components: {
        activities: [
          { class: `${PKG}.SecondActivity`, exported: false, superclass: 'androidx.fragment.app.FragmentActivity', persistableMode: 'persistAcrossReboots', onActivityResult: captureHandOff(api) },
          { class: `${PKG}.TrampolineActivity`, exported: false, onCreate: [{ call: 'android.app.Activity.finish()', on: '$this' }] },
        ],
        services,
        receivers: [
          { class: `${PKG}.WakeReceiver`, process: ':r', exported: true, actions: [`${SDK}.WAKE`] },
          { class: `${PKG}.AlarmReceiver`, exported: false },
        ],
        providers: [
          { class: `${PKG}.P1`, process: ':p1', exported: true, authority: `${PKG}.p1` },
          { class: `${PKG}.P2`, process: ':p2', exported: true, authority: `${PKG}.p2` },
          { class: `${PKG}.P3`, process: ':p3', exported: true, authority: `${PKG}.p3` },
        ],
      },
      executors: { pool: { threads: 2, threadName: 'cov-pool-%d' } },
      sdks: [{ id: 'cov', name: 'Coverage SDK', packages: [SDK], nativeLibs: ['libcovsdk.so'] }],
    },
    timeline,
  } as Scenario;
  return { scenario, probes, expected, absent };
}

/** Service.startForeground (both forms) from StartedService.onStartCommand. */
function foreground(api: number, probe: (hook: string, params: string[] | null, where: string, body: Action[]) => Action): Action[] {
  const notification = byType('android.app.Notification', api);
  const out: Action[] = [probe('service.startForeground', ['int', 'android.app.Notification'], 'service', [act('android.app.Service.startForeground(int,android.app.Notification)', [1, notification], '$this')])];
  if (api >= 29) out.push(probe('service.startForeground', ['int', 'android.app.Notification', 'int'], 'service', [act('android.app.Service.startForeground(int,android.app.Notification,int)', [2, notification, 1], '$this')]));
  return out;
}

const PROJECTION_MANAGER = call('android.content.Context.getSystemService(java.lang.String)', ['media_projection'], '$context');
const CREATE_VIRTUAL_DISPLAY = ['java.lang.String', 'int', 'int', 'int', 'int', 'android.view.Surface', 'android.hardware.display.VirtualDisplay$Callback', 'android.os.Handler'];

/** Activity.onActivityResult: the consent's result code and data go to CaptureService. */
function captureHandOff(api: number): Action[] {
  const withData = call('android.content.Intent.putExtras(android.content.Intent)', ['$data'], explicit('CaptureService'));
  const start = call('android.content.Intent.putExtra(java.lang.String,int)', ['code', '$resultCode'], withData);
  return [act(`android.content.Context.${api >= 26 ? 'startForegroundService' : 'startService'}(android.content.Intent)`, [start], '$context')];
}

/**
 * CaptureService.onStartCommand: foreground with the mediaProjection type, the projection from
 * the consent's data, a callback (required before capture for apps targeting 34+), then one
 * capture through the public overload (which forwards to a hidden one from API 34).
 */
function screenCapture(api: number, probe: (hook: string, params: string[] | null, where: string, body: Action[]) => Action): Action[] {
  const notification = byType('android.app.Notification', api);
  const foreground = api >= 29 ? act('android.app.Service.startForeground(int,android.app.Notification,int)', [3, notification, 32], '$this') : act('android.app.Service.startForeground(int,android.app.Notification)', [3, notification], '$this');
  return [
    foreground,
    act('android.media.projection.MediaProjectionManager.getMediaProjection(int,android.content.Intent)', [call('android.content.Intent.getIntExtra(java.lang.String,int)', ['code', 0], '$intent'), '$intent'], PROJECTION_MANAGER, 'projection'),
    act('android.media.projection.MediaProjection.registerCallback(android.media.projection.MediaProjection$Callback,android.os.Handler)', [obj('ProjectionCallback', 'android.media.projection.MediaProjection$Callback'), null], '$projection'),
    probe('screen.createVirtualDisplay', CREATE_VIRTUAL_DISPLAY, 'service', [act(`android.media.projection.MediaProjection.createVirtualDisplay(${CREATE_VIRTUAL_DISPLAY.join(',')})`, ['cov-capture', 1080, 2400, 440, 16, null, null, null], '$projection')]),
  ];
}

/** NotificationListenerService reads, from the listener the system bound. */
function notificationProbes(api: number, probe: (hook: string, params: string[] | null, where: string, body: Action[]) => Action): Action[] {
  const NLS = 'android.service.notification.NotificationListenerService';
  const out: Action[] = [
    probe('notifications.getActiveNotifications', [], 'listener', [act(`${NLS}.getActiveNotifications()`, [], '$this')]),
    probe('notifications.getActiveNotifications', ['[Ljava.lang.String;'], 'listener', [act(`${NLS}.getActiveNotifications([Ljava.lang.String;)`, argsFor('notifications.getActiveNotifications', ['[Ljava.lang.String;'], api), '$this')]),
  ];
  if (api >= 26) out.push(probe('notifications.getSnoozedNotifications', [], 'listener', [act(`${NLS}.getSnoozedNotifications()`, [], '$this')]));
  out.push(probe('notifications.requestRebind', ['android.content.ComponentName'], 'listener', [act(`${NLS}.requestRebind(android.content.ComponentName)`, [byType('android.content.ComponentName', api)])]));
  return out;
}
