// Advertising-ID clients shipped inside apps. Each needs its provider on the device:
//  - Google: Google Play services (com.google.android.gms); getAdvertisingIdInfo must not run on
//    the main thread (IllegalStateException), and without Play services it throws
//    GooglePlayServicesNotAvailableException;
//  - Huawei: HMS Core (com.huawei.hwid); Honor: Honor's ID service (com.hihonor.id); without it
//    they throw IOException;
//  - MSA (China Academy of Information and Communications Technology's OAID SDK): InitSdk answers
//    at once with a result code and reports the IdSupplier to the listener later, on its own
//    thread (ErrorCode.INIT_ERROR_RESULT_DELAY 1008614); devices without OAID support get
//    INIT_ERROR_DEVICE_NOSUPPORT (1008612) and OnSupport(false, null).
// The IDs come from the device's facts (advertisingId, oaid).
import type { JObject } from '../java/heap.js';
import { m, type Call, type ClassSpec } from '../java/model.js';
import { lib, libLoader } from './http.js';

function info(c: Call, klass: string, id: string | null, limited: boolean): JObject {
  const o = c.vm.alloc(c.vm.loadClass(libLoader(c), klass));
  o.native = { id, limited };
  return o;
}

function infoClass(klass: string): ClassSpec {
  return lib(`public static final class ${klass}`, 'AdvertisingIdClient.java', [
    m('public java.lang.String getId()', (_c, self) => (self!.native as { id: string | null }).id),
    m('public boolean isLimitAdTrackingEnabled()', (_c, self) => (self!.native as { limited: boolean }).limited),
  ]);
}

function gms(): ClassSpec[] {
  const INFO = 'com.google.android.gms.ads.identifier.AdvertisingIdClient$Info';
  return [
    lib('public class com.google.android.gms.ads.identifier.AdvertisingIdClient', 'AdvertisingIdClient.java', [
      m('public static com.google.android.gms.ads.identifier.AdvertisingIdClient$Info getAdvertisingIdInfo(android.content.Context)', (c) => {
        if (c.thread === c.env.mainThread) c.throwNew('java.lang.IllegalStateException', 'Calling this from your main thread can lead to deadlock');
        if (!c.env.packages.has('com.google.android.gms')) {
          const e = c.vm.newObject(c.vm.loadClass(libLoader(c), 'com.google.android.gms.common.GooglePlayServicesNotAvailableException'), ['int'], [1]);
          c.vm.throwObject(e);
        }
        return info(c, INFO, c.env.device.advertisingId ?? '00000000-0000-0000-0000-000000000000', c.env.device.limitAdTracking);
      }),
    ]),
    infoClass(INFO),
    lib('public final class com.google.android.gms.common.GooglePlayServicesNotAvailableException extends java.lang.Exception', 'GooglePlayServicesNotAvailableException.java', [
      m('public <init>(int)', (c, self) => c.callSpecial(self!, 'java.lang.Exception', '<init>', [])),
    ]),
  ];
}

function vendor(pkg: string, service: string): ClassSpec[] {
  const INFO = `${pkg}.AdvertisingIdClient$Info`;
  return [
    lib(`public class ${pkg}.AdvertisingIdClient`, 'AdvertisingIdClient.java', [
      m(`public static ${INFO} getAdvertisingIdInfo(android.content.Context)`, (c) => {
        if (!c.env.packages.has(service) || c.env.device.oaid === null) c.throwNew('java.io.IOException', 'Service not found');
        return info(c, INFO, c.env.device.oaid, false);
      }),
    ]),
    infoClass(INFO),
  ];
}

function msa(): ClassSpec[] {
  const IL = 'com.bun.miitmdid.interfaces.IIdentifierListener';
  const init = (c: Call, listener: JObject | null): number => {
    const oaid = c.env.device.oaid;
    const supported = oaid !== null;
    if (listener !== null) {
      const vm = c.vm;
      const t = c.env.startThread('Thread-msa', () => {
        const cc = vm.callFor(vm.current);
        let supplier: JObject | null = null;
        if (supported) {
          supplier = cc.vm.alloc(cc.vm.loadClass(cc.vm.app!, 'com.bun.miitmdid.supplier.DefaultIdSupplier'));
          supplier.native = oaid;
        }
        cc.call(listener, 'OnSupport', ['boolean', 'com.bun.miitmdid.interfaces.IdSupplier'], [supported, supplier]);
      });
      void t;
    }
    return supported ? 1008614 : 1008612;
  };
  return [
    lib('public class com.bun.miitmdid.core.MdidSdkHelper', 'MdidSdkHelper.java', [
      m(`public static int InitSdk(android.content.Context, boolean, ${IL})`, (c, _s, [, , l]) => init(c, (l as JObject | null) ?? null)),
      m(`public static int InitSdk(android.content.Context, boolean, boolean, boolean, boolean, ${IL})`, (c, _s, [, , , , , l]) => init(c, (l as JObject | null) ?? null)),
    ]),
    lib(`public interface ${IL}`, 'IIdentifierListener.java', [m('public abstract void OnSupport(boolean, com.bun.miitmdid.interfaces.IdSupplier)')]),
    lib('public interface com.bun.miitmdid.interfaces.IdSupplier', 'IdSupplier.java', [m('public abstract java.lang.String getOAID()'), m('public abstract boolean isSupported()')]),
    lib('public class com.bun.miitmdid.supplier.DefaultIdSupplier implements com.bun.miitmdid.interfaces.IdSupplier', 'DefaultIdSupplier.java', [
      m('public java.lang.String getOAID()', (_c, self) => self!.native as string),
      m('public boolean isSupported()', () => true),
    ]),
  ];
}

export const adIds = {
  gms,
  hms: () => vendor('com.huawei.hms.ads.identifier', 'com.huawei.hwid'),
  honor: () => vendor('com.hihonor.ads.identifier', 'com.hihonor.id'),
  msa,
};
