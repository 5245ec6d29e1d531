// SDK privacy-grant entry points: what vendors' compliance guides tell apps to call once the user
// has agreed to the privacy policy (the SDK is meant to collect nothing before). Each SDK keeps
// the answer; nothing else happens on the call (no I/O, no thread), so that is all modelled here.
// Signatures per the vendors' integration guides:
//  umeng.common   com.umeng.commonsdk.UMConfigure.submitPolicyGrantResult(Context, boolean) (and preInit, init)
//  mob            com.mob.MobSDK.submitPolicyGrantResult(boolean[, OperationCallback])
//  jiguang.core   cn.jiguang.api.utils.JCollectionAuth.setAuth(Context, boolean)
//  gdt            com.qq.e.comm.managers.setting.GlobalSetting.setAgreePrivacyStrategy(boolean)
//  amap.maps      com.amap.api.maps.MapsInitializer.updatePrivacyAgree(Context, boolean)
//  amap.location  com.amap.api.location.AMapLocationClient.updatePrivacyAgree(Context, boolean)
//  baidu.map      com.baidu.mapapi.SDKInitializer.setAgreePrivacy(Context, boolean)
//  baidu.location com.baidu.location.LocationClient.setAgreePrivacy(boolean)
// MobTech's callback is not called here: its guide does not say on which thread or when.
import { m, type Call, type ClassSpec, type JValue } from '../java/model.js';
import { lib } from './http.js';

/** The SDK remembers the app's answer (readable by scenarios' later calls through the same class). */
function remember(c: Call, sdk: string, granted: JValue): void {
  c.env.singletons.set(`consent.${sdk}`, granted === true);
}

const grant = (sdk: string, header: string, method: string, file: string): ClassSpec =>
  lib(header, file, [m(method, (c, _s, args) => remember(c, sdk, args.findLast((a) => typeof a === 'boolean') ?? false))]);

export const consentSdks: Readonly<Record<string, () => ClassSpec[]>> = {
  // preInit (allowed before consent: stores the app key, collects nothing) and init are what the
  // compliance guide tells apps to call around the grant; modelled as calls that do nothing here.
  'umeng.common': () => [
    lib('public class com.umeng.commonsdk.UMConfigure', 'UMConfigure.java', [
      m('public static void preInit(android.content.Context, java.lang.String, java.lang.String)'),
      m('public static void init(android.content.Context, java.lang.String, java.lang.String, int, java.lang.String)'),
      m('public static void submitPolicyGrantResult(android.content.Context, boolean)', (c, _s, args) => remember(c, 'umeng', args[1] ?? false)),
    ]),
  ],
  mob: () => [
    lib('public class com.mob.MobSDK', 'MobSDK.java', [
      m('public static void submitPolicyGrantResult(boolean)', (c, _s, [g]) => remember(c, 'mob', g ?? false)),
      m('public static void submitPolicyGrantResult(boolean, com.mob.OperationCallback)', (c, _s, [g]) => remember(c, 'mob', g ?? false)),
    ]),
    lib('public abstract class com.mob.OperationCallback', 'OperationCallback.java', [m('public <init>()'), m('public void onComplete(java.lang.Object)'), m('public void onFailure(java.lang.Throwable)')]),
  ],
  'jiguang.core': () => [grant('jiguang', 'public class cn.jiguang.api.utils.JCollectionAuth', 'public static void setAuth(android.content.Context, boolean)', 'JCollectionAuth.java')],
  gdt: () => [grant('gdt', 'public class com.qq.e.comm.managers.setting.GlobalSetting', 'public static void setAgreePrivacyStrategy(boolean)', 'GlobalSetting.java')],
  'amap.maps': () => [grant('amapMaps', 'public class com.amap.api.maps.MapsInitializer', 'public static void updatePrivacyAgree(android.content.Context, boolean)', 'MapsInitializer.java')],
  'amap.location': () => [grant('amapLocation', 'public class com.amap.api.location.AMapLocationClient', 'public static void updatePrivacyAgree(android.content.Context, boolean)', 'AMapLocationClient.java')],
  'baidu.map': () => [grant('baiduMap', 'public class com.baidu.mapapi.SDKInitializer', 'public static void setAgreePrivacy(android.content.Context, boolean)', 'SDKInitializer.java')],
  'baidu.location': () => [grant('baiduLocation', 'public final class com.baidu.location.LocationClient', 'public static void setAgreePrivacy(boolean)', 'LocationClient.java')],
};
