// Conformance ledger: vendor (OEM) behaviours the emulator models (see ./types.ts). Their sources
// are the OAID libraries that call these services, not AOSP.
import type { ConformanceEntry } from './types.js';

export const VENDOR: ConformanceEntry[] = [
  {
    id: 'vendor.xiaomi.idProviderImpl',
    runtime: 'vendor',
    behaviour: 'MIUI/HyperOS framework class com.android.id.impl.IdProviderImpl, instantiated with newInstance() and called by reflection: getUDID/getOAID/getVAID/getAAID(Context) return the IDs; other manufacturers have no such class (ClassNotFoundException).',
    source: 'github gzu-liyujiang/Android_CN_OAID library/src/main/java/com/github/gzuliyujiang/oaid/impl/XiaomiImpl.java (constructor, getOAID)',
    model: 'emulator/android/vendor.ts',
    test: 'test/emulator/pi-routes.test.ts',
  },
  {
    id: 'vendor.aidl.proxyNullBinder',
    runtime: 'vendor',
    behaviour: 'OEM ID services are AIDL interfaces (IDeviceIdService, IOpenID, IDeviceidInterface, ...); the generated Stub.asInterface(null) returns null and a Stub$Proxy calls mRemote.transact, so a proxy over a null binder throws NullPointerException.',
    source: 'github gzu-liyujiang/Android_CN_OAID aidl/com/samsung/android/deviceidservice/IDeviceIdService.aidl (and the other aidl/ files); AIDL-generated Stub/Proxy code',
    model: 'emulator/libraries/vendorids.ts',
    test: 'test/emulator/pi-routes.test.ts',
  },
];
