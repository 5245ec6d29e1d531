// Installed-application lists and queries about other apps. Package names are kept so the host
// can find the list (or hashes of it) in network payloads.
import { LIMITS } from '../../protocol/constants.js';
import { argOf, field, items, setDetail, str } from './java.js';
import type { Extractor } from './types.js';

/** getInstalledPackages/Applications, getPackagesHoldingPermissions, *AsUser: List<PackageInfo|ApplicationInfo>. */
export const packageList: Extractor = (call) => {
  const list = call.ret;
  if (list === null || list === undefined || typeof list.size !== 'function') return;
  const { n, items: got } = items(list, LIMITS.arrayItems);
  const values: string[] = [];
  for (const item of got) {
    const name = str(field(item, 'packageName'));
    if (name !== null) values.push(call.clip(name));
  }
  setDetail(call, { count: n, values });
  // The list itself is summarised as its length: the names are in detail.values.
  delete (call.draft as any).ret;
};

/** getPackageInfo/getApplicationInfo/getLaunchIntentForPackage(String pkg, ...): another app's package. */
export const packageQuery: Extractor = (call) => {
  let pkg = str(argOf(call, 'java.lang.String'));
  if (pkg === null) {
    const vp = argOf(call, 'android.content.pm.VersionedPackage');
    if (vp !== undefined && vp !== null) pkg = str(vp.getPackageName());
  }
  if (pkg === null) return false;
  if (pkg === call.services.ownPackage()) return false;
  const found = call.thrown === undefined && call.ret !== null && call.ret !== undefined;
  setDetail(call, { target: call.clip(pkg), count: found ? 1 : 0, values: [call.clip(pkg)] });
  delete (call.draft as any).ret;
};

/** queryIntent... and queryBroadcastReceivers: the packages that answer. */
export const resolveList: Extractor = (call) => {
  const { n, items: got } = items(call.ret, 256);
  const set = new Set<string>();
  for (const ri of got) {
    const info = field(ri, 'activityInfo') ?? field(ri, 'serviceInfo') ?? field(ri, 'providerInfo');
    const p = str(field(info, 'packageName'));
    if (p !== null) set.add(call.clip(p));
  }
  const intent = argOf(call, 'android.content.Intent');
  const detail: Record<string, unknown> = { count: n, values: [...set].slice(0, LIMITS.arrayItems) };
  if (intent !== undefined && intent !== null) {
    const action = str(intent.getAction());
    if (action !== null) detail.target = call.clip(action);
  }
  setDetail(call, detail);
  delete (call.draft as any).ret;
};

/** resolveActivity: the one package that answers. */
export const resolveOne: Extractor = (call) => {
  const info = field(call.ret, 'activityInfo');
  const p = str(field(info, 'packageName'));
  const intent = argOf(call, 'android.content.Intent');
  const detail: Record<string, unknown> = { count: p === null ? 0 : 1 };
  if (p !== null) detail.values = [call.clip(p)];
  if (intent !== undefined && intent !== null) {
    const action = str(intent.getAction());
    if (action !== null) detail.target = call.clip(action);
  }
  setDetail(call, detail);
  delete (call.draft as any).ret;
};

/** ActivityManager.getRunningAppProcesses(): process names. */
export const processList: Extractor = (call) => {
  const { n, items: got } = items(call.ret);
  const values: string[] = [];
  for (const p of got) {
    const name = str(field(p, 'processName'));
    if (name !== null) values.push(call.clip(name));
  }
  setDetail(call, { count: n, values });
  delete (call.draft as any).ret;
};
