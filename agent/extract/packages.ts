// Installed-application lists and queries about other apps. Package names are kept so the host
// can find the list (or hashes of it) in network payloads.
import { LIMITS } from '../../protocol/constants.js';
import { argOf, field, items, setDetail, str } from './java.js';
import type { Extractor, HookCall } from './types.js';

/**
 * Items of a List<T> as T wrappers. Under frida-java-bridge a generic List.get() returns a
 * java.lang.Object wrapper (type erasure): the item's fields (packageName, activityInfo, ...) are
 * not reachable until it is cast to its class. An item that does not cast stays as it came.
 */
function typedItems(call: HookCall, list: any, className: string, max: number): { n: number; items: any[] } {
  const got = items(list, max);
  let cls: any = null;
  const out = got.items.map((item) => {
    if (item === null || item === undefined) return item;
    try {
      cls ??= call.java.use(className);
      return call.java.cast(item, cls);
    } catch {
      return item;
    }
  });
  return { n: got.n, items: out };
}

/** getInstalledPackages/Applications, getPackagesHoldingPermissions, *AsUser: List<PackageInfo|ApplicationInfo>. */
export const packageList: Extractor = (call) => {
  const list = call.ret;
  if (list === null || list === undefined || typeof list.size !== 'function') return;
  const cls = call.spec.method.startsWith('getInstalledApplications') ? 'android.content.pm.ApplicationInfo' : 'android.content.pm.PackageInfo';
  const { n, items: got } = typedItems(call, list, cls, LIMITS.arrayItems);
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
  const { n, items: got } = typedItems(call, call.ret, 'android.content.pm.ResolveInfo', 256);
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
  const { n, items: got } = typedItems(call, call.ret, 'android.app.ActivityManager$RunningAppProcessInfo', LIMITS.arrayItems);
  const values: string[] = [];
  for (const p of got) {
    const name = str(field(p, 'processName'));
    if (name !== null) values.push(call.clip(name));
  }
  setDetail(call, { count: n, values });
  delete (call.draft as any).ret;
};
