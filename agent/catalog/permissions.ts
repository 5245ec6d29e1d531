// Runtime permissions: requests (and their outcome), and checks. Requests made through androidx
// end in Activity.requestPermissions, and ContextCompat checks end in ContextImpl.checkPermission:
// every link is outermost-only, so the call the app made is the one reported.
import type { HookArea, HookSpec } from './types.js';

const CI = { aosp: 'frameworks/base/core/java/android/app/ContextImpl.java', publicApi: 'android.content.Context' };

const p = (spec: Omit<HookSpec, 'kind' | 'outermostOnly'>): HookSpec => ({
  kind: 'permission',
  outermostOnly: spec.extract === 'perm-request' ? 'permission-request' : spec.extract === 'perm-check' ? 'permission-check' : true,
  ...spec,
});

export const permissions: HookArea = {
  area: 'permissions',
  hooks: [
    p({ id: 'perm.activity.requestPermissions', class: 'android.app.Activity', method: 'requestPermissions', overloads: 'all', minApi: 23, extract: 'perm-request' }),
    p({ id: 'perm.fragment.requestPermissions', class: 'android.app.Fragment', method: 'requestPermissions', overloads: 'all', minApi: 23, extract: 'perm-request', note: 'framework Fragment (deprecated in API 28)' }),
    p({
      id: 'perm.activityCompat.requestPermissions',
      class: 'androidx.core.app.ActivityCompat',
      method: 'requestPermissions',
      overloads: 'all',
      loader: 'app',
      declared: [{ params: ['android.app.Activity', '[Ljava.lang.String;', 'int'] }],
      extract: 'perm-request',
    }),
    p({
      id: 'perm.androidxFragment.requestPermissions',
      class: 'androidx.fragment.app.Fragment',
      method: 'requestPermissions',
      overloads: 'all',
      loader: 'app',
      declared: [{ params: ['[Ljava.lang.String;', 'int'] }],
      extract: 'perm-request',
    }),
    p({
      id: 'perm.dispatchRequestPermissionsResult',
      class: 'android.app.Activity',
      method: 'dispatchRequestPermissionsResult',
      overloads: 'all',
      minApi: 23,
      hidden: { aosp: 'frameworks/base/core/java/android/app/Activity.java' },
      declared: [{ params: ['int', 'android.content.Intent'], minApi: 23 }],
      extract: 'perm-result',
      note: "the user's answer, before the app's onRequestPermissionsResult (which apps override)",
    }),
    p({
      id: 'perm.shouldShowRequestPermissionRationale',
      class: 'android.app.Activity',
      method: 'shouldShowRequestPermissionRationale',
      overloads: 'all',
      minApi: 23,
      extract: 'perm-check',
      note: 'true after an earlier denial: a sign of asking again',
    }),
    p({ id: 'perm.contextImpl.checkSelfPermission', class: 'android.app.ContextImpl', method: 'checkSelfPermission', overloads: 'all', minApi: 23, hidden: CI, extract: 'perm-check' }),
    p({
      id: 'perm.contextImpl.checkPermission',
      class: 'android.app.ContextImpl',
      method: 'checkPermission',
      overloads: 'all',
      hidden: CI,
      declared: [{ params: ['java.lang.String', 'int', 'int', 'android.os.IBinder'] }],
      extract: 'perm-check',
      note: 'ContextCompat/PermissionChecker end here; only checks of our own pid are reported',
    }),
    p({
      id: 'perm.contextCompat.checkSelfPermission',
      class: 'androidx.core.content.ContextCompat',
      method: 'checkSelfPermission',
      overloads: 'all',
      loader: 'app',
      declared: [{ params: ['android.content.Context', 'java.lang.String'] }],
      extract: 'perm-check',
    }),
    p({
      id: 'perm.permissionChecker.checkSelfPermission',
      class: 'androidx.core.content.PermissionChecker',
      method: 'checkSelfPermission',
      overloads: 'all',
      loader: 'app',
      declared: [{ params: ['android.content.Context', 'java.lang.String'] }],
      extract: 'perm-check',
    }),
  ],
};
