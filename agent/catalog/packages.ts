// Installed and running applications. PackageManager is abstract; the app talks to the hidden
// ApplicationPackageManager. On API 33+ the public int-flag methods chain into the *Flags overloads
// and then into the *AsUser funnels, so every link is hooked and only the outermost call reports.
import type { HookArea, HookSpec, Signature } from './types.js';

const APM = 'android.app.ApplicationPackageManager';
const PM = 'android.content.pm.PackageManager';
const hidden = { aosp: 'frameworks/base/core/java/android/app/ApplicationPackageManager.java', publicApi: PM };
const hiddenOnly = { aosp: 'frameworks/base/core/java/android/app/ApplicationPackageManager.java' };

const I = 'android.content.Intent';
const PIF = 'android.content.pm.PackageManager$PackageInfoFlags';
const AIF = 'android.content.pm.PackageManager$ApplicationInfoFlags';
const RIF = 'android.content.pm.PackageManager$ResolveInfoFlags';
const S = 'java.lang.String';

const pm = (method: string, extract: string, dataType: HookSpec['dataType'], extra: Partial<HookSpec> = {}): HookSpec => ({
  id: `pm.${method}`,
  class: APM,
  method,
  overloads: 'all',
  kind: 'pi',
  dataType,
  hidden,
  outermostOnly: true,
  extract,
  ...extra,
});

/** The hidden per-user funnel of a public method: (public params..., int userId), plus the API 33 flags form. */
const asUser = (method: string, extract: string, dataType: HookSpec['dataType'], declared: Signature[], note?: string): HookSpec => ({
  id: `pm.${method}`,
  class: APM,
  method,
  overloads: 'all',
  kind: 'pi',
  dataType,
  hidden: hiddenOnly,
  declared,
  outermostOnly: true,
  extract,
  ...(note === undefined ? {} : { note }),
});

export const packages: HookArea = {
  area: 'packages',
  hooks: [
    pm('getInstalledPackages', 'package-list', 'installed_apps'),
    asUser('getInstalledPackagesAsUser', 'package-list', 'installed_apps', [{ params: ['int', 'int'] }, { params: [PIF, 'int'], minApi: 33 }]),
    pm('getInstalledApplications', 'package-list', 'installed_apps'),
    asUser('getInstalledApplicationsAsUser', 'package-list', 'installed_apps', [{ params: ['int', 'int'] }, { params: [AIF, 'int'], minApi: 33 }]),
    pm('getPackageInfo', 'package-query', 'installed_apps', { note: "queries of another app's package reveal whether it is installed; the app's own package is not reported" }),
    asUser('getPackageInfoAsUser', 'package-query', 'installed_apps', [{ params: [S, 'int', 'int'] }, { params: [S, PIF, 'int'], minApi: 33 }]),
    pm('getApplicationInfo', 'package-query', 'installed_apps'),
    asUser('getApplicationInfoAsUser', 'package-query', 'installed_apps', [{ params: [S, 'int', 'int'], minApi: 24 }, { params: [S, AIF, 'int'], minApi: 33 }]),
    pm('getLaunchIntentForPackage', 'package-query', 'installed_apps'),
    pm('queryIntentActivities', 'resolve-list', 'installed_apps', { note: 'implicit-intent queries (e.g. ACTION_MAIN/LAUNCHER) enumerate installed apps' }),
    asUser('queryIntentActivitiesAsUser', 'resolve-list', 'installed_apps', [{ params: [I, 'int', 'int'] }, { params: [I, RIF, 'int'], minApi: 33 }]),
    pm('queryIntentServices', 'resolve-list', 'installed_apps'),
    asUser('queryIntentServicesAsUser', 'resolve-list', 'installed_apps', [{ params: [I, 'int', 'int'] }, { params: [I, RIF, 'int'], minApi: 33 }]),
    pm('queryBroadcastReceivers', 'resolve-list', 'installed_apps'),
    asUser('queryBroadcastReceiversAsUser', 'resolve-list', 'installed_apps', [{ params: [I, 'int', 'int'] }, { params: [I, RIF, 'int'], minApi: 33 }]),
    pm('queryIntentContentProviders', 'resolve-list', 'installed_apps'),
    asUser('queryIntentContentProvidersAsUser', 'resolve-list', 'installed_apps', [{ params: [I, 'int', 'int'] }, { params: [I, RIF, 'int'], minApi: 33 }]),
    pm('resolveActivity', 'resolve-one', 'installed_apps'),
    asUser('resolveActivityAsUser', 'resolve-one', 'installed_apps', [{ params: [I, 'int', 'int'] }, { params: [I, RIF, 'int'], minApi: 33 }]),
    pm('getPackagesForUid', 'string-list', 'installed_apps'),
    pm('getNameForUid', 'identifier-value', 'installed_apps'),
    pm('getPackagesHoldingPermissions', 'package-list', 'installed_apps'),
    pm('queryIntentActivityOptions', 'resolve-list', 'installed_apps', { note: 'API 33+: the int form forwards to the ResolveInfoFlags form (both hooked, outermost reports)' }),
    pm('getInstallerPackageName', 'package-query', 'installed_apps', { note: "which store installed a package also says whether it is installed (throws for unknown packages)" }),
    pm('getInstallSourceInfo', 'package-query', 'installed_apps', { minApi: 30 }),
    pm('getPackageUid', 'package-query', 'installed_apps', { minApi: 24, note: 'a uid, or NameNotFoundException: an installed-app probe' }),
    { id: 'imm.getInputMethodList', class: 'android.view.inputmethod.InputMethodManager', method: 'getInputMethodList', overloads: 'all', kind: 'pi', dataType: 'installed_apps', extract: 'list-count', note: 'installed keyboards (their packages)' },
    { id: 'imm.getEnabledInputMethodList', class: 'android.view.inputmethod.InputMethodManager', method: 'getEnabledInputMethodList', overloads: 'all', kind: 'pi', dataType: 'installed_apps', extract: 'list-count' },
    { id: 'a11y.getInstalledAccessibilityServiceList', class: 'android.view.accessibility.AccessibilityManager', method: 'getInstalledAccessibilityServiceList', overloads: 'all', kind: 'pi', dataType: 'installed_apps', extract: 'list-count', note: 'installed accessibility services (their packages)' },
    { id: 'packageInstaller.getAllSessions', class: 'android.content.pm.PackageInstaller', method: 'getAllSessions', overloads: 'all', kind: 'pi', dataType: 'installed_apps', extract: 'list-count', note: "install sessions of every app (packages being installed or updated)" },
    { id: 'launcherApps.getActivityList', class: 'android.content.pm.LauncherApps', method: 'getActivityList', overloads: 'all', kind: 'pi', dataType: 'installed_apps', extract: 'list-count' },
    { id: 'am.getRunningAppProcesses', class: 'android.app.ActivityManager', method: 'getRunningAppProcesses', overloads: 'all', kind: 'pi', dataType: 'running_apps', extract: 'process-list', note: 'only the caller\'s own processes since Android 5.1, the call still shows intent' },
    { id: 'am.getRunningTasks', class: 'android.app.ActivityManager', method: 'getRunningTasks', overloads: 'all', kind: 'pi', dataType: 'running_apps', extract: 'list-count' },
    { id: 'am.getRunningServices', class: 'android.app.ActivityManager', method: 'getRunningServices', overloads: 'all', kind: 'pi', dataType: 'running_apps', extract: 'list-count' },
    { id: 'am.getRecentTasks', class: 'android.app.ActivityManager', method: 'getRecentTasks', overloads: 'all', kind: 'pi', dataType: 'running_apps', extract: 'list-count' },
  ],
};
