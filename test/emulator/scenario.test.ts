// Scenario files: validation errors name the JSON path; the demo runs; a tiny agent hooking
// Settings.Secure.getString sees the demo's reads with realistic stacks and threads, and native
// hooks see the same sends at the libc/BoringSSL layer.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoScenarioPath, EmulatedDevice, emulatedAgentPath, loadScenario, ScenarioError, validateScenario, type Scenario } from '../../emulator/index.js';
import { bundleAgent, miniScenario, settle, watch } from './helpers.js';

let device: EmulatedDevice | null = null;
afterEach(() => {
  device?.close();
  device = null;
});

function problem(s: unknown): string {
  try {
    validateScenario(s, 'test.json');
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return (e as Error).message;
  }
  throw new Error('expected a ScenarioError');
}

const demo = (): Scenario => JSON.parse(readFileSync(demoScenarioPath(), 'utf8'));

describe('scenario validation', () => {
  it('names the JSON path and the problem', () => {
    expect(problem({ ...miniScenario(), name: undefined })).toMatch(/^test\.json: (name: )?.*name/);
    expect(problem(miniScenario((s) => ((s.device as any).apiLevel = 23)))).toBe('test.json: device.apiLevel: Expected integer to be greater or equal to 24');
    expect(problem(miniScenario((s) => (s.device.imei = ['12'])))).toMatch(/^test\.json: device\.imei\[0\]: Expected string to match/);
    expect(problem(miniScenario((s) => s.timeline.push({ at: -1, type: 'launch' })))).toMatch(/^test\.json: timeline\[0\]\.at: /);
    expect(problem(miniScenario((s) => ((s.app as any).colour = 'red')))).toMatch(/^test\.json: app(\.colour)?: /);
  });

  it('checks SDK classes (app.classes) and conditions: duplicates, variables their bodies read, library classes, framework calls in conditions', () => {
    const cls = (k: unknown) => miniScenario((s) => Object.assign(s.app, { classes: [k] }));
    const start = { decl: 'public void start()', do: [{ call: 'android.content.Context.getSystemService(java.lang.String)', on: '$ctx', args: ['location'] }] };
    // $ctx is kept by the constructor: known in start().
    expect(() => validateScenario(cls({ class: 'com.sdk.loc.Client', methods: [{ decl: 'public <init>(android.content.Context)', do: [{ call: 'android.content.Context.getApplicationContext()', on: '$p0', as: 'ctx' }] }, start] }), 'test.json')).not.toThrow();
    expect(problem(cls({ class: 'com.sdk.loc.Client', methods: [start] }))).toBe('test.json: app.classes[0].methods[0].do[0].on: unknown variable $ctx (set it with "as" in an earlier action)');
    expect(problem(cls({ class: 'com.sdk.loc.Client', methods: [{ decl: 'public void a(int)', do: [] }, { decl: 'public void a(int)', do: [] }] }))).toBe('test.json: app.classes[0].methods[1].decl: a(int) is declared twice in com.sdk.loc.Client');
    expect(problem(cls({ class: 'android.app.Activity', methods: [{ decl: 'public void a()', do: [] }] }))).toBe("test.json: app.classes[0].class: android.app.Activity is a framework class, not an SDK's");
    expect(problem(cls({ class: 'com.baidu.location.LocationClient', methods: [{ decl: 'public void start()', do: [] }] }))).toBe('test.json: app.classes[0].class: com.baidu.location.LocationClient ships in the baidu.location library: list it in app.libraries');
    expect(problem(cls({ class: 'com.sdk.loc.Tick', implements: ['android.app.AlarmManager$OnAlarmListener'], methods: [{ decl: 'public void run()', do: [] }] }))).toBe(
      'test.json: app.classes[0].methods: com.sdk.loc.Tick implements android.app.AlarmManager$OnAlarmListener but declares no onAlarm()',
    );
    expect(problem(cls({ class: 'com.sdk.loc.Tick', implements: ['android.os.Handler'], methods: [{ decl: 'public void run()', do: [] }] }))).toMatch(/app\.classes\[0\]\.implements\[0\]: android\.os\.Handler is not an interface/);
    const cond = (a: unknown) => miniScenario((s) => (s.app.application!.onCreate = [a as never]));
    expect(problem(cond({ if: { call: 'android.content.SharedPreferences.getStringSet(java.lang.String, java.util.Set)', on: '$sp' }, then: [] }))).toMatch(/^test\.json: app\.application\.onCreate\[0\]\.if\.call: /);
    expect(problem(cond({ if: '$nope', then: [] }))).toBe('test.json: app.application.onCreate[0].if: unknown variable $nope (set it with "as" in an earlier action)');
  });

  it('checks meaning: executors, variables, processes, libraries, API levels, certificates', () => {
    const withAction = (a: unknown) => miniScenario((s) => (s.app.application!.onCreate = [a as never]));
    expect(problem(withAction({ execute: 'nope', task: 'com.sdk.T', do: [] }))).toBe('test.json: app.application.onCreate[0].execute: no executor "nope" in app.executors');
    expect(problem(withAction({ http: { url: 'https://x.example.com/', body: 'a={{$missing}}' } }))).toBe('test.json: app.application.onCreate[0].http.body: unknown variable $missing in {{$missing}}');
    expect(problem(withAction({ http: { url: 'https://x.example.com/', body: '{{rot13:$x}}' } }))).toMatch(/bad placeholder \{\{rot13:\$x\}\}/);
    expect(problem(withAction({ native: { lib: 'libnope.so', method: 'com.sdk.N.send', host: 'h', port: 1, payload: '' } }))).toBe(
      "test.json: app.application.onCreate[0].native.lib: libnope.so is not among the app's or its SDKs' nativeLibs",
    );
    const old = miniScenario((s) => {
      s.device.apiLevel = 24;
      s.app.application!.onCreate = [{ call: 'android.telephony.TelephonyManager.getImei()' }];
    });
    expect(problem(old)).toBe('test.json: app.application.onCreate[0].call: android.telephony.TelephonyManager.getImei() does not exist at API 24');
    expect(problem(withAction({ call: 'android.telephony.TelephonyManager.getVoiceMailNumber()' }))).toMatch(/getVoiceMailNumber\(\) is not modelled by the emulator/);
    expect(problem(miniScenario((s) => s.timeline.push({ at: 1, type: 'kill', process: ':nope' })))).toBe(
      'test.json: timeline[0].process: the app has no process "com.example.app:nope" (declare a component with "process": ":nope")',
    );
    expect(problem(miniScenario((s) => (s.app.application!.process = ':x')))).toBe('test.json: app.application.process: the Application runs in every process of the app');
    expect(problem(miniScenario((s) => (s.app.components!.receivers![0]!.onCreate = [])))).toBe('test.json: app.components.receivers[0].onCreate: a receiver has no onCreate callback');
    expect(problem(miniScenario((s) => delete s.app.launcher))).toBe('test.json: app.launcher: the traced app needs a launcher activity (Frida spawns it)');
    const cert = Buffer.from('certificate bytes').toString('base64');
    expect(problem(miniScenario((s) => Object.assign(s.app, { signingCertificate: cert, signingCertSha256: '0'.repeat(64) })))).toBe(
      `test.json: app.signingCertSha256: does not match signingCertificate (its SHA-256 is ${createHash('sha256').update('certificate bytes').digest('hex')})`,
    );
  });

  it('reports unreadable and malformed files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sdktrace-scenario-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ "name": ');
    expect(() => loadScenario(bad)).toThrow(/bad\.json: not valid JSON/);
    expect(() => loadScenario(join(dir, 'none.json'))).toThrow(/none\.json: cannot read the file/);
  });

  it('the demo scenario is valid', () => {
    expect(() => loadScenario(demoScenarioPath())).not.toThrow();
  });
});

const TRACE = `
import Java from 'frida-java-bridge';
const frames = () => Java.backtrace({ limit: 24 }).frames.map((f) => f.className + '.' + f.methodName + (f.fileName === 'SourceFile' ? '@SourceFile' : ''));
const thread = () => Java.use('java.lang.Thread').currentThread().getName();
Java.perform(() => {
  const S = Java.use('android.provider.Settings$Secure');
  S.getString.implementation = function (cr, name) {
    const v = this.getString(cr, name);
    send({ kind: 'read', name, v, t: Date.now(), thread: thread(), tid: Process.getCurrentThreadId(), frames: frames() });
    return v;
  };
  const TPE = Java.use('java.util.concurrent.ThreadPoolExecutor');
  TPE.execute.implementation = function (r) {
    send({ kind: 'submit', task: r.$className, thread: thread(), frames: frames() });
    return this.execute(r);
  };
  const View = Java.use('android.view.View');
  View.performClick.implementation = function () {
    const tv = Java.cast(this, Java.use('android.widget.TextView'));
    send({ kind: 'click', text: tv.getText().toString(), t: Date.now() });
    return this.performClick();
  };
});
const libc = Process.getModuleByName('libc.so');
const mods = new ModuleMap();
Interceptor.attach(libc.getExportByName('connect'), {
  onEnter(args) {
    const sa = args[1];
    const family = sa.readU16();
    const port = (sa.add(2).readU8() << 8) | sa.add(3).readU8();
    this.fd = args[0].toInt32();
    this.info = { family, port, peerBefore: Socket.peerAddress(this.fd), type: Socket.type(this.fd), caller: mods.findName(this.returnAddress) };
  },
  onLeave() { send({ kind: 'connect', ...this.info, peerAfter: Socket.peerAddress(this.fd) }); },
});
const text = (p, n) => { const b = new Uint8Array(p.readByteArray(n)); let s = ''; for (const x of b) s += String.fromCharCode(x); return s; };
Interceptor.attach(libc.getExportByName('sendto'), {
  onEnter(args) { send({ kind: 'sendto', fd: args[0].toInt32(), peer: Socket.peerAddress(args[0].toInt32()), data: text(args[1], args[2].toInt32()), caller: mods.findName(Thread.backtrace(this.context, Backtracer.ACCURATE)[0]) }); },
});
for (const m of Process.enumerateModules().filter((x) => x.name === 'libssl.so')) {
  Interceptor.attach(m.getExportByName('SSL_write'), {
    onEnter(args) { send({ kind: 'ssl', data: text(args[1], args[2].toInt32()), caller: mods.findName(this.returnAddress) }); },
  });
}
`;

async function runDemo(agent: string, patch: (s: Scenario) => void = () => undefined) {
  const s = demo();
  patch(s);
  device = new EmulatedDevice({ scenario: s });
  const byProcess = new Map<string, { sent: any[]; errors: any[]; logs: [string, string][] }>();
  const spawns: string[] = [];
  const attachTo = async (pid: number, name: string) => {
    const r = { sent: [] as any[], errors: [] as any[], logs: [] as [string, string][] };
    byProcess.set(name + (byProcess.has(name) ? '#2' : ''), r);
    const script = await (await device!.attach(pid)).createScript(await bundleAgent(agent));
    watch(script, r);
    await script.load();
  };
  await device.enableSpawnGating({ scope: 'applications' });
  device.spawnAdded.connect((sp) => {
    spawns.push(sp.identifier);
    const ours = sp.identifier.startsWith('com.example.mall');
    void (ours ? attachTo(sp.pid, sp.identifier) : Promise.resolve()).then(() => device!.resume(sp.pid));
  });
  const pid = await device.spawn('com.example.mall');
  await attachTo(pid, 'main');
  await device.resume(pid);
  const outcome = await device.waitForScenarioEnd();
  await settle(10);
  return { byProcess, spawns, outcome };
}

describe('the demo scenario under a tiny agent', () => {
  it('shows the push SDK reading android_id before consent, on its pool thread, with the submitting stack', async () => {
    const { byProcess, spawns, outcome } = await runDemo(TRACE);
    expect(outcome.notices).toEqual([]);
    expect(spawns).toEqual(['com.example.mall:pushservice', 'com.example.mall:pushservice', 'com.partner.news:pushservice']);
    const main = byProcess.get('main')!;
    expect(main.errors).toEqual([]);
    const reads = main.sent.filter((m) => m.kind === 'read');
    const click = main.sent.find((m) => m.kind === 'click');
    expect(click.text).toBe('同意');
    const first = reads[0];
    expect(first.name).toBe('android_id');
    expect(first.v).toBe('5c1e8a2f93b07d44');
    expect(first.t).toBeLessThan(click.t); // before consent
    expect(first.thread).toBe('GT-Pool-1');
    expect(first.frames).toEqual([
      'android.provider.Settings$Secure.getString',
      'com.igexin.b.a.d.a@SourceFile',
      'com.igexin.push.core.e.c.a@SourceFile',
      'com.igexin.push.core.a.b$1.run@SourceFile',
      'java.util.concurrent.ThreadPoolExecutor.runWorker',
      'java.util.concurrent.ThreadPoolExecutor$Worker.run',
      'java.lang.Thread.run',
    ]);
    const submit = main.sent.find((m) => m.kind === 'submit' && m.task === 'com.igexin.push.core.a.b$1');
    expect(submit.thread).toBe('main');
    expect(submit.frames.slice(0, 8)).toEqual([
      'java.util.concurrent.ThreadPoolExecutor.execute',
      'com.igexin.push.core.a.b@SourceFile',
      'com.igexin.sdk.PushManager.initialize@SourceFile',
      'com.example.mall.MallApplication.onCreate',
      'android.app.Instrumentation.callApplicationOnCreate',
      // Twice: the original, and frida-java-bridge's own replacement (Java.perform's hook point).
      'android.app.ActivityThread.handleBindApplication',
      'android.app.ActivityThread.handleBindApplication',
      'android.app.ActivityThread$H.handleMessage',
    ]);
    // After consent: Umeng reads on its pool, the app's own code on its own thread.
    const threads = reads.map((r: any) => `${r.thread}:${r.frames[1]}`);
    expect(threads).toContain('pool-1-thread-1:com.umeng.commonsdk.statistics.common.DeviceConfig.getAndroidID@SourceFile');
    expect(threads).toContain('mall-device-info:com.example.mall.data.DeviceInfo.collect');
    // The push process, started by the SDK: its service reads on the main thread, and the
    // Application.onCreate of this process initialises the SDK again (it runs in every process).
    const push = byProcess.get('com.example.mall:pushservice')!;
    expect(push.sent.filter((m) => m.kind === 'read').map((m) => [m.thread, m.frames.slice(0, 4)])).toEqual([
      ['main', ['android.provider.Settings$Secure.getString', 'com.igexin.push.core.d.b@SourceFile', 'com.igexin.push.core.d.a@SourceFile', 'com.igexin.sdk.PushService.onCreate@SourceFile']],
      ['GT-Pool-1', ['android.provider.Settings$Secure.getString', 'com.igexin.b.a.d.a@SourceFile', 'com.igexin.push.core.e.c.a@SourceFile', 'com.igexin.push.core.a.b$1.run@SourceFile']],
    ]);
    // Woken again by the push broadcast after the kill: the receiver's work runs on the SDK pool.
    const woken = byProcess.get('com.example.mall:pushservice#2')!;
    expect(woken.sent.some((m) => m.kind === 'submit' && m.task === 'com.igexin.push.core.b.f$2' && m.frames.includes('com.igexin.sdk.PushReceiver.onReceive@SourceFile'))).toBe(true);
  });

  it('sends pass through Java and native layers: v4-mapped Java sockets, plaintext and TLS payloads, the SDK\'s own native send', async () => {
    const { byProcess } = await runDemo(TRACE);
    const main = byProcess.get('main')!.sent;
    // Java's sockets connect through libjavacore.so over v4-mapped AF_INET6; the Flutter screen's
    // libflutter.so (loaded late) connects itself, over AF_INET, to shop.mall.example.com.
    const isFlutter = (m: { peerAfter?: { ip: string } | null }) => m.peerAfter?.ip === '192.0.2.11';
    const connects = main.filter((m) => m.kind === 'connect' && !isFlutter(m));
    expect(connects.length).toBeGreaterThan(3);
    expect(main.filter((m) => m.kind === 'connect' && isFlutter(m))).toEqual([expect.objectContaining({ family: 2, port: 443, type: 'tcp' })]);
    for (const c of connects) {
      expect(c).toMatchObject({ family: 10, type: 'tcp6', peerBefore: null, caller: 'libjavacore.so' });
      expect(c.peerAfter.ip).toMatch(/^::ffff:\d+\.\d+\.\d+\.\d+$/);
    }
    const imei = '864213051234567';
    const plain = main.find((m) => m.kind === 'sendto' && m.data.includes('extlog.snssdk.com'));
    expect(plain.data).toMatch(/^POST \/service\/2\/app_log\/ HTTP\/1\.1\r\n/);
    expect(plain.data).toContain(`"imei":"${imei}"`);
    expect(plain.data).toContain('"loc":"31.230416,121.473701"');
    expect(plain.caller).toBe('libopenjdk.so');
    expect(plain.peer).toEqual({ ip: '::ffff:198.51.100.41', port: 80 });
    const tls = main.find((m) => m.kind === 'ssl' && m.data.includes('pangolin'));
    expect(tls.data).toContain(`"did":"${createHash('md5').update(imei).digest('hex')}"`);
    expect(tls.caller).toBe('libjavacrypto.so');
    // TLS bytes reach the socket encrypted, from inside libssl.
    expect(main.some((m) => m.kind === 'sendto' && m.data.includes('pangolin'))).toBe(false);
    const push = byProcess.get('com.example.mall:pushservice')!.sent;
    const nativeConnect = push.find((m) => m.kind === 'connect' && m.caller === 'libgetuiext3.so');
    expect(nativeConnect).toMatchObject({ family: 2, port: 5224, type: 'tcp' });
    const nativeSend = push.find((m) => m.kind === 'sendto' && m.caller === 'libgetuiext3.so');
    expect(nativeSend.data).toContain('aid=5c1e8a2f93b07d44');
  });

  it('on Android 13 the same SDK code gets SecurityExceptions for IMEI and sends empty values', async () => {
    const { byProcess } = await runDemo(TRACE, (s) => {
      s.device.apiLevel = 33;
      s.app.targetSdk = 33;
      s.app.permissions!['android.permission.QUERY_ALL_PACKAGES'] = 'granted';
    });
    const plain = byProcess.get('main')!.sent.find((m) => m.kind === 'sendto' && m.data.includes('extlog.snssdk.com'));
    expect(plain.data).toContain('"imei":""');
  });

  it('runs at every API level the emulator supports (24-36)', async () => {
    for (let api = 24; api <= 36; api++) {
      const { byProcess, spawns, outcome } = await runDemo(TRACE, (s) => {
        s.device.apiLevel = api;
        s.app.targetSdk = Math.min(api, 34);
      });
      device!.close();
      expect(outcome.notices, `API ${api}`).toEqual([]);
      // Getui's PushService starts the partner's PushService when created: before API 26 nothing
      // refuses it, so the partner process starts at launch; from 26 the background limit refuses
      // it (the partner is not running) until a bind starts it at 75 s.
      expect(spawns, `API ${api}`).toEqual(
        api < 26
          ? ['com.example.mall:pushservice', 'com.partner.news:pushservice', 'com.example.mall:pushservice']
          : ['com.example.mall:pushservice', 'com.example.mall:pushservice', 'com.partner.news:pushservice'],
      );
      const main = byProcess.get('main')!;
      expect(main.errors, `API ${api}`).toEqual([]);
      expect(main.sent.filter((m) => m.kind === 'read').length, `API ${api}`).toBeGreaterThan(3);
    }
  });

  it('the real emulated agent loads and reports in', async () => {
    const source = readFileSync(emulatedAgentPath(), 'utf8');
    device = new EmulatedDevice({ scenario: demo() });
    const pid = await device.spawn('com.example.mall');
    const script = await (await device.attach(pid)).createScript(source, { name: 'sdktrace-agent' });
    const r = { sent: [] as any[], errors: [] as any[], logs: [] as [string, string][] };
    watch(script, r);
    await script.load();
    await script.exports.init!({ package: 'com.example.mall' });
    await settle();
    expect(r.sent[0]).toMatchObject({ kind: 'hello', pid, process: 'com.example.mall', java: true, android: { release: '9', sdk: 28 } });
    await device.resume(pid);
    await device.waitForScenarioEnd();
  });
});
