// TelephonyManager device identifiers. Access rules by version (AOSP TelephonyPermissions):
// before Android 10 READ_PHONE_STATE suffices; from Android 10 normal apps get a SecurityException
// (apps targeting < 29 that hold READ_PHONE_STATE get null instead). The call still shows intent.
import type { JObject } from '../java/heap.js';
import { cls, f, m, type Call, type ClassSpec, type JValue } from '../java/model.js';
import { registerSystemService } from './content.js';

const TM = 'android.telephony.TelephonyManager';

function deviceIdentifier(c: Call, op: string, value: () => JValue): JValue {
  const uid = c.env.uid;
  const hasPhoneState = c.env.permissionGranted('android.permission.READ_PHONE_STATE');
  if (c.api >= 29) {
    if (c.env.app.targetSdk < 29 && hasPhoneState) return null;
    c.throwNew('java.lang.SecurityException', `${op}: The ${c.api >= 31 ? 'uid' : 'user'} ${uid} does not meet the requirements to access device identifiers.`);
  }
  if (!hasPhoneState) c.throwNew('java.lang.SecurityException', `${op}: Neither user ${uid} nor current process has android.permission.READ_PHONE_STATE.`);
  return value();
}

function phoneNumber(c: Call): JValue {
  const ok = ['android.permission.READ_PHONE_STATE', 'android.permission.READ_SMS', 'android.permission.READ_PHONE_NUMBERS'].some((p) => c.env.permissionGranted(p));
  if (!ok) {
    c.throwNew(
      'java.lang.SecurityException',
      `getLine1NumberForDisplay: Neither user ${c.env.uid} nor current process has android.permission.READ_PHONE_STATE, android.permission.READ_SMS, or android.permission.READ_PHONE_NUMBERS`,
    );
  }
  return c.env.device.phoneNumber;
}

const imei = (c: Call, slot: number): JValue => c.env.device.imei[slot] ?? null;

export const telephony: readonly ClassSpec[] = [
  cls(`public class ${TM}`, {}, [
    m('public java.lang.String getDeviceId()', (c) => deviceIdentifier(c, 'getDeviceId', () => imei(c, 0))),
    m('public java.lang.String getDeviceId(int)', { since: 23 }, (c, _s, [slot]) => deviceIdentifier(c, 'getDeviceId', () => imei(c, slot as number))),
    m('public java.lang.String getImei()', { since: 26 }, (c, self) => c.call(self!, 'getImei', ['int'], [0])),
    m('public java.lang.String getImei(int)', { since: 26 }, (c, _s, [slot]) => deviceIdentifier(c, 'getImeiForSlot', () => imei(c, slot as number))),
    m('public java.lang.String getMeid()', { since: 26 }, (c, self) => c.call(self!, 'getMeid', ['int'], [0])),
    m('public java.lang.String getMeid(int)', { since: 26 }, (c) => deviceIdentifier(c, 'getMeidForSlot', () => c.env.device.meid)),
    m('public java.lang.String getSubscriberId()', (c, self) => c.call(self!, 'getSubscriberId', ['int'], [1])),
    m('public java.lang.String getSubscriberId(int)', (c) => deviceIdentifier(c, 'getSubscriberId', () => c.env.device.imsi)),
    m('public java.lang.String getSimSerialNumber()', (c) => deviceIdentifier(c, 'getSimSerialNumber', () => c.env.device.iccid)),
    m('public java.lang.String getLine1Number()', (c, self) => c.call(self!, 'getLine1Number', ['int'], [1])),
    m('public java.lang.String getLine1Number(int)', (c) => phoneNumber(c)),
    m('public java.lang.String getNetworkOperator()', (c) => c.env.device.operator ?? ''),
    m('public java.lang.String getNetworkOperatorName()', (c) => c.env.device.operatorName ?? ''),
    m('public int getPhoneCount()', { since: 23 }, (c) => c.env.device.imei.length),
    m('public java.lang.String getSimOperator()', (c) => c.env.device.operator ?? ''),
    f('public static final int PHONE_TYPE_GSM', { value: 1 }),
  ]),
];

registerSystemService('phone', (c: Call): JObject => c.vm.alloc(c.vm.bootClass(TM)));
