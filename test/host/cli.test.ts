// `sdktrace trace` arguments through the real program: every mistake gets one clear message and
// exit 2 before any device or database is touched; a real device without the frida module gets the
// install paragraph; the emulated device works; --json is NDJSON; --policy is checked and kept.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FRIDA_MISSING, parseRemoteAddress } from '../../host/device/frida.js';
import { parseDuration, parseWords } from '../../host/commands/trace.js';
import { installRoot } from '../../install/root.js';
import { Store } from '../../store/db.js';
import type { Dashboard } from '../../host/live/server.js';
import { cli, scenario, tmpDir, traceWith } from './helpers.js';

const fridaInstalled = existsSync(join(installRoot(), 'node_modules', 'frida', 'package.json'));

describe('sdktrace trace: wrong arguments exit 2 with one clear message', () => {
  const dir = tmpDir();
  const db = join(dir, 'never.db');
  const cases: [string[], RegExp][] = [
    [['-f', 'com.example.app'], /choose a device: -U \(USB\), -D ID, -H HOST\[:PORT\]/],
    [['-U', '-H', '10.0.0.2', '-f', 'com.example.app'], /choose one device, not -U and -H 10.0.0.2/],
    [['-U'], /choose what to trace: -f PACKAGE \(spawn the app\), -n NAME or -p PID/],
    [['-U', '-f', 'com.example.app', '-n', 'App'], /choose one target, not -f and -n/],
    [['-U', '-f', 'com.example.app:push'], /-f expects an app's package name .*not a process name/],
    [['-U', '-p', 'twelve'], /-p expects a process id, got "twelve"/],
    [['-U', '-f', 'com.example.app', '--app', 'com.example.app'], /--app names the package of an app attached with -n\/-p/],
    [['-U', '-n', 'Gadget', '--app', 'Example App'], /--app expects an app's package name such as com\.example\.app, got "Example App"/],
    [['-H', 'phone:99999', '-f', 'com.example.app'], /-H phone:99999: the port must be a number from 1 to 65535/],
    [['-H', 'phone:', '-f', 'com.example.app'], /the port must be a number/],
    [['-U', '-f', 'com.example.app', '--duration', 'soon'], /--duration expects a time such as 30s, 5m or 1h, got "soon"/],
    [['-U', '-f', 'com.example.app', '--scenario', 'x.json'], /--scenario is for the emulated device/],
    [['-U', '--observe', '-n', 'App'], /--observe watches for the app to start by itself: give its package with -f/],
    [['-U', '--observe'], /--observe needs the package to watch: --observe -f PACKAGE/],
    [['--device', 'emulated', '-n', 'App'], /the emulated device starts the scenario's app itself/],
    [['--device', 'emulated', '--api', '12'], /--api must be an API level from 24 to 36, got 12/],
    [['--device', 'emulated', '--agree-words', ' , '], /--agree-words expects a comma-separated list of words/],
    [['--device', 'emulated', '--policy', join(dir, 'missing.json')], /cannot read declared lists .*missing\.json/],
    [['--device', 'emulated', '--scenario', join(dir, 'missing-scenario.json')], /missing-scenario\.json/],
    [['--device', 'emulated', '-f', 'com.other.app', '--scenario', scenario('multi')], /the scenario's app is com\.example\.multi, not com\.other\.app/],
  ];
  for (const [args, message] of cases) {
    it(args.join(' '), async () => {
      const r = await cli('trace', ...args, '--db', db);
      expect(r.err).toMatch(message);
      expect(r.err).not.toMatch(/internal error|    at /);
      expect(r.result).toBe(2);
      expect(existsSync(db)).toBe(false);
    });
  }

  it('unknown options and missing values (commander) exit 2 too', async () => {
    const unknown = await cli('trace', '--device', 'emulated', '--frobnicate');
    expect(unknown.err).toMatch(/unknown option '--frobnicate'/);
    expect(unknown.result).toBe(2);
    const missing = await cli('trace', '-U', '-f');
    expect(missing.err).toMatch(/option '-f, --file <package>' argument missing/);
    expect(missing.result).toBe(2);
  });

  it('--help lists the frida-tools style options and exits 0', async () => {
    const r = await cli('trace', '--help');
    expect(r.result).toBe(0);
    for (const o of ['-U, --usb', '-D, --device <id>', '-H, --host <host[:port]>', '-f, --file <package>', '-n, --attach-name <name>', '-p, --attach-pid <pid>', '--observe', '--duration <time>', '--policy <lists.json>', '--agree-words <words>', '--json', '--quiet']) {
      expect(r.out).toContain(o);
    }
  });
});

describe('argument parsing', () => {
  it('durations', () => {
    expect([parseDuration('30s'), parseDuration('5m'), parseDuration('1h'), parseDuration('250ms'), parseDuration('90'), parseDuration('1.5m')]).toEqual([30_000, 300_000, 3_600_000, 250, 90_000, 90_000]);
    for (const bad of ['', '0', '-5s', '5d', 'abc']) expect(() => parseDuration(bad), bad).toThrow(/--duration/);
  });

  it('consent words replace the defaults, or add to them with +; ASCII and full-width commas', () => {
    expect(parseWords('好的，OK, fine', ['同意'], '--agree-words')).toEqual(['好的', 'OK', 'fine']);
    expect(parseWords('+好的', ['同意', '接受'], '--agree-words')).toEqual(['同意', '接受', '好的']);
  });

  it('remote addresses like Frida parses them, port 27042 by default', () => {
    expect(parseRemoteAddress('192.168.1.20').address).toBe('192.168.1.20:27042');
    expect(parseRemoteAddress('phone.lan:27777')).toEqual({ host: 'phone.lan', port: 27777, address: 'phone.lan:27777' });
    expect(parseRemoteAddress('[fe80::1]:1234').address).toBe('[fe80::1]:1234');
    expect(parseRemoteAddress('::1').address).toBe('[::1]:27042');
    expect(() => parseRemoteAddress('a b:1')).toThrow(/HOST\[:PORT\]/);
  });
});

describe.skipIf(fridaInstalled)('a real device without the frida module', () => {
  for (const args of [['-U', '-f', 'com.example.app'], ['-D', 'emulator-5554', '-n', 'App'], ['-H', '10.0.0.2:27777', '--observe', '-f', 'com.example.app']]) {
    it(`${args.join(' ')}: the install paragraph and a non-zero exit, nothing else touched`, async () => {
      const db = join(tmpDir(), 'never.db');
      const r = await cli('trace', ...args, '--db', db);
      expect(r.result).toBe(3);
      expect(r.err).toContain(FRIDA_MISSING);
      expect(r.err).not.toMatch(/internal error|    at /);
      expect(existsSync(db)).toBe(false);
    });
  }
});

describe('the emulated device', () => {
  it('--json prints one JSON object per stored event and nothing else on stdout; --policy is checked and kept with the run', async () => {
    const dir = tmpDir();
    const db = join(dir, 'json.db');
    const policy = join(dir, 'multi.lists.json');
    writeFileSync(
      policy,
      JSON.stringify({
        format: 'sdktrace-declared-lists/1',
        app: { package: 'com.example.multi' },
        collected: [{ dataTypes: ['android_id'], purpose: 'security' }],
        sharing: [{ sdk: 'getui-push', dataTypes: ['android_id'], purpose: 'push', domains: ['igexin.com'] }],
      }),
    );
    const r = await cli('trace', '-D', 'emulated', '--scenario', scenario('multi'), '--db', db, '--json', '--policy', policy, '--duration', '10m');
    expect(r.err).not.toMatch(/internal error/);
    expect(r.result).toBe(0);
    const lines = r.out.split('\n');
    expect(lines.pop()).toBe('');
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const store = Store.open(db, { readonly: true });
    try {
      const rows = store.db.prepare('SELECT id, source, kind, seq, pid FROM events WHERE run_id = 1 ORDER BY id').all() as { id: number; source: string; kind: string; seq: number | null; pid: number | null }[];
      expect(records.map((x) => ({ id: x.id, source: x.source, kind: x.kind, seq: x.seq, pid: x.pid }))).toEqual(rows);
      const options = JSON.parse(store.resolveRun('1').options);
      expect(options.policy).toEqual({ file: policy, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(options.durationMs).toBe(600_000);
    } finally {
      store.close();
    }
  });

  it('a policy for another app is accepted with a warning', async () => {
    const dir = tmpDir();
    const policy = join(dir, 'other.lists.json');
    writeFileSync(policy, JSON.stringify({ format: 'sdktrace-declared-lists/1', app: { package: 'com.other.app' }, collected: [], sharing: [] }));
    const r = await cli('trace', '--device', 'emulated', '--scenario', scenario('observe'), '--observe', '--db', join(dir, 'w.db'), '-q', '--policy', policy);
    expect(r.result).toBe(0);
    expect(r.err).toContain(`declares com.other.app, but the traced app is com.example.quiet`);
  });

  it('--serve: the live dashboard serves the run; closing it ends the run like Ctrl-C', async () => {
    const db = join(tmpDir(), 'serve.db');
    let dashboard: Dashboard | undefined;
    let status: number | undefined;
    const r = await traceWith(
      { device: 'emulated', scenario: scenario('multi'), db, serve: '0', onServe: (d) => (dashboard = d) },
      {
        onRun: (run) => {
          let asked = false;
          run.addOutput({
            name: 'test-close',
            committed(items) {
              if (asked || !items.some((i) => i.process?.name === 'com.example.multi:push')) return;
              asked = true;
              void fetch(dashboard!.url.replace(/#.*/, ''))
                .then((res) => (status = res.status))
                .finally(() => dashboard!.close('closed by the test'));
            },
          });
        },
      },
    );
    expect(r.err).not.toMatch(/internal error/);
    expect(r.result).toBe(0);
    expect(r.err).toMatch(/dashboard: http:\/\/127\.0\.0\.1:\d+/);
    expect(status).toBe(200);
    const store = Store.open(db, { readonly: true });
    try {
      expect(store.resolveRun('1').end_reason).toBe('dashboard closed by the test');
      // --serve runs the emulated clock at 1x, so the run ended before the crash due at 3 s.
      expect(JSON.parse(store.resolveRun('1').options).device.realtime).toBe(true);
    } finally {
      store.close();
    }
  }, 30_000);

  it('a broken policy file is refused with its JSON path', async () => {
    const dir = tmpDir();
    const policy = join(dir, 'bad.lists.json');
    writeFileSync(policy, JSON.stringify({ format: 'sdktrace-declared-lists/1', app: { package: 'com.example.multi' }, collected: [{ purpose: 'x' }], sharing: [] }));
    const r = await cli('trace', '--device', 'emulated', '--db', join(dir, 'b.db'), '--policy', policy);
    expect(r.result).toBe(2);
    expect(r.err).toMatch(/declared lists are not valid[\s\S]*\$\.collected\[0\]/);
  });
});
