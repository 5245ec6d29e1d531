// The device's static facts and installed packages, derived from a scenario.
import { createHash } from 'node:crypto';
import type { DeviceFacts, InstalledPackage } from '../android/env.js';
import { releaseOf } from '../android/index.js';
import { DEFAULT_EPOCH } from './load.js';
import { ScenarioRuntime } from './runtime.js';
import type { AppDeclaration, OtherAppDeclaration, Scenario } from './schema.js';

export interface World {
  facts: DeviceFacts;
  packages: Map<string, InstalledPackage>;
  epochMs: number;
  bootUptimeMs: number;
}

function b64id(seed: string, n: number): string {
  return createHash('sha256').update(seed).digest('base64url').slice(0, n);
}

/** Where Android installs an APK: the directory naming changed in Android 8 and 11. */
export function apkDir(pkg: string, api: number): string {
  if (api >= 30) return `/data/app/~~${b64id(`outer:${pkg}`, 22)}==/${pkg}-${b64id(`inner:${pkg}`, 22)}==`;
  if (api >= 26) return `/data/app/${pkg}-${b64id(`dir:${pkg}`, 22)}==`;
  return `/data/app/${pkg}-1`;
}

/** Placeholder certificate bytes when a scenario gives none: stable per package, clearly synthetic. */
export function placeholderCertificate(pkg: string): Uint8Array {
  return new TextEncoder().encode(`sdktrace emulated signing certificate for ${pkg}`);
}

export function buildWorld(s: Scenario, apiOverride?: number): World {
  const d = s.device;
  const api = apiOverride ?? d.apiLevel;
  const epochMs = s.startEpochMs ?? DEFAULT_EPOCH;
  const buildId = d.buildId ?? 'TQ3A.230901.001';
  const model = d.model ?? 'Pixel 6';
  const brand = d.brand ?? 'google';
  const device = 'oriole';
  const facts: DeviceFacts = {
    api,
    release: releaseOf(api),
    manufacturer: d.manufacturer ?? 'Google',
    brand,
    model,
    device,
    fingerprint: `${brand}/${device}/${device}:${releaseOf(api)}/${buildId}/10000001:user/release-keys`,
    serial: d.serial ?? 'EMU0000000001',
    imei: d.imei,
    meid: d.meid ?? null,
    imsi: d.imsi ?? null,
    iccid: d.iccid ?? null,
    phoneNumber: d.phoneNumber ?? null,
    operator: d.operator ?? null,
    operatorName: d.operatorName ?? null,
    androidId: d.androidId,
    wifi: d.wifi ?? null,
    location: d.location === undefined ? null : { latitude: d.location.latitude, longitude: d.location.longitude, accuracy: d.location.accuracy ?? 20, provider: d.location.provider ?? 'fused' },
    hosts: d.hosts ?? {},
  };
  const packages = new Map<string, InstalledPackage>();
  let uid = 10234;
  const installTime = epochMs - 21 * 86400_000;
  const fromDecl = (a: AppDeclaration | OtherAppDeclaration): InstalledPackage => {
    const dir = apkDir(a.package, api);
    const cert = a.signingCertificate !== undefined ? Uint8Array.from(Buffer.from(a.signingCertificate, 'base64')) : placeholderCertificate(a.package);
    const perms: Record<string, boolean> = {};
    for (const [k, v] of Object.entries(a.permissions ?? {})) perms[k] = v === 'granted';
    return {
      package: a.package,
      label: a.label ?? a.package,
      versionName: a.versionName ?? null,
      versionCode: a.versionCode ?? 1,
      system: false,
      uid: uid++,
      targetSdk: a.targetSdk ?? api,
      signing: [cert],
      firstInstallTime: installTime,
      lastUpdateTime: installTime + 3 * 86400_000,
      apkPath: `${dir}/base.apk`,
      dataDir: `/data/user/0/${a.package}`,
      nativeLibraryDir: `${dir}/lib/arm64`,
      applicationClass: a.application?.class ?? null,
      launcher: a.launcher?.class ?? null,
      components: ScenarioRuntime.components(a),
      permissions: perms,
      usesCleartextTraffic: a.usesCleartextTraffic ?? (a.targetSdk ?? api) < 28,
      queries: a.queries ?? [],
    };
  };
  packages.set(s.app.package, fromDecl(s.app));
  for (const o of s.otherApps ?? []) packages.set(o.package, fromDecl(o));
  for (const i of d.installedApps ?? []) {
    const dir = i.system === true ? `/system/app/${i.package.split('.').pop()}` : apkDir(i.package, api);
    packages.set(i.package, {
      package: i.package,
      label: i.label ?? i.package,
      versionName: i.versionName ?? null,
      versionCode: i.versionCode ?? 1,
      system: i.system === true,
      uid: i.system === true ? 1000 + packages.size : uid++,
      targetSdk: api,
      signing: [placeholderCertificate(i.package)],
      firstInstallTime: installTime - 90 * 86400_000,
      lastUpdateTime: installTime - 10 * 86400_000,
      apkPath: `${dir}/base.apk`,
      dataDir: `/data/user/0/${i.package}`,
      nativeLibraryDir: `${dir}/lib/arm64`,
      applicationClass: null,
      launcher: null,
      components: { activities: [], services: [], receivers: [], providers: [] },
      permissions: {},
      usesCleartextTraffic: false,
      queries: [],
    });
  }
  return { facts, packages, epochMs, bootUptimeMs: 3_600_000 + (createHash('sha1').update(s.name).digest().readUInt16LE(0) % 600_000) };
}
