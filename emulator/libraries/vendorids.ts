// OEM ID-service binder interfaces that OAID libraries compile into apps, as their AIDL files
// declare them (Android_CN_OAID aidl/: IDeviceIdService, IOpenID, IStdID, IDeviceidInterface,
// IDidAidlInterface, OpenDeviceIdentifierService, IDeviceIdManager, MsaIdInterface), under the
// OEM's own package names ('oaid.aidl') or renamed with a `repeackage.` prefix ('oaid.repeackage',
// as the MSA SDK and libraries repackaging it ship them).
//
// Each interface comes with its AIDL-generated `$Stub$Proxy`, whose methods write the arguments
// into a Parcel and call mRemote.transact(). The emulated device runs no OEM ID service, so no
// binder to one exists: a proxy made over a null binder fails as Java does (NullPointerException
// on mRemote.transact); a proxy over any other binder fails loudly (not modelled).
import type { JObject } from '../java/heap.js';
import { m, type ClassSpec } from '../java/model.js';
import { lib } from './http.js';

const S = 'java.lang.String';

/** Interface -> method -> parameter types, from the AIDL files. */
const INTERFACES: Readonly<Record<string, { readonly repackaged: boolean; readonly methods: Readonly<Record<string, { params: readonly string[]; ret: string }>> }>> = {
  'com.samsung.android.deviceidservice.IDeviceIdService': { repackaged: true, methods: { getOAID: { params: [], ret: S }, getVAID: { params: [S], ret: S }, getAAID: { params: [S], ret: S } } },
  'com.heytap.openid.IOpenID': { repackaged: true, methods: { getSerID: { params: [S, S, S], ret: S } } },
  'com.oplus.stdid.IStdID': { repackaged: false, methods: { getSerID: { params: [S, S, S], ret: S } } },
  'com.zui.deviceidservice.IDeviceidInterface': {
    repackaged: true,
    methods: { getOAID: { params: [], ret: S }, getUDID: { params: [], ret: S }, isSupport: { params: [], ret: 'boolean' }, getVAID: { params: [S], ret: S }, getAAID: { params: [S], ret: S }, createAAIDForPackageName: { params: [S], ret: S } },
  },
  'com.asus.msa.SupplementaryDID.IDidAidlInterface': {
    repackaged: true,
    methods: { isSupport: { params: [], ret: 'boolean' }, getUDID: { params: [], ret: S }, getOAID: { params: [], ret: S }, getVAID: { params: [], ret: S }, getAAID: { params: [], ret: S } },
  },
  'com.uodis.opendevice.aidl.OpenDeviceIdentifierService': { repackaged: true, methods: { getOaid: { params: [], ret: S }, isOaidTrackLimited: { params: [], ret: 'boolean' } } },
  'com.coolpad.deviceidsupport.IDeviceIdManager': {
    repackaged: false,
    methods: { getUDID: { params: [S], ret: S }, getOAID: { params: [S], ret: S }, getVAID: { params: [S], ret: S }, getAAID: { params: [S], ret: S }, getIMEI: { params: [S], ret: S }, isCoolOs: { params: [], ret: 'boolean' }, getCoolOsVersion: { params: [], ret: S } },
  },
  'com.bun.lib.MsaIdInterface': {
    repackaged: true,
    methods: { isSupported: { params: [], ret: 'boolean' }, isDataArrived: { params: [], ret: 'boolean' }, getOAID: { params: [], ret: S }, getVAID: { params: [], ret: S }, getAAID: { params: [], ret: S }, shutDown: { params: [], ret: 'void' } },
  },
};

function classesOf(iface: string, methods: Readonly<Record<string, { params: readonly string[]; ret: string }>>): ClassSpec[] {
  const file = `${iface.split('.').pop()!}.java`;
  const sig = (name: string, x: { params: readonly string[]; ret: string }) => `${x.ret} ${name}(${x.params.join(', ')})`;
  return [
    lib(`public interface ${iface} extends android.os.IInterface`, file, Object.entries(methods).map(([n, x]) => m(`public abstract ${sig(n, x)}`))),
    lib(`public static abstract class ${iface}$Stub implements ${iface}`, file, [
      m('public <init>()'),
      // Stub.asInterface: null for a null binder, else a Proxy over it (the local-interface case
      // needs a Binder in this process, which no OEM service is).
      m(`public static ${iface} asInterface(android.os.IBinder)`, (c, _s, [b]) => (b === null ? null : c.vm.newObject(c.vm.loadClass(c.vm.app!, `${iface}$Stub$Proxy`), ['android.os.IBinder'], [b]))),
    ]),
    lib(`private static class ${iface}$Stub$Proxy implements ${iface}`, file, [
      m('<init>(android.os.IBinder)', (_c, self, [b]) => {
        self!.native = { remote: b };
      }),
      ...Object.entries(methods).map(([n, x]) =>
        m(`public ${sig(n, x)}`, (c, self) => {
          const remote = (self!.native as { remote: JObject | null }).remote;
          if (remote === null) c.throwNew('java.lang.NullPointerException', "Attempt to invoke interface method 'boolean android.os.IBinder.transact(int, android.os.Parcel, android.os.Parcel, int)' on a null object reference");
          throw new Error(`emulator: no ${iface} service runs on the emulated device (binder transactions to OEM ID services are not modelled)`);
        }),
      ),
    ]),
  ];
}

function all(prefix: '' | 'repeackage.'): ClassSpec[] {
  return Object.entries(INTERFACES)
    .filter(([, v]) => prefix === '' || v.repackaged)
    .flatMap(([iface, v]) => classesOf(`${prefix}${iface}`, v.methods));
}

export const vendorIds = {
  aidl: (): ClassSpec[] => all(''),
  repeackage: (): ClassSpec[] => all('repeackage.'),
};
