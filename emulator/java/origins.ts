// Where each dex lives on the device, by Android version: the `origin` of a backtrace frame
// (mirror::Class::GetLocation). The runtime moved from /system/framework into APEX modules in
// Android 10 (com.android.runtime) and 12 (com.android.art); conscrypt became an APEX in 10.
import type { OriginFamily } from './model.js';

export function originPath(family: OriginFamily, api: number, apkPath: string): string {
  switch (family) {
    case 'framework':
      return '/system/framework/framework.jar';
    case 'core-oj':
      return api >= 31 ? '/apex/com.android.art/javalib/core-oj.jar' : api >= 29 ? '/apex/com.android.runtime/javalib/core-oj.jar' : '/system/framework/core-oj.jar';
    case 'core-libart':
      return api >= 31 ? '/apex/com.android.art/javalib/core-libart.jar' : api >= 29 ? '/apex/com.android.runtime/javalib/core-libart.jar' : '/system/framework/core-libart.jar';
    case 'okhttp':
      return api >= 31 ? '/apex/com.android.art/javalib/okhttp.jar' : api >= 29 ? '/apex/com.android.runtime/javalib/okhttp.jar' : '/system/framework/okhttp.jar';
    case 'conscrypt':
      return api >= 29 ? '/apex/com.android.conscrypt/javalib/conscrypt.jar' : '/system/framework/conscrypt.jar';
    case 'apache-legacy':
      // The legacy Apache HTTP client: on the boot class path until Android 8.1, a shared library since 9.
      return api >= 28 ? '/system/framework/org.apache.http.legacy.jar' : '/system/framework/org.apache.http.legacy.boot.jar';
    case 'app':
      return apkPath;
  }
}
