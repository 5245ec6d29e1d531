// Reads the app's identity (package, version, signing certificates) from its own PackageManager
// once the Application exists. Java.perform runs before that (during handleBindApplication), so
// this polls on the device clock until ActivityThread.currentApplication() is set.
import { PROTOCOL_VERSION } from '../../protocol/constants.js';
import type { AppInfo } from '../../protocol/messages.js';
import type { JavaAccess } from '../extract/java.js';
import type { ThreadGuard } from './guard.js';
import type { Platform } from './platform.js';

const GET_SIGNATURES = 0x40; // PackageManager.GET_SIGNATURES (deprecated in API 28)
const GET_SIGNING_CERTIFICATES = 0x08000000; // PackageManager.GET_SIGNING_CERTIFICATES, API 28+
const POLL_MS = 200;
const MAX_POLLS = 150; // 30 s

export function readAppInfo(java: JavaAccess, apiLevel: number, pid: number, sha256: (d: number[]) => string): AppInfo | null {
  const app = java.use('android.app.ActivityThread').currentApplication();
  if (app === null || app === undefined) return null;
  const pkg = String(app.getPackageName());
  const pm = app.getPackageManager();
  const info = pm.getPackageInfo(pkg, apiLevel >= 28 ? GET_SIGNING_CERTIFICATES : GET_SIGNATURES);
  const versionName = info.versionName.value === null ? null : String(info.versionName.value);
  const versionCode = apiLevel >= 28 ? Number(info.getLongVersionCode()) : Number(info.versionCode.value);
  let sigs: any[] = [];
  if (apiLevel >= 28) {
    const signing = info.signingInfo.value;
    if (signing !== null) sigs = signing.getApkContentsSigners() ?? [];
  } else {
    sigs = info.signatures.value ?? [];
  }
  const signing: string[] = [];
  for (const s of sigs.slice(0, 16)) {
    const bytes = s.toByteArray();
    const arr: number[] = new Array(bytes.length);
    for (let i = 0; i < bytes.length; i++) arr[i] = bytes[i] & 0xff;
    signing.push(sha256(arr));
  }
  return { v: PROTOCOL_VERSION, kind: 'app', pid, package: pkg, versionName, versionCode, signing };
}

/** Polls until the app info can be read, then sends it once. Failures are silent: it is metadata. */
export function sendAppInfoWhenReady(
  platform: Platform,
  java: JavaAccess & { performNow(fn: () => void): void },
  guard: ThreadGuard,
  apiLevel: number,
  pid: number,
): void {
  let polls = 0;
  const attempt = () => {
    let info: AppInfo | null = null;
    try {
      java.performNow(() => {
        // Our PackageManager calls must not show up as the app's own calls.
        info = guard.ownWork(platform.threadId(), () => readAppInfo(java, apiLevel, pid, platform.sha256));
      });
    } catch {
      info = null;
    }
    if (info !== null) platform.send(info);
    else if (++polls < MAX_POLLS) platform.setTimeout(attempt, POLL_MS);
  };
  attempt();
}
