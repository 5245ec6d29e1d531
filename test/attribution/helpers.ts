// Helpers shared by the attribution tests: frames written the way stack traces print them.
import type { Frame } from '../../protocol/messages.js';
import { Attributor, loadCatalog } from '../../attribution/index.js';

/** "a.b.C.m" or "a.b.C.m:12" -> [class, method, file, line]. */
export function frame(text: string): Frame {
  const m = /^(.*)\.([^.:]+)(?::(\d+))?$/.exec(text);
  if (!m) throw new Error(`bad frame ${text}`);
  const cls = m[1];
  const simple = cls.slice(cls.lastIndexOf('.') + 1).replace(/\$.*$/, '');
  return [cls, m[2], `${simple}.java`, m[3] ? Number(m[3]) : 10];
}

export const stack = (...frames: string[]): Frame[] => frames.map(frame);

/** A small API list of our own (the real one is agent/catalog's HOOK_AREAS). */
export const TEST_APIS: [string, string][] = [
  ['android.telephony.TelephonyManager', 'getDeviceId'],
  ['android.telephony.TelephonyManager', 'getImei'],
  ['android.telephony.TelephonyManager', 'getSubscriberId'],
  ['android.provider.Settings$Secure', 'getString'],
  ['android.net.wifi.WifiInfo', 'getMacAddress'],
  ['android.content.ContentResolver', 'query'],
  ['android.location.LocationManager', 'getLastKnownLocation'],
  ['android.app.ApplicationPackageManager', 'getInstalledPackages'],
  ['android.app.ContextImpl', 'startActivity'],
  ['java.net.Socket', 'connect'],
  ['com.bun.miitmdid.core.MdidSdkHelper', 'InitSdk'],
];

export const catalog = () => loadCatalog();

export function attributor(appPackage = 'com.example.shop', apiFrames: [string, string][] | undefined = TEST_APIS): Attributor {
  return new Attributor(loadCatalog(), { appPackage, apiFrames });
}
