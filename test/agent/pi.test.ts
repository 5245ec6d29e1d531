// Personal-information areas: identifiers, location, packages, content, clipboard, accounts,
// sensors, phone. Every event is validated against EventSchema by env.events().
import { describe, expect, it } from 'vitest';
import { intent, jlist, makeEnv, type Env } from './env.js';

const TM = 'android.telephony.TelephonyManager';
const APM = 'android.app.ApplicationPackageManager';
const CR = 'android.content.ContentResolver';
const U = 'android.net.Uri';
const SA = '[Ljava.lang.String;';
const S = 'java.lang.String';

const uri = (s: string) => {
  const m = /^content:\/\/([^/]+)/.exec(s);
  return { $className: 'android.net.Uri$StringUri', toString: () => s, getAuthority: () => (m === null ? null : m[1]) };
};

function withApp(env: Env, providers: Record<string, string> = {}) {
  const pm = {
    $className: APM,
    resolveContentProvider: { overload: () => ({ call: (_pm: unknown, a: string) => (a in providers ? { packageName: { value: providers[a] } } : null) }) },
  };
  const app = { $className: 'android.app.Application', getPackageManager: () => pm };
  env.java.define('android.app.ActivityThread', {
    currentApplication: [{ params: [], body: () => app }],
    currentPackageName: [{ params: [], body: () => 'com.example.app' }],
  });
}

describe('identifiers', () => {
  it('keeps identifier values, and reports system properties only for identifier keys', () => {
    const env = makeEnv();
    const tm = env.java.define(TM, { getSubscriberId: [{ params: [], ret: S, body: () => '460001234567890' }] });
    const sp = env.java.define('android.os.SystemProperties', {
      get: [
        { params: [S], ret: S, body: (k: string) => (k === 'ro.serialno' ? 'R58M12345' : '1') },
        { params: [S, S], ret: S, body: (_k: string, d: string) => d },
      ],
    });
    env.install('telephony.getSubscriberId', 'sysprop.get');
    tm.getSubscriberId();
    sp.get.overloads[0]('debug.hwui.renderer');
    sp.get.overloads[0]('ro.serialno');
    sp.get.overloads[1]('persist.radio.imei', 'unknown'); // the default came back: no value
    const evs = env.events();
    expect(evs.map((e) => [e.dataType, e.detail])).toEqual([
      ['imsi', { values: ['460001234567890'] }],
      ['serial', { key: 'ro.serialno', values: ['R58M12345'] }],
      ['imei', { key: 'persist.radio.imei' }],
    ]);
    expect(env.emitter.counterSnapshot()['sysprop.get']).toEqual({ calls: 3, emitted: 2 });
  });

  it('renders a MAC from bytes, an IPv4 from WifiInfo ints, Wi-Fi scans and ad IDs', () => {
    const env = makeEnv();
    const ni = env.java.define('java.net.NetworkInterface', { getHardwareAddress: [{ params: [], ret: '[B', body: () => [0x02, 0x1a, -0x56, 0x00, 0x10, -1] }] });
    const wi = env.java.define('android.net.wifi.WifiInfo', { getIpAddress: [{ params: [], ret: 'int', body: () => 0x0a01a8c0 }] });
    const wm = env.java.define('android.net.wifi.WifiManager', {
      getScanResults: [{ params: [], body: () => jlist([{ BSSID: { value: 'aa:bb:cc:00:11:22' } }, { BSSID: { value: 'aa:bb:cc:00:11:23' } }]) }],
    });
    const gaid = env.java.define('com.google.android.gms.ads.identifier.AdvertisingIdClient', {
      getAdvertisingIdInfo: [{ params: ['android.content.Context'], body: () => ({ getId: () => '38400000-8cf0-11bd-b23e-10b96e40000d' }) }],
    });
    env.install('netif.getHardwareAddress', 'wifiInfo.getIpAddress', 'wifi.getScanResults', 'gaid.getAdvertisingIdInfo');
    env.java.instance(ni).getHardwareAddress();
    env.java.instance(wi).getIpAddress();
    env.java.instance(wm).getScanResults();
    gaid.getAdvertisingIdInfo(null);
    const [mac, ip, scan, ad] = env.events();
    expect(mac).toMatchObject({ dataType: 'mac_address', detail: { values: ['02:1a:aa:00:10:ff'] } });
    expect(mac.ret).toBeUndefined();
    expect(ip.detail.values).toEqual(['192.168.1.10']);
    expect(scan).toMatchObject({ dataType: 'wifi_scan', detail: { count: 2, values: ['aa:bb:cc:00:11:22', 'aa:bb:cc:00:11:23'] } });
    expect(ad).toMatchObject({ dataType: 'advertising_id', detail: { values: ['38400000-8cf0-11bd-b23e-10b96e40000d'] } });
  });

  it('records the call and its SecurityException when Android 10+ refuses the IMEI', () => {
    const env = makeEnv();
    const err = Object.assign(new Error('java.lang.SecurityException: getImeiForSlot: The user 10123 does not meet the requirements to access device identifiers.'), { $h: {} });
    const tm = env.java.define(TM, {
      getImei: [
        {
          params: [],
          body: () => {
            throw err;
          },
        },
      ],
    });
    env.install('telephony.getImei');
    expect(() => tm.getImei()).toThrow(err);
    expect(env.events()[0]).toMatchObject({ dataType: 'imei', thrown: expect.stringMatching(/^java\.lang\.SecurityException/) });
  });
});

describe('location, sensors, phone', () => {
  it('keeps coordinates as strings and names the provider', () => {
    const env = makeEnv();
    const lm = env.java.define('android.location.LocationManager', {
      getLastKnownLocation: [{ params: [S], body: () => ({ getLatitude: () => 39.9087, getLongitude: () => 116.3975 }) }],
    });
    const geo = env.java.define('android.location.Geocoder', { getFromLocation: [{ params: ['double', 'double', 'int'], body: () => jlist([]) }] });
    env.install('location.getLastKnownLocation', 'geocoder.getFromLocation');
    env.java.instance(lm).getLastKnownLocation('gps');
    env.java.instance(geo).getFromLocation(31.2304, 121.4737, 1);
    const [fix, rev] = env.events();
    expect(fix).toMatchObject({ dataType: 'location', detail: { target: 'gps', values: ['39.908700', '116.397500'] } });
    expect(rev.detail.values).toEqual(['31.230400', '121.473700']);
  });

  it('names the sensor type (accelerometer "shake" is what regulators ask about), legacy masks too', () => {
    const env = makeEnv();
    const sm = env.java.define('android.hardware.SensorManager', {
      registerListener: [
        { params: ['android.hardware.SensorEventListener', 'android.hardware.Sensor', 'int'], ret: 'boolean', body: () => true },
        { params: ['android.hardware.SensorListener', 'int'], ret: 'boolean', body: () => true },
      ],
      getDefaultSensor: [{ params: ['int'], body: () => null }],
    });
    env.install('sensor.registerListener', 'sensor.getDefaultSensor');
    const self = env.java.instance(sm);
    self.registerListener.overloads[0].call(self, {}, { getType: () => 1 }, 3);
    self.registerListener.overloads[1].call(self, {}, 2 | 8);
    self.getDefaultSensor(4);
    expect(env.events().map((e) => e.detail.sensor)).toEqual(['accelerometer', 'accelerometer,magnetic_field', 'gyroscope']);
  });

  it('decodes the phone-state listen mask and ignores LISTEN_NONE', () => {
    const env = makeEnv();
    const tm = env.java.define(TM, { listen: [{ params: ['android.telephony.PhoneStateListener', 'int'], body: () => undefined }] });
    env.install('phone.listen');
    const self = env.java.instance(tm);
    self.listen({}, 0x20 | 0x10);
    self.listen({}, 0);
    const evs = env.events();
    expect(evs).toHaveLength(1);
    expect(evs[0]).toMatchObject({ dataType: 'cell_info', detail: { key: 'cell_location,call_state' } });
  });
});

describe('packages', () => {
  it("reports queries about other apps' packages, not the app's own", () => {
    const env = makeEnv();
    withApp(env);
    const pm = env.java.define(APM, {
      getPackageInfo: [{ params: [S, 'int'], body: (p: string) => (p === 'com.tencent.mm' ? { packageName: { value: p } } : null) }],
    });
    env.install('pm.getPackageInfo');
    const self = env.java.instance(pm);
    self.getPackageInfo('com.example.app', 0);
    self.getPackageInfo('com.tencent.mm', 0);
    self.getPackageInfo('com.eg.android.AlipayGphone', 0);
    expect(env.events().map((e) => e.detail)).toEqual([
      { target: 'com.tencent.mm', count: 1, values: ['com.tencent.mm'] },
      { target: 'com.eg.android.AlipayGphone', count: 0, values: ['com.eg.android.AlipayGphone'] },
    ]);
  });
});

describe('content providers, clipboard, accounts', () => {
  it('classifies ContentResolver URIs: PI providers, other apps (a launch), our own (silent)', () => {
    const env = makeEnv();
    withApp(env, { 'com.example.app.fileprovider': 'com.example.app', 'com.huawei.hwid.pps.apiprovider': 'com.huawei.hwid' });
    const cr = env.java.define(CR, {
      query: [
        { params: [U, SA, S, SA, S, 'android.os.CancellationSignal'], body: function (this: any, u: any, p: any) { return cr.query.overloads[1].call(this, u, p, null, null); } },
        { params: [U, SA, 'android.os.Bundle', 'android.os.CancellationSignal'], body: () => null },
      ],
      call: [{ params: [S, S, S, 'android.os.Bundle'], body: () => null }],
    });
    env.install('content.query', 'content.call');
    const self = env.java.instance(cr);
    self.query.overloads[0].call(self, uri('content://com.android.contacts/data/phones'), null, null, null, null, null);
    self.query.overloads[1].call(self, uri('content://sms/inbox'), null, null, null);
    self.query.overloads[1].call(self, uri('content://com.example.app.fileprovider/x'), null, null, null);
    self.call('com.huawei.hwid.pps.apiprovider', 'getOaid', null, null);
    const evs = env.events();
    expect(evs.map((e) => [e.kind, e.dataType, e.detail])).toEqual([
      ['pi', 'contacts', { authority: 'com.android.contacts', target: 'content://com.android.contacts/data/phones' }],
      ['pi', 'sms', { authority: 'sms', target: 'content://sms/inbox' }],
      ['launch', undefined, { via: 'provider', authority: 'com.huawei.hwid.pps.apiprovider', package: 'com.huawei.hwid' }],
    ]);
    // The 6-argument query reached the Bundle funnel once: one event.
    expect(evs[0].api).toContain('android.os.CancellationSignal)');
  });

  it('keeps the clipboard text and account names for payload matching', () => {
    const env = makeEnv();
    const cm = env.java.define('android.content.ClipboardManager', {
      getPrimaryClip: [{ params: [], body: () => ({ getItemCount: () => 1, getItemAt: () => ({ getText: () => ({ toString: () => '【淘宝】复制这条信息 ¥AbCd1234¥' }) }) }) }],
    });
    const am = env.java.define('android.accounts.AccountManager', {
      getAccountsByType: [{ params: [S], body: () => [{ name: { value: 'alice@example.com' } }] }],
    });
    env.install('clipboard.getPrimaryClip', 'accounts.getAccountsByType');
    env.java.instance(cm).getPrimaryClip();
    env.java.instance(am).getAccountsByType('com.google');
    const [clip, acc] = env.events();
    expect(clip).toMatchObject({ dataType: 'clipboard', detail: { count: 1, values: ['【淘宝】复制这条信息 ¥AbCd1234¥'] } });
    expect(acc).toMatchObject({ dataType: 'accounts', detail: { count: 1, values: ['alice@example.com'] } });
    void intent;
  });
});
