// Device, subscriber and network identifiers, and the advertising IDs that SDKs read from their own
// client libraries (GAID, Huawei/Honor OAID, the MSA OAID SDK), which ship inside the app.
import type { HookArea, HookSpec } from './types.js';

const TM = 'android.telephony.TelephonyManager';
const SM = 'android.telephony.SubscriptionManager';
const SI = 'android.telephony.SubscriptionInfo';
const WIFI = 'android.net.wifi.WifiManager';
const WINFO = 'android.net.wifi.WifiInfo';
const NI = 'java.net.NetworkInterface';
const BT = 'android.bluetooth.BluetoothAdapter';

const tm = (method: string, dataType: HookSpec['dataType'], extra: Partial<HookSpec> = {}): HookSpec => ({
  id: `telephony.${method}`,
  class: TM,
  method,
  overloads: 'all',
  kind: 'pi',
  dataType,
  extract: 'identifier-value',
  ...extra,
});

/** BluetoothProfile.getConnectedDevices() on one profile proxy class (android.bluetooth). */
function btProfile(simple: string, name: string, minApi?: number): HookSpec {
  return {
    id: `bluetoothProfile.${name}.getConnectedDevices`,
    class: `android.bluetooth.${simple}`,
    method: 'getConnectedDevices',
    overloads: 'all',
    kind: 'pi',
    dataType: 'bluetooth_address',
    extract: 'list-count',
    ...(minApi === undefined ? {} : { minApi }),
    note: 'devices connected over this profile (BluetoothProfile.getConnectedDevices, through the proxy getProfileProxy delivers)',
  };
}

export const identifiers: HookArea = {
  area: 'identifiers',
  hooks: [
    {
      id: 'settings.secure.getString',
      class: 'android.provider.Settings$Secure',
      method: 'getString',
      overloads: [['android.content.ContentResolver', 'java.lang.String']],
      kind: 'pi',
      extract: 'settings-key',
      note: 'android_id and other Secure keys; the hidden getStringForUser funnel is left alone so one read is one event',
    },
    {
      id: 'settings.system.getString',
      class: 'android.provider.Settings$System',
      method: 'getString',
      overloads: [['android.content.ContentResolver', 'java.lang.String']],
      kind: 'pi',
      extract: 'settings-key',
      note: 'legacy apps read android_id through Settings.System, which forwards it to Secure',
    },
    tm('getDeviceId', 'imei', { note: 'deprecated in API 26; throws SecurityException for normal apps since Android 10, but the call shows intent' }),
    tm('getImei', 'imei', { minApi: 26 }),
    tm('getMeid', 'meid', { minApi: 26 }),
    tm('getSubscriberId', 'imsi', { note: "'all' also covers the hidden getSubscriberId(int subId)" }),
    tm('getSimSerialNumber', 'iccid', { note: "'all' also covers the hidden getSimSerialNumber(int subId)" }),
    tm('getLine1Number', 'phone_number', { note: "'all' also covers the hidden getLine1Number(int subId)" }),
    { id: 'subscription.getActiveSubscriptionInfoList', class: SM, method: 'getActiveSubscriptionInfoList', overloads: 'all', kind: 'pi', dataType: 'iccid', minApi: 22, extract: 'subscription-list', note: 'each SubscriptionInfo carries ICCID and number' },
    { id: 'subscription.getPhoneNumber', class: SM, method: 'getPhoneNumber', overloads: 'all', kind: 'pi', dataType: 'phone_number', minApi: 33, extract: 'identifier-value' },
    { id: 'subscriptionInfo.getIccId', class: SI, method: 'getIccId', overloads: 'all', kind: 'pi', dataType: 'iccid', minApi: 22, extract: 'identifier-value' },
    { id: 'subscriptionInfo.getNumber', class: SI, method: 'getNumber', overloads: 'all', kind: 'pi', dataType: 'phone_number', minApi: 22, extract: 'identifier-value' },
    { id: 'build.getSerial', class: 'android.os.Build', method: 'getSerial', overloads: 'all', kind: 'pi', dataType: 'serial', minApi: 26, extract: 'identifier-value', note: 'Build.SERIAL is a field read and cannot be hooked; SystemProperties covers ro.serialno' },
    {
      id: 'sysprop.get',
      class: 'android.os.SystemProperties',
      method: 'get',
      overloads: 'all',
      kind: 'pi',
      hidden: { aosp: 'frameworks/base/core/java/android/os/SystemProperties.java' },
      declared: [{ params: ['java.lang.String'] }, { params: ['java.lang.String', 'java.lang.String'] }],
      extract: 'sysprop-key',
      note: 'reflection target of SDKs reading serial/IMEI properties; only identifier keys are reported (every call is counted)',
    },
    { id: 'wifiInfo.getMacAddress', class: WINFO, method: 'getMacAddress', overloads: 'all', kind: 'pi', dataType: 'mac_address', extract: 'identifier-value', note: 'returns 02:00:00:00:00:00 since Android 6, the call still shows intent' },
    { id: 'wifiInfo.getBSSID', class: WINFO, method: 'getBSSID', overloads: 'all', kind: 'pi', dataType: 'wifi_info', extract: 'identifier-value' },
    { id: 'wifiInfo.getSSID', class: WINFO, method: 'getSSID', overloads: 'all', kind: 'pi', dataType: 'wifi_info', extract: 'identifier-value' },
    { id: 'wifiInfo.getIpAddress', class: WINFO, method: 'getIpAddress', overloads: 'all', kind: 'pi', dataType: 'ip_address', extract: 'ipv4-int' },
    // A handle: the data type is decided by what is read from it (WifiInfo's getters above). The
    // call alone is recorded as an access, with no data type, so it counts as no collection.
    { id: 'wifi.getConnectionInfo', class: WIFI, method: 'getConnectionInfo', overloads: 'all', kind: 'pi', ret: false, note: 'returns a WifiInfo handle: an access; SSID/BSSID/MAC/IP count when read from it' },
    { id: 'wifi.getScanResults', class: WIFI, method: 'getScanResults', overloads: 'all', kind: 'pi', dataType: 'wifi_scan', extract: 'wifi-scan' },
    { id: 'wifi.startScan', class: WIFI, method: 'startScan', overloads: 'all', kind: 'pi', dataType: 'wifi_scan' },
    { id: 'wifi.getConfiguredNetworks', class: WIFI, method: 'getConfiguredNetworks', overloads: 'all', kind: 'pi', dataType: 'wifi_info', extract: 'list-count' },
    { id: 'wifi.getDhcpInfo', class: WIFI, method: 'getDhcpInfo', overloads: 'all', kind: 'pi', dataType: 'ip_address' },
    { id: 'netif.getHardwareAddress', class: NI, method: 'getHardwareAddress', overloads: 'all', kind: 'pi', dataType: 'mac_address', extract: 'mac-bytes' },
    { id: 'netif.getInetAddresses', class: NI, method: 'getInetAddresses', overloads: 'all', kind: 'pi', dataType: 'ip_address' },
    { id: 'bluetooth.getAddress', class: BT, method: 'getAddress', overloads: 'all', kind: 'pi', dataType: 'bluetooth_address', extract: 'identifier-value' },
    { id: 'bluetooth.getBondedDevices', class: BT, method: 'getBondedDevices', overloads: 'all', kind: 'pi', dataType: 'bluetooth_address', extract: 'list-count' },
    { id: 'bluetooth.startDiscovery', class: BT, method: 'startDiscovery', overloads: 'all', kind: 'pi', dataType: 'bluetooth_address', note: 'scan for nearby devices' },
    { id: 'bluetooth.le.startScan', class: 'android.bluetooth.le.BluetoothLeScanner', method: 'startScan', overloads: 'all', kind: 'pi', dataType: 'bluetooth_address', note: 'BLE scan for nearby devices (beacons are a location proxy)' },
    // Device IDs that replace the IMEI: the Widevine device ID is stable across apps and resets,
    // and needs no permission (MediaDrm(WIDEVINE_UUID).getPropertyByteArray("deviceUniqueId")).
    { id: 'mediaDrm.getPropertyByteArray', class: 'android.media.MediaDrm', method: 'getPropertyByteArray', overloads: 'all', kind: 'pi', dataType: 'drm_id', extract: 'drm-property', note: 'only deviceUniqueId and provisioningUniqueId are reported (other properties are counted)' },
    {
      id: 'mediaDrm.getPropertyString',
      class: 'android.media.MediaDrm',
      method: 'getPropertyString',
      overloads: 'all',
      kind: 'pi',
      dataType: 'drm_id',
      extract: 'drm-property',
      note: 'decided by the property name: deviceUniqueId and provisioningUniqueId identify the device and are reported; vendor, version, description, algorithms, securityLevel and systemId describe the plugin or the model and are only counted',
    },
    {
      id: 'settings.global.getString',
      class: 'android.provider.Settings$Global',
      method: 'getString',
      overloads: [['android.content.ContentResolver', 'java.lang.String']],
      kind: 'pi',
      extract: 'settings-key',
      note: 'device_name (the user-given device name, often the owner\'s name) and bluetooth_name',
    },
    // SIM and carrier: each its own data type so the declared lists can name it.
    tm('getSimOperator', 'sim_operator', { note: "MCC+MNC of the SIM; 'all' also covers the hidden (int subId) form" }),
    tm('getSimOperatorName', 'sim_operator'),
    tm('getNetworkOperator', 'network_operator', { note: 'MCC+MNC of the registered network' }),
    tm('getNetworkOperatorName', 'network_operator'),
    tm('getSimCountryIso', 'country_code'),
    tm('getNetworkCountryIso', 'country_code', { note: 'getNetworkCountryIso(int slotIndex) is public from API 30' }),
    tm('getDeviceSoftwareVersion', 'software_version', { note: 'IMEI SV; READ_PHONE_STATE' }),
    tm('getNai', 'imsi', { minApi: 28, note: 'Network Access Identifier: the subscriber identity (usually IMSI@realm); privileged since Android 10' }),
    { id: 'uicc.getIccId', class: 'android.telephony.UiccCardInfo', method: 'getIccId', overloads: 'all', kind: 'pi', dataType: 'iccid', minApi: 29, extract: 'identifier-value', note: 'TelephonyManager.getUiccCardsInfo() entries' },
    // Nearby devices and network identity.
    { id: 'bluetooth.getName', class: BT, method: 'getName', overloads: 'all', kind: 'pi', dataType: 'device_name', extract: 'identifier-value', note: "the adapter's name is the device name users set" },
    { id: 'bluetoothDevice.getAddress', class: 'android.bluetooth.BluetoothDevice', method: 'getAddress', overloads: 'all', kind: 'pi', dataType: 'bluetooth_address', extract: 'identifier-value', note: 'addresses of paired and nearby devices (a location and social-graph proxy)' },
    { id: 'bluetoothDevice.getName', class: 'android.bluetooth.BluetoothDevice', method: 'getName', overloads: 'all', kind: 'pi', dataType: 'bluetooth_address', extract: 'identifier-value' },
    { id: 'bluetoothManager.getConnectedDevices', class: 'android.bluetooth.BluetoothManager', method: 'getConnectedDevices', overloads: 'all', kind: 'pi', dataType: 'bluetooth_address', extract: 'list-count', note: 'GATT/GATT_SERVER profiles (BluetoothGatt/BluetoothGattServer.getConnectedDevices throw UnsupportedOperationException and point here)' },
    // BluetoothProfile.getConnectedDevices is an interface method: hooking the interface changes no
    // implementation, so each profile proxy an app gets from BluetoothAdapter.getProfileProxy is
    // hooked by its own class.
    btProfile('BluetoothA2dp', 'a2dp'),
    btProfile('BluetoothHeadset', 'headset'),
    btProfile('BluetoothHidDevice', 'hidDevice', 28),
    btProfile('BluetoothHearingAid', 'hearingAid', 29),
    btProfile('BluetoothLeAudio', 'leAudio', 31),
    { id: 'connectivity.getLinkProperties', class: 'android.net.ConnectivityManager', method: 'getLinkProperties', overloads: 'all', kind: 'pi', dataType: 'ip_address', note: 'interface name, addresses, DNS servers and routes of a network' },
    { id: 'netif.getNetworkInterfaces', class: NI, method: 'getNetworkInterfaces', overloads: 'all', kind: 'pi', dataType: 'mac_address', extract: 'list-count', note: 'the usual first step to a MAC address (then getHardwareAddress)' },
    { id: 'dpm.getWifiMacAddress', class: 'android.app.admin.DevicePolicyManager', method: 'getWifiMacAddress', overloads: 'all', kind: 'pi', dataType: 'mac_address', minApi: 24, extract: 'identifier-value', note: 'device owners only; others get a SecurityException, the call still shows intent' },
    {
      id: 'gaid.getAdvertisingIdInfo',
      class: 'com.google.android.gms.ads.identifier.AdvertisingIdClient',
      method: 'getAdvertisingIdInfo',
      overloads: 'all',
      kind: 'pi',
      dataType: 'advertising_id',
      loader: 'app',
      declared: [{ params: ['android.content.Context'] }],
      extract: 'ad-id-info',
      note: 'play-services-ads-identifier, inside the app',
    },
    {
      id: 'gaid.Info.getId',
      class: 'com.google.android.gms.ads.identifier.AdvertisingIdClient$Info',
      method: 'getId',
      overloads: 'all',
      kind: 'pi',
      dataType: 'advertising_id',
      loader: 'app',
      declared: [{ params: [] }],
      extract: 'identifier-value',
    },
    {
      id: 'hms.oaid.getAdvertisingIdInfo',
      class: 'com.huawei.hms.ads.identifier.AdvertisingIdClient',
      method: 'getAdvertisingIdInfo',
      overloads: 'all',
      kind: 'pi',
      dataType: 'oaid',
      loader: 'app',
      declared: [{ params: ['android.content.Context'] }],
      extract: 'ad-id-info',
      note: 'Huawei HMS ads-identifier SDK (OAID)',
    },
    {
      id: 'hms.oaid.Info.getId',
      class: 'com.huawei.hms.ads.identifier.AdvertisingIdClient$Info',
      method: 'getId',
      overloads: 'all',
      kind: 'pi',
      dataType: 'oaid',
      loader: 'app',
      declared: [{ params: [] }],
      extract: 'identifier-value',
    },
    {
      id: 'honor.oaid.getAdvertisingIdInfo',
      class: 'com.hihonor.ads.identifier.AdvertisingIdClient',
      method: 'getAdvertisingIdInfo',
      overloads: 'all',
      kind: 'pi',
      dataType: 'oaid',
      loader: 'app',
      declared: [{ params: ['android.content.Context'] }],
      extract: 'ad-id-info',
      note: 'Honor ads-identifier SDK (OAID)',
    },
    {
      id: 'msa.oaid.InitSdk',
      class: 'com.bun.miitmdid.core.MdidSdkHelper',
      method: 'InitSdk',
      overloads: 'all',
      kind: 'pi',
      dataType: 'oaid',
      loader: 'app',
      declared: [
        { params: ['android.content.Context', 'boolean', 'com.bun.miitmdid.interfaces.IIdentifierListener'] },
        { params: ['android.content.Context', 'boolean', 'boolean', 'boolean', 'boolean', 'com.bun.miitmdid.interfaces.IIdentifierListener'] },
      ],
      args: [1],
      note: 'China Academy of ICT MSA SDK: the OAID arrives later through the listener (an interface, not hookable generically)',
    },
  ],
};
