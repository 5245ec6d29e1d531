// Libraries compiled into apps (not the framework): they exist only in an app whose scenario lists
// them in app.libraries, in the app's own dex (PathClassLoader), as on a phone. Their classes and
// methods follow the libraries' public APIs; behaviour is modelled to the depth the tracer sees:
// which framework calls they make (sockets, TLS, HttpURLConnection, JobScheduler, permission
// requests) and on which threads. Facts, not code, come from the libraries' documentation.
//
//  okhttp3 / okhttp4   OkHttp 3.x (okhttp3.RealCall) / 4.x (okhttp3.internal.connection.RealCall)
//  volley              Volley's RequestQueue over HttpURLConnection (HurlStack)
//  androidx.core       ActivityCompat, ContextCompat, PermissionChecker
//  androidx.fragment   androidx Fragment and FragmentActivity
//  androidx.work       WorkManager over JobScheduler (SystemJobService, merged into the manifest)
//  gms.ads.identifier  Google advertising ID client (needs Google Play services installed)
//  hms.ads.identifier  Huawei OAID client (needs HMS Core, com.huawei.hwid)
//  honor.ads.identifier Honor OAID client (needs Honor's ID service, com.hihonor.id)
//  msa.oaid            MSA (CAICT) OAID SDK: MdidSdkHelper.InitSdk
//  oaid.aidl           OEM ID-service binder interfaces and their Stub$Proxy (vendorids.ts)
//  oaid.repeackage     the same, renamed with the repeackage. prefix (MSA SDK copies)
//  gms.location        Google fused location client (play-services-location <= 20, a class)
//  umeng.common, mob, jiguang.core, gdt, amap.maps, amap.location, baidu.map, baidu.location
//                      the SDKs' privacy-grant entry points (consent.ts)
import type { ComponentDecl } from '../android/env.js';
import type { ClassSpec } from '../java/model.js';
import { androidx } from './androidx.js';
import { adIds } from './adids.js';
import { consentSdks } from './consent.js';
import { http } from './http.js';
import { gmsLocation } from './location.js';
import { vendorIds } from './vendorids.js';

export const LIBRARIES: Readonly<Record<string, () => readonly ClassSpec[]>> = {
  okhttp3: () => http.okhttp(3),
  okhttp4: () => http.okhttp(4),
  volley: () => http.volley(),
  'androidx.core': () => androidx.core(),
  'androidx.fragment': () => androidx.fragment(),
  'androidx.work': () => androidx.work(),
  'gms.ads.identifier': () => adIds.gms(),
  'hms.ads.identifier': () => adIds.hms(),
  'honor.ads.identifier': () => adIds.honor(),
  'msa.oaid': () => adIds.msa(),
  'oaid.aidl': () => vendorIds.aidl(),
  'oaid.repeackage': () => vendorIds.repeackage(),
  'gms.location': () => gmsLocation(),
  ...consentSdks,
};

/** Libraries that cannot be in one app together (the same class names). */
export const EXCLUSIVE: readonly (readonly string[])[] = [['okhttp3', 'okhttp4']];

/** Libraries a library needs (its own dependencies). */
export const REQUIRES: Readonly<Record<string, readonly string[]>> = {
  'androidx.fragment': ['androidx.core'],
};

/** Components a library's manifest merges into the app's. */
export function libraryComponents(libs: readonly string[]): { services: ComponentDecl[] } {
  const services: ComponentDecl[] = [];
  if (libs.includes('androidx.work')) {
    services.push({ name: 'androidx.work.impl.background.systemjob.SystemJobService', exported: true, permission: 'android.permission.BIND_JOB_SERVICE' });
  }
  return { services };
}

/** Every class the listed libraries put into the app's dex. */
export function librarySpecs(libs: readonly string[]): Map<string, ClassSpec> {
  const out = new Map<string, ClassSpec>();
  const all = new Set<string>();
  const add = (l: string) => {
    if (all.has(l)) return;
    all.add(l);
    for (const r of REQUIRES[l] ?? []) add(r);
  };
  for (const l of libs) add(l);
  for (const l of all) for (const c of LIBRARIES[l]!()) out.set(c.name, c);
  return out;
}
