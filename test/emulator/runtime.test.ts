// The GumJS-like runtime scripts run in: only JS builtins plus gum globals, Frida's message and
// rpc semantics, timers on the device clock, errors reported as Frida reports them.
import { afterEach, describe, expect, it } from 'vitest';
import { EmulatedDevice } from '../../emulator/index.js';
import { miniScenario, settle, spawnWith, type Running } from './helpers.js';

let run: Running | null = null;
afterEach(() => {
  run?.device.close();
  run = null;
});

const PROBE = `
rpc.exports = {
  globals() {
    return ['require', 'process', 'Buffer', 'module', 'exports', 'fetch', 'global', 'setTimeout', 'send', 'recv', 'rpc', 'Process', 'Module', 'Interceptor', 'NativePointer', 'Int64', 'Checksum', 'Socket', 'Java']
      .map((n) => n + ':' + typeof globalThis[n]).join(' ');
  },
  hiddenArt() {
    return Object.keys(globalThis).filter((k) => k.includes('art') || k.includes('sdktrace')).length + ':' + Object.getOwnPropertySymbols(globalThis).length;
  },
  escape() {
    try { return send.constructor('return typeof process')(); } catch (e) { return 'threw'; }
  },
  now() { return Date.now(); },
  newDate() { return new Date().getTime(); },
  later(ms) { const at = Date.now(); return new Promise((resolve) => setTimeout(() => resolve([at, Date.now()]), ms)); },
  fail() { throw new TypeError('nope'); },
  failAsync() { return Promise.reject(new RangeError('async nope')); },
  log() { console.log('hello', 42); console.warn('careful'); console.error('bad'); return true; },
  tick() { Script.nextTick(() => { throw new Error('from tick'); }); return 'ok'; },
  timerThrows() { setTimeout(() => { throw new Error('from timer'); }, 5); return 'armed'; },
  errors() { try { Process.getModuleByName('libnope.so'); } catch (e) { return [e instanceof Error, e.message, Module.findGlobalExportByName('nope'), (() => { try { Module.getGlobalExportByName('nope'); } catch (x) { return x.message; } })()]; } },
  modules() {
    const libc = Process.getModuleByName('libc.so');
    return { arch: Process.arch, platform: Process.platform, pointerSize: Process.pointerSize, libc: libc.path, connect: libc.getExportByName('connect').equals(Module.getGlobalExportByName('connect')), none: libc.findExportByName('nope'), ssl: Process.enumerateModules().filter((m) => m.name === 'libssl.so').map((m) => m.path) };
  },
  int64() { return JSON.stringify({ a: int64('-5'), b: uint64('18446744073709551615'), p: ptr('0x10').add(0x20) }); },
  checksum() { return [Checksum.compute('sha256', 'abc'), Checksum.compute('md5', 'abc'), Checksum.compute('sha1', new Uint8Array([97, 98, 99]).buffer)]; },
  cmdline() { return String.fromCharCode(...new Uint8Array(File.readAllBytes('/proc/self/cmdline'))); },
  cmdlineText() { try { return File.readAllText('/proc/self/cmdline'); } catch (e) { return e.message; } },
  waitForPing() { return new Promise((resolve) => recv('ping', (m) => resolve(m.n))); },
};
recv((m) => send({ got: m }));
send({ hello: 1 }, [1, 2, 255]);
`;

describe('GumJS-like runtime', () => {
  it('has no Node globals, only JS builtins and the gum API; the VM hides behind a non-enumerable symbol', async () => {
    run = await spawnWith(PROBE);
    const g = await run.script.exports.globals!();
    expect(g).toContain('require:undefined');
    expect(g).toContain('process:undefined');
    expect(g).toContain('Buffer:undefined');
    expect(g).toContain('module:undefined');
    expect(g).toContain('exports:undefined');
    expect(g).toContain('fetch:undefined');
    expect(g).toContain('Java:undefined'); // Frida 17: the bridge must be imported
    expect(g).toContain('send:function');
    expect(g).toContain('Interceptor:object');
    expect(await run.script.exports.hiddenArt!()).toBe('0:1');
    // Gum functions are this realm's functions: their constructor cannot reach Node.
    expect(await run.script.exports.escape!()).toBe('undefined');
  });

  it('delivers send() asynchronously with data as a Buffer; recv matches types and queues', async () => {
    run = await spawnWith(PROBE);
    const seen: [any, Buffer | null][] = [];
    run.script.message.connect((m: any, d: Buffer | null) => seen.push([m, d]));
    await settle();
    // hello was sent during load, before our handler: the helper's handler saw it
    expect(run.sent[0]).toEqual({ hello: 1 });
    run.script.post({ type: 'other', x: 1 });
    await settle();
    expect(run.sent.at(-1)).toEqual({ got: { type: 'other', x: 1 } });
    const waiting = run.script.exports.waitForPing!();
    run.script.post({ type: 'ping', n: 7 });
    expect(await waiting).toBe(7);
  });

  it('rpc: own exports only, errors reject with name and message, reserved names are not callable', async () => {
    run = await spawnWith(PROBE);
    await expect(run.script.exports.fail!()).rejects.toMatchObject({ name: 'TypeError', message: 'nope' });
    await expect(run.script.exports.failAsync!()).rejects.toMatchObject({ name: 'RangeError', message: 'async nope' });
    await expect(run.script.exports.toString!()).rejects.toThrow("unable to find method 'toString'");
    expect((run.script.exports as any).then).toBeUndefined();
  });

  it('console goes to logHandler with Frida levels', async () => {
    run = await spawnWith(PROBE);
    await run.script.exports.log!();
    await settle();
    expect(run.logs).toEqual([
      ['info', 'hello 42'],
      ['warning', 'careful'],
      ['error', 'bad'],
    ]);
  });

  it('Date and timers follow the device clock (the scenario epoch), not the host', async () => {
    const scenario = miniScenario((s) => {
      s.startEpochMs = Date.UTC(2030, 5, 1);
    });
    run = await spawnWith(PROBE, { scenario });
    expect(await run.script.exports.now!()).toBe(Date.UTC(2030, 5, 1));
    expect(await run.script.exports.newDate!()).toBe(Date.UTC(2030, 5, 1));
    const later = run.script.exports.later!(2500);
    await run.device.resume(run.pid); // starts the clock
    const [armed, fired] = (await later) as [number, number];
    expect(armed).toBeGreaterThanOrEqual(Date.UTC(2030, 5, 1));
    expect(fired - armed).toBe(2500);
  });

  it('errors from the top level, timers, Script.nextTick and Java.perform become error messages', async () => {
    run = await spawnWith(`${PROBE}\nthrow new Error('top level');`);
    await settle();
    expect(run.errors[0]).toMatchObject({ type: 'error', description: 'Error: top level', fileName: '/test-agent.js' });
    expect(run.errors[0].lineNumber).toBeGreaterThan(0);
    expect(run.errors[0].stack).toContain('top level');
    await run.script.exports.tick!();
    await settle();
    expect(run.errors[1].description).toBe('Error: from tick');
    await run.script.exports.timerThrows!();
    await run.device.resume(run.pid);
    await run.device.waitForScenarioEnd();
    await settle();
    expect(run.errors.map((e) => e.description)).toContain('Error: from timer');
  });

  it('Process and Module follow Frida 17 (getters throw, finders return null)', async () => {
    run = await spawnWith(PROBE);
    expect(await run.script.exports.errors!()).toEqual([true, "unable to find module 'libnope.so'", null, "unable to find global export 'nope'"]);
    const m = await run.script.exports.modules!();
    expect(m).toMatchObject({ arch: 'arm64', platform: 'linux', pointerSize: 8, libc: '/apex/com.android.runtime/lib64/bionic/libc.so', connect: true, none: null });
    // Android 10+: Conscrypt's BoringSSL and the platform's both mapped.
    expect(m.ssl).toEqual(['/apex/com.android.conscrypt/lib64/libssl.so', '/system/lib64/libssl.so']);
    expect(await run.script.exports.cmdline!()).toBe('com.example.app\0');
    // GumJS validates the whole file as UTF-8 and the NUL fails it (gumjs.File.readAllText.validates).
    expect(await run.script.exports.cmdlineText!()).toBe("can't decode byte 0x00 in position 15");
  });

  it('Int64/UInt64 serialise as strings, pointers as hex; Checksum matches', async () => {
    run = await spawnWith(PROBE);
    expect(JSON.parse(await run.script.exports.int64!())).toEqual({ a: '-5', b: '18446744073709551615', p: '0x30' });
    expect(await run.script.exports.checksum!()).toEqual([
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      '900150983cd24fb0d6963f7d28e17f72',
      'a9993e364706816aba3e25717850c26c9cd0d89d',
    ]);
  });

  it('unloading destroys the script: pending calls reject, `destroyed` fires', async () => {
    run = await spawnWith(PROBE);
    let destroyed = 0;
    run.script.destroyed.connect(() => destroyed++);
    await run.script.unload();
    expect(destroyed).toBe(1);
    expect(run.script.isDestroyed).toBe(true);
    await expect(run.script.exports.now!()).rejects.toThrow('Script is destroyed');
    await expect(run.script.unload()).rejects.toThrow('Script is destroyed');
  });

  it('a second script in the same process gets its own realm', async () => {
    run = await spawnWith(PROBE);
    const s2 = await run.session.createScript('globalThis.mine = 1; rpc.exports = { other: () => typeof globalThis.hello };');
    await s2.load();
    expect(await s2.exports.other!()).toBe('undefined');
    expect(new EmulatedDevice({ scenario: miniScenario() }).type).toBe('local');
  });
});
