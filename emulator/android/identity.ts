// Routes to personal information outside the classic getters (issue 19): the Widevine device ID
// (MediaDrm), SMS sent and received, screen capture, input methods and accessibility services
// (installed-app probes), the device-owner Wi-Fi MAC, and link properties. Each behaviour cites
// the AOSP source it follows (emulator/conformance/android.ts); what no source pins down fails
// loudly (an Error, not a Java exception) instead of answering differently from a phone.
import { JObject } from '../java/heap.js';
import { cls, f, m, type Call, type ClassSpec, type JValue } from '../java/model.js';
import { intentState, newIntent, putBinder, registerSystemService } from './content.js';
import { mainLooper } from './os.js';
import { exceptionClass } from './lang.js';
import { byteArray, bytesOf, enforcePermission, newArrayList } from './support.js';

const EXTRA_MEDIA_PROJECTION = 'android.media.projection.extra.EXTRA_MEDIA_PROJECTION';
const BINDER_PROXY = 'android.os.BinderProxy';
const SURFACE = 'android.view.Surface';
const VD_CALLBACK = 'android.hardware.display.VirtualDisplay$Callback';
const VD_BUILDER = 'android.hardware.display.VirtualDisplayConfig$Builder';
const RESULT_OK = -1;
const RESULT_CANCELED = 0;
/** ServiceInfo.FOREGROUND_SERVICE_TYPE_MEDIA_PROJECTION. */
export const FOREGROUND_SERVICE_TYPE_MEDIA_PROJECTION = 32;
/** DisplayManager.VIRTUAL_DISPLAY_FLAG_*. */
const VD_PRESENTATION = 2;
const VD_SECURE = 4;
const VD_AUTO_MIRROR = 16;
/** MediaProjectionManagerService.MediaProjection.mDefaultTimeoutMillis (Android 14+). */
const TOKEN_TIMEOUT_MS = 5 * 60_000;

/** Widevine's scheme UUID (the MediaDrm constructor's argument for the Widevine device ID). */
export const WIDEVINE = 'edef8ba9-79d6-4ace-a3c8-27dcd51d21ed';

function uuidString(msb: bigint, lsb: bigint): string {
  const hex = ((BigInt.asUintN(64, msb) << 64n) | BigInt.asUintN(64, lsb)).toString(16).padStart(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function smsArgs(c: Call, dest: unknown, body: boolean, what: string): void {
  // SmsManager: TextUtils.isEmpty(destinationAddress) -> "Invalid destinationAddress", an empty
  // body -> "Invalid message body" / "Invalid message data"; the SMS service then enforces SEND_SMS.
  if (dest === null || dest === '') c.throwNew('java.lang.IllegalArgumentException', 'Invalid destinationAddress');
  if (!body) c.throwNew('java.lang.IllegalArgumentException', what);
  enforcePermission(c, 'android.permission.SEND_SMS', 'Sending SMS message');
}

const nonEmpty = (v: unknown): boolean => typeof v === 'string' && v.length > 0;

export const identity: readonly ClassSpec[] = [
  // ---- MediaDrm (frameworks/base/media/java/android/media/MediaDrm.java) ----------------------
  cls('public final class java.util.UUID implements java.io.Serializable, java.lang.Comparable', {}, [
    m('public <init>(long, long)', (_c, self, [msb, lsb]) => {
      self!.native = uuidString(msb as bigint, lsb as bigint);
    }),
    m('public static java.util.UUID fromString(java.lang.String)', (c, _s, [s]) => {
      const t = String(s).toLowerCase();
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(t)) c.throwNew('java.lang.IllegalArgumentException', `Invalid UUID string: ${String(s)}`);
      const o = c.vm.alloc(c.vm.bootClass('java.util.UUID'));
      o.native = t;
      return o;
    }),
    m('public java.lang.String toString()', (_c, self) => self!.native as string),
  ]),
  exceptionClass('public class android.media.MediaDrmException extends java.lang.Exception'),
  exceptionClass('public final class android.media.UnsupportedSchemeException extends android.media.MediaDrmException'),
  cls('public final class android.media.MediaDrm', {}, [
    f('public static final java.lang.String PROPERTY_DEVICE_UNIQUE_ID', { value: 'deviceUniqueId' }),
    // The constructor asks the DRM HAL for the scheme; a device without the plugin throws
    // UnsupportedSchemeException. Only Widevine is modelled (other schemes fail loudly).
    m('public <init>(java.util.UUID)', (c, self, [uuid]) => {
      if (uuid === null) c.throwNew('java.lang.IllegalArgumentException', 'MediaDrm uuid parameter must not be null');
      const s = (uuid as JObject).native as string;
      if (s !== WIDEVINE) throw new Error(`emulator: MediaDrm scheme ${s} is not modelled (only Widevine ${WIDEVINE})`);
      if (c.env.device.drmId === null) c.throwNew('android.media.UnsupportedSchemeException', 'Failed to instantiate drm object.');
      self!.native = { open: true };
    }),
    // Widevine serves deviceUniqueId as a byte array, the same for every app on the device; other
    // properties are not modelled.
    m('public byte[] getPropertyByteArray(java.lang.String)', (c, _s, [name]) => {
      if (name === null) c.throwNew('java.lang.IllegalArgumentException', 'property name parameter must not be null');
      if (name !== 'deviceUniqueId') throw new Error(`emulator: MediaDrm byte-array property ${String(name)} is not modelled`);
      return byteArray(c, hexBytes(c.env.device.drmId!));
    }),
    // getPropertyString (android_media_MediaDrm.cpp getPropertyString): a null name throws
    // IllegalArgumentException("property name String is null"); otherwise the plugin answers. Which
    // names a plugin answers, and with what, is the scenario's fact (device.drmStrings); any other
    // name fails loudly (android.mediaDrm.propertyString).
    m('public java.lang.String getPropertyString(java.lang.String)', (c, _s, [name]) => {
      if (name === null) c.throwNew('java.lang.IllegalArgumentException', 'property name String is null');
      const v = c.env.device.drmStrings[name as string];
      if (v === undefined) throw new Error(`emulator: MediaDrm string property ${String(name)} is not modelled (state it in device.drmStrings)`);
      return v;
    }),
    m('public void close()', { since: 28 }),
    m('public void release()'),
  ]),

  // ---- SMS (frameworks/base/telephony/java/android/telephony/SmsManager.java, SmsMessage.java,
  //      frameworks/base/core/java/android/provider/Telephony.java) -------------------------------
  cls('public final class android.telephony.SmsManager', {}, [
    m('public static android.telephony.SmsManager getDefault()', (c) => c.vm.alloc(c.vm.bootClass('android.telephony.SmsManager'))),
    m('public void sendTextMessage(java.lang.String, java.lang.String, java.lang.String, android.app.PendingIntent, android.app.PendingIntent)', (c, _s, [dest, , text]) =>
      smsArgs(c, dest, nonEmpty(text), 'Invalid message body'),
    ),
    m('public void sendTextMessage(java.lang.String, java.lang.String, java.lang.String, android.app.PendingIntent, android.app.PendingIntent, long)', { since: 30 }, (c, _s, [dest, , text]) =>
      smsArgs(c, dest, nonEmpty(text), 'Invalid message body'),
    ),
    m('public void sendMultipartTextMessage(java.lang.String, java.lang.String, java.util.ArrayList, java.util.ArrayList, java.util.ArrayList)', (c, _s, [dest, , parts]) =>
      smsArgs(c, dest, parts !== null && (c.call(parts as JObject, 'size') as number) > 0, 'Invalid message body'),
    ),
    m('public void sendMultipartTextMessage(java.lang.String, java.lang.String, java.util.List, java.util.List, java.util.List, java.lang.String, java.lang.String)', { since: 30 }, (c, _s, [dest, , parts]) =>
      smsArgs(c, dest, parts !== null && (c.call(parts as JObject, 'size') as number) > 0, 'Invalid message body'),
    ),
    m('public void sendMultipartTextMessage(java.lang.String, java.lang.String, java.util.List, java.util.List, java.util.List, long)', { since: 30 }, (c, _s, [dest, , parts]) =>
      smsArgs(c, dest, parts !== null && (c.call(parts as JObject, 'size') as number) > 0, 'Invalid message body'),
    ),
    m('public void sendDataMessage(java.lang.String, java.lang.String, short, byte[], android.app.PendingIntent, android.app.PendingIntent)', (c, _s, [dest, , , data]) =>
      smsArgs(c, dest, data !== null && bytesOf(data ?? null).length > 0, 'Invalid message data'),
    ),
  ]),
  cls('public class android.telephony.SmsMessage', {}, [
    // API 23+: createFromPdu(byte[]) picks the format from the active phone type (GSM here) and
    // calls createFromPdu(byte[], String). A PDU the GSM/CDMA parser rejects yields null (the
    // parser's exception is logged). Decoding a well-formed PDU is not modelled: fails loudly.
    m('public static android.telephony.SmsMessage createFromPdu(byte[])', (c, _s, [pdu]) =>
      c.callStatic('android.telephony.SmsMessage', 'createFromPdu', ['[B', 'java.lang.String'], [pdu, '3gpp']),
    ),
    m('public static android.telephony.SmsMessage createFromPdu(byte[], java.lang.String)', { since: 23 }, (_c, _s, [pdu, format]) => {
      if (format !== '3gpp' && format !== '3gpp2') return null;
      // Shortest GSM SMS-DELIVER: SMSC length, first octet, address length and type, PID, DCS,
      // 7-octet timestamp, UDL: 12 octets before any address digits. Anything shorter cannot parse.
      if (pdu === null || bytesOf(pdu).length < 12) return null;
      throw new Error('emulator: SMS PDU decoding is not modelled');
    }),
  ]),
  cls('public static final class android.provider.Telephony$Sms$Intents', { file: 'Telephony.java' }, [
    f('public static final java.lang.String SMS_RECEIVED_ACTION', { value: 'android.provider.Telephony.SMS_RECEIVED' }),
    // Telephony.Sms.Intents.getMessagesFromIntent: the "pdus" extra (null and a log line when
    // absent), each decoded with the intent's "format" by SmsMessage.createFromPdu(pdu, format).
    m('public static android.telephony.SmsMessage[] getMessagesFromIntent(android.content.Intent)', (c, _s, [intent]) => {
      const pdus = intentState(intent as JObject, c.vm).extras.get('pdus');
      if (pdus === undefined || pdus === null) return null;
      throw new Error('emulator: SMS delivery intents (pdus extras) are not modelled');
    }),
  ]),

  // ---- screen capture (frameworks/base/media/java/android/media/projection/) -------------------
  cls('public final class android.media.projection.MediaProjectionManager', {}, [
    // createScreenCaptureIntent: an explicit intent to config_mediaProjectionPermissionDialogComponent
    // (SystemUI's consent activity; ledger android.mediaProjection.consent).
    m('public android.content.Intent createScreenCaptureIntent()', (c) => newIntent(c, { component: consentComponent(c.api) })),
    // getMediaProjection: null unless resultCode is RESULT_OK and the intent carries the
    // projection token the consent activity put there (EXTRA_MEDIA_PROJECTION); otherwise
    // new MediaProjection(context, IMediaProjection.Stub.asInterface(token)), whose constructor
    // starts the projection (MediaProjectionManagerService.MediaProjection.start).
    m('public android.media.projection.MediaProjection getMediaProjection(int, android.content.Intent)', (c, _s, [code, data]) => {
      if (code !== RESULT_OK || data === null) return null;
      const token = intentState(data as JObject, c.vm).extras.get(EXTRA_MEDIA_PROJECTION);
      if (token === undefined || token === null) return null;
      const grant = token instanceof JObject && token.cls.name === BINDER_PROXY ? (token.native as Grant | undefined) : undefined;
      if (grant === undefined) throw new Error('emulator: a media projection token the consent dialog did not issue is not modelled');
      const mp = c.vm.alloc(c.vm.bootClass('android.media.projection.MediaProjection'));
      mp.native = { grant, callbacks: new Map() } satisfies ProjectionClient;
      startProjection(c, grant, mp);
      return mp;
    }),
  ]),
  cls('public final class android.media.projection.MediaProjection', {}, [
    // registerCallback: a null callback throws (IllegalArgumentException until API 33,
    // Objects.requireNonNull from API 34); a null handler means `new Handler()` (the calling
    // thread's looper) until API 34 and the context's main looper from API 35.
    m('public void registerCallback(android.media.projection.MediaProjection$Callback, android.os.Handler)', (c, self, [cb, h]) => {
      if (cb === null) {
        if (c.api >= 34) c.throwNew('java.lang.NullPointerException');
        c.throwNew('java.lang.IllegalArgumentException', 'callback should not be null');
      }
      // new Handler() on a thread without a Looper throws RuntimeException in AOSP; the emulator's
      // Handler() does not, so that case fails loudly here.
      if (h === null && c.api < 35 && c.thread.looper === null) throw new Error('emulator: registerCallback with no Handler on a thread without a Looper is not modelled');
      const handler = (h as JObject | null) ?? (c.api >= 35 ? c.newObject('android.os.Handler', ['android.os.Looper'], [mainLooper(c)]) : c.newObject('android.os.Handler'));
      client(self!).callbacks.set(cb as JObject, handler);
    }),
    m('public void unregisterCallback(android.media.projection.MediaProjection$Callback)', (c, self, [cb]) => {
      if (cb === null) {
        if (c.api >= 34) c.throwNew('java.lang.NullPointerException');
        c.throwNew('java.lang.IllegalArgumentException', 'callback should not be null');
      }
      client(self!).callbacks.delete(cb as JObject);
    }),
    // The public overload. Apps targeting 34+ on Android 14+ must register a callback first
    // (MEDIA_PROJECTION_REQUIRES_CALLBACK); from API 34 it forwards to the hidden Builder overload,
    // so one app call passes through two hooked overloads (reported once, by the outer one).
    m(`public android.hardware.display.VirtualDisplay createVirtualDisplay(java.lang.String, int, int, int, int, ${SURFACE}, ${VD_CALLBACK}, android.os.Handler)`, (c, self, [name, w, h, dpi, flags]) => {
      if (c.api >= 34 && c.env.app.targetSdk >= 34 && client(self!).callbacks.size === 0) {
        c.throwNew('java.lang.IllegalStateException', 'Must register a callback before starting capture, to manage resources in response to MediaProjection states.');
      }
      if (c.api >= 34) return forwardToBuilder(c, self!, name, w, h, dpi, flags as number);
      return createDisplay(c, self!, { name, width: w, height: h, dpi, flags: flags as number });
    }),
    // Hidden (@hide, isSecure): AUTO_MIRROR | PRESENTATION (| SECURE); no callback check.
    m(`public android.hardware.display.VirtualDisplay createVirtualDisplay(java.lang.String, int, int, int, boolean, ${SURFACE}, ${VD_CALLBACK}, android.os.Handler)`, (c, self, [name, w, h, dpi, secure]) => {
      const flags = VD_AUTO_MIRROR | VD_PRESENTATION | (secure === true ? VD_SECURE : 0);
      if (c.api >= 34) return forwardToBuilder(c, self!, name, w, h, dpi, flags);
      return createDisplay(c, self!, { name, width: w, height: h, dpi, flags });
    }),
    // Hidden (@hide) from API 34 in the emulator: the overload both others forward to; it turns
    // on window-manager mirroring and asks DisplayManager for the display.
    m(`public android.hardware.display.VirtualDisplay createVirtualDisplay(${VD_BUILDER}, ${VD_CALLBACK}, android.os.Handler)`, { since: 34 }, (c, self, [b]) => {
      if (b === null) c.throwNew('java.lang.NullPointerException');
      return createDisplay(c, self!, (b as JObject).native as DisplaySpec);
    }),
    m('public void stop()', (c, self) => stopProjection(c, client(self!).grant)),
  ]),
  cls('public static abstract class android.media.projection.MediaProjection$Callback', { file: 'MediaProjection.java' }, [
    m('public <init>()'),
    m('public void onStop()'),
    m('public void onCapturedContentResize(int, int)', { since: 34 }),
    m('public void onCapturedContentVisibilityChanged(boolean)', { since: 34 }),
  ]),
  // What CallbackRecord.onStop posts to the callback's Handler (AOSP: an anonymous Runnable).
  cls('final class android.media.projection.MediaProjection$CallbackRecord$1 implements java.lang.Runnable', { file: 'MediaProjection.java' }, [
    m('public void run()', (c, self) => {
      c.call(self!.native as JObject, 'onStop');
    }),
  ]),
  // The app's proxy of the IMediaProjection binder the consent activity returned.
  cls('final class android.os.BinderProxy implements android.os.IBinder', {}, []),
  cls('public class android.view.Surface implements android.os.Parcelable', {}, []),
  cls('public final class android.hardware.display.VirtualDisplay', {}, [
    m('public void release()', (_c, self) => {
      (self!.native as DisplaySpec & { released?: boolean }).released = true;
    }),
  ]),
  cls('public static abstract class android.hardware.display.VirtualDisplay$Callback', { file: 'VirtualDisplay.java' }, [
    m('public <init>()'),
    m('public void onPaused()'),
    m('public void onResumed()'),
    m('public void onStopped()'),
  ]),
  cls('public static final class android.hardware.display.VirtualDisplayConfig$Builder', { file: 'VirtualDisplayConfig.java', since: 34 }, [
    m('public <init>(java.lang.String, int, int, int)', (_c, self, [name, w, h, dpi]) => {
      self!.native = { name, width: w, height: h, dpi, flags: 0 } satisfies DisplaySpec;
    }),
    m('public android.hardware.display.VirtualDisplayConfig$Builder setFlags(int)', (_c, self, [fl]) => {
      (self!.native as DisplaySpec).flags = fl as number;
      return self;
    }),
    m(`public android.hardware.display.VirtualDisplayConfig$Builder setSurface(${SURFACE})`, (_c, self) => self),
  ]),

  // ---- installed-app probes: input methods and accessibility services --------------------------
  cls('public final class android.view.inputmethod.InputMethodManager', {}, [
    // No input methods or accessibility services are modelled on the emulated device: the lists
    // are empty (what they would hold is the scenario's to declare, when it needs them).
    m('public java.util.List getInputMethodList()', (c) => newArrayList(c, [])),
    m('public java.util.List getEnabledInputMethodList()', (c) => newArrayList(c, [])),
  ]),
  cls('public final class android.view.accessibility.AccessibilityManager', {}, [
    m('public java.util.List getInstalledAccessibilityServiceList()', (c) => newArrayList(c, [])),
  ]),

  // ---- device-owner Wi-Fi MAC (frameworks/base/core/java/android/app/admin/DevicePolicyManager.java)
  cls('public class android.app.admin.DevicePolicyManager', {}, [
    // DevicePolicyManagerService.getWifiMacAddress: only the device owner (or an organisation-owned
    // profile owner from API 30); everyone else gets a SecurityException. The emulated app is
    // never a device owner.
    m('public java.lang.String getWifiMacAddress(android.content.ComponentName)', { since: 24 }, (c, _s, [admin]) => {
      const who = admin === null ? 'null' : `ComponentInfo{${String(intentOfComponent(c, admin as JObject))}}`;
      c.throwNew('java.lang.SecurityException', `Admin ${who} does not own the device`);
    }),
  ]),
];

// ---- screen capture: consent, projection grants, virtual displays -----------------------------


/**
 * The consent dialog MediaProjectionManager.createScreenCaptureIntent names
 * (config_mediaProjectionPermissionDialogComponent): SystemUI moved the activity to the
 * mediaprojection.permission package during Android 14; the emulator uses the later name there.
 */
export function consentComponent(api: number): { package: string; class: string } {
  return { package: 'com.android.systemui', class: api >= 34 ? 'com.android.systemui.mediaprojection.permission.MediaProjectionPermissionActivity' : 'com.android.systemui.media.MediaProjectionPermissionActivity' };
}

/** One consent (MediaProjectionManagerService.MediaProjection, the token behind the binder). */
interface Grant {
  readonly uid: number;
  readonly targetSdk: number;
  /** mCreateTimeMillis (SystemClock.uptimeMillis when the consent created it). */
  readonly createdAt: number;
  /** mCountStarts: how often a MediaProjection was made from this token. */
  starts: number;
  /** mVirtualDisplayId != INVALID_DISPLAY: a capture was taken. */
  displayCreated: boolean;
  stopped: boolean;
  /** The MediaProjection whose start registered its callback with the service (the first). */
  client: JObject | null;
}

/** An app-side MediaProjection: its token and mCallbacks (callback -> Handler). */
interface ProjectionClient {
  readonly grant: Grant;
  readonly callbacks: Map<JObject, JObject>;
}

interface DisplaySpec {
  name: JValue;
  width: JValue;
  height: JValue;
  dpi: JValue;
  flags: number;
}

function client(mp: JObject): ProjectionClient {
  return mp.native as ProjectionClient;
}

/**
 * Activity.startActivityForResult on the consent dialog: the user's answer (scenario
 * `screenCapture`) comes back through onActivityResult on the main thread, as the dialog's
 * setResult: RESULT_OK with the projection token in EXTRA_MEDIA_PROJECTION, or RESULT_CANCELED.
 * The token is created for the app at that moment (createProjection), and from API 34
 * ActivityManagerService records it for the uid (what a mediaProjection foreground service needs).
 */
export function awaitScreenCaptureConsent(c: Call, activity: JObject, intent: JObject, requestCode: number): void {
  const cmp = intentState(intent, c.vm).component;
  const want = consentComponent(c.api);
  if (cmp === null || cmp.package !== want.package || cmp.class !== want.class) return;
  const ok = c.env.system.screenCaptureConsent(c.env.app.package);
  const grant: Grant | null = ok ? { uid: c.env.uid, targetSdk: c.env.app.targetSdk, createdAt: c.env.uptime(), starts: 0, displayCreated: false, stopped: false, client: null } : null;
  if (grant !== null && c.api >= 34) tokensOf(c, grant.uid).add(grant);
  const vm = c.vm;
  const env = c.env;
  env.post(env.mainThread, 1500, () => {
    const cc = vm.callFor(vm.current);
    let data: JObject | null = null;
    if (grant !== null) {
      data = cc.newObject('android.content.Intent');
      putBinder(cc, data, EXTRA_MEDIA_PROJECTION, grant!);
    }
    cc.call(activity, 'onActivityResult', ['int', 'int', 'android.content.Intent'], [requestCode, ok ? RESULT_OK : RESULT_CANCELED, data]);
  });
}

function tokensOf(c: Call, uid: number): Set<object> {
  const map = c.env.system.mediaProjection.tokens;
  let set = map.get(uid);
  if (set === undefined) {
    set = new Set();
    map.set(uid, set);
  }
  return set;
}

/**
 * The mediaProjection type's Android 14 policy (ForegroundServiceTypePolicy
 * FGS_TYPE_POLICY_MEDIA_PROJECTION) for startForeground: all of FOREGROUND_SERVICE_MEDIA_PROJECTION,
 * then any of CAPTURE_VIDEO_OUTPUT or the PROJECT_MEDIA app-op (MODE_IGNORED by default, so never
 * granted here), else the custom permission ActiveServices installs
 * (MediaProjectionFgsTypeCustomPermission -> isAllowedMediaProjectionNoOpCheck: the uid holds a
 * consent token). Returns null when the policy allows it, or when it only logs (an app targeting
 * 33 or lower: FGS_TYPE_PERMISSION_CHANGE_ID is off for it); otherwise the policy's
 * toPermissionString() for validateForegroundServiceType's SecurityException. API 35-36, whose
 * ActiveServices is not read, fail loudly instead of refusing.
 */
export function mediaProjectionTypeRefusal(c: Call): string | null {
  const perm = c.env.permissionGranted('android.permission.FOREGROUND_SERVICE_MEDIA_PROJECTION');
  const capture = c.env.permissionGranted('android.permission.CAPTURE_VIDEO_OUTPUT');
  const token = (c.env.system.mediaProjection.tokens.get(c.env.uid)?.size ?? 0) > 0;
  if (perm && (capture || token)) return null;
  if (c.api > 34) throw new Error(`emulator: refusing a mediaProjection foreground service (${perm ? 'no consent token' : 'no FOREGROUND_SERVICE_MEDIA_PROJECTION'}) on API ${c.api} is not modelled (Android 15+'s ActiveServices is not read)`);
  if (c.env.app.targetSdk < 34) return null;
  return 'all of the permissions allOf=true [android.permission.FOREGROUND_SERVICE_MEDIA_PROJECTION] any of the permissions allOf=false [android.permission.CAPTURE_VIDEO_OUTPUT, android:project_media] ';
}

/** MediaProjectionManagerService.MediaProjection.start, called by the MediaProjection constructor. */
function startProjection(c: Call, grant: Grant, mp: JObject): void {
  const svc = c.env.system.mediaProjection;
  // "attempted to start already started MediaProjection": counted (the token is being reused).
  if (svc.current === grant) {
    grant.starts++;
    return;
  }
  if (grant.stopped) throw new Error('emulator: starting a stopped media projection token again is not modelled');
  // requiresForegroundService(): target 29+ (not privileged) needs a mediaProjection foreground service.
  if (c.api >= 29 && grant.targetSdk >= 29 && !c.env.system.hasForegroundServiceOfType(grant.uid, FOREGROUND_SERVICE_TYPE_MEDIA_PROJECTION)) {
    c.throwNew('java.lang.SecurityException', 'Media projections require a foreground service of type ServiceInfo.FOREGROUND_SERVICE_TYPE_MEDIA_PROJECTION');
  }
  // startProjectionLocked stops the previous projection first.
  if (svc.current !== null) stopProjection(c, svc.current as Grant);
  svc.current = grant;
  grant.client = mp;
  grant.starts++;
}

/** MediaProjectionManagerService.MediaProjection.stop: onStop to the starting client's callbacks. */
function stopProjection(c: Call, grant: Grant): void {
  const svc = c.env.system.mediaProjection;
  if (svc.current !== grant) return; // "Attempted to stop inactive MediaProjection"
  svc.current = null;
  grant.stopped = true;
  c.env.system.mediaProjection.tokens.get(grant.uid)?.delete(grant);
  if (grant.client === null) return;
  // CallbackRecord.onStop: mHandler.post(() -> mCallback.onStop()).
  for (const [cb, handler] of client(grant.client).callbacks) {
    const r = c.vm.alloc(c.vm.bootClass('android.media.projection.MediaProjection$CallbackRecord$1'));
    r.native = cb;
    c.call(handler, 'post', ['java.lang.Runnable'], [r]);
  }
}

/** The int-flags and isSecure overloads from API 34: a VirtualDisplayConfig.Builder for the hidden overload. */
function forwardToBuilder(c: Call, mp: JObject, name: JValue, w: JValue, h: JValue, dpi: JValue, flags: number): JValue {
  const b = c.newObject(VD_BUILDER, ['java.lang.String', 'int', 'int', 'int'], [name, w, h, dpi]);
  c.call(b, 'setFlags', ['int'], [flags]);
  return c.call(mp, 'createVirtualDisplay', [VD_BUILDER, VD_CALLBACK, 'android.os.Handler'], [b, null, null]);
}

/**
 * DisplayManager.createVirtualDisplay for a projection, as DisplayManagerService decides it: from
 * API 34 it asks MediaProjectionManagerService.MediaProjection.isValid, which fails a token used
 * twice (a second getMediaProjection, or a second capture); for apps targeting 34+
 * (MEDIA_PROJECTION_PREVENTS_REUSING_CONSENT) that stops the projection and throws.
 */
function createDisplay(c: Call, mp: JObject, spec: DisplaySpec): JObject {
  const { name, width, height, dpi } = spec;
  if (typeof name !== 'string' || name === '' || !((width as number) > 0 && (height as number) > 0 && (dpi as number) > 0)) {
    throw new Error('emulator: invalid virtual display arguments (empty name, size or density <= 0) are not modelled');
  }
  const grant = client(mp).grant;
  if (c.env.system.mediaProjection.current !== grant) throw new Error('emulator: a virtual display on a media projection that is no longer current is not modelled');
  // handleForegroundServicesChanged stops the projection when its mediaProjection service ends.
  if (c.api >= 29 && grant.targetSdk >= 29 && !c.env.system.hasForegroundServiceOfType(grant.uid, FOREGROUND_SERVICE_TYPE_MEDIA_PROJECTION)) {
    throw new Error('emulator: the projection stop when its mediaProjection foreground service ends is not modelled');
  }
  if (c.api >= 34) {
    // isValid: the token is good for 5 minutes from its creation (mDefaultTimeoutMillis), one start and one display.
    const timedOut = c.env.uptime() - grant.createdAt > TOKEN_TIMEOUT_MS;
    if (timedOut || grant.starts > 1 || grant.displayCreated) {
      if (grant.targetSdk < 34) throw new Error('emulator: the re-consent dialog for a reused projection token (apps targeting below 34) is not modelled');
      stopProjection(c, grant);
      c.throwNew(
        'java.lang.SecurityException',
        "Don't re-use the resultData to retrieve the same projection instance, and don't use a token that has timed out. Don't take multiple captures by invoking MediaProjection#createVirtualDisplay multiple times on the same instance.",
      );
    }
  } else if (grant.displayCreated) {
    throw new Error('emulator: a second virtual display on one projection before API 34 is not modelled');
  }
  grant.displayCreated = true; // notifyVirtualDisplayCreated
  const vd = c.vm.alloc(c.vm.bootClass('android.hardware.display.VirtualDisplay'));
  vd.native = { ...spec };
  return vd;
}

function intentOfComponent(c: Call, cn: JObject): string {
  return `${String(c.call(cn, 'getPackageName'))}/${String(c.call(cn, 'getClassName'))}`;
}

registerSystemService('input_method', (c: Call): JObject => c.vm.alloc(c.vm.bootClass('android.view.inputmethod.InputMethodManager')));
registerSystemService('accessibility', (c: Call): JObject => c.vm.alloc(c.vm.bootClass('android.view.accessibility.AccessibilityManager')));
registerSystemService('media_projection', (c: Call): JObject => c.vm.alloc(c.vm.bootClass('android.media.projection.MediaProjectionManager')));
registerSystemService('device_policy', (c: Call): JObject => c.vm.alloc(c.vm.bootClass('android.app.admin.DevicePolicyManager')));
