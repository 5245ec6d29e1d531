// `sdktrace attribute` and `sdktrace sdks` end to end through the CLI shell.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { main } from '../../host/cli.js';

let out: string;
let err: string;
beforeEach(() => {
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

const run = (...args: string[]) => main(['node', 'sdktrace', ...args]);

const REPORT = `# Lab notes: com.example.shop 3.2.1

Frida on a Pixel 6, before the consent dialog:

\`\`\`
W System.err: java.lang.Throwable
W System.err: \tat android.telephony.TelephonyManager.getDeviceId(Native Method)
W System.err: \tat android.telephony.TelephonyManager.getDeviceId(TelephonyManager.java:1120)
W System.err: \tat com.umeng.commonsdk.statistics.common.DeviceConfig.getImei(DeviceConfig.java:88)
W System.err: \tat com.umeng.analytics.MobclickAgent.onResume(MobclickAgent.java:12)
W System.err: \tat com.example.shop.MainActivity.onResume(MainActivity.java:40)
\`\`\`

AppScan record: callstack:android.net.wifi.WifiInfo.getMacAddress;a.b.c.d;com.example.shop.Util.mac

- android.provider.Settings$Secure.getString <--- com.example.shop.Device.id <--- com.example.shop.App.onCreate

{"event":"pi","stackTrace":["android.telephony.TelephonyManager.getSubscriberId(TelephonyManager.java:1)","com.qq.e.comm.managers.status.DeviceStatus.getIMSI(Unknown Source:4)","com.example.shop.Ads.load(Ads.java:2)"]}

0x7b12345678 libmsaoaidsec.so!0x1a2b
`;

describe('sdktrace attribute', () => {
  test('--json: one object per trace in input order with api, frame, sdk, party and chain', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sdktrace-attr-'));
    const file = join(dir, 'report.md');
    writeFileSync(file, REPORT);
    expect(await run('attribute', file, '--app', 'com.example.shop', '--json')).toBe(0);
    const results = JSON.parse(out) as Record<string, unknown>[];
    expect(results.map((r) => r.format)).toEqual(['java', 'callstack', 'arrow', 'json', 'native']);
    const [umeng, obf, own, gdt, msa] = results;
    expect(umeng).toMatchObject({
      trace: 1,
      api: 'android.telephony.TelephonyManager.getDeviceId',
      apiInferred: false,
      frame: 'com.umeng.commonsdk.statistics.common.DeviceConfig.getImei',
      sdk: { id: 'umeng-common', name: 'Umeng Common (UMConfigure)', vendor: 'Umeng (Alibaba)', category: 'analytics' },
      party: 'third-party',
      chain: [{ id: 'umeng-analytics' }],
      calledByApp: true,
    });
    expect(obf).toMatchObject({ api: 'android.net.wifi.WifiInfo.getMacAddress', frame: 'a.b.c.d', sdk: null, party: 'unknown', partyDetail: 'obfuscated', prefix: 'a.b' });
    expect(own).toMatchObject({ api: 'android.provider.Settings$Secure.getString', frame: 'com.example.shop.Device.id', sdk: null, party: 'first-party', chain: [] });
    expect(gdt).toMatchObject({ frame: 'com.qq.e.comm.managers.status.DeviceStatus.getIMSI', sdk: { id: 'tencent-gdt' }, party: 'third-party' });
    expect(msa).toMatchObject({ api: null, frame: null, sdk: { id: 'msa-oaid' }, party: 'third-party', module: 'libmsaoaidsec.so', via: 'native' });
    for (const r of results) expect(typeof r.reason).toBe('string');
  });

  test('readable output names the API, the SDK and why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sdktrace-attr-'));
    const file = join(dir, 'trace.txt');
    writeFileSync(file, 'android.telephony.TelephonyManager.getDeviceId <--- com.huawei.hms.aaid.HmsInstanceId.getId <--- com.mixpush.core.MixPushClient.register <--- com.example.shop.App.onCreate\n');
    expect(await run('attribute', file, '--app', 'com.example.shop')).toBe(0);
    expect(out).toContain('API     android.telephony.TelephonyManager.getDeviceId');
    expect(out).toContain('SDK     HMS Core AAID (OpenDevice), Huawei [hms-aaid, identification]');
    expect(out).toContain('chain   called by MixPush <- the app');
    expect(out).toMatch(/why {5}com\.huawei\.hms\.aaid\.HmsInstanceId\.getId \(frame 2\)/);
  });

  test('without --app, app frames are not first party', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sdktrace-attr-'));
    const file = join(dir, 'trace.txt');
    writeFileSync(file, 'callstack:android.telephony.TelephonyManager.getDeviceId;com.example.shop.App.onCreate');
    expect(await run('attribute', file, '--json')).toBe(0);
    expect(JSON.parse(out)[0]).toMatchObject({ party: 'third-party', sdk: null, prefix: 'com.example.shop' });
    out = '';
    expect(await run('attribute', file)).toBe(0);
    expect(out).toContain('SDK     unknown third party com.example.shop');
    expect(out).toContain("Note: without --app <package> the app's own frames count as unknown third-party code.");
  });

  test('--format md and text: API, decisive frame, SDK, party, chain and an English and Chinese paragraph; the app package from pkg=', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sdktrace-attr-'));
    const file = join(dir, 'xiaomi.txt');
    writeFileSync(file, '违规包名：pkg=com.example.shop,\n违规详情：content=x,callstack:android.provider.Settings$Secure.getString:10;com.umeng.commonsdk.statistics.common.DeviceConfig.getAndroidId:3;com.example.shop.App.onCreate:5;com.exam\n');
    expect(await run('attribute', file, '--format', 'md')).toBe(0);
    expect(out).toContain('App package: `com.example.shop` (named in the text)');
    expect(out).toContain('| Decisive frame | `com.umeng.commonsdk.statistics.common.DeviceConfig.getAndroidId` (#1) |');
    expect(out).toMatch(/\| SDK \| Umeng Common.*\(`umeng-common`, /);
    expect(out).toContain('| Chain | the app |');
    expect(out).toMatch(/> The call to android\.provider\.Settings\$Secure\.getString shown in this stack trace was made by the third-party SDK Umeng Common/);
    expect(out).toMatch(/> 该调用栈中对 android\.provider\.Settings\$Secure\.getString 的调用由第三方 SDK 友盟/);
    expect(out).toContain('- line 2: an item of the callstack record that is not a frame: `com.exam`');
    out = '';
    err = '';
    expect(await run('attribute', file)).toBe(0);
    expect(err).toContain('line 2: an item of the callstack record that is not a frame: com.exam');
    expect(out).toContain('party   third-party');
    expect(out).toMatch(/ {2}en {6}The call to /);
    expect(out).toMatch(/ {2}zh {6}该调用栈/);
    out = '';
    expect(await run('attribute', file, '--json')).toBe(0);
    const [r] = JSON.parse(out) as { app: string; explanation: { en: string; zh: string }; calledByApp: boolean }[];
    expect(r).toMatchObject({ app: 'com.example.shop', calledByApp: true });
    expect(r.explanation.en).toContain("The app's own code (com.example.shop) is further out on the stack");
    expect(await run('attribute', file, '--format', 'html')).toBe(2);
    expect(err).toContain('--format html: use text, json or md');
  });

  test('user errors: missing file, no trace in the text', async () => {
    expect(await run('attribute', '/nonexistent/trace.txt')).toBe(2);
    expect(err).toContain('cannot read /nonexistent/trace.txt: ENOENT');
    const dir = mkdtempSync(join(tmpdir(), 'sdktrace-attr-'));
    const file = join(dir, 'prose.txt');
    writeFileSync(file, 'no stack here\n');
    expect(await run('attribute', file)).toBe(2);
    expect(err).toContain(`no stack frame found in ${file}`);
    expect(err).toContain('Paste the stack trace itself');
    err = '';
    expect(await run('attribute', file, '--json')).toBe(2);
    expect(out).toBe('');
    const empty = join(dir, 'empty.txt');
    writeFileSync(empty, '  \n');
    expect(await run('attribute', empty)).toBe(2);
    expect(err).toContain(`${empty} is empty`);
  });
});

describe('sdktrace sdks', () => {
  test('finds SDKs by Chinese name, package, class, domain and library', async () => {
    expect(await run('sdks', '个推')).toBe(0);
    expect(out).toMatch(/^getui-push +Getui Push \/ 个推推送/m);
    out = '';
    await run('sdks', 'com.kwad.sdk.KsAdSDK', '--json');
    const kwad = JSON.parse(out) as { id: string; match: string[] }[];
    expect(kwad[0]).toMatchObject({ id: 'kuaishou-ads', match: ['prefix com.kwad'] });
    out = '';
    await run('sdks', 'libjcore220.so', '--json');
    expect((JSON.parse(out) as { id: string }[])[0].id).toBe('jiguang-jcore');
    out = '';
    await run('sdks', 'v.gdt.qq.com', '--json');
    expect((JSON.parse(out) as { id: string; match: string[] }[])[0]).toMatchObject({ id: 'tencent-gdt', match: ['domain gdt.qq.com'] });
    out = '';
    await run('sdks', 'msg.umeng.com');
    expect(out).toContain('msg.umeng.com is a domain of vendor Umeng (Alibaba) (by umeng.com); no single SDK claims it.');
  });

  test('no query lists the whole catalog', async () => {
    await run('sdks', '--json');
    expect((JSON.parse(out) as unknown[]).length).toBeGreaterThan(1000);
  });
});

test('the paragraph for a stack with only Flutter engine frames says the Dart caller is not on the Java stack', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sdktrace-attr-'));
  const file = join(dir, 'flutter.txt');
  writeFileSync(file, 'at android.content.ClipboardManager.getPrimaryClip(ClipboardManager.java:1)\nat io.flutter.plugin.platform.PlatformPlugin$1.getClipboardData(PlatformPlugin.java:2)\nat io.flutter.embedding.engine.dart.DartMessenger.handleMessageFromDart(DartMessenger.java:3)\n');
  expect(await run('attribute', file, '--json')).toBe(0);
  const [r] = JSON.parse(out) as { explanation: { en: string; zh: string } }[];
  expect(r.explanation.en).toContain('requested from the Dart side');
  expect(r.explanation.zh).toContain('不在 Java 调用栈上');
});
