// Telephony: device and subscriber identifiers, cells, call and service state, subscriptions.
// Access rules by version (AOSP TelephonyPermissions, LocationAccessPolicy):
//  - device identifiers: READ_PHONE_STATE before Android 10; from 10 normal apps get a
//    SecurityException (apps targeting < 29 that hold READ_PHONE_STATE get null instead);
//  - cell location and cell info: a location permission (ACCESS_FINE_LOCATION for apps targeting
//    Android 10+, which otherwise get a SecurityException; older targets get null/empty);
//  - call state needs READ_PHONE_STATE for apps targeting Android 12+; service state needs it
//    from Android 8;
//  - SubscriptionInfo carries the ICCID only for privileged callers from Android 10, and the number
//    only with READ_PHONE_NUMBERS from Android 11.
// The calls still show intent when they are refused.
import type { JObject } from '../java/heap.js';
import { cls, f, m, type Call, type ClassSpec, type JValue } from '../java/model.js';
import type { CellFacts } from './env.js';
import { registerSystemService } from './content.js';
import { newArrayList } from './support.js';

const TM = 'android.telephony.TelephonyManager';
const READ_PHONE_STATE = 'android.permission.READ_PHONE_STATE';

/**
 * Android 10+ TelephonyPermissions.checkCallingOrSelfReadDeviceIdentifiers for an app without
 * privileged or carrier access: false (the caller answers its legacy value: null, "unknown") for
 * an app targeting 28 or lower that holds READ_PHONE_STATE, else SecurityException
 * ("<op>: The user <uid> does not meet the requirements to access device identifiers." through
 * Android 12, API 29-31; "The uid <uid> ..." from 12L, API 32, where every refusal goes through
 * throwSecurityExceptionAsUidDoesNotHaveAccess). Ledger: android.identifiers.readDeviceIdentifiers.
 */
export function readDeviceIdentifiers(c: Call, op: string): boolean {
  if (c.env.app.targetSdk < 29 && c.env.permissionGranted(READ_PHONE_STATE)) return false;
  c.throwNew('java.lang.SecurityException', `${op}: The ${c.api >= 32 ? 'uid' : 'user'} ${c.env.uid} does not meet the requirements to access device identifiers.`);
  return false;
}

function deviceIdentifier(c: Call, op: string, value: () => JValue): JValue {
  if (c.api >= 29) return readDeviceIdentifiers(c, op) ? value() : null;
  if (!c.env.permissionGranted(READ_PHONE_STATE)) c.throwNew('java.lang.SecurityException', `${op}: Neither user ${c.env.uid} nor current process has android.permission.READ_PHONE_STATE.`);
  return value();
}

function phoneNumberPermitted(c: Call): boolean {
  return ['android.permission.READ_PHONE_STATE', 'android.permission.READ_SMS', 'android.permission.READ_PHONE_NUMBERS'].some((p) => c.env.permissionGranted(p));
}

function phoneNumber(c: Call): JValue {
  if (!phoneNumberPermitted(c)) {
    c.throwNew(
      'java.lang.SecurityException',
      `getLine1NumberForDisplay: Neither user ${c.env.uid} nor current process has android.permission.READ_PHONE_STATE, android.permission.READ_SMS, or android.permission.READ_PHONE_NUMBERS`,
    );
  }
  return c.env.device.phoneNumber;
}

function requirePhoneState(c: Call, op: string): void {
  if (!c.env.permissionGranted(READ_PHONE_STATE)) c.throwNew('java.lang.SecurityException', `${op}: Neither user ${c.env.uid} nor current process has android.permission.READ_PHONE_STATE.`);
}

/**
 * LocationAccessPolicy for cell data: allowed, or refused softly (null/empty, older targets) or
 * hard (SecurityException, apps targeting Android 10+).
 */
function cellAccess(c: Call, op: string): boolean {
  const fine = c.env.permissionGranted('android.permission.ACCESS_FINE_LOCATION');
  const coarse = c.env.permissionGranted('android.permission.ACCESS_COARSE_LOCATION');
  const needFine = c.api >= 29 && c.env.app.targetSdk >= 29;
  const ok = (needFine ? fine : fine || coarse) && c.env.device.location !== null;
  if (ok) return true;
  if (needFine && !fine) c.throwNew('java.lang.SecurityException', `${op}: uid ${c.env.uid} does not have android.permission.ACCESS_FINE_LOCATION.`);
  return false;
}

const imei = (c: Call, slot: number): JValue => c.env.device.imei[slot] ?? null;

function serving(c: Call): CellFacts | null {
  return c.env.device.cells.find((x) => x.registered) ?? null;
}

function cellLocation(c: Call, cell: CellFacts): JObject {
  const loc = c.newObject('android.telephony.gsm.GsmCellLocation');
  c.call(loc, 'setLacAndCid', ['int', 'int'], [cell.area, cell.cid]);
  return loc;
}

function cellInfo(c: Call, cell: CellFacts): JObject {
  const lte = cell.type === 'lte';
  const info = c.vm.alloc(c.vm.bootClass(lte ? 'android.telephony.CellInfoLte' : 'android.telephony.CellInfoGsm'));
  const id = c.vm.alloc(c.vm.bootClass(lte ? 'android.telephony.CellIdentityLte' : 'android.telephony.CellIdentityGsm'));
  id.native = cell;
  info.native = { cell, identity: id };
  return info;
}

function cellInfos(c: Call): JObject {
  return newArrayList(
    c,
    c.env.device.cells.map((x) => cellInfo(c, x)),
  );
}

function serviceState(c: Call, withLocation: boolean): JObject {
  const ss = c.newObject('android.telephony.ServiceState');
  const d = c.env.device;
  ss.native = { state: d.operator === null ? 1 : 0, alpha: d.operatorName, numeric: d.operator, cell: withLocation ? serving(c) : null };
  return ss;
}

/** Posts fn to the listener's thread (the main looper; a PhoneStateListener made there uses it). */
function deliver(c: Call, fn: (cc: Call) => void): void {
  const vm = c.vm;
  const env = c.env;
  env.post(env.mainThread, 0, () => fn(vm.callFor(vm.current)));
}

const LISTEN_SERVICE_STATE = 0x1;
const LISTEN_CELL_LOCATION = 0x10;
const LISTEN_CALL_STATE = 0x20;
const LISTEN_CELL_INFO = 0x400;

export const telephony: readonly ClassSpec[] = [
  cls(`public class ${TM}`, {}, [
    f('public static final int PHONE_TYPE_GSM', { value: 1 }),
    f('public static final int CALL_STATE_IDLE', { value: 0 }),
    m('public java.lang.String getDeviceId()', (c) => deviceIdentifier(c, 'getDeviceId', () => imei(c, 0))),
    m('public java.lang.String getDeviceId(int)', { since: 23 }, (c, _s, [slot]) => deviceIdentifier(c, 'getDeviceId', () => imei(c, slot as number))),
    m('public java.lang.String getImei()', { since: 26 }, (c, self) => c.call(self!, 'getImei', ['int'], [0])),
    m('public java.lang.String getImei(int)', { since: 26 }, (c, _s, [slot]) => deviceIdentifier(c, 'getImeiForSlot', () => imei(c, slot as number))),
    m('public java.lang.String getMeid()', { since: 26 }, (c, self) => c.call(self!, 'getMeid', ['int'], [0])),
    m('public java.lang.String getMeid(int)', { since: 26 }, (c) => deviceIdentifier(c, 'getMeidForSlot', () => c.env.device.meid)),
    m('public java.lang.String getSubscriberId()', (c, self) => c.call(self!, 'getSubscriberId', ['int'], [1])),
    m('public java.lang.String getSubscriberId(int)', (c) => deviceIdentifier(c, 'getSubscriberId', () => c.env.device.imsi)),
    m('public java.lang.String getSimSerialNumber()', (c, self) => c.call(self!, 'getSimSerialNumber', ['int'], [1])),
    m('public java.lang.String getSimSerialNumber(int)', (c) => deviceIdentifier(c, 'getSimSerialNumber', () => c.env.device.iccid)),
    m('public java.lang.String getLine1Number()', (c, self) => c.call(self!, 'getLine1Number', ['int'], [1])),
    m('public java.lang.String getLine1Number(int)', (c) => phoneNumber(c)),
    m('public java.lang.String getNetworkOperator()', (c) => c.env.device.operator ?? ''),
    m('public java.lang.String getNetworkOperatorName()', (c) => c.env.device.operatorName ?? ''),
    m('public int getPhoneCount()', { since: 23 }, (c) => c.env.device.imei.length),
    m('public java.lang.String getSimOperator()', (c) => c.env.device.operator ?? ''),
    // Carrier getters need no permission (TelephonyManager reads the SIM/network properties).
    m('public java.lang.String getSimOperatorName()', (c) => c.env.device.operatorName ?? ''),
    m('public java.lang.String getSimCountryIso()', (c) => c.env.device.simCountry ?? ''),
    m('public java.lang.String getNetworkCountryIso()', (c) => (c.env.device.operator === null ? '' : (c.env.device.simCountry ?? ''))),
    m('public java.lang.String getNetworkCountryIso(int)', { since: 30 }, (c, _s, [slot]) => {
      // TelephonyManager.getNetworkCountryIso(int slotIndex): IllegalArgumentException for a slot
      // the device does not have.
      if ((slot as number) < 0 || (slot as number) >= Math.max(1, c.env.device.imei.length)) c.throwNew('java.lang.IllegalArgumentException', `invalid slot index ${String(slot)}`);
      return c.env.device.operator === null ? '' : (c.env.device.simCountry ?? '');
    }),
    // IMEI SV: READ_PHONE_STATE (PhoneSubInfoController.getDeviceSvnUsingSubId).
    m('public java.lang.String getDeviceSoftwareVersion()', (c) => {
      requirePhoneState(c, 'getDeviceSoftwareVersion');
      return c.env.device.softwareVersion;
    }),
    // NAI: subscriber identifier, the same access rules as the IMSI; no NAI is provisioned on the
    // emulated SIM, so an allowed caller gets null.
    m('public java.lang.String getNai()', { since: 28 }, (c) => deviceIdentifier(c, 'getNaiForSubscriber', () => null)),
    // ITelephony.getUiccCardsInfo: the cards, with private fields (EID, ICCID) filtered out for
    // callers without carrier privileges (every app here).
    m('public java.util.List getUiccCardsInfo()', { since: 29 }, (c) =>
      newArrayList(
        c,
        c.env.device.iccid === null
          ? []
          : [
              (() => {
                const o = c.vm.alloc(c.vm.bootClass('android.telephony.UiccCardInfo'));
                o.native = { iccid: null, slot: 0 };
                return o;
              })(),
            ],
      ),
    ),
    m('public android.telephony.CellLocation getCellLocation()', (c) => {
      if (!cellAccess(c, 'getCellLocation')) return null;
      const cell = serving(c);
      return cell === null ? null : cellLocation(c, cell);
    }),
    m('public java.util.List getAllCellInfo()', (c) => (cellAccess(c, 'getAllCellInfo') ? cellInfos(c) : null)),
    m('public void requestCellInfoUpdate(java.util.concurrent.Executor, android.telephony.TelephonyManager$CellInfoCallback)', { since: 29 }, (c, _s, [ex, cb]) => {
      const allowed = cellAccess(c, 'requestCellInfoUpdate');
      const vm = c.vm;
      const env = c.env;
      env.post(env.mainThread, 0, () => {
        const cc = vm.callFor(vm.current);
        const r = cc.vm.alloc(cc.vm.bootClass('android.telephony.TelephonyManager$CellInfoCallbackRunner'));
        r.native = { cb, list: allowed ? cellInfos(cc) : newArrayList(cc, []) };
        cc.call(ex as JObject, 'execute', ['java.lang.Runnable'], [r]);
      });
    }),
    m('public java.util.List getNeighboringCellInfo()', { until: 28 }, (c) => {
      if (!c.env.permissionGranted('android.permission.ACCESS_COARSE_LOCATION') && !c.env.permissionGranted('android.permission.ACCESS_FINE_LOCATION')) return null;
      return newArrayList(
        c,
        c.env.device.cells
          .filter((x) => !x.registered && x.type === 'gsm')
          .map((x) => c.newObject('android.telephony.NeighboringCellInfo', ['int', 'int'], [x.dbm, x.cid])),
      );
    }),
    m('public void listen(android.telephony.PhoneStateListener, int)', (c, _s, [l, events]) => {
      const ev = events as number;
      if (l === null || ev === 0) return;
      if ((ev & (LISTEN_CELL_LOCATION | LISTEN_CELL_INFO)) !== 0 && !cellAccess(c, 'listen')) return;
      if ((ev & LISTEN_CALL_STATE) !== 0 && c.api >= 31 && c.env.app.targetSdk >= 31) requirePhoneState(c, 'listen');
      if ((ev & LISTEN_SERVICE_STATE) !== 0 && c.api >= 26) requirePhoneState(c, 'listen');
      // On registration the system reports the current state once.
      deliver(c, (cc) => {
        const lis = l as JObject;
        if ((ev & LISTEN_SERVICE_STATE) !== 0) cc.call(lis, 'onServiceStateChanged', ['android.telephony.ServiceState'], [serviceState(cc, false)]);
        if ((ev & LISTEN_CALL_STATE) !== 0) cc.call(lis, 'onCallStateChanged', ['int', 'java.lang.String'], [0, '']);
        if ((ev & LISTEN_CELL_LOCATION) !== 0) {
          const cell = serving(cc);
          if (cell !== null) cc.call(lis, 'onCellLocationChanged', ['android.telephony.CellLocation'], [cellLocation(cc, cell)]);
        }
        if ((ev & LISTEN_CELL_INFO) !== 0) cc.call(lis, 'onCellInfoChanged', ['java.util.List'], [cellInfos(cc)]);
      });
    }),
    // A TelephonyCallback reports what its listener interfaces ask for; the emulator's SDK objects
    // implement none of them, so registration has nothing to deliver.
    m('public void registerTelephonyCallback(java.util.concurrent.Executor, android.telephony.TelephonyCallback)', { since: 31 }, (c, _s, [ex, cb]) => {
      if (ex === null || cb === null) c.throwNew('java.lang.IllegalArgumentException', ex === null ? 'TelephonyExecutor must be non-null' : 'TelephonyCallback must be non-null');
    }),
    m('public void registerTelephonyCallback(int, java.util.concurrent.Executor, android.telephony.TelephonyCallback)', { since: 33 }, (c, self, [, ex, cb]) =>
      c.call(self!, 'registerTelephonyCallback', ['java.util.concurrent.Executor', 'android.telephony.TelephonyCallback'], [ex, cb]),
    ),
    m('public int getCallState()', (c) => {
      if (c.api >= 31 && c.env.app.targetSdk >= 31) requirePhoneState(c, 'getCallState');
      return 0;
    }),
    m('public android.telephony.ServiceState getServiceState()', { since: 26 }, (c, self) => (c.api >= 33 ? c.call(self!, 'getServiceState', ['int'], [1]) : (requirePhoneState(c, 'getServiceState'), serviceState(c, cellAccessQuiet(c))))),
    m('public android.telephony.ServiceState getServiceState(int)', { since: 33 }, (c, _s, [include]) => {
      requirePhoneState(c, 'getServiceState');
      return serviceState(c, include !== 0 && cellAccessQuiet(c));
    }),
  ]),
  // What requestCellInfoUpdate hands to the caller's Executor.
  cls('final class android.telephony.TelephonyManager$CellInfoCallbackRunner implements java.lang.Runnable', { since: 29, file: 'TelephonyManager.java' }, [
    m('public void run()', (c, self) => {
      const st = self!.native as { cb: JObject; list: JObject };
      c.call(st.cb, 'onCellInfo', ['java.util.List'], [st.list]);
    }),
  ]),
  cls('public static abstract class android.telephony.TelephonyManager$CellInfoCallback', { since: 29, file: 'TelephonyManager.java' }, [
    m('public <init>()'),
    m('public abstract void onCellInfo(java.util.List)'),
    m('public void onError(int, java.lang.Throwable)'),
  ]),
  cls('public final class android.telephony.UiccCardInfo implements android.os.Parcelable', { since: 29 }, [
    m('public java.lang.String getIccId()', (_c, self) => (self!.native as { iccid: string | null }).iccid),
    m('public int getSlotIndex()', (_c, self) => (self!.native as { slot: number }).slot),
  ]),
  cls('public class android.telephony.PhoneStateListener', {}, [
    m('public <init>()'),
    m('public void onCallStateChanged(int, java.lang.String)'),
    m('public void onCellInfoChanged(java.util.List)'),
    m('public void onCellLocationChanged(android.telephony.CellLocation)'),
    m('public void onServiceStateChanged(android.telephony.ServiceState)'),
  ]),
  cls('public class android.telephony.TelephonyCallback', { since: 31 }, [m('public <init>()')]),
  cls('public class android.telephony.ServiceState implements android.os.Parcelable', {}, [
    m('public <init>()', (_c, self) => {
      self!.native = { state: 1, alpha: null, numeric: null, cell: null };
    }),
    m('public java.lang.String getOperatorAlphaLong()', (_c, self) => (self!.native as { alpha: string | null }).alpha),
    m('public java.lang.String getOperatorNumeric()', (_c, self) => (self!.native as { numeric: string | null }).numeric),
    m('public int getState()', (_c, self) => (self!.native as { state: number }).state),
  ]),
  cls('public abstract class android.telephony.CellLocation', {}, [m('public <init>()')]),
  cls('public class android.telephony.gsm.GsmCellLocation extends android.telephony.CellLocation', {}, [
    m('public <init>()', (c, self) => {
      c.callSpecial(self!, 'android.telephony.CellLocation', '<init>', []);
      self!.native = { lac: -1, cid: -1 };
    }),
    m('public int getCid()', (_c, self) => (self!.native as { cid: number }).cid),
    m('public int getLac()', (_c, self) => (self!.native as { lac: number }).lac),
    m('public void setLacAndCid(int, int)', (_c, self, [lac, cid]) => {
      self!.native = { lac: lac as number, cid: cid as number };
    }),
    m('public java.lang.String toString()', (_c, self) => {
      const st = self!.native as { lac: number; cid: number };
      return `[${st.lac},${st.cid},-1]`;
    }),
  ]),
  cls('public abstract class android.telephony.CellInfo implements android.os.Parcelable', {}, [
    m('public boolean isRegistered()', (_c, self) => (self!.native as { cell: CellFacts }).cell.registered),
  ]),
  cls('public final class android.telephony.CellInfoLte extends android.telephony.CellInfo implements android.os.Parcelable', {}, [
    m('public android.telephony.CellIdentityLte getCellIdentity()', (_c, self) => (self!.native as { identity: JObject }).identity),
    m('public java.lang.String toString()', (_c, self) => `CellInfoLte:{mRegistered=${(self!.native as { cell: CellFacts }).cell.registered ? 'YES' : 'NO'}}`),
  ]),
  cls('public final class android.telephony.CellInfoGsm extends android.telephony.CellInfo implements android.os.Parcelable', {}, [
    m('public android.telephony.CellIdentityGsm getCellIdentity()', (_c, self) => (self!.native as { identity: JObject }).identity),
  ]),
  cls('public final class android.telephony.CellIdentityLte implements android.os.Parcelable', {}, [
    m('public int getCi()', (_c, self) => (self!.native as CellFacts).cid),
    m('public int getMcc()', (_c, self) => (self!.native as CellFacts).mcc),
    m('public int getMnc()', (_c, self) => (self!.native as CellFacts).mnc),
    m('public int getPci()', (_c, self) => (self!.native as CellFacts).pci),
    m('public int getTac()', (_c, self) => (self!.native as CellFacts).area),
    m('public int getEarfcn()', { since: 24 }, (_c, self) => (self!.native as CellFacts).arfcn),
  ]),
  cls('public final class android.telephony.CellIdentityGsm implements android.os.Parcelable', {}, [
    m('public int getCid()', (_c, self) => (self!.native as CellFacts).cid),
    m('public int getLac()', (_c, self) => (self!.native as CellFacts).area),
    m('public int getMcc()', (_c, self) => (self!.native as CellFacts).mcc),
    m('public int getMnc()', (_c, self) => (self!.native as CellFacts).mnc),
  ]),
  cls('public class android.telephony.NeighboringCellInfo implements android.os.Parcelable', {}, [
    m('public <init>(int, int)', (_c, self, [rssi, cid]) => {
      self!.native = { rssi, cid };
    }),
    m('public int getCid()', (_c, self) => (self!.native as { cid: number }).cid),
    m('public int getRssi()', (_c, self) => (self!.native as { rssi: number }).rssi),
  ]),

  // ---- subscriptions -------------------------------------------------------------------------
  cls('public class android.telephony.SubscriptionManager', { since: 22 }, [
    m('public static android.telephony.SubscriptionManager from(android.content.Context)', (c, _s, [ctx]) => c.call(ctx as JObject, 'getSystemService', ['java.lang.String'], ['telephony_subscription_service'])),
    m('public java.util.List getActiveSubscriptionInfoList()', (c) => {
      requirePhoneState(c, 'getActiveSubscriptionInfoList');
      const d = c.env.device;
      if (d.imsi === null && d.iccid === null) return newArrayList(c, []);
      const si = c.vm.alloc(c.vm.bootClass('android.telephony.SubscriptionInfo'));
      const privileged = c.api < 29;
      const number = c.api >= 30 ? c.env.permissionGranted('android.permission.READ_PHONE_NUMBERS') : phoneNumberPermitted(c);
      si.native = { id: 1, slot: 0, iccid: privileged ? (d.iccid ?? '') : '', number: number ? (d.phoneNumber ?? '') : '', name: d.operatorName ?? '' };
      return newArrayList(c, [si]);
    }),
    m('public java.lang.String getPhoneNumber(int)', { since: 33 }, (c, self, [sub]) => c.call(self!, 'getPhoneNumber', ['int', 'int'], [sub, 1])),
    m('public java.lang.String getPhoneNumber(int, int)', { since: 33 }, (c) => {
      if (!c.env.permissionGranted('android.permission.READ_PHONE_NUMBERS')) {
        c.throwNew('java.lang.SecurityException', `getPhoneNumber: Neither user ${c.env.uid} nor current process has android.permission.READ_PHONE_NUMBERS.`);
      }
      return c.env.device.phoneNumber ?? '';
    }),
  ]),
  cls('public class android.telephony.SubscriptionInfo implements android.os.Parcelable', { since: 22 }, [
    m('public java.lang.CharSequence getDisplayName()', (_c, self) => (self!.native as { name: string }).name),
    m('public java.lang.String getIccId()', (_c, self) => (self!.native as { iccid: string }).iccid),
    m('public java.lang.String getNumber()', (_c, self) => (self!.native as { number: string }).number),
    m('public int getSimSlotIndex()', (_c, self) => (self!.native as { slot: number }).slot),
    m('public int getSubscriptionId()', (_c, self) => (self!.native as { id: number }).id),
  ]),
];

/** Cell identity in ServiceState needs location access; here without throwing. */
function cellAccessQuiet(c: Call): boolean {
  const fine = c.env.permissionGranted('android.permission.ACCESS_FINE_LOCATION');
  return fine && c.env.device.location !== null;
}

registerSystemService('phone', (c: Call): JObject => c.vm.alloc(c.vm.bootClass(TM)));
registerSystemService('telephony_subscription_service', (c: Call): JObject => c.vm.alloc(c.vm.bootClass('android.telephony.SubscriptionManager')));
