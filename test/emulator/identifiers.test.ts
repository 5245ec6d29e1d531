// Device identifiers on a phone are refused per release and target SDK (conformance:
// android.identifiers.readDeviceIdentifiers, android.location.foregroundOnly,
// android.pm.packageVisibility, android.settings.ssaid, android.hardwareId.defaultMac,
// android.clipboard.focusOnly, android.accounts.visibility). An SDK reads Build.getSerial() and the IMEI under
// the real agent bundle; the test reads what the hooks saw returned or thrown, so a model that
// hands out an identifier a phone would refuse, or refuses with other words, fails here.
import { describe, expect, it } from 'vitest';
import type { Action, Scenario } from '../../emulator/scenario/schema.js';
import { traceScenario, type Trace } from './trace.js';

const PKG = 'com.example.ids';

function scenario(api: number, target: number, phoneState: boolean): Scenario {
  return {
    name: `identifiers at API ${api}`,
    device: { apiLevel: api, imei: ['861234567890123'], androidId: '9774d56d682e549c', serial: 'R58M12ABCDE' },
    app: {
      package: PKG,
      targetSdk: target,
      permissions: phoneState ? { 'android.permission.READ_PHONE_STATE': 'granted' } : {},
      launcher: { class: `${PKG}.MainActivity` },
      sdks: [{ id: 'ids', name: 'ID SDK', packages: ['com.sdk.ids'] }],
    },
    timeline: [
      { at: 0, type: 'launch' },
      {
        at: 1000,
        type: 'run',
        task: 'com.sdk.ids.Collect',
        do: [
          { call: 'android.os.Build.getSerial()', args: [] },
          { call: 'android.telephony.TelephonyManager.getImei()', args: [], on: { call: 'android.content.Context.getSystemService(java.lang.String)', args: ['phone'], on: '$context' } },
        ] as Action[],
      },
      { at: 2000, type: 'end' },
    ],
  } as Scenario;
}

async function run(api: number, target: number, phoneState: boolean): Promise<Trace> {
  return traceScenario(scenario(api, target, phoneState), { apiLevel: api });
}

/** [returned, thrown] of the outermost call of a hook. */
function outcome(t: Trace, hook: string): [unknown, string | null] {
  const e = t.events.find((x) => x.hook === hook);
  expect(e, hook).toBeDefined();
  return [e!.ret ?? null, e!.thrown ?? null];
}

describe('android.identifiers.readDeviceIdentifiers: Build.getSerial and TelephonyManager identifiers by release and target SDK', () => {
  it('Android 8: READ_PHONE_STATE gives the serial; without it getSerial has its own text', async () => {
    const granted = await run(27, 27, true);
    expect(granted.errors).toEqual([]);
    expect(outcome(granted, 'build.getSerial')).toEqual(['R58M12ABCDE', null]);
    const denied = await run(27, 27, false);
    expect(outcome(denied, 'build.getSerial')).toEqual([null, 'java.lang.SecurityException: getSerial requires READ_PHONE_STATE or READ_PRIVILEGED_PHONE_STATE permission']);
  });

  it('Android 10+: apps targeting 28 or lower with READ_PHONE_STATE get "unknown" and a null IMEI; others a SecurityException', async () => {
    const legacy = await run(29, 28, true);
    expect(outcome(legacy, 'build.getSerial')).toEqual(['unknown', null]);
    expect(outcome(legacy, 'telephony.getImei')[1]).toBeNull();
    const modern = await run(29, 29, true);
    expect(outcome(modern, 'build.getSerial')).toEqual([null, expect.stringMatching(/^java\.lang\.SecurityException: getSerial: The user \d+ does not meet the requirements to access device identifiers\.$/)]);
    // Android 11 still says "The user"; 13 and later "The uid".
    const eleven = await run(30, 30, true);
    expect(outcome(eleven, 'telephony.getImei')).toEqual([null, expect.stringMatching(/^java\.lang\.SecurityException: getImeiForSlot: The user \d+ does not meet the requirements to access device identifiers\.$/)]);
    const thirteen = await run(33, 33, true);
    expect(outcome(thirteen, 'telephony.getImei')).toEqual([null, expect.stringMatching(/^java\.lang\.SecurityException: getImeiForSlot: The uid \d+ does not meet the requirements to access device identifiers\.$/)]);
  });

  it('Android 12 (API 31) still says "The user"; 12L (API 32) already "The uid"', async () => {
    const twelve = await run(31, 31, true);
    expect(twelve.errors).toEqual([]);
    expect(outcome(twelve, 'telephony.getImei')).toEqual([null, expect.stringMatching(/^java\.lang\.SecurityException: getImeiForSlot: The user \d+ does not meet the requirements to access device identifiers\.$/)]);
    expect(outcome(twelve, 'build.getSerial')).toEqual([null, expect.stringMatching(/^java\.lang\.SecurityException: getSerial: The user \d+ does not meet/)]);
    const twelveL = await run(32, 32, true);
    expect(twelveL.errors).toEqual([]);
    expect(outcome(twelveL, 'telephony.getImei')).toEqual([null, expect.stringMatching(/^java\.lang\.SecurityException: getImeiForSlot: The uid \d+ does not meet the requirements to access device identifiers\.$/)]);
  });

  it('Android 9 without READ_PHONE_STATE: getSerial refuses with Android 8\'s text', async () => {
    const t = await run(28, 28, false);
    expect(t.errors).toEqual([]);
    expect(outcome(t, 'build.getSerial')).toEqual([null, 'java.lang.SecurityException: getSerial requires READ_PHONE_STATE or READ_PRIVILEGED_PHONE_STATE permission']);
  });
});

/** Reads the connection's BSSID and the last known location in front (t=1000) and after the user went home (t=3000). */
function wifiScenario(permissions: string[]): Scenario {
  const bssid = [
    { call: 'android.net.wifi.WifiInfo.getBSSID()', args: [], on: { call: 'android.net.wifi.WifiManager.getConnectionInfo()', args: [], on: { call: 'android.content.Context.getSystemService(java.lang.String)', args: ['wifi'], on: '$context' } } },
    { call: 'android.location.LocationManager.getLastKnownLocation(java.lang.String)', args: ['network'], on: { call: 'android.content.Context.getSystemService(java.lang.String)', args: ['location'], on: '$context' } },
  ];
  return {
    name: 'wifi in front and behind',
    device: { apiLevel: 29, imei: ['861234567890123'], androidId: '9774d56d682e549c', wifi: { ssid: 'Home', bssid: 'a4:56:02:3c:7e:10', mac: '3c:28:6d:11:22:33', ip: '192.168.1.23', rssi: -55, frequency: 5180 }, location: { latitude: 31.23, longitude: 121.47 } },
    app: {
      package: PKG,
      targetSdk: 29,
      permissions: Object.fromEntries(['ACCESS_WIFI_STATE', ...permissions].map((p) => [`android.permission.${p}`, 'granted'])),
      launcher: { class: `${PKG}.MainActivity` },
      sdks: [{ id: 'ids', name: 'ID SDK', packages: ['com.sdk.ids'] }],
    },
    timeline: [
      { at: 0, type: 'launch' },
      { at: 1000, type: 'run', task: 'com.sdk.ids.Front', do: bssid as Action[] },
      { at: 2000, type: 'background' },
      { at: 3000, type: 'run', task: 'com.sdk.ids.Behind', do: bssid as Action[] },
      { at: 4000, type: 'end' },
    ],
  } as Scenario;
}

describe('android.location.foregroundOnly: Android 10+ Wi-Fi location data follows the location app-op', () => {
  it('a while-in-use location grant gives the BSSID and the last location in front, the default MAC and null behind; ACCESS_BACKGROUND_LOCATION gives them behind too', async () => {
    const bssids = (t: Trace) => t.events.filter((e) => e.hook === 'wifiInfo.getBSSID').map((e) => e.ret);
    const whileInUse = await traceScenario(wifiScenario(['ACCESS_FINE_LOCATION']), { apiLevel: 29 });
    expect(whileInUse.errors).toEqual([]);
    expect(bssids(whileInUse)).toEqual(['a4:56:02:3c:7e:10', '02:00:00:00:00:00']);
    // LocationManagerService notes the same op for the last known location: null behind.
    const last = (t: Trace) => t.events.filter((e) => e.hook === 'location.getLastKnownLocation').map((e) => e.ret === null || e.ret === undefined);
    expect(last(whileInUse)).toEqual([false, true]);
    const always = await traceScenario(wifiScenario(['ACCESS_FINE_LOCATION', 'ACCESS_BACKGROUND_LOCATION']), { apiLevel: 29 });
    expect(bssids(always)).toEqual(['a4:56:02:3c:7e:10', 'a4:56:02:3c:7e:10']);
    expect(last(always)).toEqual([false, false]);
  });
});

function appsScenario(api: number, target: number, permissions: string[]): Scenario {
  const pm = { call: 'android.content.Context.getPackageManager()', args: [], on: '$context' };
  return {
    name: 'installed apps',
    device: { apiLevel: api, imei: ['861234567890123'], androidId: '9774d56d682e549c', installedApps: [{ package: 'com.tencent.mm' }, { package: 'com.eg.android.AlipayGphone' }] },
    app: {
      package: PKG,
      targetSdk: target,
      queries: ['com.tencent.mm'],
      permissions: Object.fromEntries(permissions.map((p) => [`android.permission.${p}`, 'granted'])),
      launcher: { class: `${PKG}.MainActivity` },
      sdks: [{ id: 'ids', name: 'ID SDK', packages: ['com.sdk.ids'] }],
    },
    timeline: [
      { at: 0, type: 'launch' },
      {
        at: 1000,
        type: 'run',
        task: 'com.sdk.ids.Apps',
        do: [
          { call: 'android.content.pm.PackageManager.getInstalledPackages(int)', args: [0], on: pm },
          { call: 'android.content.pm.PackageManager.getPackageInfo(java.lang.String,int)', args: ['com.eg.android.AlipayGphone', 0], on: pm },
        ] as Action[],
      },
      { at: 2000, type: 'end' },
    ],
  } as Scenario;
}

describe('android.pm.packageVisibility: Android 11 package visibility for apps targeting 30+', () => {
  it('without QUERY_ALL_PACKAGES an app targeting 30 sees itself and its <queries> packages; others do not exist for it', async () => {
    const listed = async (api: number, target: number, permissions: string[] = []) => {
      const t = await traceScenario(appsScenario(api, target, permissions), { apiLevel: api });
      expect(t.errors).toEqual([]);
      const list = t.events.find((e) => e.hook === 'pm.getInstalledPackages')!.detail?.values as string[];
      const info = t.events.find((e) => e.hook === 'pm.getPackageInfo');
      return { list: [...list].sort(), alipay: info?.thrown ?? 'visible' };
    };
    const filtered = await listed(30, 30);
    expect(filtered.list).not.toContain('com.eg.android.AlipayGphone');
    expect(filtered.list).toContain('com.tencent.mm');
    expect(filtered.alipay).toBe('android.content.pm.PackageManager$NameNotFoundException: com.eg.android.AlipayGphone');
    expect((await listed(30, 29)).list).toContain('com.eg.android.AlipayGphone');
    expect((await listed(30, 30, ['QUERY_ALL_PACKAGES'])).alipay).toBe('visible');
  });
});

function ssaidScenario(api: number, partnerCertificate?: string): Scenario {
  const own = 'MIIBszCCAVmgAwIBAgIUOwnAppCertificateForSsaidTest';
  return {
    name: 'android_id per signing key',
    device: { apiLevel: api, imei: ['861234567890123'], androidId: '9774d56d682e549c' },
    app: {
      package: PKG,
      signingCertificate: own,
      application: { class: `${PKG}.App`, onCreate: [{ read: 'android_id' }] },
      launcher: { class: `${PKG}.MainActivity` },
      sdks: [{ id: 'ids', name: 'ID SDK', packages: ['com.sdk.ids'] }],
    },
    otherApps: [
      {
        package: 'com.partner.app',
        signingCertificate: partnerCertificate ?? own,
        application: { class: 'com.partner.app.App', onCreate: [{ read: 'android_id' }] },
        components: { services: [{ class: 'com.partner.app.Sync', exported: true }] },
      },
    ],
    timeline: [
      { at: 0, type: 'launch' },
      { at: 1000, type: 'run', task: 'com.sdk.ids.Wake', do: [{ start: { via: 'bind', package: 'com.partner.app', component: 'com.partner.app.Sync', connection: 'com.sdk.ids.Conn' } }] as Action[] },
      { at: 3000, type: 'end' },
    ],
  } as Scenario;
}

describe('android.settings.ssaid: ANDROID_ID is one per user before Android 8, one per signing key from Android 8', () => {
  it('another developer\'s app reads a different 16-hex-digit ANDROID_ID on Android 8+, the same one before; the same key shares it', async () => {
    const ids = async (api: number, partnerCertificate?: string) => {
      const t = await traceScenario(ssaidScenario(api, partnerCertificate), { apiLevel: api });
      expect(t.errors).toEqual([]);
      const of = (proc: string) => t.events.find((e) => e.process === proc && e.hook === 'settings.secure.getString')?.ret;
      return [of(PKG), of('com.partner.app')];
    };
    const other = 'MIIBszCCAVmgAwIBAgIUPartnerCertificateForSsaidTest';
    expect(await ids(25, other)).toEqual(['9774d56d682e549c', '9774d56d682e549c']);
    const [mine, theirs] = await ids(26, other);
    expect(mine).toBe('9774d56d682e549c');
    expect(theirs).toMatch(/^[0-9a-f]{16}$/);
    expect(theirs).not.toBe(mine);
    expect(await ids(26)).toEqual(['9774d56d682e549c', '9774d56d682e549c']);
  });
});

describe('android.hardwareId.defaultMac: since Android 6 apps read 02:00:00:00:00:00 as their Wi-Fi and Bluetooth MAC', () => {
  it('WifiInfo.getMacAddress and BluetoothAdapter.getAddress answer the constant, whatever the device\'s MAC', async () => {
    const s = wifiScenario(['ACCESS_FINE_LOCATION', 'BLUETOOTH']);
    s.device.bluetooth = { address: '3c:28:6d:44:55:66', name: 'Pixel 6' };
    const ctx = (name: string) => ({ call: 'android.content.Context.getSystemService(java.lang.String)', args: [name], on: '$context' });
    s.timeline = [
      { at: 0, type: 'launch' },
      {
        at: 1000,
        type: 'run',
        task: 'com.sdk.ids.Macs',
        do: [
          { call: 'android.net.wifi.WifiInfo.getMacAddress()', args: [], on: { call: 'android.net.wifi.WifiManager.getConnectionInfo()', args: [], on: ctx('wifi') } },
          { call: 'android.bluetooth.BluetoothAdapter.getAddress()', args: [], on: { call: 'android.bluetooth.BluetoothManager.getAdapter()', args: [], on: ctx('bluetooth') } },
        ] as Action[],
      },
      { at: 2000, type: 'end' },
    ] as Scenario['timeline'];
    const t = await traceScenario(s, { apiLevel: 29 });
    expect(t.errors).toEqual([]);
    expect(t.events.filter((e) => e.hook === 'wifiInfo.getMacAddress' || e.hook === 'bluetooth.getAddress').map((e) => [e.hook, e.ret])).toEqual([
      ['wifiInfo.getMacAddress', '02:00:00:00:00:00'],
      ['bluetooth.getAddress', '02:00:00:00:00:00'],
    ]);
  });
});

describe('android.clipboard.focusOnly: from Android 10 only the app in front reads the clipboard', () => {
  it('getPrimaryClip gives the copied text in front and null behind on Android 10; behind on Android 9 it still gives it', async () => {
    const clips = async (api: number) => {
      const s = wifiScenario([]);
      s.device.apiLevel = api;
      const read = [{ call: 'android.content.ClipboardManager.getPrimaryClip()', args: [], on: { call: 'android.content.Context.getSystemService(java.lang.String)', args: ['clipboard'], on: '$context' } }] as Action[];
      s.timeline = [
        { at: 0, type: 'launch' },
        { at: 500, type: 'copy', text: '4111 1111 1111 1111' },
        { at: 1000, type: 'run', task: 'com.sdk.ids.Front', do: read },
        { at: 2000, type: 'background' },
        { at: 3000, type: 'run', task: 'com.sdk.ids.Behind', do: read },
        { at: 4000, type: 'end' },
      ] as Scenario['timeline'];
      const t = await traceScenario(s, { apiLevel: api });
      expect(t.errors).toEqual([]);
      return t.events.filter((e) => e.hook === 'clipboard.getPrimaryClip').map((e) => (e.detail?.values as string[] | undefined)?.[0] ?? null);
    };
    expect(await clips(29)).toEqual(['4111 1111 1111 1111', null]);
    expect(await clips(28)).toEqual(['4111 1111 1111 1111', '4111 1111 1111 1111']);
  });
});

describe('android.accounts.visibility: which accounts getAccounts() shows, by release and target SDK', () => {
  it('GET_ACCOUNTS shows every account before Android 8 and, from 8, only to apps targeting 25 or lower; an app signed like the authenticator sees its accounts', async () => {
    const seen = async (api: number, target: number, signedLikeAuthenticator = false) => {
      const s = appsScenario(api, target, ['GET_ACCOUNTS']);
      s.device.accounts = [
        { name: 'lilei@gmail.com', type: 'com.google', authenticator: 'com.google.android.gms' },
        { name: 'lilei_wx', type: 'com.tencent.mm.account', authenticator: 'com.tencent.mm' },
      ];
      s.device.installedApps = [{ package: 'com.google.android.gms' }, { package: 'com.tencent.mm' }];
      if (signedLikeAuthenticator) {
        s.app.signingCertificate = 'MIIBszCCAVmgAwIBAgIUTencentSharedKey';
        s.otherApps = [{ package: 'com.tencent.mm', signingCertificate: 'MIIBszCCAVmgAwIBAgIUTencentSharedKey' }];
        s.device.installedApps = [{ package: 'com.google.android.gms' }];
      }
      s.timeline = [
        { at: 0, type: 'launch' },
        { at: 1000, type: 'run', task: 'com.sdk.ids.Accounts', do: [{ call: 'android.accounts.AccountManager.getAccounts()', args: [], on: { call: 'android.accounts.AccountManager.get(android.content.Context)', args: ['$context'] } }] as Action[] },
        { at: 2000, type: 'end' },
      ] as Scenario['timeline'];
      const t = await traceScenario(s, { apiLevel: api });
      expect(t.errors).toEqual([]);
      return ((t.events.find((e) => e.hook === 'accounts.getAccounts')?.detail?.values as string[] | undefined) ?? []).length;
    };
    expect(await seen(25, 25)).toBe(2);
    expect(await seen(26, 25)).toBe(2);
    expect(await seen(26, 26)).toBe(0);
    expect(await seen(26, 26, true)).toBe(1);
  });
});

