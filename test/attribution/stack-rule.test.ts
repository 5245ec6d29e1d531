// The Java stack rule on stacks shaped like real SDK traces.
import { describe, expect, test } from 'vitest';
import { Attributor, loadCatalog } from '../../attribution/index.js';
import { attributor, stack } from './helpers.js';

const a = attributor();
const ids = (chain: { id: string }[]) => chain.map((c) => c.id);

describe('API frame and caller', () => {
  test('skips binder proxies and API overloads above the outermost API frame', () => {
    const r = a.stack(stack(
      'android.os.BinderProxy.transact',
      'com.android.internal.telephony.ITelephony$Stub$Proxy.getDeviceIdWithFeature',
      'android.telephony.TelephonyManager.getImei',
      'android.telephony.TelephonyManager.getDeviceId',
      'android.telephony.TelephonyManager.getDeviceId',
      'com.umeng.commonsdk.statistics.common.DeviceConfig.getImei',
      'com.umeng.commonsdk.statistics.common.DeviceConfig.getDeviceId',
      'com.umeng.analytics.pro.l.a',
      'com.umeng.analytics.MobclickAgent.onResume',
      'com.example.shop.MainActivity.onResume',
      'android.app.Activity.performResume',
      'android.app.ActivityThread.main',
    ));
    expect(r.sdk?.id).toBe('umeng-common');
    expect(r.party).toBe('third-party');
    expect(r.apiIndex).toBe(4);
    expect(r.apiInferred).toBe(false);
    expect(r.frameIndex).toBe(5);
    expect(r.frame).toBe('com.umeng.commonsdk.statistics.common.DeviceConfig.getImei');
    expect(r.matched).toBe('com.umeng.commonsdk');
    expect(ids(r.chain)).toEqual(['umeng-analytics']);
    expect(r.calledByApp).toBe(true);
    expect(r.reason).toContain('Umeng Common');
    expect(r.reason).toContain('called by Umeng Analytics (U-App), then by the app');
  });

  test('walks through reflection (Method.invoke) between the API and the SDK', () => {
    const r = a.stack(stack(
      'android.net.wifi.WifiInfo.getMacAddress',
      'java.lang.reflect.Method.invoke',
      'com.igexin.push.core.e.c.a',
      'com.igexin.push.core.e.c.run',
      'java.util.concurrent.ThreadPoolExecutor.runWorker',
      'java.util.concurrent.ThreadPoolExecutor$Worker.run',
      'java.lang.Thread.run',
    ));
    expect(r.sdk?.id).toBe('getui-push');
    expect(r.frameIndex).toBe(2);
  });

  test('drops Xposed/LSPosed layers, including a hook module\'s callback sandwiched between them', () => {
    const r = a.stack(stack(
      'android.telephony.TelephonyManager.getDeviceId',
      'java.lang.reflect.Method.invoke',
      'de.robv.android.xposed.XposedBridge.invokeOriginalMethod',
      'com.example.module.HideImei$1.beforeHookedMethod',
      'de.robv.android.xposed.XposedBridge.handleHookedMethod',
      'LSPHooker_.getDeviceId',
      'com.qq.e.comm.managers.status.DeviceStatus.getDeviceId',
      'com.example.shop.SplashActivity.loadAd',
    ));
    expect(r.sdk?.id).toBe('tencent-gdt');
    expect(r.frame).toBe('com.qq.e.comm.managers.status.DeviceStatus.getDeviceId');
  });

  test('drops VirtualApp method proxies and java.lang.reflect.Proxy classes', () => {
    const r = a.stack(stack(
      'android.telephony.TelephonyManager.getSubscriberId',
      'com.lody.virtual.client.hook.base.MethodInvocationStub$HookInvocationHandler.invoke',
      '$Proxy12.getSubscriberId',
      'com.tendcloud.tenddata.cf.b',
      'com.tendcloud.tenddata.TCAgent.init',
      'com.example.shop.App.onCreate',
    ));
    expect(r.sdk?.id).toBe('talkingdata');
  });

  test('a hooked API further out, beyond app code, is a separate call: the in-process provider read it', () => {
    const r = a.stack(stack(
      'android.provider.Settings$Secure.getString',
      'com.example.shop.data.DeviceProvider.query',
      'android.content.ContentProvider$Transport.query',
      'android.content.ContentResolver.query',
      'com.umeng.commonsdk.internal.utils.a.b',
      'com.example.shop.App.onCreate',
    ));
    expect(r.party).toBe('first-party');
    expect(r.apiIndex).toBe(0);
    expect(r.frame).toBe('com.example.shop.data.DeviceProvider.query');
    expect(ids(r.chain)).toEqual(['umeng-common']);
  });

  test('a hooked method shipped in SDK code is the caller when it is not frame 0 (MSA InitSdk)', () => {
    const r = a.stack(stack('android.provider.Settings$Secure.getString', 'com.bun.miitmdid.core.MdidSdkHelper.InitSdk', 'com.example.shop.App.onCreate'));
    expect(r.sdk?.id).toBe('msa-oaid');
    expect(r.apiIndex).toBe(0);
    const own = a.stack(stack('com.bun.miitmdid.core.MdidSdkHelper.InitSdk', 'com.example.shop.App.initOaid'));
    expect(own.party).toBe('first-party');
    expect(own.apiIndex).toBe(0);
  });

  test('without an API list the API is inferred from the platform boundary, skipping reflection', () => {
    const r = new Attributor(loadCatalog(), { appPackage: 'com.example.shop' }).stack(stack(
      'android.telephony.TelephonyManager.getDeviceId',
      'java.lang.reflect.Method.invoke',
      'com.sensorsdata.analytics.android.sdk.util.SensorsDataUtils.getIMEI',
      'com.example.shop.App.onCreate',
    ));
    expect(r.apiIndex).toBe(0);
    expect(r.apiInferred).toBe(true);
    expect(r.sdk?.id).toBe('sensors-analytics');
    expect(r.reason).toContain('after the platform call android.telephony.TelephonyManager.getDeviceId');
  });
});

describe('longest prefix on segment boundaries, never a substring', () => {
  test('com.umengx is not com.umeng', () => {
    const r = a.stack(stack('android.telephony.TelephonyManager.getDeviceId', 'com.umengx.analytics.Tracker.collect', 'com.example.shop.App.onCreate'));
    expect(r.sdk).toBeNull();
    expect(r.party).toBe('third-party');
    expect(r.prefix).toBe('com.umengx.analytics');
  });

  test('an app class whose name merely contains an SDK name stays first party', () => {
    // A whole-string substring scan (camille, AppScan) would call this Umeng and Bugly.
    const r = a.stack(stack('android.telephony.TelephonyManager.getDeviceId', 'com.example.shop.umeng.BuglyCompat.read', 'com.example.shop.App.onCreate'));
    expect(r.party).toBe('first-party');
    expect(r.sdk).toBeNull();
  });

  test('the longest catalog prefix wins inside a vendor (com.umeng.analytics vs com.umeng.commonsdk)', () => {
    expect(a.stack(stack('android.location.LocationManager.getLastKnownLocation', 'com.umeng.analytics.pro.g.a')).sdk?.id).toBe('umeng-analytics');
    expect(a.stack(stack('android.location.LocationManager.getLastKnownLocation', 'com.amap.api.location.AMapLocationClient.startLocation')).sdk?.id).toBe('amap-location');
    expect(a.stack(stack('android.location.LocationManager.getLastKnownLocation', 'com.amap.api.maps.MapView.onCreate')).sdk?.id).toBe('amap-map');
    expect(a.stack(stack('android.location.LocationManager.getLastKnownLocation', 'com.amap.api.trace.LBSTraceClient.queryProcessedTrace')).sdk?.id).toBe('amap');
  });

  test('an SDK package inside the app\'s own package still wins when it is longer (WeChat SDK in WeChat)', () => {
    const wechat = attributor('com.tencent.mm');
    expect(wechat.stack(stack('android.telephony.TelephonyManager.getDeviceId', 'com.tencent.mm.opensdk.utils.a.b')).sdk?.id).toBe('wechat-opensdk');
    expect(wechat.stack(stack('android.telephony.TelephonyManager.getDeviceId', 'com.tencent.mm.ui.LauncherUI.onCreate')).party).toBe('first-party');
  });

  test('an app under a platform root (com.android.*) is still first party', () => {
    const r = attributor('com.android.settings').stack(stack('android.telephony.TelephonyManager.getDeviceId', 'com.android.settings.deviceinfo.ImeiInfo.update'));
    expect(r.party).toBe('first-party');
  });

  test('nested $ classes and component classes match their prefix', () => {
    const r = a.stack(stack('android.telephony.TelephonyManager.getDeviceId', 'com.igexin.sdk.PushService$1.run'));
    expect(r.sdk?.id).toBe('getui-push');
  });
});

describe('call chains', () => {
  test('HMS AAID, called by MixPush, called by the app', () => {
    const r = a.stack(stack(
      'android.provider.Settings$Secure.getString',
      'com.huawei.hms.opendevice.o.a',
      'com.huawei.hms.aaid.HmsInstanceId.getId',
      'com.mixpush.huawei.HuaweiPushProvider.register',
      'com.mixpush.core.MixPushClient.register',
      'com.example.shop.App.onCreate',
    ));
    expect(r.sdk?.id).toBe('hms-aaid');
    expect(ids(r.chain)).toEqual(['mixpush']);
    expect(r.calledByApp).toBe(true);
    expect(r.reason).toMatch(/HMS Core AAID.*called by MixPush, then by the app/);
  });

  test('a push SDK through the ACCS channel and Alibaba\'s network transport', () => {
    const r = a.stack(stack(
      'java.net.Socket.connect',
      'anet.channel.session.TnetSpdySession.connect',
      'anet.channel.Session.connect',
      'com.taobao.accs.net.SmartHeartbeatImpl.a',
      'com.taobao.accs.client.AccsConfig.init',
      'com.umeng.message.PushAgent.register',
      'com.umeng.commonsdk.UMConfigure.init',
      'com.example.shop.App.onCreate',
    ));
    expect(r.sdk?.id).toBe('alibaba-accs');
    expect(ids(r.chain)).toEqual(['umeng-push', 'umeng-common']);
    expect(r.reason).toContain('past Alibaba Network SDK');
  });

  test('the same SDK appearing again further out is not repeated in the chain', () => {
    const r = a.stack(stack('android.telephony.TelephonyManager.getDeviceId', 'cn.jpush.android.a.b', 'cn.jiguang.api.JCoreInterface.x', 'cn.jpush.android.api.JPushInterface.init', 'com.example.shop.App.onCreate'));
    expect(r.sdk?.id).toBe('jpush');
    expect(ids(r.chain)).toEqual(['jiguang-jcore']);
  });
});

describe('transparent libraries and bridges', () => {
  test('OkHttp, Retrofit, RxJava and coroutine frames are walked through', () => {
    const r = a.stack(stack(
      'java.net.Socket.connect',
      'okhttp3.internal.connection.RealConnection.connectSocket',
      'okhttp3.internal.http.RetryAndFollowUpInterceptor.intercept',
      'okhttp3.RealCall.execute',
      'retrofit2.OkHttpCall.execute',
      'io.reactivex.internal.operators.observable.ObservableCreate.subscribeActual',
      'kotlinx.coroutines.DispatchedTask.run',
      'com.sensorsdata.analytics.android.sdk.AnalyticsMessages.sendData',
      'java.lang.Thread.run',
    ));
    expect(r.sdk?.id).toBe('sensors-analytics');
    expect(r.apiIndex).toBe(0);
  });

  test('Flutter: the plugin decides, the bridge is reported', () => {
    const r = a.stack(stack(
      'android.telephony.TelephonyManager.getDeviceId',
      'dev.fluttercommunity.plus.device_info.MethodCallHandlerImpl.onMethodCall',
      'io.flutter.plugin.common.MethodChannel$IncomingMethodCallHandler.onMessage',
      'io.flutter.embedding.engine.dart.DartMessenger.handleMessageFromDart',
      'io.flutter.embedding.engine.FlutterJNI.handlePlatformMessage',
      'android.os.MessageQueue.nativePollOnce',
      'android.os.Looper.loop',
    ));
    expect(r.party).toBe('third-party');
    expect(r.sdk?.id).toBe('flutter-plus-plugins');
    expect(r.frame).toBe('dev.fluttercommunity.plus.device_info.MethodCallHandlerImpl.onMethodCall');
    expect(r.bridge).toBe('flutter');
    expect(r.reason).toContain('Dart caller is not on the Java stack');
  });

  test('React Native module called from JavaScript', () => {
    const r = a.stack(stack(
      'android.provider.Settings$Secure.getString',
      'com.learnium.RNDeviceInfo.RNDeviceModule.getUniqueIdSync',
      'java.lang.reflect.Method.invoke',
      'com.facebook.react.bridge.JavaMethodWrapper.invoke',
      'com.facebook.react.bridge.JavaModuleWrapper.invoke',
      'com.facebook.react.bridge.queue.MessageQueueThreadImpl$4.run',
      'java.lang.Thread.run',
    ));
    expect(r.sdk?.id).toBe('react-native-device-info');
    expect(r.frame).toBe('com.learnium.RNDeviceInfo.RNDeviceModule.getUniqueIdSync');
    expect(r.bridge).toBe('react-native');
  });

  test('only engine frames after the API: unknown party behind the bridge, never the app', () => {
    const r = a.stack(stack('android.content.ClipboardManager.getPrimaryClip', 'io.flutter.plugin.platform.PlatformPlugin$1.getClipboardData', 'io.flutter.embedding.engine.dart.DartMessenger.handleMessageFromDart', 'android.os.Looper.loop'));
    expect(r.party).toBe('unknown');
    expect(r.bridge).toBe('flutter');
    expect(r.via).toBe('none');
  });
});

describe('obfuscation', () => {
  test('fully obfuscated code is reported as obfuscated, never as the app', () => {
    const r = a.stack(stack('android.net.wifi.WifiInfo.getMacAddress', 'a.b.c.d', 'a.b.c.e', 'com.example.shop.App.onCreate'));
    expect(r.party).toBe('obfuscated');
    expect(r.sdk).toBeNull();
    expect(r.prefix).toBe('a.b');
    expect(r.calledByApp).toBe(true);
  });

  test('an obfuscated class next to an SDK frame with the same package root is that SDK', () => {
    const r = a.stack(stack('android.telephony.TelephonyManager.getDeviceId', 'com.bytedance.a.b.c', 'com.bytedance.a.b.d', 'com.bytedance.sdk.openadsdk.TTAdSdk.init', 'com.example.shop.App.onCreate'));
    expect(r.sdk?.id).toBe('pangle');
    expect(r.frameIndex).toBe(1);
    expect(r.reason).toContain('shares its package root com.bytedance');
  });

  test('an adjacent SDK of another package root is no evidence', () => {
    const r = a.stack(stack('android.telephony.TelephonyManager.getDeviceId', 'com.x.a.b', 'com.bytedance.sdk.openadsdk.TTAdSdk.init'));
    expect(r.party).toBe('obfuscated');
    expect(ids(r.chain)).toEqual(['pangle']);
  });

  test('obfuscated classes inside a catalog prefix are decided by the catalog (AMap com.loc, Tencent c.t.m.g)', () => {
    expect(a.stack(stack('android.net.wifi.WifiManager.getScanResults', 'com.loc.ew.a', 'com.amap.api.location.AMapLocationClient.startLocation')).sdk?.id).toBe('amap-location');
    expect(a.stack(stack('android.telephony.TelephonyManager.getAllCellInfo', 'c.t.m.g.dm.b', 'c.t.m.g.dr.run', 'java.lang.Thread.run')).sdk?.id).toBe('tencent-location');
  });
});

describe('asynchronous work', () => {
  const running = stack(
    'android.telephony.TelephonyManager.getDeviceId',
    'java.util.concurrent.FutureTask.run',
    'java.util.concurrent.ThreadPoolExecutor.runWorker',
    'java.util.concurrent.ThreadPoolExecutor$Worker.run',
    'java.lang.Thread.run',
  );

  test('a pool thread with no deciding frame is attributed by the submitting stack', () => {
    const r = a.stack(running, [
      stack('java.util.concurrent.ThreadPoolExecutor.execute', 'java.util.concurrent.AbstractExecutorService.submit', 'com.kwad.sdk.core.a.c.a', 'com.kwad.sdk.KsAdSDK.init', 'com.example.shop.App.onCreate'),
    ]);
    expect(r.via).toBe('origin');
    expect(r.originIndex).toBe(0);
    expect(r.sdk?.id).toBe('kuaishou-ads');
    expect(r.frameIndex).toBe(2);
    expect(r.apiIndex).toBe(0);
    expect(r.reason).toMatch(/bottoms out in java\.lang\.Thread\.run.*origin stack 0 decides/);
  });

  test('Handler posts: the first origin with a deciding frame wins; later origins extend the chain', () => {
    const looper = stack('android.provider.Settings$Secure.getString', 'android.os.Handler.handleCallback', 'android.os.Handler.dispatchMessage', 'android.os.Looper.loop', 'android.app.ActivityThread.main');
    const r = a.stack(looper, [
      stack('android.os.Handler.post', 'android.os.Handler.sendMessageDelayed'),
      stack('android.os.Handler.post', 'com.xiaomi.push.service.XMPushService.a', 'com.xiaomi.mipush.sdk.MiPushClient.registerPush'),
      stack('java.util.concurrent.ThreadPoolExecutor.execute', 'com.mixpush.core.MixPushClient.register', 'com.example.shop.App.onCreate'),
    ]);
    expect(r.via).toBe('origin');
    expect(r.originIndex).toBe(1);
    expect(r.sdk?.id).toBe('mipush');
    expect(ids(r.chain)).toEqual(['mixpush']);
    expect(r.calledByApp).toBe(true);
  });

  test('when the running stack decides, origins only extend the chain', () => {
    const r = a.stack(stack('android.telephony.TelephonyManager.getDeviceId', 'com.tencent.bugly.crashreport.common.info.b.c', 'java.lang.Thread.run'), [
      stack('java.lang.Thread.start', 'com.tencent.bugly.crashreport.CrashReport.initCrashReport', 'com.example.shop.App.onCreate'),
    ]);
    expect(r.via).toBe('stack');
    expect(r.sdk?.id).toBe('tencent-bugly');
    expect(r.calledByApp).toBe(true);
  });

  test('no deciding frame anywhere: the platform, with the outermost frame named', () => {
    const r = a.stack(running, [stack('java.util.concurrent.ThreadPoolExecutor.execute', 'java.util.Timer.sched')]);
    expect(r.party).toBe('platform');
    expect(r.via).toBe('none');
    expect(r.reason).toContain('java.lang.Thread.run');
    expect(r.reason).toContain('none of its 1 origin stack(s)');
  });

  test('library code with nothing further out: the catalog transport is named, a plain library is unknown', () => {
    const accs = a.stack(stack('java.net.Socket.connect', 'anet.channel.session.TnetSpdySession.connect', 'anet.channel.thread.ThreadPoolExecutorFactory$1.run', 'java.lang.Thread.run'));
    expect(accs.sdk?.id).toBe('alibaba-networksdk');
    expect(accs.frameIndex).toBe(1);
    expect(accs.reason).toContain('nothing further out called it');
    const okhttp = a.stack(stack('java.net.Socket.connect', 'okhttp3.internal.connection.RealConnection.connect', 'okhttp3.RealCall$AsyncCall.execute', 'java.util.concurrent.ThreadPoolExecutor.runWorker', 'java.lang.Thread.run'));
    expect(okhttp.party).toBe('unknown');
    expect(okhttp.sdk).toBeNull();
    expect(okhttp.reason).toContain('okhttp3.internal.connection.RealConnection.connect');
    // Same without an API list: the inferred API stops before the library frames.
    const inferred = new Attributor(loadCatalog(), {}).stack(stack('java.net.Socket.connect', 'anet.channel.session.TnetSpdySession.connect', 'java.lang.Thread.run'));
    expect(inferred.apiIndex).toBe(0);
    expect(inferred.sdk?.id).toBe('alibaba-networksdk');
  });

  test('an empty stack is unknown', () => {
    expect(a.stack([]).party).toBe('unknown');
  });
});

describe('unknown third parties', () => {
  test('are reported by their package prefix (up to three segments)', () => {
    const r = a.stack(stack('android.telephony.TelephonyManager.getDeviceId', 'io.somevendor.tracking.internal.Collector.run', 'com.example.shop.App.onCreate'));
    expect(r.party).toBe('third-party');
    expect(r.sdk).toBeNull();
    expect(r.prefix).toBe('io.somevendor.tracking');
    expect(r.reason).toContain('neither in the SDK catalog nor the app\'s package');
  });

  test('without an app package, app code is an unknown third party, not first party', () => {
    const r = new Attributor(loadCatalog(), {}).stack(stack('android.telephony.TelephonyManager.getDeviceId', 'com.example.shop.App.onCreate'));
    expect(r.party).toBe('third-party');
    expect(r.prefix).toBe('com.example.shop');
  });
});

describe('stubs and plugins (issue 15)', () => {
  const native = (text: string): [string, string, string | null, number] => {
    const [f] = stack(text);
    return [f[0], f[1], null, -2];
  };

  test('an obfuscated native-method VMP stub between SDK frames is passed over; the SDK frame decides', () => {
    const frames = [
      ...stack('android.app.ApplicationPackageManager.getInstalledPackages'),
      native('yaq.pro.getobjresult'),
      ...stack('com.qq.e.comm.plugin.f.f.b'),
      native('yaq.pro.getVresult'),
      ...stack('com.qq.e.comm.plugin.f.e.a', 'java.lang.Thread.run'),
    ];
    const r = a.stack(frames);
    expect(r.frame).toBe('com.qq.e.comm.plugin.f.f.b');
    expect(r.sdk?.id).toBe('tencent-gdt');
    expect(r.reason).toContain('past the obfuscated native stub yaq.pro.getobjresult');
  });

  test('an obfuscated native method with no SDK frame after it is the caller (it is not called a stub)', () => {
    const frames = [...stack('android.app.ApplicationPackageManager.getInstalledPackages'), native('yaq.pro.getobjresult'), ...stack('com.example.shop.App.onCreate')];
    const r = a.stack(frames);
    expect(r.frame).toBe('yaq.pro.getobjresult');
    expect(r.party).toBe('obfuscated');
  });

  test('a Cordova plugin inside the bridge namespace is the caller, not the bridge', () => {
    const r = a.stack(stack(
      'android.provider.Settings$Secure.getString',
      'org.apache.cordova.device.Device.getUuid',
      'org.apache.cordova.device.Device.execute',
      'org.apache.cordova.CordovaPlugin.execute',
      'org.apache.cordova.PluginManager.exec',
    ));
    expect(r.sdk?.id).toBe('cordova-plugin-device');
    expect(r.frame).toBe('org.apache.cordova.device.Device.getUuid');
    expect(r.bridge).toBe('cordova');
  });

  test('Firebase Performance, Tinker and Weibo\'s com.weibo.ssosdk are named, not the vendor root', () => {
    expect(a.stack(stack('android.app.ActivityManager.getRunningAppProcesses', 'com.google.firebase.perf.session.gauges.GaugeMetadataManager.getCurrentProcessName')).sdk?.id).toBe('firebase-performance');
    expect(a.stack(stack('android.app.ActivityManager.getRunningAppProcesses', 'com.tencent.tinker.loader.shareutil.ShareTinkerInternals.getProcessNameInternal')).sdk?.id).toBe('tinker');
    expect(a.stack(stack('android.provider.Settings$Secure.getString', 'com.weibo.ssosdk.MfpBuilder.getAndroidId')).sdk?.id).toBe('weibo-sdk');
  });
});

describe('privacy-detection tools on the stack (issue 15)', () => {
  test('PrivacySentry\'s call proxy between the API and the SDK is a hook layer, passed over', () => {
    const r = a.stack(stack(
      'android.telephony.TelephonyManager.getDeviceId',
      'com.yl.lib.privacy_proxy.PrivacyProxyCall$Proxy.getDeviceId',
      'com.umeng.commonsdk.statistics.common.DeviceConfig.getImei',
      'com.example.shop.App.onCreate',
    ));
    expect(r.frame).toBe('com.umeng.commonsdk.statistics.common.DeviceConfig.getImei');
    expect(r.sdk?.id).toBe('umeng-common');
  });

  test('Pine, SandHook and epic frames between the API and the caller are passed over', () => {
    for (const hook of ['top.canyie.pine.entry.Arm64Entry.objectBridge', 'com.swift.sandhook.SandHook.callOriginMethod', 'me.weishu.epic.art.entry.Entry64.referenceBridge']) {
      const r = a.stack(stack('android.net.wifi.WifiInfo.getMacAddress', hook, 'com.qq.e.comm.managers.status.DeviceStatus.getMac'));
      expect(r.sdk?.id, hook).toBe('tencent-gdt');
    }
  });
});
