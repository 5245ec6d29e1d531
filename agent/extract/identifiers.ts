// Identifier values kept for payload matching on the host, and Settings/system-property keys that
// are personal information (reading other keys is counted, not reported).
import type { DataType } from '../../protocol/constants.js';
import { LIMITS } from '../../protocol/constants.js';
import { SYSPROP_KEYS } from '../catalog/collection.js';
import { field, items, javaBytes, num, setDetail, str } from './java.js';
import type { Extractor, HookCall } from './types.js';

const SETTINGS_KEYS: Readonly<Record<string, DataType>> = {
  android_id: 'android_id',
  bluetooth_address: 'bluetooth_address',
  bluetooth_name: 'bluetooth_address',
  device_name: 'device_name',
};


function values(call: HookCall, v: string | null): void {
  if (v !== null && v !== '') setDetail(call, { values: [call.clip(v)] });
}

/** Settings.Secure/System.getString(ContentResolver, String name). */
export const settingsKey: Extractor = (call) => {
  const key = call.args[1];
  if (typeof key !== 'string') return false;
  const dataType = SETTINGS_KEYS[key];
  if (dataType === undefined) return false;
  (call.draft as any).dataType = dataType;
  const detail: Record<string, unknown> = { key };
  if (typeof call.ret === 'string' && call.ret !== '') detail.values = [call.clip(call.ret)];
  setDetail(call, detail);
};

/** SystemProperties.get(key[, default]): only identifier keys are reported. */
export const syspropKey: Extractor = (call) => {
  const key = call.args[0];
  if (typeof key !== 'string') return false;
  const dataType = SYSPROP_KEYS[key];
  if (dataType === undefined) return false;
  (call.draft as any).dataType = dataType;
  const detail: Record<string, unknown> = { key };
  const v = str(call.ret);
  if (v !== null && v !== '' && v !== str(call.args[1])) detail.values = [call.clip(v)];
  setDetail(call, detail);
};

/** Getters returning one identifier (String or CharSequence); the value is kept for payload matching. */
export const identifierValue: Extractor = (call) => {
  values(call, str(call.ret));
};

/** An int IPv4 address in network order as Android stores it (WifiInfo.getIpAddress). */
export const ipv4Int: Extractor = (call) => {
  const n = num(call.ret);
  if (!Number.isFinite(n) || n === 0) return;
  values(call, [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff].join('.'));
};

/** NetworkInterface.getHardwareAddress(): byte[] -> "aa:bb:...". */
export const macBytes: Extractor = (call) => {
  const b = javaBytes(call.java, call.ret, 0, 16, 16);
  if (b === null || b.length === 0) return;
  values(call, b.map((x) => x.toString(16).padStart(2, '0')).join(':'));
  delete (call.draft as any).ret;
};

/** WifiManager.getScanResults(): count and BSSIDs of nearby networks. */
export const wifiScan: Extractor = (call) => {
  const { n, items: list } = items(call.ret);
  const out: string[] = [];
  for (const r of list) {
    const b = str(field(r, 'BSSID'));
    if (b !== null) out.push(call.clip(b));
  }
  setDetail(call, out.length > 0 ? { count: n, values: out } : { count: n });
  delete (call.draft as any).ret;
};

/** Any list/array/collection result: its size only (the items are not personal by themselves here). */
export const listCount: Extractor = (call) => {
  const r = call.ret;
  if (r === null || r === undefined) return;
  let n: number | null = null;
  if (Array.isArray(r) || (typeof r.length === 'number' && typeof r.$className !== 'string')) n = r.length;
  else if (typeof r.size === 'function') n = Number(r.size());
  if (n !== null && Number.isFinite(n)) {
    setDetail(call, { count: n });
    delete (call.draft as any).ret;
  }
};

/** A String[] result (PackageManager.getPackagesForUid): kept as values. */
export const stringList: Extractor = (call) => {
  const { n, items: list } = items(call.ret, LIMITS.arrayItems);
  const out: string[] = [];
  for (const x of list) {
    const s = str(x);
    if (s !== null) out.push(call.clip(s));
  }
  if (n > 0) setDetail(call, { count: n, values: out });
};

/** SubscriptionManager.getActiveSubscriptionInfoList(): ICCIDs and numbers of the SIMs. */
export const subscriptionList: Extractor = (call) => {
  const { n, items: list } = items(call.ret);
  const out: string[] = [];
  for (const si of list) {
    for (const getter of ['getIccId', 'getNumber'] as const) {
      try {
        const v = str(si[getter]());
        if (v !== null && v !== '') out.push(call.clip(v));
      } catch {
        // Restricted on newer releases.
      }
    }
  }
  setDetail(call, out.length > 0 ? { count: n, values: out } : { count: n });
  delete (call.draft as any).ret;
};

/** AdvertisingIdClient.getAdvertisingIdInfo(Context): the ID inside the returned Info. */
export const adIdInfo: Extractor = (call) => {
  const info = call.ret;
  if (info === null || info === undefined) return;
  let id: string | null = null;
  try {
    id = str(info.getId());
  } catch {
    id = str(field(info, 'id'));
  }
  values(call, id);
  delete (call.draft as any).ret;
};

/** MediaDrm properties that identify the device (per DRM scheme, stable across app reinstalls). */
const DRM_KEYS = new Set(['deviceUniqueId', 'provisioningUniqueId']);

/** MediaDrm.getPropertyByteArray/getPropertyString(String name): only the device-unique properties. */
export const drmProperty: Extractor = (call) => {
  const key = str(call.args[0]);
  if (key === null || !DRM_KEYS.has(key)) return false;
  const detail: Record<string, unknown> = { key };
  if (typeof call.ret === 'string') {
    if (call.ret !== '') detail.values = [call.clip(call.ret)];
  } else {
    const b = javaBytes(call.java, call.ret, 0, 64, 64);
    if (b !== null && b.length > 0) detail.values = [b.map((x) => x.toString(16).padStart(2, '0')).join('')];
  }
  setDetail(call, detail);
  delete (call.draft as any).ret;
};

/**
 * OPPO/OnePlus IOpenID/IStdID.getSerID(pkg, signature, type): "OUID" is the OAID; "DUID" and
 * "AUID" the device and app IDs (Android_CN_OAID OppoImpl).
 */
export const openidType: Extractor = (call) => {
  const type = str(call.args[2]);
  if (type !== null && type !== 'OUID') (call.draft as any).dataType = 'vendor_id';
  const detail: Record<string, unknown> = {};
  if (type !== null) detail.key = call.clip(type);
  const v = str(call.ret);
  if (v !== null && v !== '') detail.values = [call.clip(v)];
  setDetail(call, detail);
};
