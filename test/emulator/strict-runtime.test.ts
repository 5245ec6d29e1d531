// The emulated GumJS runtime is exactly as strict as the real one where the agent depends on it
// (emulator/conformance/gumjs.ts): these probe the runtime directly with a small script, so a
// model that turns kind again fails here even before an agent relies on it.
import { afterEach, describe, expect, it } from 'vitest';
import { spawnWith, type Running } from './helpers.js';

let run: Running | null = null;
afterEach(() => {
  run?.device.close();
  run = null;
});

const PROBE = `
const at = (bytes) => { const p = Memory.alloc(bytes.length); p.writeByteArray(bytes); return p; };
const attempt = (fn) => { try { return { ok: fn() }; } catch (e) { return { threw: e.message }; } };
const host = [0x61, 0x2e, 0x63, 0x6e, 0x00, 0x7a, 0x7a, 0x7a];
rpc.exports = {
  utf8Sized: () => attempt(() => at(host).readUtf8String(8)),
  utf8Exact: () => attempt(() => at(host).readUtf8String(4)),
  utf8ToNul: () => attempt(() => at(host).readUtf8String()),
  utf8Bad: () => attempt(() => at([0x61, 0xff, 0x62]).readUtf8String()),
  utf8Overlong: () => attempt(() => at([0xc0, 0x80]).readUtf8String(2)),
  utf8Null: () => attempt(() => ptr(0).readUtf8String(4)),
  cSized: () => attempt(() => at(host).readCString(8)),
  cToNul: () => attempt(() => at([0x61, 0xff, 0x62, 0x00]).readCString()),
  cmdlineText: () => attempt(() => File.readAllText('/proc/self/cmdline')),
  cmdlineBytes: () => attempt(() => Array.from(new Uint8Array(File.readAllBytes('/proc/self/cmdline')))),
  missing: () => attempt(() => File.readAllBytes('/data/local/tmp/nope.txt')),
  noExport: () => attempt(() => Process.getModuleByName('libc.so').getExportByName('nope_nope')),
  noModule: () => attempt(() => Process.getModuleByName('libnope.so')),
  attachNothing: () => attempt(() => Interceptor.attach(Process.getModuleByName('libc.so').getExportByName('connect'), {})),
};
`;

const JAVA_PROBE = `
import Java from 'frida-java-bridge';
const attempt = (fn) => { try { return { ok: fn() }; } catch (e) { return { threw: e.message }; } };
rpc.exports = {
  loaders() {
    return new Promise((resolve) => Java.perform(() => {
      const before = Java.enumerateClassLoadersSync().map((l) => l.$className);
      const D = Java.use('dalvik.system.DexClassLoader');
      D.$new('/data/local/tmp/probe.dex', null, null, null);
      const after = Java.enumerateClassLoadersSync().map((l) => l.$className);
      resolve({ before, after });
    }));
  },
};
`;

describe('GumJS and frida-java-bridge errors on the emulated device', () => {
  it('gumjs.File.missing, gumjs.Module.getExportByName.throws, gumjs.Interceptor.attach.needsCallback: the real texts', async () => {
    run = await spawnWith(PROBE);
    const x = run.script.exports;
    expect(await x.missing!()).toEqual({ threw: 'Failed to open file “/data/local/tmp/nope.txt”: No such file or directory' });
    expect((await x.noExport!()) as { threw: string }).toEqual({ threw: expect.stringMatching(/^\/.*\/libc\.so: unable to find export 'nope_nope'$/) });
    expect(await x.noModule!()).toEqual({ threw: "unable to find module 'libnope.so'" });
    expect(await x.attachNothing!()).toEqual({ threw: 'expected at least one callback' });
  });

  it('java-bridge.enumerateClassLoaders.api24: lists the loaders that exist when it is called', async () => {
    run = await spawnWith(JAVA_PROBE);
    await run.device.resume(run.pid);
    await run.device.waitForScenarioEnd();
    const r = (await run.script.exports.loaders!()) as { before: string[]; after: string[] };
    expect(r.before).toEqual(['dalvik.system.PathClassLoader']);
    // A loader that has not defined a class yet is not registered with the class linker, so an
    // enumeration right after it was built misses it: the agent hooks construction instead.
    expect(r.after).toEqual(['dalvik.system.PathClassLoader']);
  });
});

describe('GumJS strings on the emulated device', () => {
  it('gumjs.readUtf8String.validatesSize: a size covers every byte, a NUL or bad byte inside throws as gumquickcore.c does', async () => {
    run = await spawnWith(PROBE);
    const x = run.script.exports;
    expect(await x.utf8Sized!()).toEqual({ threw: "can't decode byte 0x00 in position 4" });
    expect(await x.utf8Exact!()).toEqual({ ok: 'a.cn' });
    expect(await x.utf8ToNul!()).toEqual({ ok: 'a.cn' });
    expect(await x.utf8Bad!()).toEqual({ threw: "can't decode byte 0xff in position 1" });
    expect(await x.utf8Overlong!()).toEqual({ threw: "can't decode byte 0xc0 in position 0" });
    expect(await x.utf8Null!()).toEqual({ ok: null });
  });

  it('gumjs.readCString.makesValid: never throws; bad bytes and NULs inside a size become U+FFFD', async () => {
    run = await spawnWith(PROBE);
    const x = run.script.exports;
    expect(await x.cSized!()).toEqual({ ok: 'a.cn\uFFFDzzz' });
    expect(await x.cToNul!()).toEqual({ ok: 'a\uFFFDb' });
  });

  it('gumjs.File.readAllText.validates: /proc/self/cmdline (NUL-terminated) cannot be read as text, only as bytes', async () => {
    run = await spawnWith(PROBE);
    const x = run.script.exports;
    const text = (await x.cmdlineText!()) as { threw?: string };
    expect(text.threw).toMatch(/^can't decode byte 0x00 in position \d+$/);
    const bytes = ((await x.cmdlineBytes!()) as { ok: number[] }).ok;
    expect(bytes[bytes.length - 1]).toBe(0);
    expect(String.fromCharCode(...bytes.slice(0, bytes.indexOf(0)))).toBe(run.device.scenario.app.package);
  });
});
