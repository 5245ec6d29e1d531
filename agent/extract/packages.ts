// Installed-application lists: how many entries, and which package names (kept so the host can
// find the list, or hashes of it, in network payloads).
import { LIMITS } from '../../protocol/constants.js';
import type { Extractor } from './types.js';

/** getInstalledPackages/Applications and their *AsUser funnels: List<PackageInfo|ApplicationInfo>. */
export const packageList: Extractor = (call) => {
  const list = call.ret;
  if (list === null || list === undefined || typeof list.size !== 'function') return;
  const n: number = list.size();
  const values: string[] = [];
  for (let i = 0; i < n && values.length < LIMITS.arrayItems; i++) {
    const item = list.get(i);
    const name = item?.packageName?.value;
    if (typeof name === 'string') values.push(call.clip(name));
  }
  (call.draft as any).detail = { count: n, values };
  // The list itself is summarised as its length: the names are in detail.values.
  delete (call.draft as any).ret;
};
