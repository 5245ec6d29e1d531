import { describe, expect, it } from 'vitest';
import { NetScope } from '../../agent/core/netscope.js';
import { NativeNet } from '../../agent/natives/net.js';
import { parseSockaddr } from '../../agent/natives/sockaddr.js';
import { makeEnv } from './env.js';
import { FakeGum, P } from './fake-gum.js';

const LIBC = '/apex/com.android.runtime/lib64/bionic/libc.so';
const CONSCRYPT = '/apex/com.android.conscrypt/lib64/libssl.so';

function sockaddrIn(ip: number[], port: number): number[] {
  return [2, 0, port >> 8, port & 0xff, ...ip, 0, 0, 0, 0, 0, 0, 0, 0];
}
function sockaddrIn6(addr16: number[], port: number): number[] {
  return [10, 0, port >> 8, port & 0xff, 0, 0, 0, 0, ...addr16, 0, 0, 0, 0];
}

function setup(scope?: NetScope) {
  const env = makeEnv();
  const gum = new FakeGum();
  const errors: unknown[] = [];
  const net = new NativeNet({
    surface: gum,
    emit: (d) => env.emitter.emit(d),
    countCall: (h) => env.emitter.countCall(h),
    maxSample: () => 64,
    ...(scope === undefined ? {} : { netScope: scope }),
    onError: (_h, e) => errors.push(e),
  });
  const report = net.install();
  return { env, gum, net, report, errors };
}

describe('sockaddr parsing', () => {
  it('reads IPv4, IPv6, v4-mapped IPv6, unix and short buffers', () => {
    expect(parseSockaddr(sockaddrIn([203, 0, 113, 7], 443))).toEqual({ family: 'inet', ip: '203.0.113.7', port: 443 });
    const v6 = [0x24, 0x08, 0x87, 0x1a, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01];
    expect(parseSockaddr(sockaddrIn6(v6, 8080))).toEqual({ family: 'inet6', ip: '2408:871a::1', port: 8080 });
    const mapped = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 39, 156, 66, 10];
    expect(parseSockaddr(sockaddrIn6(mapped, 80))).toEqual({ family: 'inet6', ip: '39.156.66.10', port: 80, mapped: true });
    expect(parseSockaddr([1, 0, ...Buffer.from('/dev/socket/dnsproxyd'), 0])).toEqual({ family: 'unix', path: '/dev/socket/dnsproxyd' });
    expect(parseSockaddr([1, 0, 0, ...Buffer.from('jdwp-control')])).toEqual({ family: 'unix', path: '@jdwp-control' });
    expect(parseSockaddr([2, 0, 1])).toBeNull();
    expect(parseSockaddr(sockaddrIn6(v6, 1).slice(0, 20))).toBeNull();
  });
});

describe('native network hooks', () => {
  it('hooks libc and every mapped libssl.so, and libssl.so loaded later', () => {
    const { gum, report } = setup();
    expect(report.hooked).toEqual(
      expect.arrayContaining([`libc.so!connect`, `libc.so!sendto`, `libc.so!write`, `libc.so!writev`, `libc.so!sendmsg`, `libc.so!close`, `/system/lib64/libssl.so!SSL_write`, `${CONSCRYPT}!SSL_read`]),
    );
    expect(report.hooked).not.toContain('libc.so!send');
    gum.load({ name: 'libssl.so', path: '/data/app/com.x/lib/arm64/libssl.so' });
    expect(gum.hooks.has('/data/app/com.x/lib/arm64/libssl.so!SSL_write')).toBe(true);
  });

  it('filters write() to network sockets before any other work, caching the fd type until close()', () => {
    const { env, gum } = setup();
    gum.fds.set(3, null); // a file
    const buf = gum.str('log line');
    for (let i = 0; i < 100; i++) gum.call(`${LIBC}!write`, [P(3), buf, P(8)]);
    expect(gum.socketTypeCalls).toBe(1);
    expect(env.events()).toEqual([]);
    expect(env.emitter.counterSnapshot()['native.write']).toBeUndefined();
    // fd 3 is closed and the number reused for a TCP socket.
    gum.call(`${LIBC}!close`, [P(3)]);
    gum.fds.set(3, 'tcp6');
    gum.peers.set(3, { ip: '::ffff:39.156.66.10', port: 80 });
    const http = gum.str('GET /collect?imei=866000000000001 HTTP/1.1\r\nHost: log.umsns.com\r\n\r\n');
    gum.call(`${LIBC}!write`, [P(3), http, P(66)]);
    const [ev] = env.events();
    expect(ev).toMatchObject({
      kind: 'net',
      hook: 'native.write',
      detail: { layer: 'native', op: 'send', proto: 'http', tls: false, ip: '39.156.66.10', port: 80, method: 'GET', url: 'http://39.156.66.10/collect?imei=866000000000001', bytes: 66, module: 'libjavacore.so', sampleEncoding: 'utf8', sampleTruncated: true },
    });
    expect(ev.detail.sample).toHaveLength(64);
    // The 64-byte sample ends inside the Host header: a cut host is not trusted, the peer IP is used.
    expect(ev.detail.host).toBeUndefined();
  });

  it('parses the destination of connect() and of sendto(), and never hooks send (bionic send is sendto)', () => {
    const { env, gum } = setup();
    gum.fds.set(5, 'tcp');
    gum.call(`${LIBC}!connect`, [P(5), gum.alloc(sockaddrIn([203, 0, 113, 7], 443)), P(16)], 1, 'from-native-sdk');
    gum.fds.set(6, 'udp');
    const payload = gum.alloc([0xde, 0xad, 0xbe, 0xef]);
    gum.call(`${LIBC}!sendto`, [P(6), payload, P(4), P(0), gum.alloc(sockaddrIn([8, 8, 8, 8], 53)), P(16)]);
    const [c, s] = env.events();
    expect(c.detail).toEqual({ layer: 'native', proto: 'tcp', tls: false, fd: 5, module: 'libumeng.so', op: 'connect', ip: '203.0.113.7', port: 443 });
    expect(s.detail).toMatchObject({ proto: 'dns', ip: '8.8.8.8', port: 53, bytes: 4, sample: '3q2+7w==', sampleEncoding: 'base64' });
    // A unix-domain connect (netd, logd) is not network.
    gum.fds.set(7, 'unix:stream');
    gum.call(`${LIBC}!connect`, [P(7), gum.alloc([1, 0, ...Buffer.from('/dev/socket/logdw'), 0]), P(20)]);
    expect(env.events()).toHaveLength(2);
  });

  it('reports TLS plaintext once: SSL_write with SNI and peer, not the record write() inside it', () => {
    const { env, gum } = setup();
    gum.fds.set(9, 'tcp');
    gum.peers.set(9, { ip: '110.43.89.16', port: 443 });
    gum.ssl.set(0x7000, { fd: 9, sni: gum.str('ulogs.umeng.com').addr });
    const body = gum.str('POST /unify_logs HTTP/1.1\r\nHost: ulogs.umeng.com\r\n\r\n{"oaid":"f3c2"}');
    const record = gum.alloc([0x17, 0x03, 0x03, 0x00, 0x40]);
    gum.call(`${CONSCRYPT}!SSL_write`, [P(0x7000), body, P(60)], 4, 'from-java', () => {
      gum.call(`${LIBC}!write`, [P(9), record, P(5)], 4);
    });
    // The same fd written outside SSL_write (e.g. a close_notify) is a TLS record, not plaintext.
    gum.call(`${LIBC}!write`, [P(9), record, P(5)], 4);
    const evs = env.events();
    expect(evs).toHaveLength(2);
    expect(evs[0]).toMatchObject({
      hook: 'native.SSL_write',
      api: `${CONSCRYPT}!SSL_write`,
      detail: { layer: 'native', op: 'send', tls: true, proto: 'https', fd: 9, host: 'ulogs.umeng.com', ip: '110.43.89.16', port: 443, method: 'POST', url: 'https://ulogs.umeng.com/unify_logs', bytes: 60 },
    });
    expect(evs[1]).toMatchObject({ hook: 'native.write', detail: { tls: true, proto: 'tls', bytes: 5 } });
    // SSL_read: bytes in, no payload kept.
    gum.call(`${CONSCRYPT}!SSL_read`, [P(0x7000), gum.alloc(new Array(32).fill(0)), P(32)], 4, 'from-java', undefined, 20);
    expect(env.events()[2]).toMatchObject({ hook: 'native.SSL_read', detail: { op: 'recv', bytes: 20, tls: true, host: 'ulogs.umeng.com' } });
    expect(env.events()[2].detail.sample).toBeUndefined();
  });

  it('gathers writev and sendmsg payloads (iovec, msghdr with a destination)', () => {
    const { env, gum } = setup();
    gum.fds.set(11, 'tcp');
    gum.peers.set(11, { ip: '1.2.3.4', port: 8080 });
    const a = gum.str('GET / HTTP/1.1\r\n');
    const b = gum.str('Host: a.example\r\n\r\n');
    const iov = gum.alloc(new Array(32).fill(0));
    gum.u64(iov.addr, a.addr);
    gum.u64(iov.addr + 8, 16);
    gum.u64(iov.addr + 16, b.addr);
    gum.u64(iov.addr + 24, 19);
    gum.call(`${LIBC}!writev`, [P(11), iov, P(2)]);
    gum.fds.set(12, 'udp');
    const msg = gum.alloc(new Array(56).fill(0));
    const dest = gum.alloc(sockaddrIn([9, 9, 9, 9], 9999));
    gum.u64(msg.addr, dest.addr);
    gum.u32(msg.addr + 8, 16);
    gum.u64(msg.addr + 16, iov.addr);
    gum.u64(msg.addr + 24, 1);
    gum.call(`${LIBC}!sendmsg`, [P(12), msg, P(0)]);
    const [w, m] = env.events();
    expect(w.detail).toMatchObject({ bytes: 35, proto: 'http', url: 'http://a.example/', sample: 'GET / HTTP/1.1\r\nHost: a.example\r\n\r\n' });
    expect(m.detail).toMatchObject({ proto: 'udp', ip: '9.9.9.9', port: 9999, bytes: 16 });
  });

  it('stays silent under a Java hook that reports the same bytes (NetScope), but keeps counting', () => {
    const scope = new NetScope();
    const { env, gum } = setup(scope);
    gum.fds.set(5, 'tcp');
    scope.enter(1);
    gum.call(`${LIBC}!write`, [P(5), gum.str('x'), P(1)], 1);
    scope.exit(1);
    gum.call(`${LIBC}!write`, [P(5), gum.str('x'), P(1)], 2);
    expect(env.events().map((e) => e.tid)).toEqual([env.platform.tid]);
    expect(env.emitter.counterSnapshot()['native.write']).toEqual({ calls: 2, emitted: 1 });
  });

  it('reports a fault inside a hook instead of throwing into the app', () => {
    const { gum, errors } = setup();
    gum.fds.set(5, 'tcp');
    gum.readBytes = () => {
      throw new Error('access violation');
    };
    gum.readPointer = () => {
      throw new Error('access violation');
    };
    expect(() => gum.call(`${LIBC}!writev`, [P(5), P(0xdead), P(1)])).not.toThrow();
    expect(errors).toHaveLength(1);
  });
});
