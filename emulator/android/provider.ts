// Settings: Secure.getString funnels into the hidden getStringForUser, and System.getString of a
// key that moved to Secure (android_id among them) forwards to Secure.getStringForUser, as AOSP
// does; a hook on Secure.getString alone therefore misses legacy System reads.
import { createHash, createHmac } from 'node:crypto';
import { cls, f, m, type Call, type ClassSpec, type JValue } from '../java/model.js';

const SECURE = 'android.provider.Settings$Secure';
const SYSTEM = 'android.provider.Settings$System';
const GLOBAL = 'android.provider.Settings$Global';
const FOR_USER = ['android.content.ContentResolver', 'java.lang.String', 'int'];

/**
 * Settings.Secure.ANDROID_ID for the calling app (ledger android.settings.ssaid). Before Android 8
 * one value per user; from Android 8 SettingsProvider answers the SSAID of the caller's signing
 * certificates: HMAC-SHA256 under a random per-user key over each certificate (4-byte big-endian
 * length, then its bytes), the first 16 hex digits. The traced app gets the scenario's androidId;
 * an app with other certificates gets its own, computed the same way under a key derived from
 * that value (the real key is random, so only the shape and the per-key separation are real).
 */
export function androidIdFor(c: Call): string {
  const d = c.env.device;
  if (c.api < 26) return d.androidId;
  const owner = c.env.packages.get(d.androidIdPackage);
  const same = (a: readonly Uint8Array[], b: readonly Uint8Array[]) => a.length === b.length && a.every((x, i) => Buffer.from(x).equals(Buffer.from(b[i]!)));
  if (owner !== undefined && same(owner.signing, c.env.app.signing)) return d.androidId;
  const mac = createHmac('sha256', createHash('sha256').update(`ssaid-user-key:${d.androidId}`).digest());
  for (const cert of c.env.app.signing) {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(cert.length);
    mac.update(len).update(cert);
  }
  return mac.digest('hex').slice(0, 16);
}

/** Keys Settings.System forwards to Settings.Secure (a subset of AOSP's MOVED_TO_SECURE). */
const MOVED_TO_SECURE = new Set(['android_id', 'bluetooth_address', 'location_providers_allowed', 'install_non_market_apps']);

function secureValue(c: Call, name: string): JValue {
  switch (name) {
    case 'android_id':
      return androidIdFor(c);
    case 'bluetooth_address':
      // Needs LOCAL_MAC_ADDRESS (system only) since Android 8.
      return c.api >= 26 ? null : '02:00:00:00:00:00';
    case 'bluetooth_name':
      return c.env.device.model;
    case 'default_input_method':
      return 'com.android.inputmethod.latin/.LatinIME';
    case 'location_providers_allowed':
      return c.env.device.location === null ? '' : 'gps,network';
    default:
      return null;
  }
}

export const provider: readonly ClassSpec[] = [
  cls('public final class android.provider.Settings', {}, [m('public <init>()')]),
  cls('public interface android.provider.BaseColumns', {}, []),
  cls('public static class android.provider.Settings$NameValueTable implements android.provider.BaseColumns', { file: 'Settings.java' }, [m('public <init>()')]),
  cls('public static final class android.provider.Settings$Secure extends android.provider.Settings$NameValueTable', { file: 'Settings.java' }, [
    f('public static final java.lang.String ANDROID_ID', { value: 'android_id' }),
    m('public <init>()'),
    m('public static java.lang.String getString(android.content.ContentResolver, java.lang.String)', (c, _s, [cr, name]) => c.callStatic(SECURE, 'getStringForUser', FOR_USER, [cr, name, 0])),
    m('public static java.lang.String getStringForUser(android.content.ContentResolver, java.lang.String, int)', (c, _s, [, name]) => secureValue(c, name as string)),
  ]),
  cls('public static final class android.provider.Settings$System extends android.provider.Settings$NameValueTable', { file: 'Settings.java' }, [
    f('public static final java.lang.String ANDROID_ID', { value: 'android_id' }),
    m('public <init>()'),
    m('public static java.lang.String getString(android.content.ContentResolver, java.lang.String)', (c, _s, [cr, name]) => c.callStatic(SYSTEM, 'getStringForUser', FOR_USER, [cr, name, 0])),
    m('public static java.lang.String getStringForUser(android.content.ContentResolver, java.lang.String, int)', (c, _s, [cr, name, user]) => {
      if (MOVED_TO_SECURE.has(name as string)) return c.callStatic(SECURE, 'getStringForUser', FOR_USER, [cr, name, user]);
      return null;
    }),
  ]),
  // Settings.Global: device_name (the name users give the device) is readable by every app.
  cls('public static final class android.provider.Settings$Global extends android.provider.Settings$NameValueTable', { file: 'Settings.java' }, [
    f('public static final java.lang.String DEVICE_NAME', { since: 25, value: 'device_name' }),
    m('public <init>()'),
    m('public static java.lang.String getString(android.content.ContentResolver, java.lang.String)', (c, _s, [cr, name]) => c.callStatic(GLOBAL, 'getStringForUser', FOR_USER, [cr, name, 0])),
    m('public static java.lang.String getStringForUser(android.content.ContentResolver, java.lang.String, int)', (c, _s, [, name]) => globalValue(c, name as string)),
  ]),
];

function globalValue(c: Call, name: string): JValue {
  switch (name) {
    case 'device_name':
      return c.env.device.deviceName;
    default:
      throw new Error(`emulator: Settings.Global ${name} is not modelled`);
  }
}
