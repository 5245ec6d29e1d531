// SDK privacy-grant APIs: vendors' compliance guides tell apps to call these once the user has
// agreed to the privacy policy, and SDKs are meant to collect nothing before. They ship inside
// apps (app loader; missing in apps that do not embed the SDK). Recorded as evidence of what the
// app told each SDK and when; a run may also be configured to take one as the consent moment.
import type { HookArea, HookSpec, JavaTypeName } from './types.js';

const CTX = 'android.content.Context';

const grant = (id: string, cls: string, method: string, declared: (readonly JavaTypeName[])[], note: string): HookSpec => ({
  id: `consent.${id}`,
  class: cls,
  method,
  overloads: 'all',
  kind: 'lifecycle',
  loader: 'app',
  declared: declared.map((params) => ({ params })),
  extract: 'consent-api',
  ret: false,
  note,
});

export const consent: HookArea = {
  area: 'consent',
  hooks: [
    grant('umeng', 'com.umeng.commonsdk.UMConfigure', 'submitPolicyGrantResult', [[CTX, 'boolean']], 'Umeng: submitPolicyGrantResult(Context, boolean)'),
    grant('mob', 'com.mob.MobSDK', 'submitPolicyGrantResult', [['boolean'], ['boolean', 'com.mob.OperationCallback']], 'MobTech/ShareSDK: submitPolicyGrantResult(boolean[, callback])'),
    grant('jiguang', 'cn.jiguang.api.utils.JCollectionAuth', 'setAuth', [[CTX, 'boolean']], 'JPush/JCore: JCollectionAuth.setAuth(Context, boolean)'),
    grant('gdt', 'com.qq.e.comm.managers.setting.GlobalSetting', 'setAgreePrivacyStrategy', [['boolean']], 'Tencent GDT ads: GlobalSetting.setAgreePrivacyStrategy(boolean)'),
    grant('amapMaps', 'com.amap.api.maps.MapsInitializer', 'updatePrivacyAgree', [[CTX, 'boolean']], 'AMap map: MapsInitializer.updatePrivacyAgree(Context, boolean)'),
    grant('amapLocation', 'com.amap.api.location.AMapLocationClient', 'updatePrivacyAgree', [[CTX, 'boolean']], 'AMap location: AMapLocationClient.updatePrivacyAgree(Context, boolean)'),
    grant('baiduMap', 'com.baidu.mapapi.SDKInitializer', 'setAgreePrivacy', [[CTX, 'boolean']], 'Baidu map: SDKInitializer.setAgreePrivacy(Context, boolean)'),
    grant('baiduLocation', 'com.baidu.location.LocationClient', 'setAgreePrivacy', [['boolean']], 'Baidu location: LocationClient.setAgreePrivacy(boolean)'),
  ],
};
