// Vendor device-ID services that SDKs call directly instead of going through an OAID SDK's public
// API: Xiaomi's IdProviderImpl (a class in MIUI's framework, reached by reflection), and the
// binder proxies of the other OEMs' ID services. The proxies are the AIDL-generated
// `I...$Stub$Proxy` classes the OAID libraries compile into apps, under the OEM's package name
// (com.samsung.android.deviceidservice...) or renamed with a `repeackage.` prefix (the MSA SDK and
// libraries repackaging it). A call on a proxy is one binder transaction to the OEM's service, so
// the proxy is the narrowest place that sees which ID an SDK asked for. vivo and Meizu expose
// theirs as content providers instead: ContentResolver.query reports those (agent/extract/content.ts).
//
// One table row per interface; each method becomes one spec per class-name variant. None of these
// classes exists on every device: Xiaomi's only on MIUI/HyperOS, the proxies only in apps that ship
// an OAID library, so `missing-class` is their normal state elsewhere ("not present").
import type { DataType } from '../../protocol/constants.js';
import type { HookArea, HookSpec } from './types.js';

/** Android_CN_OAID, the open OAID library whose AIDL files publish these interfaces. */
const AIDL = 'https://github.com/gzu-liyujiang/Android_CN_OAID/tree/master/aidl';

interface VendorInterface {
  /** Id group: vendor.<key>. */
  readonly key: string;
  readonly oem: string;
  /** AIDL interface, fully qualified; the proxy is `${iface}$Stub$Proxy`. */
  readonly iface: string;
  /** Whether SDKs also ship it renamed with a `repeackage.` prefix. */
  readonly repackaged: boolean;
  /** Method -> parameters (AIDL order) and the ID it returns. */
  readonly methods: Readonly<Record<string, { readonly params: readonly string[]; readonly dataType: DataType }>>;
  readonly source: string;
}

const S = 'java.lang.String';
const oaid = { params: [], dataType: 'oaid' } as const;
const udid = (params: readonly string[] = []) => ({ params, dataType: 'vendor_id' as const });
const vaid = (params: readonly string[] = []) => ({ params, dataType: 'vaid' as const });
const aaid = (params: readonly string[] = []) => ({ params, dataType: 'aaid' as const });

/** The OEM binder interfaces, as the AIDL files of Android_CN_OAID declare them. */
export const VENDOR_INTERFACES: readonly VendorInterface[] = [
  {
    key: 'samsung',
    oem: 'Samsung',
    iface: 'com.samsung.android.deviceidservice.IDeviceIdService',
    repackaged: true,
    methods: { getOAID: oaid, getVAID: vaid([S]), getAAID: aaid([S]) },
    source: `${AIDL}/com/samsung/android/deviceidservice/IDeviceIdService.aidl`,
  },
  {
    key: 'oppo',
    oem: 'OPPO/OnePlus',
    iface: 'com.heytap.openid.IOpenID',
    repackaged: true,
    // getSerID(pkg, signature, type): type "OUID" is the OAID, "DUID"/"AUID" the UDID/AAID.
    methods: { getSerID: { params: [S, S, S], dataType: 'oaid' } },
    source: `${AIDL}/com/heytap/openid/IOpenID.aidl`,
  },
  {
    key: 'oplus',
    oem: 'OPPO/OnePlus (ColorOS 11+)',
    iface: 'com.oplus.stdid.IStdID',
    repackaged: false,
    methods: { getSerID: { params: [S, S, S], dataType: 'oaid' } },
    source: `${AIDL}/com/oplus/stdid/IStdID.aidl`,
  },
  {
    key: 'lenovo',
    oem: 'Lenovo/Motorola (ZUI)',
    iface: 'com.zui.deviceidservice.IDeviceidInterface',
    repackaged: true,
    methods: { getOAID: oaid, getUDID: udid(), getVAID: vaid([S]), getAAID: aaid([S]) },
    source: `${AIDL}/com/zui/deviceidservice/IDeviceidInterface.aidl`,
  },
  {
    key: 'asus',
    oem: 'ASUS',
    iface: 'com.asus.msa.SupplementaryDID.IDidAidlInterface',
    repackaged: true,
    methods: { getOAID: oaid, getUDID: udid(), getVAID: vaid(), getAAID: aaid() },
    source: `${AIDL}/com/asus/msa/SupplementaryDID/IDidAidlInterface.aidl`,
  },
  {
    key: 'huawei',
    oem: 'Huawei/Honor',
    iface: 'com.uodis.opendevice.aidl.OpenDeviceIdentifierService',
    repackaged: true,
    methods: { getOaid: oaid },
    source: `${AIDL}/com/uodis/opendevice/aidl/OpenDeviceIdentifierService.aidl`,
  },
  {
    key: 'coolpad',
    oem: 'Coolpad',
    iface: 'com.coolpad.deviceidsupport.IDeviceIdManager',
    repackaged: false,
    methods: { getOAID: { params: [S], dataType: 'oaid' }, getUDID: udid([S]), getVAID: vaid([S]), getAAID: aaid([S]), getIMEI: { params: [S], dataType: 'imei' } },
    source: `${AIDL}/com/coolpad/deviceidsupport/IDeviceIdManager.aidl`,
  },
  {
    key: 'msa',
    oem: 'MSA (Mobile Security Alliance service, used on Meizu, Nubia, ZTE and others)',
    iface: 'com.bun.lib.MsaIdInterface',
    repackaged: true,
    methods: { getOAID: oaid, getVAID: vaid(), getAAID: aaid() },
    source: `${AIDL}/com/bun/lib/MsaIdInterface.aidl`,
  },
];

function proxySpecs(v: VendorInterface): HookSpec[] {
  const out: HookSpec[] = [];
  const variants = v.repackaged ? [['', v.iface], ['repeackage.', `repeackage.${v.iface}`]] : [['', v.iface]];
  for (const [prefix, iface] of variants) {
    for (const [method, m] of Object.entries(v.methods)) {
      out.push({
        id: `vendor.${v.key}.${prefix === '' ? '' : 'repeackage.'}${method}`,
        class: `${iface}$Stub$Proxy`,
        method,
        overloads: 'all',
        kind: 'pi',
        dataType: m.dataType,
        loader: 'app',
        declared: [{ params: [...m.params] }],
        vendor: { oem: v.oem, source: v.source },
        extract: v.key === 'oppo' || v.key === 'oplus' ? 'openid-type' : 'identifier-value',
        note: `${v.oem} ID service binder call${prefix === '' ? '' : ' (repeackage. copy shipped by OAID SDKs)'}`,
      });
    }
  }
  return out;
}

const XIAOMI_SOURCE = 'https://github.com/gzu-liyujiang/Android_CN_OAID/blob/master/library/src/main/java/com/github/gzuliyujiang/oaid/impl/XiaomiImpl.java';

const xiaomi = (method: string, dataType: DataType): HookSpec => ({
  id: `vendor.xiaomi.${method}`,
  class: 'com.android.id.impl.IdProviderImpl',
  method,
  overloads: 'all',
  kind: 'pi',
  dataType,
  declared: [{ params: ['android.content.Context'] }],
  vendor: { oem: 'Xiaomi', source: XIAOMI_SOURCE },
  extract: 'identifier-value',
  note: 'MIUI/HyperOS framework class; SDKs call it by reflection (Class.forName + getMethod(name, Context.class))',
});

export const vendorIds: HookArea = {
  area: 'vendor-ids',
  hooks: [xiaomi('getOAID', 'oaid'), xiaomi('getUDID', 'vendor_id'), xiaomi('getVAID', 'vaid'), xiaomi('getAAID', 'aaid'), ...VENDOR_INTERFACES.flatMap(proxySpecs)],
};
