// Routes to personal information outside the classic getters (issue 19): the Widevine device ID
// (MediaDrm), SMS sent and received, screen capture, input methods and accessibility services
// (installed-app probes), the device-owner Wi-Fi MAC, and link properties. Each behaviour cites
// the AOSP source it follows (emulator/conformance/android.ts); what no source pins down fails
// loudly (an Error, not a Java exception) instead of answering differently from a phone.
import type { JObject } from '../java/heap.js';
import { cls, f, m, type Call, type ClassSpec } from '../java/model.js';
import { intentState, registerSystemService } from './content.js';
import { exceptionClass } from './lang.js';
import { byteArray, bytesOf, enforcePermission, newArrayList } from './support.js';

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

  // ---- screen capture (frameworks/base/media/java/android/media/projection/MediaProjectionManager.java)
  cls('public final class android.media.projection.MediaProjectionManager', {}, [
    // getMediaProjection: null unless resultCode is RESULT_OK and the intent carries the
    // projection token the system's consent dialog put there (EXTRA_MEDIA_PROJECTION). The
    // emulated device has no consent dialog, so no intent carries a token.
    m('public android.media.projection.MediaProjection getMediaProjection(int, android.content.Intent)', (c, _s, [code, data]) => {
      if (code !== -1 || data === null) return null;
      const token = intentState(data as JObject, c.vm).extras.get('android.media.projection.extra.EXTRA_MEDIA_PROJECTION');
      if (token === undefined || token === null) return null;
      throw new Error('emulator: media projection tokens are not modelled');
    }),
  ]),
  cls('public final class android.media.projection.MediaProjection', {}, []),

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

function intentOfComponent(c: Call, cn: JObject): string {
  return `${String(c.call(cn, 'getPackageName'))}/${String(c.call(cn, 'getClassName'))}`;
}

registerSystemService('input_method', (c: Call): JObject => c.vm.alloc(c.vm.bootClass('android.view.inputmethod.InputMethodManager')));
registerSystemService('accessibility', (c: Call): JObject => c.vm.alloc(c.vm.bootClass('android.view.accessibility.AccessibilityManager')));
registerSystemService('media_projection', (c: Call): JObject => c.vm.alloc(c.vm.bootClass('android.media.projection.MediaProjectionManager')));
registerSystemService('device_policy', (c: Call): JObject => c.vm.alloc(c.vm.bootClass('android.app.admin.DevicePolicyManager')));
