// Classes only one manufacturer's framework has, added to the boot class path when the emulated
// device is that manufacturer's (Build.MANUFACTURER). Kept apart from FRAMEWORK: they are neither
// Android SDK nor AOSP, and the honesty check against the SDK declarations does not apply.
//
// Xiaomi (MIUI/HyperOS): com.android.id.impl.IdProviderImpl, which OAID libraries load with
// Class.forName and call by reflection: getUDID/getOAID/getVAID/getAAID(Context) (Android_CN_OAID
// XiaomiImpl; the MSA SDK's IdentifierManager does the same). The IDs are the scenario's facts
// (device.oaid, device.vendorIds); one the device does not declare is answered with null.
import { cls, m, type ClassSpec } from '../java/model.js';

const XIAOMI: readonly ClassSpec[] = [
  cls('public class com.android.id.impl.IdProviderImpl', { file: 'IdProviderImpl.java' }, [
    m('public <init>()'),
    m('public java.lang.String getOAID(android.content.Context)', (c) => c.env.device.oaid),
    m('public java.lang.String getUDID(android.content.Context)', (c) => c.env.device.vendorIds.udid ?? null),
    m('public java.lang.String getVAID(android.content.Context)', (c) => c.env.device.vendorIds.vaid ?? null),
    m('public java.lang.String getAAID(android.content.Context)', (c) => c.env.device.vendorIds.aaid ?? null),
  ]),
];

/** Vendor framework classes by Build.MANUFACTURER (lower case). */
export const VENDOR_FRAMEWORK: Readonly<Record<string, readonly ClassSpec[]>> = {
  xiaomi: XIAOMI,
};

/** The vendor classes a device of this manufacturer boots with. */
export function vendorClasses(manufacturer: string): readonly ClassSpec[] {
  return VENDOR_FRAMEWORK[manufacturer.toLowerCase()] ?? [];
}
