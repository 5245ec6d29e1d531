// CModule, C listener callbacks and NativeCallback on the emulated device are as strict as GumJS
// where the agent's native fd pre-filter depends on them, and refuse what cannot be modelled
// (C they cannot run) instead of pretending. Ledger: gumjs.CModule.modelledSources,
// gumjs.Interceptor.attach.cCallbacks, gumjs.NativeCallback.calls.
import { afterEach, describe, expect, it } from 'vitest';
import { miniScenario, spawnWith, type Running } from './helpers.js';

let run: Running | null = null;
afterEach(() => {
  run?.device.close();
  run = null;
});

const PROBE = `
import { FD_FILTER_SOURCE } from './agent/natives/fdfilter.ts';
const attempt = (fn) => { try { return { ok: fn() }; } catch (e) { return { threw: e.message }; } };
const write = Process.getModuleByName('libc.so').getExportByName('write');
const bitmap = Memory.alloc(8192);
const hits = [];
const hit = new NativeCallback((hook, fd) => { hits.push([hook, fd]); }, 'void', ['uint', 'int', 'pointer', 'pointer', 'pointer', 'pointer', 'pointer', 'pointer', 'uint']);
let cm = null;
rpc.exports = {
  unknown: () => attempt(() => new CModule('int x = 1;')),
  binary: () => attempt(() => new CModule(new ArrayBuffer(16))),
  unlinked: () => attempt(() => new CModule(FD_FILTER_SOURCE, { sdktrace_fds: bitmap })),
  notPointer: () => attempt(() => new CModule(FD_FILTER_SOURCE, { sdktrace_fds: 'lots', sdktrace_hit: hit })),
  build: () => attempt(() => { cm = new CModule(FD_FILTER_SOURCE, { sdktrace_fds: bitmap, sdktrace_hit: hit }); return Object.keys(cm); }),
  badData: () => attempt(() => Interceptor.attach(write, { onEnter: cm.on_enter }, {})),
  probe: () => attempt(() => Interceptor.attach(write, cm.on_enter)),
  foreign: () => attempt(() => Interceptor.attach(write, { onEnter: Memory.alloc(16) })),
  mixed: () => attempt(() => { Interceptor.attach(write, { onEnter() {}, onLeave: cm.on_enter }, ptr(1)); return true; }),
  filter: (fd) => attempt(() => { bitmap.add(fd >> 3).writeU8(1 << (fd & 7)); Interceptor.attach(write, { onEnter: cm.on_enter }, ptr(1)); return true; }),
  hits: () => hits,
  callBack: () => attempt(() => new NativeFunction(new NativeCallback((a, b) => a * 10 + b, 'int', ['int', 'int']), 'int', ['int', 'int'])(4, 2)),
};
`;

function scenario() {
  return miniScenario((s) => {
    s.app.sdks![0]!.nativeLibs = ['libpushcore.so'];
    s.app.application!.onCreate = [{ in: ['com.sdk.push.PushManager.init'], do: [{ nativeWrite: { lib: 'libpushcore.so', method: 'com.sdk.push.Native.log', path: '/data/data/com.example.app/files/push.log', line: 'x', times: 3 } } as any] }];
  });
}

describe('CModule on the emulated device', () => {
  it('gumjs.CModule.modelledSources: unknown C, binaries and unlinked externs are refused; symbols must be pointers; exports become pointers', async () => {
    run = await spawnWith(PROBE, { scenario: scenario() });
    const x = run.script.exports;
    expect(((await x.unknown!()) as { threw: string }).threw).toMatch(/^emulator: no model for this CModule source \(sha256 [0-9a-f]{64}\)/);
    expect(((await x.binary!()) as { threw: string }).threw).toMatch(/precompiled CModule binaries are not modelled/);
    expect(((await x.unlinked!()) as { threw: string }).threw).toMatch(/^linking failed: undefined symbol 'sdktrace_hit'/);
    expect(await x.notPointer!()).toEqual({ threw: 'invalid pointer value' });
    expect(await x.build!()).toEqual({ ok: ['on_enter'] });
  });

  it('gumjs.Interceptor.attach.cCallbacks: data must be a pointer, C probes and foreign code are refused, a JS callback drops the C one', async () => {
    run = await spawnWith(PROBE, { scenario: scenario() });
    const x = run.script.exports;
    await x.build!();
    expect(await x.badData!()).toEqual({ threw: 'expected a pointer' });
    expect(((await x.probe!()) as { threw: string }).threw).toMatch(/C probe listeners .* are not modelled/);
    expect(((await x.foreign!()) as { threw: string }).threw).toMatch(/is not a function of a modelled CModule/);
    expect(await x.mixed!()).toEqual({ ok: true });
    await run.device.resume(run.pid);
    await run.device.waitForScenarioEnd();
    const e = run.device.process(run.pid)!.natives.entries;
    // The app wrote three times: the JS onEnter ran each time, the C onLeave never did.
    expect(e.jsListener).toBe(3);
    expect(e.cListener).toBe(0);
  });

  it('gumjs.NativeCallback.calls: the C filter calls back only for marked descriptors; NativeFunction calls a NativeCallback', async () => {
    run = await spawnWith(PROBE, { scenario: scenario() });
    const x = run.script.exports;
    await x.build!();
    // The log file will be the process's next descriptor; mark another one: no hit at all.
    expect(await x.filter!(3)).toEqual({ ok: true });
    await run.device.resume(run.pid);
    await run.device.waitForScenarioEnd();
    expect(await x.hits!()).toEqual([]);
    expect(run.device.process(run.pid)!.natives.entries).toMatchObject({ cListener: 3, nativeCallback: 0 });
    expect(await x.callBack!()).toEqual({ ok: 42 });
  });

  it('gumjs.NativeCallback.calls: a marked descriptor reaches JavaScript with the hook number and fd', async () => {
    run = await spawnWith(PROBE, { scenario: scenario() });
    const x = run.script.exports;
    await x.build!();
    const fd = 64; // the emulated process hands out descriptors from 64: the log file is the first
    expect(await x.filter!(fd)).toEqual({ ok: true });
    await run.device.resume(run.pid);
    await run.device.waitForScenarioEnd();
    expect(await x.hits!()).toEqual([[1, fd], [1, fd], [1, fd]]);
  });
});
