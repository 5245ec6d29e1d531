// Installed applications. PackageManager is abstract; the app talks to ApplicationPackageManager.
// On API 33+ the public int-flag methods chain into the PackageInfoFlags overloads and then into
// the *AsUser funnels, so every link is hooked and only the outermost call is reported.
import type { HookArea } from './types.js';

const APM = 'android.app.ApplicationPackageManager';
const aosp = { aosp: 'core/java/android/app/ApplicationPackageManager.java' };

export const packages: HookArea = {
  area: 'packages',
  hooks: [
    { id: 'pm.getInstalledPackages', class: APM, method: 'getInstalledPackages', overloads: 'all', kind: 'pi', dataType: 'installed_apps', hidden: aosp, outermostOnly: true, extract: 'package-list' },
    { id: 'pm.getInstalledPackagesAsUser', class: APM, method: 'getInstalledPackagesAsUser', overloads: 'all', kind: 'pi', dataType: 'installed_apps', hidden: aosp, outermostOnly: true, extract: 'package-list' },
    { id: 'pm.getInstalledApplications', class: APM, method: 'getInstalledApplications', overloads: 'all', kind: 'pi', dataType: 'installed_apps', hidden: aosp, outermostOnly: true, extract: 'package-list' },
    { id: 'pm.getInstalledApplicationsAsUser', class: APM, method: 'getInstalledApplicationsAsUser', overloads: 'all', kind: 'pi', dataType: 'installed_apps', hidden: aosp, outermostOnly: true, extract: 'package-list' },
  ],
};
