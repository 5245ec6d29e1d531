// Package manager: PackageManager is abstract, apps talk to the hidden ApplicationPackageManager
// (docs/frida-notes.md §5). On Android 13+ the public int-flag methods chain through the *Flags overloads
// into the *AsUser funnels, so one app call crosses several hookable methods. Android 11+ package
// visibility filters what the app can see unless it holds QUERY_ALL_PACKAGES.
import type { JObject } from '../java/heap.js';
import { cls, f, m, type Call, type ClassSpec, type JValue } from '../java/model.js';
import type { InstalledPackage } from './env.js';
import { byteArray, newArrayList, objectArray } from './support.js';
import { intentState, registerSystemService } from './content.js';

/** ActivityInfo.FLAG_EXCLUDE_FROM_RECENTS (frameworks/base core/java/android/content/pm/ActivityInfo.java). */
export const FLAG_EXCLUDE_FROM_RECENTS = 0x0020;

/**
 * Framework themes a scenario activity may name, with their public resource id (android.R.style)
 * and the Window attribute AOSP decides translucency from (ActivityInfo.isTranslucentOrFloating:
 * windowIsTranslucent, windowIsFloating, windowSwipeToDismiss). Theme.Translucent.NoTitleBar is
 * android.R.style.Theme_Translucent_NoTitleBar = 16973840 (0x01030010), a child of
 * Theme.Translucent, which sets windowIsTranslucent (core/res/res/values/themes.xml).
 */
export const ACTIVITY_THEMES: Readonly<Record<string, { id: number; translucent: boolean }>> = {
  '@android:style/Theme.Translucent.NoTitleBar': { id: 0x01030010, translucent: true },
};

/** PackageParser.buildTaskAffinityName: ":x" is appended to the package, "" means none, absent the package. */
export function taskAffinityName(pkg: string, written: string | undefined): string | null {
  if (written === undefined) return pkg;
  if (written.length === 0) return null;
  return written.startsWith(':') ? `${pkg}${written}` : written;
}

const PIF = 'android.content.pm.PackageManager$PackageInfoFlags';
const AIF = 'android.content.pm.PackageManager$ApplicationInfoFlags';
const RIF = 'android.content.pm.PackageManager$ResolveInfoFlags';
const I = 'android.content.Intent';
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
    m('public abstract android.content.pm.PackageInfo getPackageInfo(android.content.pm.VersionedPackage, int)', { since: 26 }),
    m(`public android.content.pm.PackageInfo getPackageInfo(android.content.pm.VersionedPackage, ${PIF})`, { since: 33 }, (c) => c.throwNew('java.lang.UnsupportedOperationException', 'getPackageInfo not implemented in subclass')),
    m(`public android.content.pm.ApplicationInfo getApplicationInfo(java.lang.String, ${AIF})`, { since: 33 }, (c) => c.throwNew('java.lang.UnsupportedOperationException', 'getApplicationInfo not implemented in subclass')),
    m('public abstract android.content.Intent getLaunchIntentForPackage(java.lang.String)'),
    m('public abstract java.lang.String[] getPackagesForUid(int)'),
    m('public abstract java.lang.String getNameForUid(int)'),
    m('public abstract java.util.List getPackagesHoldingPermissions(java.lang.String[], int)'),
    m(`public java.util.List getPackagesHoldingPermissions(java.lang.String[], ${PIF})`, { since: 33 }, (c) => c.throwNew('java.lang.UnsupportedOperationException', 'getPackagesHoldingPermissions not implemented in subclass')),
    m('public abstract android.content.pm.ProviderInfo resolveContentProvider(java.lang.String, int)'),
    ...(['queryIntentActivities', 'queryIntentServices', 'queryBroadcastReceivers', 'queryIntentContentProviders'] as const).flatMap((n) => [
      m(`public abstract java.util.List ${n}(android.content.Intent, int)`),
      m(`public java.util.List ${n}(android.content.Intent, ${RIF})`, { since: 33 }, (c) => c.throwNew('java.lang.UnsupportedOperationException', `${n} not implemented in subclass`)),
    ]),
    m('public abstract android.content.pm.ResolveInfo resolveActivity(android.content.Intent, int)'),
    m(`public android.content.pm.ResolveInfo resolveActivity(android.content.Intent, ${RIF})`, { since: 33 }, (c) => c.throwNew('java.lang.UnsupportedOperationException', 'resolveActivity not implemented in subclass')),
    m('public abstract java.util.List queryIntentActivityOptions(android.content.ComponentName, android.content.Intent[], android.content.Intent, int)'),
    m(`public java.util.List queryIntentActivityOptions(android.content.ComponentName, java.util.List, android.content.Intent, ${RIF})`, { since: 33 }, (c) =>
      c.throwNew('java.lang.UnsupportedOperationException', 'queryIntentActivityOptions not implemented in subclass'),
    ),
    m('public abstract java.lang.String getInstallerPackageName(java.lang.String)'),
    m('public android.content.pm.InstallSourceInfo getInstallSourceInfo(java.lang.String)', { since: 30 }, (c) => c.throwNew('java.lang.UnsupportedOperationException', 'getInstallSourceInfo not implemented in subclass')),
    m('public abstract int getPackageUid(java.lang.String, int)', { since: 24 }),
    m(`public int getPackageUid(java.lang.String, ${PIF})`, { since: 33 }, (c) => c.throwNew('java.lang.UnsupportedOperationException', 'getPackageUid not implemented in subclass')),
    m('public abstract android.content.pm.PackageInstaller getPackageInstaller()'),
  ]),
  cls('public final class android.content.pm.InstallSourceInfo implements android.os.Parcelable', { since: 30 }, [
    m('public java.lang.String getInstallingPackageName()', (_c, self) => (self!.native as { installer: string | null }).installer),
  ]),
  cls('public class android.content.pm.PackageInstaller', {}, [
    // Sessions of every installer on the device; none are modelled in progress.
    m('public java.util.List getAllSessions()', (c) => newArrayList(c, [])),
    m('public java.util.List getMySessions()', (c) => newArrayList(c, [])),
  ]),
  flagsClass(PIF),
  flagsClass(AIF),
  flagsClass(RIF),
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
    // Application info: API 24+ int -> AsUser(int,int); API 33+ int -> Flags -> AsUser(Flags,int).
    m('public android.content.pm.ApplicationInfo getApplicationInfo(java.lang.String, int)', (c, self, [name, fl]) =>
      c.api >= 33
        ? c.call(self!, 'getApplicationInfo', ['java.lang.String', AIF], [name, ofFlags(c, AIF, fl as number)])
        : c.call(self!, 'getApplicationInfoAsUser', ['java.lang.String', 'int', 'int'], [name, fl, 0]),
    ),
    m(`public android.content.pm.ApplicationInfo getApplicationInfo(java.lang.String, ${AIF})`, { since: 33 }, (c, self, [name, fl]) =>
      c.call(self!, 'getApplicationInfoAsUser', ['java.lang.String', AIF, 'int'], [name, fl, 0]),
    ),
    m('public android.content.pm.ApplicationInfo getApplicationInfoAsUser(java.lang.String, int, int)', (c, self, [name, fl, user]) =>
      c.api >= 33
        ? c.call(self!, 'getApplicationInfoAsUser', ['java.lang.String', AIF, 'int'], [name, ofFlags(c, AIF, fl as number), user])
        : applicationInfo(c, lookup(c, name as string)),
    ),
    m(`public android.content.pm.ApplicationInfo getApplicationInfoAsUser(java.lang.String, ${AIF}, int)`, { since: 33 }, (c, _s, [name]) => applicationInfo(c, lookup(c, name as string))),
    m('public android.content.pm.PackageInfo getPackageInfo(android.content.pm.VersionedPackage, int)', { since: 26 }, (c, self, [vp, fl]) =>
      c.api >= 33
        ? c.call(self!, 'getPackageInfo', ['android.content.pm.VersionedPackage', PIF], [vp, ofFlags(c, PIF, fl as number)])
        : packageInfo(c, lookup(c, versionedName(c, vp ?? null)), fl as number),
    ),
    m(`public android.content.pm.PackageInfo getPackageInfo(android.content.pm.VersionedPackage, ${PIF})`, { since: 33 }, (c, _s, [vp, fl]) =>
      packageInfo(c, lookup(c, versionedName(c, vp ?? null)), flagsValue(c, fl)),
    ),
    // AOSP: an INFO activity first, else the LAUNCHER one, both found through queryIntentActivities.
    m('public android.content.Intent getLaunchIntentForPackage(java.lang.String)', (c, self, [pkg]) => {
      const q = c.newObject(I, ['java.lang.String'], ['android.intent.action.MAIN']);
      c.call(q, 'addCategory', ['java.lang.String'], ['android.intent.category.INFO']);
      c.call(q, 'setPackage', ['java.lang.String'], [pkg]);
      let ris = c.call(self!, 'queryIntentActivities', [I, 'int'], [q, 0]) as JObject;
      if ((ris.native as JValue[]).length === 0) {
        c.call(q, 'removeCategory', ['java.lang.String'], ['android.intent.category.INFO']);
        c.call(q, 'addCategory', ['java.lang.String'], ['android.intent.category.LAUNCHER']);
        c.call(q, 'setPackage', ['java.lang.String'], [pkg]);
        ris = c.call(self!, 'queryIntentActivities', [I, 'int'], [q, 0]) as JObject;
      }
      const first = (ris.native as JObject[])[0];
      if (first === undefined) return null;
      const ai = c.get(first, 'activityInfo') as JObject;
      const intent = c.newObject(I, [I], [q]);
      c.call(intent, 'setFlags', ['int'], [0x10000000]);
      c.call(intent, 'setClassName', ['java.lang.String', 'java.lang.String'], [c.get(ai, 'packageName'), c.get(ai, 'name')]);
      return intent;
    }),
    // AOSP ApplicationPackageManager: on API 33+ the int form wraps the specifics into a List and
    // the flags into ResolveInfoFlags and calls the flags form; before, one binder call.
    m('public java.util.List queryIntentActivityOptions(android.content.ComponentName, android.content.Intent[], android.content.Intent, int)', (c, self, [caller, specifics, i, fl]) => {
      if (c.api >= 33) {
        const list = specifics === null ? null : newArrayList(c, ((specifics as JArrayLike).elems ?? []) as JObject[]);
        return c.call(self!, 'queryIntentActivityOptions', ['android.content.ComponentName', 'java.util.List', I, RIF], [caller, list, i, ofFlags(c, RIF, fl as number)]);
      }
      return activityOptions(c, specifics === null ? 0 : ((specifics as JArrayLike).elems ?? []).length, i as JObject);
    }),
    m(`public java.util.List queryIntentActivityOptions(android.content.ComponentName, java.util.List, android.content.Intent, ${RIF})`, { since: 33 }, (c, _s, [, specifics, i]) =>
      activityOptions(c, specifics === null ? 0 : (c.call(specifics as JObject, 'size') as number), i as JObject),
    ),
    // PackageManagerService.getInstallerPackageName: IllegalArgumentException for a package the
    // caller cannot see; the installer is null for packages installed without one (adb, system).
    m('public java.lang.String getInstallerPackageName(java.lang.String)', (c, _s, [name]) => {
      if (!visiblePackages(c).some((p) => p.package === name)) c.throwNew('java.lang.IllegalArgumentException', `Unknown package: ${String(name)}`);
      return null;
    }),
    m('public android.content.pm.InstallSourceInfo getInstallSourceInfo(java.lang.String)', { since: 30 }, (c, _s, [name]) => {
      lookup(c, name as string);
      const o = c.vm.alloc(c.vm.bootClass('android.content.pm.InstallSourceInfo'));
      o.native = { installer: null };
      return o;
    }),
    m('public int getPackageUid(java.lang.String, int)', { since: 24 }, (c, self, [name, fl]) =>
      c.api >= 33 ? c.call(self!, 'getPackageUid', ['java.lang.String', PIF], [name, ofFlags(c, PIF, fl as number)]) : lookup(c, name as string).uid,
    ),
    m(`public int getPackageUid(java.lang.String, ${PIF})`, { since: 33 }, (c, _s, [name]) => lookup(c, name as string).uid),
    m('public android.content.pm.PackageInstaller getPackageInstaller()', (c) => c.vm.alloc(c.vm.bootClass('android.content.pm.PackageInstaller'))),
    ...resolveFamily('queryIntentActivities', 'activity'),
    ...resolveFamily('queryIntentServices', 'service'),
    ...resolveFamily('queryBroadcastReceivers', 'receiver'),
    ...resolveFamily('queryIntentContentProviders', 'provider'),
    m('public android.content.pm.ResolveInfo resolveActivity(android.content.Intent, int)', (c, self, [i, fl]) =>
      c.api >= 33 ? c.call(self!, 'resolveActivity', [I, RIF], [i, ofFlags(c, RIF, fl as number)]) : c.call(self!, 'resolveActivityAsUser', [I, 'int', 'int'], [i, fl, 0]),
    ),
    m(`public android.content.pm.ResolveInfo resolveActivity(android.content.Intent, ${RIF})`, { since: 33 }, (c, self, [i, fl]) => c.call(self!, 'resolveActivityAsUser', [I, RIF, 'int'], [i, fl, 0])),
    m('public android.content.pm.ResolveInfo resolveActivityAsUser(android.content.Intent, int, int)', (c, self, [i, fl, u]) =>
      c.api >= 33 ? c.call(self!, 'resolveActivityAsUser', [I, RIF, 'int'], [i, ofFlags(c, RIF, fl as number), u]) : resolveOne(c, i as JObject),
    ),
    m(`public android.content.pm.ResolveInfo resolveActivityAsUser(android.content.Intent, ${RIF}, int)`, { since: 33 }, (c, _s, [i]) => resolveOne(c, i as JObject)),
    m('public java.lang.String[] getPackagesForUid(int)', (c, _s, [uid]) => {
      const pkgs = visiblePackages(c).filter((p) => p.uid === uid);
      return pkgs.length === 0 ? null : c.vm.newArray('[Ljava.lang.String;', pkgs.map((p) => p.package));
    }),
    m('public java.lang.String getNameForUid(int)', (c, _s, [uid]) => {
      if (uid === 1000) return 'android.uid.system:1000';
      return visiblePackages(c).find((p) => p.uid === uid)?.package ?? null;
    }),
    m('public java.util.List getPackagesHoldingPermissions(java.lang.String[], int)', (c, self, [perms, fl]) =>
      c.api >= 33 ? c.call(self!, 'getPackagesHoldingPermissions', ['[Ljava.lang.String;', PIF], [perms, ofFlags(c, PIF, fl as number)]) : holding(c, perms ?? null, fl as number),
    ),
    m(`public java.util.List getPackagesHoldingPermissions(java.lang.String[], ${PIF})`, { since: 33 }, (c, _s, [perms, fl]) => holding(c, perms ?? null, flagsValue(c, fl))),
    m('public android.content.pm.ProviderInfo resolveContentProvider(java.lang.String, int)', (c, _s, [authority]) => {
      const hit = c.env.system.providerFor(authority as string);
      if (hit === null || !visiblePackages(c).some((p) => p.package === hit.package)) return null;
      const pi = c.newObject('android.content.pm.ProviderInfo');
      c.set(pi, 'authority', authority ?? null);
      c.set(pi, 'name', hit.decl.name);
      c.set(pi, 'packageName', hit.package);
      return pi;
    }),
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
    // ActivityInfo.java: theme (a style resource id, 0 = the application's), flags (FLAG_* bits,
    // excludeFromRecents sets FLAG_EXCLUDE_FROM_RECENTS = 0x0020), taskAffinity.
    f('public int theme'),
    f('public int flags'),
    f('public java.lang.String taskAffinity'),
    f('public static final int FLAG_EXCLUDE_FROM_RECENTS', { value: FLAG_EXCLUDE_FROM_RECENTS }),
    m('public <init>()', (c, self) => c.callSpecial(self!, 'android.content.pm.ComponentInfo', '<init>', [])),
  ]),
  cls('public class android.content.pm.ServiceInfo extends android.content.pm.ComponentInfo implements android.os.Parcelable', {}, [
    f('public java.lang.String permission'),
    m('public <init>()', (c, self) => c.callSpecial(self!, 'android.content.pm.ComponentInfo', '<init>', [])),
  ]),
  cls('public class android.content.pm.ProviderInfo extends android.content.pm.ComponentInfo implements android.os.Parcelable', {}, [
    f('public java.lang.String authority'),
    m('public <init>()', (c, self) => c.callSpecial(self!, 'android.content.pm.ComponentInfo', '<init>', [])),
  ]),
  cls('public class android.content.pm.ResolveInfo implements android.os.Parcelable', {}, [
    f('public android.content.pm.ActivityInfo activityInfo'),
    f('public android.content.pm.ProviderInfo providerInfo'),
    f('public android.content.pm.ServiceInfo serviceInfo'),
    m('public <init>()'),
    m('public java.lang.String toString()', (c, self) => {
      const info = (c.get(self!, 'activityInfo') ?? c.get(self!, 'serviceInfo') ?? c.get(self!, 'providerInfo')) as JObject | null;
      return info === null ? 'ResolveInfo{}' : `ResolveInfo{${self!.hash.toString(16)} ${String(c.get(info, 'packageName'))}/${String(c.get(info, 'name'))} m=0x108000}`;
    }),
  ]),
  cls('public final class android.content.pm.VersionedPackage implements android.os.Parcelable', { since: 26 }, [
    m('public <init>(java.lang.String, int)', (_c, self, [p, v]) => {
      self!.native = { name: p, version: BigInt(v as number) };
    }),
    m('public <init>(java.lang.String, long)', { since: 28 }, (_c, self, [p, v]) => {
      self!.native = { name: p, version: v as bigint };
    }),
    m('public java.lang.String getPackageName()', (_c, self) => (self!.native as { name: string }).name),
  ]),
  cls('public class android.content.pm.LauncherApps', {}, [
    m('public java.util.List getActivityList(java.lang.String, android.os.UserHandle)', (c, _s, [pkg]) =>
      newArrayList(
        c,
        visiblePackages(c)
          .filter((p) => p.launcher !== null && (pkg === null || p.package === pkg))
          .map((p) => {
            const info = c.vm.alloc(c.vm.bootClass('android.content.pm.LauncherActivityInfo'));
            info.native = p;
            return info;
          }),
      ),
    ),
  ]),
  cls('public class android.content.pm.LauncherActivityInfo', {}, [
    m('public android.content.pm.ApplicationInfo getApplicationInfo()', (c, self) => applicationInfo(c, self!.native as InstalledPackage)),
    m('public android.content.ComponentName getComponentName()', (c, self) => {
      const p = self!.native as InstalledPackage;
      return c.newObject('android.content.ComponentName', ['java.lang.String', 'java.lang.String'], [p.package, p.launcher]);
    }),
    m('public java.lang.CharSequence getLabel()', (_c, self) => (self!.native as InstalledPackage).label),
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
    // PackageInfo.toString(): "PackageInfo{" + identity hash in hex + " " + packageName + "}".
    m('public java.lang.String toString()', (c, self) => `PackageInfo{${self!.hash.toString(16)} ${String(c.get(self!, 'packageName'))}}`),
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

type ResolveKind = 'activity' | 'service' | 'receiver' | 'provider';

/** Components of visible packages that answer an intent (component, package, action, categories). */
function resolve(c: Call, intent: JObject, kind: ResolveKind): JObject[] {
  const st = intentState(intent, c.vm);
  const out: JObject[] = [];
  for (const p of visiblePackages(c)) {
    if (st.package !== null && p.package !== st.package) continue;
    const list = kind === 'activity' ? p.components.activities : kind === 'service' ? p.components.services : kind === 'receiver' ? p.components.receivers : [];
    for (const d of list) {
      if (st.component !== null) {
        if (st.component.package !== p.package || st.component.class !== d.name) continue;
      } else {
        if (st.action === null || !(d.actions ?? []).includes(st.action)) continue;
        // Categories: LAUNCHER marks the package's launcher activity; other categories are not declared.
        const isLauncher = kind === 'activity' && p.launcher === d.name;
        if (!st.categories.every((cat) => cat === 'android.intent.category.DEFAULT' || (cat === 'android.intent.category.LAUNCHER' && isLauncher))) continue;
      }
      const ri = c.newObject('android.content.pm.ResolveInfo');
      const infoClass = kind === 'service' ? 'android.content.pm.ServiceInfo' : 'android.content.pm.ActivityInfo';
      const info = c.newObject(infoClass);
      c.set(info, 'name', d.name);
      c.set(info, 'packageName', p.package);
      c.set(info, 'applicationInfo', applicationInfo(c, p));
      c.set(info, 'processName', d.process === undefined ? p.package : d.process.startsWith(':') ? p.package + d.process : d.process);
      c.set(ri, kind === 'service' ? 'serviceInfo' : 'activityInfo', info);
      out.push(ri);
    }
  }
  return out;
}

/** resolveActivity: the one match, the chooser (ResolverActivity in "android") for several, null for none. */
function resolveOne(c: Call, intent: JObject): JValue {
  const list = resolve(c, intent, 'activity');
  if (list.length <= 1) return list[0] ?? null;
  const ri = c.newObject('android.content.pm.ResolveInfo');
  const info = c.newObject('android.content.pm.ActivityInfo');
  c.set(info, 'name', 'com.android.internal.app.ResolverActivity');
  c.set(info, 'packageName', 'android');
  c.set(ri, 'activityInfo', info);
  return ri;
}

/** name(Intent,int) -> (API 33) name(Intent,Flags) -> nameAsUser(Intent,Flags,int); before 33 nameAsUser(Intent,int,int). */
function resolveFamily(name: string, kind: ResolveKind): ReturnType<typeof m>[] {
  const asUser = `${name}AsUser`;
  return [
    m(`public java.util.List ${name}(android.content.Intent, int)`, (c, self, [i, fl]) =>
      c.api >= 33 ? c.call(self!, name, [I, RIF], [i, ofFlags(c, RIF, fl as number)]) : c.call(self!, asUser, [I, 'int', 'int'], [i, fl, 0]),
    ),
    m(`public java.util.List ${name}(android.content.Intent, ${RIF})`, { since: 33 }, (c, self, [i, fl]) => c.call(self!, asUser, [I, RIF, 'int'], [i, fl, 0])),
    m(`public java.util.List ${asUser}(android.content.Intent, int, int)`, (c, self, [i, fl, u]) =>
      c.api >= 33 ? c.call(self!, asUser, [I, RIF, 'int'], [i, ofFlags(c, RIF, fl as number), u]) : newArrayList(c, resolve(c, i as JObject, kind)),
    ),
    m(`public java.util.List ${asUser}(android.content.Intent, ${RIF}, int)`, { since: 33 }, (c, _s, [i]) => newArrayList(c, resolve(c, i as JObject, kind))),
  ];
}

function holding(c: Call, perms: JValue, flags: number): JObject {
  const wanted = perms === null ? [] : (perms as unknown as { elems: JValue[] }).elems.map(String);
  return newArrayList(
    c,
    visiblePackages(c)
      .filter((p) => wanted.some((w) => p.permissions[w] === true))
      .map((p) => packageInfo(c, p, flags)),
  );
}

function versionedName(c: Call, vp: JValue): string {
  if (vp === null) c.throwNew('java.lang.NullPointerException', 'versionedPackage');
  return (vp as JObject).native.name as string;
}

function bytesCopy(a: JObject): number[] {
  return [...((a as unknown as { elems: number[] }).elems ?? [])];
}

registerSystemService('launcherapps', (c: Call): JObject => c.vm.alloc(c.vm.bootClass('android.content.pm.LauncherApps')));

interface JArrayLike {
  elems?: unknown[];
}

/**
 * queryIntentActivityOptions without specifics: the activities answering the intent. AOSP puts the
 * specifics' answers first and de-duplicates; that ordering is not modelled, so a call with
 * specifics fails loudly instead of answering differently from a phone.
 */
function activityOptions(c: Call, specifics: number, i: JObject): JObject {
  if (specifics > 0) throw new Error('emulator: queryIntentActivityOptions with specifics is not modelled (AOSP ComputerEngine.queryIntentActivityOptionsInternal orders them first)');
  return newArrayList(c, resolve(c, i, 'activity'));
}
