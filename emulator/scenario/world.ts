// The device's static facts and installed packages, derived from a scenario.
import { createHash } from 'node:crypto';
import type { DeviceFacts, InstalledPackage, WifiFacts } from '../android/env.js';
import { releaseOf } from '../android/index.js';
import { DEFAULT_EPOCH } from './load.js';
import { ScenarioRuntime } from './runtime.js';
import type { AppDeclaration, OtherAppDeclaration, Scenario } from './schema.js';

export interface World {
  facts: DeviceFacts;
  /** What the clipboard holds when the device boots. */
  clipboard: string | null;
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

/** A typical phone's hardware sensors (Sensor.TYPE_* numbers) when a scenario lists none. */
const DEFAULT_SENSORS: readonly { type: number; name: string; vendor: string; wakeUp?: boolean }[] = [
  { type: 1, name: 'LSM6DSO Accelerometer', vendor: 'STMicro' },
  { type: 2, name: 'AK09918 Magnetometer', vendor: 'AKM' },
  { type: 4, name: 'LSM6DSO Gyroscope', vendor: 'STMicro' },
  { type: 5, name: 'TMD3702V Ambient Light Sensor', vendor: 'AMS' },
  { type: 8, name: 'TMD3702V Proximity Sensor', vendor: 'AMS', wakeUp: true },
  { type: 9, name: 'Gravity Sensor', vendor: 'AOSP' },
  { type: 10, name: 'Linear Acceleration Sensor', vendor: 'AOSP' },
  { type: 11, name: 'Rotation Vector Sensor', vendor: 'AOSP' },
  { type: 17, name: 'Significant Motion Detector', vendor: 'AOSP', wakeUp: true },
  { type: 18, name: 'Step Detector', vendor: 'AOSP' },
  { type: 19, name: 'Step Counter', vendor: 'AOSP' },
];

type ScenarioWifi = NonNullable<Scenario['device']['wifi']>;

function wifiFacts(w: ScenarioWifi): WifiFacts {
  const frequency = w.frequency ?? 5180;
  const gateway = w.gateway ?? w.ip.replace(/\.\d+$/, '.1');
  const scan = w.scan ?? [];
  const connected = { ssid: w.ssid, bssid: w.bssid, level: w.rssi ?? -52, frequency };
  return {
    ssid: w.ssid,
    bssid: w.bssid.toLowerCase(),
    mac: w.mac.toLowerCase(),
    ip: w.ip,
    gateway,
    dns: w.dns ?? gateway,
    frequency,
    rssi: w.rssi ?? -52,
    scan: [connected, ...scan.filter((x) => x.bssid.toLowerCase() !== w.bssid.toLowerCase()).map((x) => ({ ssid: x.ssid, bssid: x.bssid.toLowerCase(), level: x.level ?? -70, frequency: x.frequency ?? 2437 }))],
  };
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
    androidIdPackage: s.app.package,
    wifi: d.wifi === undefined ? null : wifiFacts(d.wifi),
    location: d.location === undefined ? null : { latitude: d.location.latitude, longitude: d.location.longitude, accuracy: d.location.accuracy ?? 20, provider: d.location.provider ?? 'fused' },
    hosts: d.hosts ?? {},
    h2Hosts: d.h2Hosts ?? [],
    cells: (d.cells ?? []).map((c, i) => ({
      type: c.type,
      mcc: c.mcc,
      mnc: c.mnc,
      area: c.area,
      cid: c.cid,
      pci: c.pci ?? 0,
      arfcn: c.arfcn ?? 0,
      dbm: c.dbm ?? -95,
      registered: c.registered ?? i === 0,
    })),
    bluetooth: d.bluetooth === undefined ? null : { address: d.bluetooth.address, name: d.bluetooth.name, bonded: d.bluetooth.bonded ?? [] },
    accounts: (d.accounts ?? []).map((a) => ({
      name: a.name,
      type: a.type,
      authenticator: a.authenticator ?? null,
      visibleTo: a.visibleTo ?? [],
      password: a.password ?? null,
      authTokens: a.authTokens ?? {},
      userData: a.userData ?? {},
    })),
    contacts: (d.contacts ?? []).map((x) => ({ name: x.name, phone: x.phone, email: x.email ?? null })),
    sms: (d.sms ?? []).map((x, i) => ({ address: x.address, body: x.body, date: x.date ?? epochMs - (i + 1) * 3_600_000, type: x.type === 'sent' ? 2 : 1 })),
    callLog: (d.callLog ?? []).map((x, i) => ({
      number: x.number,
      name: x.name ?? null,
      date: x.date ?? epochMs - (i + 1) * 7_200_000,
      duration: x.duration ?? 0,
      type: x.type === 'outgoing' ? 2 : x.type === 'missed' ? 3 : 1,
    })),
    sensors: (d.sensors ?? DEFAULT_SENSORS).map((x: { type: number; name: string; vendor?: string; wakeUp?: boolean; dynamic?: boolean }) => ({ type: x.type, name: x.name, vendor: x.vendor ?? 'AOSP', wakeUp: x.wakeUp ?? false, dynamic: x.dynamic ?? false })),
    advertisingId: d.advertisingId ?? null,
    limitAdTracking: d.limitAdTracking ?? false,
    oaid: d.oaid ?? null,
    vendorIds: d.vendorIds ?? {},
    notifications: (d.notifications ?? []).map((n, i) => ({ package: n.package, id: n.id ?? i + 1, title: n.title, text: n.text, postedAt: n.postedAt ?? epochMs - (i + 1) * 600_000 })),
    notificationListeners: d.notificationListeners ?? [],
    usage: (d.usage ?? []).map((u) => ({ package: u.package, foregroundMs: u.foregroundMs, lastUsed: u.lastUsed ?? epochMs - 3_600_000 })),
    address: d.address === undefined ? null : { countryCode: d.address.countryCode, country: d.address.country, adminArea: d.address.adminArea ?? null, locality: d.address.locality ?? null, line: d.address.line },
    systemProperties: d.systemProperties ?? {},
    files: d.files ?? {},
    drmId: d.drmId === undefined ? drmIdOf(d.serial ?? 'emulator') : d.drmId,
    drmStrings: d.drmStrings ?? {},
    deviceName: d.deviceName ?? d.model ?? 'Pixel',
    softwareVersion: d.imei === undefined || d.imei.length === 0 ? null : (d.softwareVersion ?? '01'),
    simCountry: d.simCountry ?? (d.operator?.startsWith('460') === true ? 'cn' : null),
    mobileIp: d.imsi === undefined ? null : `10.${(parseInt(d.imsi.slice(-4), 10) % 200) + 20}.${parseInt(d.imsi.slice(-7, -4), 10) % 250}.${(parseInt(d.imsi.slice(-2), 10) % 250) + 2}`,
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
      usesLibraries: a.usesLibraries ?? [],
      answers: Object.fromEntries(Object.entries(a.answers ?? {}).map(([k, v]) => [k, v === 'grant'])),
      screenCapture: a.screenCapture === 'start',
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
      launcher: i.launcher ?? null,
      components: { activities: i.launcher === undefined ? [] : [{ name: i.launcher, exported: true, actions: ['android.intent.action.MAIN'] }], services: [], receivers: [], providers: [] },
      permissions: Object.fromEntries((i.permissions ?? []).map((p) => [p, true])),
      usesCleartextTraffic: false,
      queries: [],
      usesLibraries: [],
      answers: {},
    });
  }
  return { facts, clipboard: d.clipboard ?? null, packages, epochMs, bootUptimeMs: 3_600_000 + (createHash('sha1').update(s.name).digest().readUInt16LE(0) % 600_000) };
}

/** A stable 32-byte Widevine-like ID from the serial (a fact of the scenario, not a real derivation). */
function drmIdOf(serial: string): string {
  let h = 0x811c9dc5;
  let out = '';
  for (let i = 0; out.length < 64; i++) {
    h ^= serial.charCodeAt(i % serial.length) + i;
    h = Math.imul(h, 0x01000193) >>> 0;
    out += (h & 0xff).toString(16).padStart(2, '0');
  }
  return out;
}
