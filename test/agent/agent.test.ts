// The Agent wiring: rpc init installs the native hooks at once (no VM needed) and the Java hooks
// from perform, reports both in one 'hooks' message, shares the net scope between a Java netScope
// hook and the native write underneath, gives events their async origins, and retries app-loader
// classes that appear later.
import { describe, expect, it } from 'vitest';
import { Agent, type JavaRuntime } from '../../agent/core/agent.js';
import { HOOKS } from '../../agent/catalog/index.js';
import { checkEvent } from './env.js';
import { FakeJava, FakePlatform } from './fakes.js';
import { FakeGum, P } from './fake-gum.js';

const LIBC = '/apex/com.android.runtime/lib64/bionic/libc.so';

function setup(ids: string[]) {
  const platform = new FakePlatform();
  const java = new FakeJava(platform);
  const later = new FakeJava(platform); // a class loader that appears after start
  let loaders: FakeJava[] = [java];
  const ids2 = new Map<object, number>();
  let next = 1;
  java.define('java.lang.System', {
    identityHashCode: [
      {
        params: ['java.lang.Object'],
        body: (o: object) => {
          let v = ids2.get(o);
          if (v === undefined) ids2.set(o, (v = next++));
          return v;
        },
      },
    ],
  });
  const threads = new Map<number, object>();
  java.define('java.lang.Thread', {
    currentThread: [
      {
        params: [],
        body: () => {
          let t = threads.get(platform.tid);
          if (t === undefined) threads.set(platform.tid, (t = { tid: platform.tid }));
          return t;
        },
      },
    ],
  });
  java.define('android.app.ActivityThread', { currentApplication: [{ params: [], body: () => null }], currentPackageName: [{ params: [], body: () => 'com.example.app' }] });
  const runtime: JavaRuntime = {
    available: true,
    perform: (fn) => fn(),
    performNow: (fn) => fn(),
    apiLevel: () => 34,
    androidRelease: () => '14',
    use: (n) => java.use(n),
    cast: (o, c) => java.cast(o, c),
    factories: () => loaders,
    refreshFactories: () => {
      loaders = [java, later];
    },
  };
  const gum = new FakeGum();
  const specs = ids.map((id) => HOOKS.find((h) => h.id === id)!);
  const agent = new Agent(platform, runtime, 4242, () => 'com.example.app', { specs, natives: () => gum });
  return { platform, java, later, gum, agent };
}

describe('Agent', () => {
  it('installs natives and Java hooks on init and reports both', () => {
    const { platform, java, agent } = setup(['telephony.getDeviceId', 'socket.write']);
    java.define('android.telephony.TelephonyManager', { getDeviceId: [{ params: [], body: () => '866000000000001' }] });
    java.define('java.net.SocketOutputStream', { write: [{ params: ['[B', 'int', 'int'], body: () => undefined }] });
    agent.init({ disabledHooks: ['native.sendmsg'], maxSample: 128 });
    const hooksMsg = platform.sent.find((m) => m.kind === 'hooks');
    const state = Object.fromEntries(hooksMsg.hooks.map((h: any) => [h.id, h.state]));
    expect(state).toMatchObject({ 'telephony.getDeviceId': 'installed', 'socket.write': 'installed', 'native.write': 'installed', 'native.SSL_write': 'installed', 'native.sendmsg': 'skipped' });
    expect(hooksMsg.hooks.find((h: any) => h.id === 'native.SSL_write').overloads).toBe(2); // system and Conscrypt libssl
    expect(agent.status().hooks.installed).toBeGreaterThanOrEqual(8);
  });

  it('shares the net scope: a Java socket write is one event, not two', () => {
    const { platform, java, gum, agent } = setup(['socket.write']);
    gum.fds.set(5, 'tcp');
    gum.peers.set(5, { ip: '203.0.113.9', port: 80 });
    const buf = gum.str('hello');
    const sos = java.define('java.net.SocketOutputStream', {
      // The original ends in libc write() on the same thread.
      write: [{ params: ['[B', 'int', 'int'], body: () => gum.call(`${LIBC}!write`, [P(5), buf, P(5)], platform.tid) }],
    });
    java.define('java.net.InetSocketAddress', {});
    agent.init({});
    java.instance(sos, { socket: null }).write([104, 101, 108, 108, 111], 0, 5);
    gum.call(`${LIBC}!write`, [P(5), buf, P(5)], platform.tid); // a native-only write
    agent.flush();
    const events = platform.sent.filter((m) => m.kind === 'batch').flatMap((b) => b.events);
    for (const e of events) expect(checkEvent.Check(e)).toBe(true);
    expect(events.map((e) => [e.hook, e.detail.layer])).toEqual([
      ['socket.write', 'java'],
      ['native.write', 'native'],
    ]);
  });

  it('finds app classes that a later class loader brings, on a later pass', () => {
    const { platform, later, agent } = setup(['okhttp3.newCall']);
    agent.init({});
    expect(agent.hookStatus().find((h) => h.id === 'okhttp3.newCall')?.state).toBe('missing-class');
    later.define('okhttp3.OkHttpClient', { newCall: [{ params: ['okhttp3.Request'], body: () => null }] });
    platform.advance(2_000);
    expect(agent.hookStatus().find((h) => h.id === 'okhttp3.newCall')?.state).toBe('installed');
    const updates = platform.sent.filter((m) => m.kind === 'hooks');
    expect(updates).toHaveLength(2);
  });
});
