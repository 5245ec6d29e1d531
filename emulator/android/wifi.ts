// Wi-Fi: WifiManager and the WifiInfo it returns. What an app may see changed over releases:
//  - getMacAddress() answers 02:00:00:00:00:00 since Android 6 (the real MAC needs LOCAL_MAC_ADDRESS);
//  - SSID and BSSID of the connection need a location permission (ACCESS_FINE_LOCATION for apps
//    targeting Android 10+) and location turned on since Android 9, else "<unknown ssid>" and
//    02:00:00:00:00:00; from Android 10 a while-in-use grant counts only while the app is in
//    front or runs a location foreground service (location.ts locationOpAllowedNow);
//  - scan results need ACCESS_WIFI_STATE and a location permission (empty list otherwise);
//  - getConfiguredNetworks() returns an empty list to normal apps since Android 10.
// Calls without ACCESS_WIFI_STATE throw the service's SecurityException.
import type { JObject } from '../java/heap.js';
import { cls, f, m, type Call, type ClassSpec } from '../java/model.js';
import { registerSystemService } from './content.js';
import { locationOpAllowedNow } from './location.js';
import { newArrayList } from './support.js';

const WM = 'android.net.wifi.WifiManager';
const WI = 'android.net.wifi.WifiInfo';
export const UNKNOWN_SSID = '<unknown ssid>';
export const DEFAULT_MAC = '02:00:00:00:00:00';

function requireWifiState(c: Call, op: string): void {
  if (!c.env.permissionGranted('android.permission.ACCESS_WIFI_STATE')) {
    c.throwNew('java.lang.SecurityException', `WifiService: Neither user ${c.env.uid} nor current process has android.permission.ACCESS_WIFI_STATE.`);
  }
  void op;
}

/** A location permission good enough for Wi-Fi data at this level, and location turned on. */
export function wifiLocationAllowed(c: Call): boolean {
  if (c.env.device.location === null) return false;
  const fine = c.env.permissionGranted('android.permission.ACCESS_FINE_LOCATION');
  const coarse = c.env.permissionGranted('android.permission.ACCESS_COARSE_LOCATION');
  if (c.api >= 29 && !locationOpAllowedNow(c)) return false;
  if (c.api >= 29 && c.env.app.targetSdk >= 29) return fine;
  return fine || coarse;
}

/** IPv4 as WifiInfo/DhcpInfo store it: an int in network byte order read as little-endian. */
export function ipv4Int(ip: string): number {
  const p = ip.split('.').map(Number);
  return (p[0]! | (p[1]! << 8) | (p[2]! << 16) | (p[3]! << 24)) | 0;
}

interface InfoState {
  ssid: string;
  bssid: string | null;
  ip: number;
  rssi: number;
  frequency: number;
}

function info(self: JObject | null): InfoState {
  return (self as JObject).native as InfoState;
}

function connectionInfo(c: Call): JObject {
  const w = c.env.device.wifi;
  const o = c.vm.alloc(c.vm.bootClass(WI));
  const allowed = c.api < 28 || wifiLocationAllowed(c);
  o.native =
    w === null
      ? ({ ssid: UNKNOWN_SSID, bssid: null, ip: 0, rssi: -127, frequency: -1 } satisfies InfoState)
      : ({ ssid: allowed ? `"${w.ssid}"` : UNKNOWN_SSID, bssid: allowed ? w.bssid : DEFAULT_MAC, ip: ipv4Int(w.ip), rssi: w.rssi, frequency: w.frequency } satisfies InfoState);
  return o;
}

export const wifi: readonly ClassSpec[] = [
  cls('public class android.net.wifi.WifiManager', {}, [
    f('public static final java.lang.String SCAN_RESULTS_AVAILABLE_ACTION', { value: 'android.net.wifi.SCAN_RESULTS' }),
    m('public android.net.wifi.WifiInfo getConnectionInfo()', (c) => {
      requireWifiState(c, 'getConnectionInfo');
      return connectionInfo(c);
    }),
    m('public java.util.List getScanResults()', (c) => {
      requireWifiState(c, 'getScanResults');
      const w = c.env.device.wifi;
      if (w === null || !wifiLocationAllowed(c)) return newArrayList(c, []);
      return newArrayList(
        c,
        w.scan.map((s) => {
          // Built by the system (Parcelable); the public constructor only exists since API 30.
          const r = c.vm.alloc(c.vm.bootClass('android.net.wifi.ScanResult'));
          c.set(r, 'SSID', s.ssid);
          c.set(r, 'BSSID', s.bssid);
          c.set(r, 'level', s.level);
          c.set(r, 'frequency', s.frequency);
          c.set(r, 'capabilities', '[WPA2-PSK-CCMP][RSN-PSK-CCMP][ESS]');
          c.set(r, 'timestamp', BigInt(Math.floor(c.env.uptime()) * 1000 - 3_000_000));
          return r;
        }),
      );
    }),
    m('public boolean startScan()', (c) => {
      if (!c.env.permissionGranted('android.permission.CHANGE_WIFI_STATE')) {
        c.throwNew('java.lang.SecurityException', `WifiService: Neither user ${c.env.uid} nor current process has android.permission.CHANGE_WIFI_STATE.`);
      }
      // A scan needs a location permission too; without it the request is refused (false).
      return c.env.device.wifi !== null && wifiLocationAllowed(c);
    }),
    m('public java.util.List getConfiguredNetworks()', (c) => {
      requireWifiState(c, 'getConfiguredNetworks');
      const w = c.env.device.wifi;
      if (c.api >= 29 || w === null || !wifiLocationAllowed(c)) return newArrayList(c, []);
      const cfg = c.newObject('android.net.wifi.WifiConfiguration');
      c.set(cfg, 'SSID', `"${w.ssid}"`);
      c.set(cfg, 'networkId', 0);
      return newArrayList(c, [cfg]);
    }),
    m('public android.net.DhcpInfo getDhcpInfo()', (c) => {
      requireWifiState(c, 'getDhcpInfo');
      const w = c.env.device.wifi;
      const d = c.newObject('android.net.DhcpInfo');
      if (w !== null) {
        c.set(d, 'ipAddress', ipv4Int(w.ip));
        c.set(d, 'gateway', ipv4Int(w.gateway));
        c.set(d, 'netmask', ipv4Int('255.255.255.0'));
        c.set(d, 'dns1', ipv4Int(w.dns));
        c.set(d, 'serverAddress', ipv4Int(w.gateway));
        c.set(d, 'leaseDuration', 86400);
      }
      return d;
    }),
    m('public boolean isWifiEnabled()', (c) => c.env.device.wifi !== null),
  ]),
  cls('public class android.net.wifi.WifiInfo implements android.os.Parcelable', {}, [
    m('public java.lang.String getBSSID()', (_c, self) => info(self).bssid),
    m('public int getFrequency()', (_c, self) => info(self).frequency),
    m('public int getIpAddress()', (_c, self) => info(self).ip),
    // Fixed since Android 6 for every app without the system-only LOCAL_MAC_ADDRESS permission.
    m('public java.lang.String getMacAddress()', () => DEFAULT_MAC),
    m('public int getRssi()', (_c, self) => info(self).rssi),
    m('public java.lang.String getSSID()', (_c, self) => info(self).ssid),
    m('public java.lang.String toString()', (_c, self) => {
      const x = info(self);
      return `SSID: ${x.ssid}, BSSID: ${x.bssid ?? '<none>'}, MAC: ${DEFAULT_MAC}, RSSI: ${x.rssi}, Frequency: ${x.frequency}MHz`;
    }),
  ]),
  cls('public class android.net.wifi.ScanResult implements android.os.Parcelable', {}, [
    f('public java.lang.String BSSID'),
    f('public java.lang.String SSID'),
    f('public java.lang.String capabilities'),
    f('public int frequency'),
    f('public int level'),
    f('public long timestamp'),
    m('public <init>()', { since: 30 }),
    m('public java.lang.String toString()', (c, self) => `SSID: ${String(c.get(self!, 'SSID'))}, BSSID: ${String(c.get(self!, 'BSSID'))}, level: ${String(c.get(self!, 'level'))}, frequency: ${String(c.get(self!, 'frequency'))}`),
  ]),
  cls('public class android.net.wifi.WifiConfiguration implements android.os.Parcelable', {}, [
    f('public java.lang.String SSID'),
    f('public int networkId'),
    m('public <init>()'),
  ]),
  cls('public class android.net.DhcpInfo implements android.os.Parcelable', {}, [
    f('public int dns1'),
    f('public int dns2'),
    f('public int gateway'),
    f('public int ipAddress'),
    f('public int leaseDuration'),
    f('public int netmask'),
    f('public int serverAddress'),
    m('public <init>()'),
    m('public java.lang.String toString()', (c, self) => {
      const ip = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff].join('.');
      return `ipaddr ${ip(c.get(self!, 'ipAddress') as number)} gateway ${ip(c.get(self!, 'gateway') as number)} netmask ${ip(c.get(self!, 'netmask') as number)} dns1 ${ip(c.get(self!, 'dns1') as number)} dns2 0.0.0.0 DHCP server ${ip(c.get(self!, 'serverAddress') as number)} lease ${String(c.get(self!, 'leaseDuration'))} seconds`;
    }),
  ]),
];

registerSystemService('wifi', (c: Call): JObject => c.vm.alloc(c.vm.bootClass(WM)));
