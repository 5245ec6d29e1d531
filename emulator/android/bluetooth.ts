// Bluetooth. The adapter's own address is 02:00:00:00:00:00 for apps since Android 6. Access by
// release: BLUETOOTH / BLUETOOTH_ADMIN (install-time) before Android 12; from 12, apps targeting 31+
// need BLUETOOTH_CONNECT (address, bonded devices) and BLUETOOTH_SCAN (discovery, LE scans).
// Discovery and scan results need a location permission before Android 12. No nearby devices are
// modelled: scans start and find nothing.
import type { JObject } from '../java/heap.js';
import { cls, f, m, type Call, type ClassSpec } from '../java/model.js';
import { registerSystemService } from './content.js';
import { hasLocationPermission, newArrayList } from './support.js';
import { unmodifiableSet } from './util.js';

const BA = 'android.bluetooth.BluetoothAdapter';

/**
 * The Bluetooth service's permission refusal for one call, as far as its text is pinned (ledger
 * android.bluetooth.permissionTexts). Before Android 12 the services call
 * enforceCallingOrSelfPermission(BLUETOOTH, "Need BLUETOOTH permission") or (BLUETOOTH_ADMIN,
 * "Need BLUETOOTH ADMIN permission"), whose text ContextImpl completes with ": Neither user <uid>
 * nor current process has <permission>."; `legacy` null: this call's message is not pinned. From
 * Android 12, for apps targeting 31+, Utils.checkPermissionForDataDelivery throws "Need
 * <permission> permission for " + attributionSource + ": " + message, the AttributionSource printed
 * by Object.toString on a user build (its detailed form is for debuggable builds only); `modern`
 * null: the message is not pinned. An app targeting 30 or lower on Android 12+ keeps BLUETOOTH /
 * BLUETOOTH_ADMIN; its refusal text is not pinned either. Unpinned refusals fail loudly.
 */
interface BtCall {
  /** The service's message after the AttributionSource (Android 12+, apps targeting 31+), or null. */
  modern: string | null;
  /** The enforceCallingOrSelfPermission message before Android 12, or null. */
  legacy: 'Need BLUETOOTH permission' | 'Need BLUETOOTH ADMIN permission' | null;
}

const BT: Readonly<Record<string, BtCall>> = {
  'BluetoothAdapter.getAddress': { modern: null, legacy: 'Need BLUETOOTH permission' },
  'BluetoothAdapter.getBondedDevices': { modern: 'AdapterService getBondedDevices', legacy: 'Need BLUETOOTH permission' },
  'BluetoothAdapter.getName': { modern: null, legacy: 'Need BLUETOOTH permission' },
  'BluetoothAdapter.startDiscovery': { modern: null, legacy: 'Need BLUETOOTH ADMIN permission' },
  'BluetoothDevice.getName': { modern: null, legacy: 'Need BLUETOOTH permission' },
  'BluetoothProfile.getConnectedDevices': { modern: null, legacy: 'Need BLUETOOTH permission' },
  'BluetoothManager.getConnectedDevices': { modern: null, legacy: null },
  'BluetoothLeScanner.startScan': { modern: null, legacy: null },
};

function enforce(c: Call, modern: 'BLUETOOTH_CONNECT' | 'BLUETOOTH_SCAN', legacy: 'BLUETOOTH' | 'BLUETOOTH_ADMIN', what: keyof typeof BT): void {
  const texts = BT[what]!;
  if (c.api >= 31 && c.env.app.targetSdk >= 31) {
    const perm = `android.permission.${modern}`;
    if (c.env.permissionGranted(perm)) return;
    if (texts.modern === null) throw new Error(`emulator: ${what} without ${perm} on Android 12+: the Bluetooth service's refusal message for this call is not pinned`);
    c.throwNew('java.lang.SecurityException', `Need ${perm} permission for android.content.AttributionSource@${attributionSourceHash(c)}: ${texts.modern}`);
  }
  const perm = `android.permission.${legacy}`;
  if (c.env.permissionGranted(perm)) return;
  if (c.api >= 31) throw new Error(`emulator: ${what} without ${perm} by an app targeting ${c.env.app.targetSdk} on Android 12+: the refusal text is not pinned`);
  if (texts.legacy === null) throw new Error(`emulator: ${what} without ${perm} before Android 12: the service's enforce message for this call is not pinned`);
  c.throwNew('java.lang.SecurityException', `${texts.legacy}: Neither user ${c.env.uid} nor current process has ${perm}.`);
}

/** Object.hashCode of the AttributionSource the service received, as Integer.toHexString: synthetic, stable per process. */
function attributionSourceHash(c: Call): string {
  return (Math.imul(c.env.pid ^ 0x5bd1e995, 0x9e3779b1) >>> 0).toString(16);
}

/**
 * Profile proxies an app can get from getProfileProxy (BluetoothProfile constants HEADSET 1, A2DP 2,
 * HID_DEVICE 19, HEARING_AID 21, LE_AUDIO 22), each implementing getConnectedDevices().
 */
const PROFILES: readonly { simple: string; profile: number; since?: number }[] = [
  { simple: 'BluetoothHeadset', profile: 1 },
  { simple: 'BluetoothA2dp', profile: 2 },
  { simple: 'BluetoothHidDevice', profile: 19, since: 28 },
  { simple: 'BluetoothHearingAid', profile: 21, since: 29 },
  { simple: 'BluetoothLeAudio', profile: 22, since: 31 },
];

/**
 * A proxy's getConnectedDevices(): the Bluetooth service enforces BLUETOOTH (BLUETOOTH_CONNECT from
 * Android 12 for apps targeting 31+) and answers the devices connected over the profile; none are
 * modelled, so the list is empty.
 */
function connectedDevices() {
  return m('public java.util.List getConnectedDevices()', (c) => {
    enforce(c, 'BLUETOOTH_CONNECT', 'BLUETOOTH', 'BluetoothProfile.getConnectedDevices');
    return newArrayList(c, []);
  });
}

function adapter(c: Call): JObject | null {
  if (c.env.device.bluetooth === null) return null;
  return c.vm.alloc(c.vm.bootClass(BA));
}

export const bluetooth: readonly ClassSpec[] = [
  cls('public final class android.bluetooth.BluetoothAdapter', {}, [
    m('public static synchronized android.bluetooth.BluetoothAdapter getDefaultAdapter()', (c) => adapter(c)),
    m('public java.lang.String getAddress()', (c) => {
      enforce(c, 'BLUETOOTH_CONNECT', 'BLUETOOTH', 'BluetoothAdapter.getAddress');
      return '02:00:00:00:00:00';
    }),
    m('public android.bluetooth.le.BluetoothLeScanner getBluetoothLeScanner()', (c) => c.vm.alloc(c.vm.bootClass('android.bluetooth.le.BluetoothLeScanner'))),
    m('public java.util.Set getBondedDevices()', (c) => {
      enforce(c, 'BLUETOOTH_CONNECT', 'BLUETOOTH', 'BluetoothAdapter.getBondedDevices');
      return unmodifiableSet(
        c,
        (c.env.device.bluetooth?.bonded ?? []).map((d) => {
          const o = c.vm.alloc(c.vm.bootClass('android.bluetooth.BluetoothDevice'));
          o.native = d;
          return o;
        }),
      );
    }),
    m('public java.lang.String getName()', (c) => {
      enforce(c, 'BLUETOOTH_CONNECT', 'BLUETOOTH', 'BluetoothAdapter.getName');
      return c.env.device.bluetooth?.name ?? null;
    }),
    m('public boolean isEnabled()', (c) => c.env.device.bluetooth !== null),
    // getProfileProxy: false for a null context or listener and for a profile the release has no
    // proxy for; otherwise the proxy is built and bound to the Bluetooth service, and
    // listener.onServiceConnected(profile, proxy) runs on the main thread once it is bound
    // (android.bluetooth.profileProxy).
    m('public boolean getProfileProxy(android.content.Context, android.bluetooth.BluetoothProfile$ServiceListener, int)', (c, _s, [context, listener, profile]) => {
      if (context === null || listener === null) return false;
      const p = PROFILES.find((x) => x.profile === profile && (x.since === undefined || c.api >= x.since));
      if (p === undefined) return false;
      const proxy = c.vm.alloc(c.vm.bootClass(`android.bluetooth.${p.simple}`));
      const vm = c.vm;
      c.env.post(c.env.mainThread, 0, () => {
        vm.callFor(vm.current).call(listener as JObject, 'onServiceConnected', ['int', 'android.bluetooth.BluetoothProfile'], [p.profile, proxy]);
      });
      return true;
    }),
    m('public boolean startDiscovery()', (c) => {
      enforce(c, 'BLUETOOTH_SCAN', 'BLUETOOTH_ADMIN', 'BluetoothAdapter.startDiscovery');
      return c.api >= 31 || hasLocationPermission(c);
    }),
  ]),
  cls('public final class android.bluetooth.BluetoothManager', {}, [
    m('public android.bluetooth.BluetoothAdapter getAdapter()', (c) => adapter(c)),
    // BluetoothManager.getConnectedDevices(profile): GATT (7) or GATT_SERVER (8) only
    // (IllegalArgumentException otherwise); no GATT connections are modelled.
    m('public java.util.List getConnectedDevices(int)', (c, _s, [profile]) => {
      if (profile !== 7 && profile !== 8) c.throwNew('java.lang.IllegalArgumentException', `Profile not supported: ${String(profile)}`);
      enforce(c, 'BLUETOOTH_CONNECT', 'BLUETOOTH', 'BluetoothManager.getConnectedDevices');
      return newArrayList(c, []);
    }),
  ]),
  // ---- profile proxies (frameworks/base/core/java/android/bluetooth/BluetoothAdapter.java
  // getProfileProxy; packages/modules/Bluetooth/framework/java/android/bluetooth/ from Android 13).
  cls('public interface android.bluetooth.BluetoothProfile', {}, [m('public abstract java.util.List getConnectedDevices()')]),
  cls('public static interface android.bluetooth.BluetoothProfile$ServiceListener', { file: 'BluetoothProfile.java' }, [
    m('public abstract void onServiceConnected(int, android.bluetooth.BluetoothProfile)'),
    m('public abstract void onServiceDisconnected(int)'),
  ]),
  ...PROFILES.map((p) => cls(`public final class android.bluetooth.${p.simple} implements android.bluetooth.BluetoothProfile`, p.since === undefined ? {} : { since: p.since }, [connectedDevices()])),
  cls('public final class android.bluetooth.BluetoothDevice implements android.os.Parcelable', {}, [
    m('public java.lang.String getAddress()', (_c, self) => (self!.native as { address: string }).address),
    m('public java.lang.String getName()', (c, self) => {
      enforce(c, 'BLUETOOTH_CONNECT', 'BLUETOOTH', 'BluetoothDevice.getName');
      return (self!.native as { name: string }).name;
    }),
    m('public java.lang.String toString()', (_c, self) => (self!.native as { address: string }).address),
  ]),
  cls('public final class android.bluetooth.le.BluetoothLeScanner', {}, [
    m('public void startScan(android.bluetooth.le.ScanCallback)', (c, self, [cb]) =>
      c.call(self!, 'startScan', ['java.util.List', 'android.bluetooth.le.ScanSettings', 'android.bluetooth.le.ScanCallback'], [null, c.call(c.newObject('android.bluetooth.le.ScanSettings$Builder'), 'build'), cb]),
    ),
    m('public void startScan(java.util.List, android.bluetooth.le.ScanSettings, android.bluetooth.le.ScanCallback)', (c, _s, [, , cb]) => {
      if (cb === null) c.throwNew('java.lang.IllegalArgumentException', 'callback is null');
      enforce(c, 'BLUETOOTH_SCAN', 'BLUETOOTH_ADMIN', 'BluetoothLeScanner.startScan');
    }),
    m('public int startScan(java.util.List, android.bluetooth.le.ScanSettings, android.app.PendingIntent)', { since: 26 }, (c, _s, [, , pi]) => {
      if (pi === null) c.throwNew('java.lang.IllegalArgumentException', 'callbackIntent is null');
      enforce(c, 'BLUETOOTH_SCAN', 'BLUETOOTH_ADMIN', 'BluetoothLeScanner.startScan');
      return 0;
    }),
    m('public void stopScan(android.bluetooth.le.ScanCallback)'),
  ]),
  cls('public abstract class android.bluetooth.le.ScanCallback', {}, [
    f('public static final int SCAN_FAILED_INTERNAL_ERROR', { value: 3 }),
    m('public <init>()'),
    m('public void onScanFailed(int)'),
  ]),
  cls('public final class android.bluetooth.le.ScanSettings implements android.os.Parcelable', {}, []),
  cls('public static final class android.bluetooth.le.ScanSettings$Builder', { file: 'ScanSettings.java' }, [
    m('public <init>()'),
    m('public android.bluetooth.le.ScanSettings build()', (c) => c.vm.alloc(c.vm.bootClass('android.bluetooth.le.ScanSettings'))),
  ]),
];

registerSystemService('bluetooth', (c: Call): JObject => c.vm.alloc(c.vm.bootClass('android.bluetooth.BluetoothManager')));
