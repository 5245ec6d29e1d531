// Package manager: PackageManager is abstract, apps talk to the hidden ApplicationPackageManager
// (frida-notes §5). On Android 13+ the public int-flag methods chain through the *Flags overloads
// into the *AsUser funnels, so one app call crosses several hookable methods. Android 11+ package
// visibility filters what the app can see unless it holds QUERY_ALL_PACKAGES.
import type { JObject } from '../java/heap.js';
import { cls, f, m, type Call, type ClassSpec, type JValue } from '../java/model.js';
import type { InstalledPackage } from './env.js';
import { byteArray, newArrayList, objectArray } from './support.js';

const PIF = 'android.content.pm.PackageManager$PackageInfoFlags';
const AIF = 'android.content.pm.PackageManager$ApplicationInfoFlags';
export const GET_SIGNATURES = 0x40;
export const GET_SIGNING_CERTIFICATES = 0x08000000;

/** Packages the calling app can see (Android 11 package visibility). */
export function visiblePackages(c: Call): InstalledPackage[] {
  const all = [...c.env.packages.values()];
  const app = c.env.app;
  if (c.api < 30 || app.targetSdk < 30 || c.env.permissionGranted('android.permission.QUERY_ALL_PACKAGES')) return all;
  return all.filter((p) => p.package === app.package || app.queries.includes(p.package));
}

function lookup(c: Call, name: string): InstalledPackage {
  const p = visiblePackages(c).find((x) => x.package === name);
  if (p === undefined) c.throwNew('android.content.pm.PackageManager$NameNotFoundException', name);
  return p!;
}

function applicationInfo(c: Call, p: InstalledPackage): JObject {
  const ai = c.newObject('android.content.pm.ApplicationInfo');
  c.set(ai, 'packageName', p.package);
  c.set(ai, 'name', p.applicationClass);
  c.set(ai, 'className', p.applicationClass);
  c.set(ai, 'processName', p.package);
  c.set(ai, 'uid', p.uid);
  c.set(ai, 'flags', p.system ? 1 : 0);
  c.set(ai, 'sourceDir', p.apkPath);
  c.set(ai, 'dataDir', p.dataDir);
  c.set(ai, 'nativeLibraryDir', p.nativeLibraryDir);
  c.set(ai, 'targetSdkVersion', p.targetSdk);
  return ai;
}

function signatureArray(c: Call, p: InstalledPackage): JValue {
  const sigs = p.signing.map((der) => c.newObject('android.content.pm.Signature', ['[B'], [byteArray(c, der)]));
  return objectArray(c, '[Landroid.content.pm.Signature;', sigs);
}

function packageInfo(c: Call, p: InstalledPackage, flags: number): JObject {
  const pi = c.newObject('android.content.pm.PackageInfo');
  c.set(pi, 'packageName', p.package);
  c.set(pi, 'versionName', p.versionName);
  c.set(pi, 'versionCode', p.versionCode | 0);
  c.set(pi, 'applicationInfo', applicationInfo(c, p));
  c.set(pi, 'firstInstallTime', BigInt(p.firstInstallTime));
  c.set(pi, 'lastUpdateTime', BigInt(p.lastUpdateTime));
  if ((flags & GET_SIGNATURES) !== 0) c.set(pi, 'signatures', signatureArray(c, p));
  if (c.api >= 28 && (flags & GET_SIGNING_CERTIFICATES) !== 0) {
    const si = c.newObject('android.content.pm.SigningInfo');
    si.native = signatureArray(c, p);
    c.set(pi, 'signingInfo', si);
  }
  pi.native = { longVersionCode: BigInt(p.versionCode) };
  return pi;
}

function flagsValue(c: Call, flagsObj: JValue): number {
  return Number(c.call(flagsObj as JObject, 'getValue') as bigint);
}

function ofFlags(c: Call, klass: string, v: number): JObject {
  return c.callStatic(klass, 'of', ['long'], [BigInt(v)]) as JObject;
}

function flagsClass(klass: string): ClassSpec {
  return cls(`public static final class ${klass}`, { since: 33 }, [
    f('private final long mValue'),
    m('private <init>(long)', (c, self, [v]) => c.set(self!, 'mValue', v ?? 0n)),
    m('public long getValue()', (c, self) => c.get(self!, 'mValue')),
    m('public static ' + klass + ' of(long)', (c, _s, [v]) => c.newObject(klass, ['long'], [v])),
  ]);
}

const installedPackages = (c: Call, flags: number) => newArrayList(c, visiblePackages(c).map((p) => packageInfo(c, p, flags)));
const installedApplications = (c: Call) => newArrayList(c, visiblePackages(c).map((p) => applicationInfo(c, p)));

export const pm: readonly ClassSpec[] = [
  cls('public abstract class android.content.pm.PackageManager', {}, [
    f('public static final int GET_SIGNATURES', { value: GET_SIGNATURES }),
    f('public static final int GET_SIGNING_CERTIFICATES', { since: 28, value: GET_SIGNING_CERTIFICATES }),
    m('public <init>()'),
    m('public abstract android.content.pm.ApplicationInfo getApplicationInfo(java.lang.String, int)'),
    m('public abstract java.util.List getInstalledApplications(int)'),
    m(`public java.util.List getInstalledApplications(${AIF})`, { since: 33 }, (c) => c.throwNew('java.lang.UnsupportedOperationException', 'getInstalledApplications not implemented in subclass')),
    m('public abstract java.util.List getInstalledPackages(int)'),
    m(`public java.util.List getInstalledPackages(${PIF})`, { since: 33 }, (c) => c.throwNew('java.lang.UnsupportedOperationException', 'getInstalledPackages not implemented in subclass')),
    m('public abstract android.content.pm.PackageInfo getPackageInfo(java.lang.String, int)'),
    m(`public android.content.pm.PackageInfo getPackageInfo(java.lang.String, ${PIF})`, { since: 33 }, (c) => c.throwNew('java.lang.UnsupportedOperationException', 'getPackageInfo not implemented in subclass')),
  ]),
  flagsClass(PIF),
  flagsClass(AIF),
  cls('public static class android.content.pm.PackageManager$NameNotFoundException extends android.util.AndroidException', {}, [
    m('public <init>()', (c, self) => c.callSpecial(self!, 'android.util.AndroidException', '<init>', [])),
    m('public <init>(java.lang.String)', (c, self, [msg]) => c.callSpecial(self!, 'android.util.AndroidException', '<init>', ['java.lang.String'], [msg])),
  ]),
  cls('public class android.util.AndroidException extends java.lang.Exception', {}, [
    m('public <init>()', (c, self) => c.callSpecial(self!, 'java.lang.Exception', '<init>', [])),
    m('public <init>(java.lang.String)', (c, self, [msg]) => c.callSpecial(self!, 'java.lang.Exception', '<init>', ['java.lang.String'], [msg])),
  ]),
  cls('public class android.app.ApplicationPackageManager extends android.content.pm.PackageManager', {}, [
    m('<init>()'),
    m('public android.content.pm.ApplicationInfo getApplicationInfo(java.lang.String, int)', (c, _s, [name]) => applicationInfo(c, lookup(c, name as string))),
    // Installed packages: API 24-32 int -> AsUser(int,int); API 33+ int -> Flags -> AsUser(Flags,int).
    m('public java.util.List getInstalledPackages(int)', (c, self, [fl]) =>
      c.api >= 33
        ? c.call(self!, 'getInstalledPackages', [PIF], [ofFlags(c, PIF, fl as number)])
        : c.call(self!, 'getInstalledPackagesAsUser', ['int', 'int'], [fl, 0]),
    ),
    m(`public java.util.List getInstalledPackages(${PIF})`, { since: 33 }, (c, self, [fl]) => c.call(self!, 'getInstalledPackagesAsUser', [PIF, 'int'], [fl, 0])),
    m('public java.util.List getInstalledPackagesAsUser(int, int)', (c, self, [fl, user]) =>
      c.api >= 33 ? c.call(self!, 'getInstalledPackagesAsUser', [PIF, 'int'], [ofFlags(c, PIF, fl as number), user]) : installedPackages(c, fl as number),
    ),
    m(`public java.util.List getInstalledPackagesAsUser(${PIF}, int)`, { since: 33 }, (c, _s, [fl]) => installedPackages(c, flagsValue(c, fl))),
    m('public java.util.List getInstalledApplications(int)', (c, self, [fl]) =>
      c.api >= 33
        ? c.call(self!, 'getInstalledApplications', [AIF], [ofFlags(c, AIF, fl as number)])
        : c.call(self!, 'getInstalledApplicationsAsUser', ['int', 'int'], [fl, 0]),
    ),
    m(`public java.util.List getInstalledApplications(${AIF})`, { since: 33 }, (c, self, [fl]) => c.call(self!, 'getInstalledApplicationsAsUser', [AIF, 'int'], [fl, 0])),
    m('public java.util.List getInstalledApplicationsAsUser(int, int)', (c, self, [fl, user]) =>
      c.api >= 33 ? c.call(self!, 'getInstalledApplicationsAsUser', [AIF, 'int'], [ofFlags(c, AIF, fl as number), user]) : installedApplications(c),
    ),
    m(`public java.util.List getInstalledApplicationsAsUser(${AIF}, int)`, { since: 33 }, (c) => installedApplications(c)),
    m('public android.content.pm.PackageInfo getPackageInfo(java.lang.String, int)', (c, self, [name, fl]) =>
      c.api >= 33
        ? c.call(self!, 'getPackageInfo', ['java.lang.String', PIF], [name, ofFlags(c, PIF, fl as number)])
        : c.call(self!, 'getPackageInfoAsUser', ['java.lang.String', 'int', 'int'], [name, fl, 0]),
    ),
    m(`public android.content.pm.PackageInfo getPackageInfo(java.lang.String, ${PIF})`, { since: 33 }, (c, self, [name, fl]) =>
      c.call(self!, 'getPackageInfoAsUser', ['java.lang.String', PIF, 'int'], [name, fl, 0]),
    ),
    m('public android.content.pm.PackageInfo getPackageInfoAsUser(java.lang.String, int, int)', (c, self, [name, fl, user]) =>
      c.api >= 33
        ? c.call(self!, 'getPackageInfoAsUser', ['java.lang.String', PIF, 'int'], [name, ofFlags(c, PIF, fl as number), user])
        : packageInfo(c, lookup(c, name as string), fl as number),
    ),
    m(`public android.content.pm.PackageInfo getPackageInfoAsUser(java.lang.String, ${PIF}, int)`, { since: 33 }, (c, _s, [name, fl]) =>
      packageInfo(c, lookup(c, name as string), flagsValue(c, fl)),
    ),
  ]),
  cls('public class android.content.pm.PackageItemInfo', {}, [f('public java.lang.String name'), f('public java.lang.String packageName'), m('public <init>()')]),
  cls('public class android.content.pm.ApplicationInfo extends android.content.pm.PackageItemInfo implements android.os.Parcelable', {}, [
    f('public static final int FLAG_SYSTEM', { value: 1 }),
    f('public java.lang.String className'),
    f('public java.lang.String dataDir'),
    f('public int flags'),
    f('public java.lang.String nativeLibraryDir'),
    f('public java.lang.String processName'),
    f('public java.lang.String sourceDir'),
    f('public int targetSdkVersion'),
    f('public int uid'),
    m('public <init>()', (c, self) => c.callSpecial(self!, 'android.content.pm.PackageItemInfo', '<init>', [])),
  ]),
  cls('public class android.content.pm.ComponentInfo extends android.content.pm.PackageItemInfo', {}, [
    f('public android.content.pm.ApplicationInfo applicationInfo'),
    f('public java.lang.String processName'),
    m('public <init>()', (c, self) => c.callSpecial(self!, 'android.content.pm.PackageItemInfo', '<init>', [])),
  ]),
  cls('public class android.content.pm.ActivityInfo extends android.content.pm.ComponentInfo implements android.os.Parcelable', {}, [
    m('public <init>()', (c, self) => c.callSpecial(self!, 'android.content.pm.ComponentInfo', '<init>', [])),
  ]),
  cls('public class android.content.pm.ServiceInfo extends android.content.pm.ComponentInfo implements android.os.Parcelable', {}, [
    m('public <init>()', (c, self) => c.callSpecial(self!, 'android.content.pm.ComponentInfo', '<init>', [])),
  ]),
  cls('public class android.content.pm.PackageInfo implements android.os.Parcelable', {}, [
    f('public android.content.pm.ApplicationInfo applicationInfo'),
    f('public long firstInstallTime'),
    f('public long lastUpdateTime'),
    f('public java.lang.String packageName'),
    f('public android.content.pm.Signature[] signatures'),
    f('public android.content.pm.SigningInfo signingInfo', { since: 28 }),
    f('public int versionCode'),
    f('public java.lang.String versionName'),
    m('public <init>()'),
    m('public long getLongVersionCode()', { since: 28 }, (_c, self) => (self!.native as { longVersionCode: bigint }).longVersionCode),
  ]),
  cls('public class android.content.pm.Signature implements android.os.Parcelable', {}, [
    m('public <init>(byte[])', (c, self, [b]) => {
      self!.native = bytesCopy(b as JObject);
      void c;
    }),
    m('public byte[] toByteArray()', (c, self) => c.vm.newArray('[B', [...(self!.native as number[])])),
    m('public java.lang.String toCharsString()', (_c, self) => (self!.native as number[]).map((b) => (b & 0xff).toString(16).padStart(2, '0')).join('')),
  ]),
  cls('public final class android.content.pm.SigningInfo implements android.os.Parcelable', { since: 28 }, [
    m('public <init>()'),
    m('public android.content.pm.Signature[] getApkContentsSigners()', (_c, self) => self!.native as JValue),
    m('public boolean hasMultipleSigners()', (_c, self) => ((self!.native as { elems: unknown[] }).elems.length ?? 0) > 1),
  ]),
];

function bytesCopy(a: JObject): number[] {
  return [...((a as unknown as { elems: number[] }).elems ?? [])];
}
