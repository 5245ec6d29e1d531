// Statically linked TLS (issue 14 item 2) through the real agent bundle on the emulated device: an
// app whose libflutter.so links BoringSSL without exports, loaded late. With the build's byte
// patterns (tlsPatterns) the agent finds SSL_write by Memory.scanSync when the module observer
// reports the library, and the send carries its plaintext and host; without them only the
// ciphertext on the socket is seen. SSL_write runs on a Dart thread-pool thread and the isolate's
// thread writes the record (dart:io), so the record is a second send to the same destination.
// Ledger: gumjs.Memory.scanSync.pattern, gumjs.Process.attachModuleObserver.late,
// android.dartio.sslWriteOffIsolate.
import { afterEach, describe, expect, it } from 'vitest';
import { STATIC_TLS_BUILD } from '../../emulator/native/natives.js';
import { sdkThreadScenario, spawnWith, type Running } from '../emulator/helpers.js';
import { traceScenario } from '../emulator/trace.js';
import { traceAndReport } from './helpers.js';

const hex = (b: number[]) => b.map((x) => x.toString(16).padStart(2, '0')).join(' ');
/** The emulated build's patterns, as a lab's pattern file would give them for a real build. */
const PATTERNS = [{ module: 'libflutter.so', SSL_write: [hex(STATIC_TLS_BUILD.prologue.SSL_write!)], SSL_read: [hex(STATIC_TLS_BUILD.prologue.SSL_read!)] }];

function scenario() {
  return sdkThreadScenario(
    [
      { read: 'android_id', as: 'aid' },
      {
        native: {
          lib: 'libflutter.so',
          method: 'io.flutter.embedding.engine.FlutterJNI.nativeDispatch',
          host: 'api.flutterapp.example',
          port: 443,
          staticTls: true,
          payload: 'POST /v1/device HTTP/1.1\r\nhost: api.flutterapp.example\r\ncontent-type: application/json\r\n\r\n{"aid":"{{$aid}}"}',
        },
      },
    ],
    { thread: 'io.flutter.1.io', patch: (s) => (s.app.staticTlsLibs = ['libflutter.so']) },
  );
}

describe('statically linked TLS (libflutter.so)', () => {
  it('with the build patterns: SSL_write found by its bytes in the late-loaded library, the plaintext sent to its host; the record, written on the isolate thread as dart:io does, is a second send to the same destination', async () => {
    const t = await traceScenario(scenario(), { agentConfig: { tlsPatterns: PATTERNS } });
    expect(t.errors).toEqual([]);
    expect(t.protocolProblems).toEqual([]);
    const sends = t.events.filter((e) => e.kind === 'net' && e.detail?.module === 'libflutter.so');
    const ssl = sends.find((e) => e.hook === 'native.SSL_write');
    expect(ssl?.api).toMatch(/\/libflutter\.so!SSL_write$/);
    expect(ssl?.detail).toMatchObject({ tls: true, op: 'send', host: 'api.flutterapp.example', method: 'POST', url: 'https://api.flutterapp.example/v1/device' });
    expect(ssl!.detail!.sample).toContain('"aid":"');
    // android.dartio.sslWriteOffIsolate: SSL_write ran on a Dart thread-pool thread, the record is
    // written by the isolate's thread, so the agent cannot link them: two sends, one destination.
    const rec = sends.find((e) => e.hook === 'native.write');
    expect(rec?.detail).toMatchObject({ op: 'send', proto: 'tls', tls: true, host: 'api.flutterapp.example', port: 443 });
    expect(rec!.detail!.recordOf).toBeUndefined();
    expect(ssl!.thread).toBe('DartWorker');
    expect(rec!.thread).toBe('io.flutter.1.io');
    expect(sends.filter((e) => e.detail?.op === 'send')).toHaveLength(2);
    expect(sends.some((e) => e.detail?.op === 'tls-record')).toBe(false);
  });

  it('without patterns: no plaintext, only the TLS ciphertext on the socket with the name the library looked up', async () => {
    const t = await traceScenario(scenario());
    expect(t.errors).toEqual([]);
    const sends = t.events.filter((e) => e.kind === 'net' && e.detail?.module === 'libflutter.so');
    expect(sends.some((e) => e.hook === 'native.SSL_write')).toBe(false);
    const w = sends.find((e) => e.hook === 'native.write');
    expect(w?.detail).toMatchObject({ op: 'send', proto: 'tls', tls: true, host: 'api.flutterapp.example', hostFrom: 'getaddrinfo', port: 443 });
    // What is on the wire is ciphertext: the value read is not in it.
    expect(Buffer.from(String(w!.detail!.sample ?? ''), 'base64').toString('latin1')).not.toContain('"aid"');
  });

  it('the report shows the statically linked TLS send with its host and the android_id it carried', async () => {
    const { model } = await traceAndReport(scenario(), 'static-tls', { tlsPatterns: PATTERNS });
    const d = model.network.find((x) => x.host === 'api.flutterapp.example');
    expect(d).toMatchObject({ port: 443, tls: true });
    const f = model.dataFlows.find((x) => x.dataType === 'android_id' && x.host === 'api.flutterapp.example');
    expect(f).toMatchObject({ tls: true, port: 443 });
    // The SSL_write send and the unlinked record: two sends to the same ip:443.
    const dest = model.network.filter((x) => x.host === 'api.flutterapp.example');
    expect(dest).toEqual([expect.objectContaining({ port: 443, tls: true, sends: 2 })]);
  }, 60_000);
});

const PROBE = `
const attempt = (fn) => { try { return { ok: fn() }; } catch (e) { return { threw: e.message }; } };
rpc.exports = {
  scan: (name, pattern) => attempt(() => { const m = Process.getModuleByName(name); return Memory.scanSync(m.base, m.size, pattern).map((x) => [x.address.sub(m.base).toInt32(), x.size]); }),
  late: () => { const seen = []; Process.attachModuleObserver({ onAdded(m) { seen.push(m.name); } }); globalThis.seen = seen; return seen.length > 0; },
  seen: () => globalThis.seen.slice(-1),
};
`;

let run: Running | null = null;
afterEach(() => {
  run?.device.close();
  run = null;
});

describe('Memory.scanSync and late modules on the emulated device', () => {
  it('gumjs.Memory.scanSync.pattern: hex, ?? and nibble wildcards, masks; malformed patterns throw; unmodelled memory fails loudly', async () => {
    run = await spawnWith(PROBE, { scenario: scenario() });
    const x = run.script.exports;
    await x.late!();
    await run.device.resume(run.pid);
    await run.device.waitForScenarioEnd();
    // gumjs.Process.attachModuleObserver.late: the library loaded at first use was reported.
    expect(await x.seen!()).toEqual(['libflutter.so']);
    const w = STATIC_TLS_BUILD.prologue.SSL_write!;
    const off = STATIC_TLS_BUILD.functions.SSL_write!;
    expect(await x.scan!('libflutter.so', hex(w))).toEqual({ ok: [[off, 16]] });
    // '??' and a nibble wildcard ('5?'), and a mask: both prologues share their first 8 bytes.
    expect(await x.scan!('libflutter.so', 'ff 43 01 d1 f6 57 02 a9 5? 11 ?? ?? fd 7b 04 a9')).toEqual({ ok: [[off, 16], [STATIC_TLS_BUILD.functions.SSL_read!, 16]] });
    expect(await x.scan!('libflutter.so', 'ff 43 01 d1 f6 57 02 a9 5e 11 57 00:ff ff ff ff ff ff ff ff ff ff ff 00')).toEqual({ ok: [[off, 12]] });
    for (const bad of ['', '?? ??', 'zz 43', 'ff 4', 'ff 43:ff']) expect(await x.scan!('libflutter.so', bad)).toEqual({ threw: 'invalid match pattern' });
    expect(((await x.scan!('libc.so', 'ff 43')) as { threw: string }).threw).toMatch(/is not modelled/);
  });
});

describe('sdktrace trace --tls-patterns', () => {
  it('loads a pattern file and names the JSON path and the fix for a bad entry', async () => {
    const { loadTlsPatterns } = await import('../../host/commands/tls-patterns.js');
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'sdktrace-tlsp-'));
    try {
      const good = join(dir, 'good.json');
      writeFileSync(good, JSON.stringify(PATTERNS));
      expect(loadTlsPatterns(good)).toEqual(PATTERNS);
      const bad = join(dir, 'bad.json');
      writeFileSync(bad, JSON.stringify([{ module: 'libflutter.so', SSL_write: ['?? ??'] }]));
      expect(() => loadTlsPatterns(bad)).toThrow(/\$\[0\]\.SSL_write\[0\] is not a Memory\.scanSync pattern/);
      writeFileSync(bad, JSON.stringify([{ module: 'libflutter.so' }]));
      expect(() => loadTlsPatterns(bad)).toThrow(/\$\[0\] has neither SSL_write nor SSL_read/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
