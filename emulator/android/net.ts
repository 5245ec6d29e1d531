// java.net over the platform's HTTP stack (com.android.okhttp) and TLS (Conscrypt). Every byte
// leaves through libc (connect, sendto/write) and, for HTTPS, through BoringSSL's SSL_write, so a
// send is visible at the Java layer and the native layer alike. okhttp/okio internals between the
// HttpURLConnection implementation and the socket streams are not modelled frame by frame.
import { JArray, type JObject } from '../java/heap.js';
import { cls, f, m, type Call, type ClassSpec, type JValue } from '../java/model.js';
import { registerSystemService } from './content.js';
import { byteArray, bytesOf, enumConstant, enumName } from './support.js';

const HUC_IMPL = 'com.android.okhttp.internal.huc.HttpURLConnectionImpl';
const HUCS_IMPL = 'com.android.okhttp.internal.huc.HttpsURLConnectionImpl';
const DELEGATING = 'com.android.okhttp.internal.huc.DelegatingHttpsURLConnection';

/** A DelegatingHttpsURLConnection method: the same call on the delegate. */
function forward(sig: string, name: string, params: readonly string[]) {
  return [m(sig, (c: Call, self: JObject | null, args: readonly JValue[]) => c.call(c.get(self!, 'delegate') as JObject, name, params, args))];
}
const enc = new TextEncoder();

interface ParsedUrl {
  spec: string;
  protocol: string;
  host: string;
  port: number;
  file: string;
  path: string;
}

export function parseUrl(c: Call, spec: string): ParsedUrl {
  const mm = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/:?#]+)(?::(\d+))?([^#]*)/.exec(spec);
  if (mm === null) c.throwNew('java.net.MalformedURLException', spec.includes(':') ? `unknown protocol: ${spec.split(':')[0]}` : `no protocol: ${spec}`);
  const file = mm![4] === '' ? '' : mm![4]!;
  return { spec, protocol: mm![1]!.toLowerCase(), host: mm![2]!, port: mm![3] === undefined ? -1 : Number(mm![3]), file, path: file.split('?')[0]! };
}

function urlOf(o: JObject): ParsedUrl {
  return o.native as ParsedUrl;
}

interface ConnState {
  url: ParsedUrl;
  method: string;
  headers: [string, string][];
  body: number[] | null;
  responseCode: number;
  responseBody: Uint8Array;
  sent: boolean;
  socket: JObject | null;
  proxy?: { host: string; port: number };
  /** HTTP/2 negotiated by ALPN (TLS only): the request goes out as h2 frames. */
  h2?: boolean;
}

interface ProxyState {
  type: 'DIRECT' | 'HTTP' | 'SOCKS';
  host: string | null;
  port: number;
}

function conn(o: JObject): ConnState {
  return o.native as ConnState;
}

function userAgent(c: Call): string {
  const d = c.env.device;
  return `Dalvik/2.1.0 (Linux; U; Android ${d.release}; ${d.model} Build/${d.fingerprint.split('/')[3] ?? 'UNKNOWN'})`;
}

function requestBytes(c: Call, st: ConnState): Uint8Array {
  const u = st.url;
  const defaultPort = u.protocol === 'https' ? 443 : 80;
  const lines = [`${st.method} ${u.file === '' ? '/' : u.file} HTTP/1.1`];
  const have = new Set(st.headers.map(([k]) => k.toLowerCase()));
  for (const [k, v] of st.headers) lines.push(`${k}: ${v}`);
  if (!have.has('user-agent')) lines.push(`User-Agent: ${userAgent(c)}`);
  lines.push(`Host: ${u.host}${u.port !== -1 && u.port !== defaultPort ? `:${u.port}` : ''}`);
  lines.push('Connection: Keep-Alive', 'Accept-Encoding: gzip');
  if (st.body !== null) lines.push(`Content-Length: ${st.body.length}`);
  const head = enc.encode(`${lines.join('\r\n')}\r\n\r\n`);
  const body = st.body === null ? new Uint8Array(0) : Uint8Array.from(st.body, (b) => b & 0xff);
  const out = new Uint8Array(head.length + body.length);
  out.set(head);
  out.set(body, head.length);
  return out;
}

/** okhttp's HttpEngine, condensed: cleartext policy, connect, (TLS,) write the request once. */
function execute(c: Call, self: JObject): void {
  const st = conn(self);
  if (st.sent) return;
  exchange(c, st);
}

/** An HTTP client library's request (OkHttp, Volley, Apache): the same wire path as the platform's. */
export function sendHttp(c: Call, req: { url: string; method: string; headers: [string, string][]; body: Uint8Array | null; userAgent?: string; h2?: boolean }): void {
  const st: ConnState = {
    url: parseUrl(c, req.url),
    method: req.method,
    headers: req.userAgent === undefined ? req.headers : [...req.headers, ['User-Agent', req.userAgent]],
    body: req.body === null ? null : Array.from(req.body),
    responseCode: 200,
    responseBody: new Uint8Array(0),
    sent: false,
    socket: null,
    h2: req.h2 === true,
  };
  exchange(c, st);
}

function exchange(c: Call, st: ConnState): void {
  const u = st.url;
  const tls = u.protocol === 'https';
  if (!tls && c.api >= 28 && c.env.app.targetSdk >= 28 && !c.env.app.usesCleartextTraffic) {
    c.throwNew('java.net.UnknownServiceException', `CLEARTEXT communication to ${u.host} not permitted by network security policy`);
  }
  const via = st.proxy ?? null;
  const host = via === null ? u.host : via.host;
  c.callStatic('java.net.InetAddress', 'getAllByName', ['java.lang.String'], [host]);
  const sock = c.newObject('java.net.Socket');
  const addr = c.newObject('java.net.InetSocketAddress', ['java.lang.String', 'int'], [host, via === null ? (u.port === -1 ? (tls ? 443 : 80) : u.port) : via.port]);
  c.call(sock, 'connect', ['java.net.SocketAddress', 'int'], [addr, 10000]);
  st.socket = sock;
  const toJava = (u8: Uint8Array) => c.vm.newArray('[B', Array.from(u8, (b) => (b << 24) >> 24));
  const h2 = tls && st.h2 === true;
  const bytes = toJava(h2 ? h2Request(c, st) : requestBytes(c, st));
  let out: JObject;
  if (tls && c.api >= ENGINE_SOCKET_API) {
    // Conscrypt's engine socket (the default from Android 11): BoringSSL encrypts into a memory
    // BIO, so the SSL* has no fd, and the ciphertext leaves through the plain socket's Java stream.
    const ssl = c.newObject('com.android.org.conscrypt.ConscryptEngineSocket$SSLOutputStream');
    ssl.native = { fd: -1, ssl: c.env.natives.sslNew(-1, u.host, 'libjavacrypto.so'), socketOut: c.call(sock, 'getOutputStream') as JObject } satisfies SslStream;
    out = ssl;
  } else if (tls) {
    const fd = (sock.native as SocketJ).fd;
    const ssl = c.newObject('com.android.org.conscrypt.ConscryptFileDescriptorSocket$SSLOutputStream');
    const sslPtr = c.env.natives.sslNew(fd, u.host, 'libjavacrypto.so');
    ssl.native = { fd, ssl: sslPtr } satisfies SslStream;
    (sock.native as SocketJ).ssl = sslPtr;
    out = ssl;
  } else {
    out = c.call(sock, 'getOutputStream') as JObject;
  }
  if (h2) {
    // OkHttp's Http2Connection.start() flushes the preface and SETTINGS first, then each stream's
    // HEADERS (and DATA) follow in their own writes.
    const pre = toJava(h2Preface());
    c.call(out, 'write', ['[B', 'int', 'int'], [pre, 0, pre.elems.length]);
  }
  c.call(out, 'write', ['[B', 'int', 'int'], [bytes, 0, bytes.elems.length]);
  st.sent = true;
  // The response comes back through Conscrypt's SSL_read (plain sockets read through libc, not hooked).
  if (tls) {
    const head = new TextEncoder().encode(`HTTP/1.1 ${st.responseCode} ${st.responseCode < 300 ? 'OK' : 'Error'}\r\nContent-Length: ${st.responseBody.length}\r\n\r\n`);
    const resp = new Uint8Array(head.length + st.responseBody.length);
    resp.set(head);
    resp.set(st.responseBody, head.length);
    c.env.natives.sslRead((out!.native as SslStream).ssl, resp, 'libjavacrypto.so');
  }
}

// ---- HTTP/2 (RFC 9113 frames, RFC 7541 HPACK) --------------------------------------------------

const H2_PREFACE = 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n';

function h2Frame(type: number, flags: number, stream: number, payload: Uint8Array): Uint8Array {
  const f = new Uint8Array(9 + payload.length);
  f.set([(payload.length >> 16) & 0xff, (payload.length >> 8) & 0xff, payload.length & 0xff, type, flags, (stream >>> 24) & 0x7f, (stream >> 16) & 0xff, (stream >> 8) & 0xff, stream & 0xff]);
  f.set(payload, 9);
  return f;
}

/** The client connection preface and an empty SETTINGS frame. */
function h2Preface(): Uint8Array {
  const p = enc.encode(H2_PREFACE);
  return concat([p, h2Frame(0x4, 0, 0, new Uint8Array(0))]);
}

/** HPACK integer with an n-bit prefix (RFC 7541 5.1). */
function hpInt(first: number, n: number, v: number): number[] {
  const max = (1 << n) - 1;
  if (v < max) return [first | v];
  const out = [first | max];
  v -= max;
  while (v >= 128) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

function hpStr(s: string): number[] {
  const b = enc.encode(s);
  return [...hpInt(0, 7, b.length), ...b];
}

/**
 * One request as HEADERS (+ DATA): pseudo-headers from the static table where they match exactly
 * (:method GET 2 / POST 3, :scheme https 7), otherwise literals with incremental indexing and raw
 * (not Huffman) strings, which every decoder must accept. Header names are lower case in h2.
 */
function h2Request(c: Call, st: ConnState): Uint8Array {
  const u = st.url;
  const block: number[] = [];
  if (st.method === 'GET') block.push(0x82);
  else if (st.method === 'POST') block.push(0x83);
  else block.push(...hpInt(0x40, 6, 2), ...hpStr(st.method));
  block.push(0x87);
  block.push(...hpInt(0x40, 6, 4), ...hpStr(u.file === '' ? '/' : u.file));
  block.push(...hpInt(0x40, 6, 1), ...hpStr(u.port !== -1 && u.port !== 443 ? `${u.host}:${u.port}` : u.host));
  const have = new Set(st.headers.map(([k]) => k.toLowerCase()));
  const headers: [string, string][] = [...st.headers];
  if (!have.has('user-agent')) headers.push(['User-Agent', userAgent(c)]);
  headers.push(['accept-encoding', 'gzip']);
  for (const [k, v] of headers) block.push(0x40, ...hpStr(k.toLowerCase()), ...hpStr(v));
  const body = st.body === null ? null : Uint8Array.from(st.body, (b) => b & 0xff);
  const END_STREAM = 0x1;
  const END_HEADERS = 0x4;
  const frames = [h2Frame(0x1, END_HEADERS | (body === null ? END_STREAM : 0), 1, Uint8Array.from(block))];
  if (body !== null) frames.push(h2Frame(0x0, END_STREAM, 1, body));
  return concat(frames);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

interface SocketJ {
  fd: number;
  host: string | null;
  port: number;
  /** The SSL* of a TLS connection on this socket: freed (SSL_free) when the socket closes, as Conscrypt's NativeSsl.close does. */
  ssl?: number;
}

interface SslStream {
  fd: number;
  ssl: number;
  /** Engine sockets: the underlying plain socket's stream that carries the ciphertext. */
  socketOut?: JObject;
}

/**
 * First API level whose Conscrypt makes SSLSocketFactory hand out engine sockets: SSLUtils.
 * USE_ENGINE_SOCKET_BY_DEFAULT reads "org.conscrypt.useEngineSocketByDefault" with default true in
 * the Conscrypt APEX of Android 11 (earlier platform builds: "com.android.org.conscrypt..." false).
 */
export const ENGINE_SOCKET_API = 30;

interface NetifFacts {
  name: string;
  index: number;
  mac: string | null;
  ips: string[];
}

/** The device's interfaces: loopback, Wi-Fi when connected, cellular data when there is a SIM. */
function interfaces(c: Call): NetifFacts[] {
  const d = c.env.device;
  const out: NetifFacts[] = [{ name: 'lo', index: 1, mac: null, ips: ['127.0.0.1'] }];
  if (d.mobileIp !== null) out.push({ name: 'rmnet_data0', index: 12, mac: null, ips: [d.mobileIp] });
  if (d.wifi !== null) out.push({ name: 'wlan0', index: 30, mac: d.wifi.mac, ips: [d.wifi.ip] });
  return out;
}

function netif(self: JObject | null): NetifFacts {
  return (self as JObject).native as NetifFacts;
}

function macBytes(mac: string): Uint8Array {
  return Uint8Array.from(mac.split(':').map((h) => parseInt(h, 16)));
}

interface EnumerationState {
  items: JValue[];
  i: number;
}

interface DatagramState {
  fd: number;
  host: { host: string; ip: string } | null;
  port: number;
}

interface PacketState {
  data: JArray;
  offset: number;
  length: number;
  address: { host: string; ip: string } | null;
  port: number;
}

function inet(c: Call, host: string, ip: string): JObject {
  const ia = c.vm.alloc(c.vm.bootClass('java.net.Inet4Address'));
  ia.native = { host, ip };
  return ia;
}

function resolve(c: Call, host: string): JObject {
  const ia = c.vm.alloc(c.vm.bootClass('java.net.Inet4Address'));
  ia.native = { host, ip: c.env.net.resolve(host) };
  return ia;
}

const hucMethods = (klass: string) => [
  m(`<init>(java.net.URL)`, (c: Call, self: JObject | null, [u]: readonly JValue[]) => {
    self!.native = { url: urlOf(u as JObject), method: 'GET', headers: [], body: null, responseCode: 200, responseBody: new Uint8Array(0), sent: false, socket: null } satisfies ConnState;
    c.set(self!, 'url', u ?? null);
  }),
  m('public void connect()', (c, self) => {
    const st = conn(self!);
    if (st.socket !== null) return;
    if (st.body === null) execute(c, self!);
  }),
  m('public void disconnect()', (c, self) => {
    const s = conn(self!).socket;
    if (s !== null) c.call(s, 'close');
  }),
  m('public java.io.InputStream getInputStream()', (c, self) => {
    execute(c, self!);
    const is = c.newObject('com.android.okhttp.okio.RealBufferedSource$1');
    is.native = { data: conn(self!).responseBody, pos: 0 };
    return is;
  }),
  m('public java.io.OutputStream getOutputStream()', (c, self) => {
    const st = conn(self!);
    if (st.method === 'GET') st.method = 'POST';
    st.body ??= [];
    const sink = c.newObject('com.android.okhttp.okio.RealBufferedSink$1');
    sink.native = st;
    return sink;
  }),
  m('public java.lang.String getRequestMethod()', (_c, self) => conn(self!).method),
  m('public final int getResponseCode()', (c, self) => {
    execute(c, self!);
    return conn(self!).responseCode;
  }),
  m('public void setRequestMethod(java.lang.String)', (c, self, [meth]) => {
    if (conn(self!).sent) c.throwNew('java.net.ProtocolException', 'Cannot reset method once connected');
    conn(self!).method = meth as string;
  }),
  m('public final void setRequestProperty(java.lang.String, java.lang.String)', (_c, self, [k, v]) => {
    const st = conn(self!);
    st.headers = st.headers.filter(([x]) => x.toLowerCase() !== String(k).toLowerCase());
    st.headers.push([k as string, v as string]);
  }),
  m('public final boolean usingProxy()', () => false),
  m('public java.lang.String toString()', (_c, self) => `${klass}:${conn(self!).url.spec}`),
];

export const net: readonly ClassSpec[] = [
  cls('public final class java.net.URL implements java.io.Serializable', {}, [
    m('public <init>(java.lang.String)', (c, self, [spec]) => {
      if (spec === null) c.throwNew('java.net.MalformedURLException');
      self!.native = parseUrl(c, spec as string);
    }),
    m('public java.lang.String getFile()', (_c, self) => urlOf(self!).file),
    m('public java.lang.String getHost()', (_c, self) => urlOf(self!).host),
    m('public java.lang.String getPath()', (_c, self) => urlOf(self!).path),
    m('public int getPort()', (_c, self) => urlOf(self!).port),
    m('public java.lang.String getProtocol()', (_c, self) => urlOf(self!).protocol),
    m('public java.net.URLConnection openConnection()', (c, self) => {
      const p = urlOf(self!).protocol;
      if (p === 'http') return c.newObject(HUC_IMPL, ['java.net.URL'], [self]);
      if (p === 'https') return c.newObject(HUCS_IMPL, ['java.net.URL'], [self]);
      c.throwNew('java.net.MalformedURLException', `unknown protocol: ${p}`);
    }),
    // A proxy only changes where okhttp connects; Proxy.NO_PROXY (the common case) connects directly.
    m('public java.net.URLConnection openConnection(java.net.Proxy)', (c, self, [proxy]) => {
      if (proxy === null) c.throwNew('java.lang.IllegalArgumentException', 'proxy can not be null');
      const conn = c.call(self!, 'openConnection') as JObject;
      const p = (proxy as JObject).native as ProxyState;
      if (p.type !== 'DIRECT' && p.host !== null) conn.native.proxy = { host: p.host, port: p.port };
      return conn;
    }),
    m('public java.lang.String toExternalForm()', (_c, self) => urlOf(self!).spec),
    m('public java.lang.String toString()', (_c, self) => urlOf(self!).spec),
  ]),
  cls('public final class java.net.URI implements java.lang.Comparable, java.io.Serializable', {}, [
    m('public <init>(java.lang.String)', (c, self, [spec]) => {
      if (spec === null) c.throwNew('java.lang.NullPointerException');
      self!.native = parseUrl(c, spec as string);
    }),
    m('public static java.net.URI create(java.lang.String)', (c, _s, [spec]) => c.newObject('java.net.URI', ['java.lang.String'], [spec])),
    m('public java.lang.String getHost()', (_c, self) => urlOf(self!).host),
    m('public java.lang.String getPath()', (_c, self) => urlOf(self!).path),
    m('public int getPort()', (_c, self) => urlOf(self!).port),
    m('public java.lang.String getScheme()', (_c, self) => urlOf(self!).protocol),
    m('public java.lang.String toString()', (_c, self) => urlOf(self!).spec),
  ]),
  cls('public abstract class java.net.URLConnection', {}, [
    f('protected java.net.URL url'),
    m('protected <init>(java.net.URL)', (c, self, [u]) => c.set(self!, 'url', u ?? null)),
    m('public abstract void connect()'),
    m('public java.io.InputStream getInputStream()', (c) => c.throwNew('java.net.UnknownServiceException', 'protocol doesn\'t support input')),
    m('public java.io.OutputStream getOutputStream()', (c) => c.throwNew('java.net.UnknownServiceException', 'protocol doesn\'t support output')),
    m('public java.net.URL getURL()', (c, self) => c.get(self!, 'url')),
    m('public void setConnectTimeout(int)'),
    m('public void setDoOutput(boolean)'),
    m('public void setRequestProperty(java.lang.String, java.lang.String)'),
  ]),
  cls('public abstract class java.net.HttpURLConnection extends java.net.URLConnection', {}, [
    m('protected <init>(java.net.URL)', (c, self, [u]) => c.callSpecial(self!, 'java.net.URLConnection', '<init>', ['java.net.URL'], [u])),
    m('public abstract void disconnect()'),
    m('public java.lang.String getRequestMethod()', () => 'GET'),
    m('public int getResponseCode()', () => -1),
    m('public void setRequestMethod(java.lang.String)'),
    m('public abstract boolean usingProxy()'),
  ]),
  cls('public abstract class javax.net.ssl.HttpsURLConnection extends java.net.HttpURLConnection', {}, [
    m('protected <init>(java.net.URL)', (c, self, [u]) => c.callSpecial(self!, 'java.net.HttpURLConnection', '<init>', ['java.net.URL'], [u])),
  ]),
  cls(`public class ${HUC_IMPL} extends java.net.HttpURLConnection`, {}, hucMethods(HUC_IMPL)),
  // As in AOSP's okhttp: the https connection forwards every call to an HttpURLConnectionImpl
  // (its delegate), so what that class does (connect, request body, response) covers https too.
  cls(`abstract class ${DELEGATING} extends javax.net.ssl.HttpsURLConnection`, {}, [
    f('private final java.net.HttpURLConnection delegate'),
    m('public <init>(java.net.HttpURLConnection)', (c, self, [d]) => {
      c.callSpecial(self!, 'javax.net.ssl.HttpsURLConnection', '<init>', ['java.net.URL'], [c.call(d as JObject, 'getURL')]);
      c.set(self!, 'delegate', d ?? null);
      // One connection state: what the app sets through either object is the request.
      self!.native = (d as JObject).native;
    }),
    ...forward('public void connect()', 'connect', []),
    ...forward('public void disconnect()', 'disconnect', []),
    ...forward('public java.io.InputStream getInputStream()', 'getInputStream', []),
    ...forward('public java.io.OutputStream getOutputStream()', 'getOutputStream', []),
    ...forward('public java.lang.String getRequestMethod()', 'getRequestMethod', []),
    ...forward('public int getResponseCode()', 'getResponseCode', []),
    ...forward('public void setRequestMethod(java.lang.String)', 'setRequestMethod', ['java.lang.String']),
    ...forward('public void setRequestProperty(java.lang.String, java.lang.String)', 'setRequestProperty', ['java.lang.String', 'java.lang.String']),
    ...forward('public boolean usingProxy()', 'usingProxy', []),
    m('public java.lang.String toString()', (c, self) => `${HUCS_IMPL}:${conn(self!).url.spec}`),
  ]),
  cls(`public final class ${HUCS_IMPL} extends ${DELEGATING}`, {}, [
    f(`private final ${HUC_IMPL} delegate`),
    m('public <init>(java.net.URL)', (c, self, [u]) => {
      const d = c.newObject(HUC_IMPL, ['java.net.URL'], [u]);
      c.callSpecial(self!, DELEGATING, '<init>', ['java.net.HttpURLConnection'], [d]);
      c.set(self!, 'delegate', d);
    }),
  ]),
  cls('final class com.android.okhttp.okio.RealBufferedSink$1 extends java.io.OutputStream', { file: 'RealBufferedSink.java' }, [
    m('<init>()'),
    m('public void write(int)', (_c, self, [b]) => {
      (self!.native as ConnState).body!.push((b as number) & 0xff);
    }),
    m('public void write(byte[], int, int)', (_c, self, [b, off, len]) => {
      const e = (b as JArray).elems as number[];
      (self!.native as ConnState).body!.push(...e.slice(off as number, (off as number) + (len as number)).map((x) => x & 0xff));
    }),
  ]),
  cls('final class com.android.okhttp.okio.RealBufferedSource$1 extends java.io.InputStream', { file: 'RealBufferedSource.java' }, [
    m('<init>()'),
    m('public int read()', (_c, self) => {
      const st = self!.native as { data: Uint8Array; pos: number };
      return st.pos < st.data.length ? st.data[st.pos++]! : -1;
    }),
  ]),
  cls('public class java.net.Socket', {}, [
    m('public <init>()', (_c, self) => {
      self!.native = { fd: -1, host: null, port: 0 } satisfies SocketJ;
    }),
    m('public <init>(java.lang.String, int)', (c, self, [host, port]) => {
      c.callSpecial(self!, 'java.net.Socket', '<init>', []);
      c.call(self!, 'connect', ['java.net.SocketAddress', 'int'], [c.newObject('java.net.InetSocketAddress', ['java.lang.String', 'int'], [host, port]), 0]);
    }),
    m('public void close()', (c, self) => {
      const st = self!.native as SocketJ;
      if (st.ssl !== undefined) c.env.natives.sslFree(st.ssl, 'libjavacrypto.so');
      st.ssl = undefined;
      if (st.fd >= 0) c.env.natives.close(st.fd, 'libjavacore.so');
      st.fd = -1;
    }),
    // connect(SocketAddress) is connect(endpoint, 0): no timeout.
    m('public void connect(java.net.SocketAddress)', (c, self, [addr]) => c.call(self!, 'connect', ['java.net.SocketAddress', 'int'], [addr ?? null, 0])),
    m('public void connect(java.net.SocketAddress, int)', (c, self, [addr]) => {
      const a = (addr as JObject).native as { host: string; port: number };
      const st = self!.native as SocketJ;
      st.host = a.host;
      st.port = a.port;
      const ia = resolve(c, a.host);
      const fdObj = c.newObject('java.io.FileDescriptor');
      c.callStatic('libcore.io.IoBridge', 'connect', ['java.io.FileDescriptor', 'java.net.InetAddress', 'int', 'int'], [fdObj, ia, a.port, 10000]);
      st.fd = fdObj.native as number;
    }),
    m('public java.net.InetAddress getInetAddress()', (c, self) => {
      const st = self!.native as SocketJ;
      return st.host === null ? null : resolve(c, st.host);
    }),
    m('public int getPort()', (_c, self) => (self!.native as SocketJ).port),
    m('public java.net.SocketAddress getRemoteSocketAddress()', (c, self) => {
      const st = self!.native as SocketJ;
      return st.host === null ? null : c.newObject('java.net.InetSocketAddress', ['java.lang.String', 'int'], [st.host, st.port]);
    }),
    m('public java.io.OutputStream getOutputStream()', (c, self) => {
      const st = self!.native as SocketJ;
      if (st.fd < 0) c.throwNew('java.net.SocketException', 'Socket is not connected');
      const out = c.newObject('java.net.SocketOutputStream');
      out.native = st.fd;
      c.set(out, 'socket', self!);
      return out;
    }),
  ]),
  cls('public final class libcore.io.IoBridge', {}, [
    // libcore/luni/src/main/java/libcore/io/IoBridge.java open(): Libcore.os.open(path, flags,
    // O_RDONLY ? 0 : 0666), which is libjavacore's Linux_open calling libc open() on this thread
    // (android.ioBridge.open.libcOpen); an ErrnoException becomes
    // FileNotFoundException("<path>: open failed: <ERRNO> (<strerror>)"). What exists and what
    // SELinux denies are the scenario's facts (device.files).
    m('public static java.io.FileDescriptor open(java.lang.String, int)', (c, _s, [path, flags]) => {
      if (path === null) c.throwNew('java.lang.NullPointerException');
      const f = c.env.file(path as string);
      const errno = f === undefined ? 'ENOENT' : typeof f === 'string' ? null : f.errno;
      const fl = flags as number;
      const fdNum = c.env.natives.openForJava(path as string, fl, (fl & 3) === 0 ? 0 : 0o666, errno);
      if (errno !== null) c.throwNew('java.io.FileNotFoundException', `${String(path)}: open failed: ${errno} (${STRERROR[errno]})`);
      const fd = c.newObject('java.io.FileDescriptor');
      fd.native = { path, content: f as string, fd: fdNum };
      return fd;
    }),
    m('public static void connect(java.io.FileDescriptor, java.net.InetAddress, int, int)', (c, _s, [fdObj, ia, port]) => {
      // StrictMode's default for apps: no network on the main thread (BlockGuardOs.connect).
      if (c.thread === c.env.mainThread) c.throwNew('android.os.NetworkOnMainThreadException');
      const ip = ((ia as JObject).native as { ip: string }).ip;
      (fdObj as JObject).native = c.env.natives.connect(ip, port as number, 'libjavacore.so', 'inet6');
    }),
  ]),
  cls('class java.net.SocketOutputStream extends java.io.OutputStream', {}, [
    // libcore/ojluni/src/main/java/java/net/SocketOutputStream.java: `private Socket socket`.
    f('private java.net.Socket socket'),
    m('<init>()'),
    // As in libcore: every write goes through socketWrite (none calls another public write).
    m('public void write(int)', (c, self, [b]) => {
      const a = c.vm.newArray('[B', [b as number]);
      c.callSpecial(self!, 'java.net.SocketOutputStream', 'socketWrite', ['[B', 'int', 'int'], [a, 0, 1]);
    }),
    m('public void write(byte[])', (c, self, [b]) => {
      c.callSpecial(self!, 'java.net.SocketOutputStream', 'socketWrite', ['[B', 'int', 'int'], [b, 0, bytesOf(b).length]);
    }),
    m('public void write(byte[], int, int)', (c, self, [b, off, len]) => {
      c.callSpecial(self!, 'java.net.SocketOutputStream', 'socketWrite', ['[B', 'int', 'int'], [b, off, len]);
    }),
    m('private void socketWrite(byte[], int, int)', (c, self, [b, off, len]) => {
      const fdObj = c.newObject('java.io.FileDescriptor');
      fdObj.native = self!.native;
      c.callSpecial(self!, 'java.net.SocketOutputStream', 'socketWrite0', ['java.io.FileDescriptor', '[B', 'int', 'int'], [fdObj, b, off, len]);
    }),
    m('private native void socketWrite0(java.io.FileDescriptor, byte[], int, int)', (c, _s, [fdObj, b, off, len]) => {
      const bytes = bytesOf(b).slice(off as number, (off as number) + (len as number));
      c.env.natives.send((fdObj as JObject).native as number, bytes, 'libopenjdk.so', 'sendto');
    }),
  ]),
  cls('public final class java.io.FileDescriptor', {}, [
    m('public <init>()', (_c, self) => {
      self!.native = -1;
    }),
  ]),
  cls('public abstract class java.net.SocketAddress implements java.io.Serializable', {}, [m('public <init>()')]),
  cls('public class java.net.InetSocketAddress extends java.net.SocketAddress', {}, [
    m('public <init>(java.lang.String, int)', (_c, self, [h, p]) => {
      self!.native = { host: h as string, port: p as number };
    }),
    m('public final java.net.InetAddress getAddress()', (c, self) => resolve(c, (self!.native as { host: string }).host)),
    m('public final java.lang.String getHostName()', (_c, self) => (self!.native as { host: string }).host),
    m('public final java.lang.String getHostString()', (_c, self) => (self!.native as { host: string }).host),
    m('public final int getPort()', (_c, self) => (self!.native as { port: number }).port),
  ]),
  cls('public class java.net.InetAddress implements java.io.Serializable', {}, [
    m('public static java.net.InetAddress[] getAllByName(java.lang.String)', (c, _s, [h]) => c.vm.newArray('[Ljava.net.InetAddress;', [resolve(c, h as string)])),
    m('public static java.net.InetAddress getByName(java.lang.String)', (c, _s, [h]) => resolve(c, h as string)),
    m('public java.lang.String getHostAddress()', (_c, self) => (self!.native as { ip: string }).ip),
    m('public java.lang.String getHostName()', (_c, self) => (self!.native as { host: string }).host),
    m('public java.lang.String toString()', (_c, self) => `${(self!.native as { host: string }).host}/${(self!.native as { ip: string }).ip}`),
  ]),
  cls('public final class java.net.Inet4Address extends java.net.InetAddress', {}, []),

  // ---- proxies --------------------------------------------------------------------------------
  cls('public class java.net.Proxy', {}, [
    f('public static final java.net.Proxy NO_PROXY', {
      value: (c) => {
        const o = c.vm.alloc(c.vm.bootClass('java.net.Proxy'));
        o.native = { type: 'DIRECT', host: null, port: 0 } satisfies ProxyState;
        return o;
      },
    }),
    m('public <init>(java.net.Proxy$Type, java.net.SocketAddress)', (c, self, [type, sa]) => {
      const t = (enumName(type ?? null) ?? 'DIRECT') as ProxyState['type'];
      if (t === 'DIRECT' || sa === null) c.throwNew('java.lang.IllegalArgumentException', `type ${t} is not compatible with address ${String(sa)}`);
      const a = (sa as JObject).native as { host: string; port: number };
      self!.native = { type: t, host: a.host, port: a.port } satisfies ProxyState;
    }),
    m('public java.net.Proxy$Type type()', (c, self) => c.getStatic('java.net.Proxy$Type', ((self!.native as ProxyState).type))),
    m('public java.lang.String toString()', (_c, self) => {
      const p = self!.native as ProxyState;
      return p.type === 'DIRECT' ? 'DIRECT' : `${p.type} @ ${p.host ?? ''}:${p.port}`;
    }),
  ]),
  cls('public static final class java.net.Proxy$Type extends java.lang.Enum', { file: 'Proxy.java' }, [
    f('public static final java.net.Proxy$Type DIRECT', { value: enumConstant('java.net.Proxy$Type', 'DIRECT', 0) }),
    f('public static final java.net.Proxy$Type HTTP', { value: enumConstant('java.net.Proxy$Type', 'HTTP', 1) }),
    f('public static final java.net.Proxy$Type SOCKS', { value: enumConstant('java.net.Proxy$Type', 'SOCKS', 2) }),
  ]),

  // ---- interfaces and their addresses ----------------------------------------------------------
  cls('public final class java.net.NetworkInterface', {}, [
    // Every interface getifaddrs reports (libcore NetworkInterface.getAll), in index order.
    // getAll() is Libcore.os.getifaddrs(), libjavacore's Linux_getifaddrs calling libc
    // getifaddrs() on this thread (android.networkInterface.getifaddrs).
    m('public static java.util.Enumeration getNetworkInterfaces()', (c) => {
      c.env.natives.getifaddrs('libjavacore.so');
      const e = c.vm.alloc(c.vm.bootClass('java.net.NetworkInterface$1checkedAddresses'));
      const items = interfaces(c).map((n) => {
        const o = c.vm.alloc(c.vm.bootClass('java.net.NetworkInterface'));
        o.native = n;
        return o;
      });
      e.native = { items, i: 0 } satisfies EnumerationState;
      return e;
    }),
    m('public static java.net.NetworkInterface getByName(java.lang.String)', (c, _s, [name]) => {
      if (name === null) c.throwNew('java.lang.NullPointerException', 'Name is null');
      c.env.natives.getifaddrs('libjavacore.so'); // getAll(), as getNetworkInterfaces
      const n = interfaces(c).find((x) => x.name === name);
      if (n === undefined) return null;
      const o = c.vm.alloc(c.vm.bootClass('java.net.NetworkInterface'));
      o.native = n;
      return o;
    }),
    m('public java.lang.String getDisplayName()', (_c, self) => netif(self).name),
    // Android 11: null for apps targeting 30+, a placeholder for older targets; before, the interface's address.
    m('public byte[] getHardwareAddress()', (c, self) => {
      const n = netif(self);
      if (n.mac === null) return null;
      if (c.api >= 30) return c.env.app.targetSdk >= 30 ? null : byteArray(c, macBytes('02:00:00:00:00:00'));
      return byteArray(c, macBytes(n.mac));
    }),
    m('public int getIndex()', (_c, self) => netif(self).index),
    m('public java.util.Enumeration getInetAddresses()', (c, self) => {
      const e = c.vm.alloc(c.vm.bootClass('java.net.NetworkInterface$1checkedAddresses'));
      e.native = { items: netif(self).ips.map((ip) => inet(c, ip, ip)), i: 0 } satisfies EnumerationState;
      return e;
    }),
    m('public java.lang.String getName()', (_c, self) => netif(self).name),
    m('public boolean isLoopback()', (_c, self) => netif(self).name === 'lo'),
    m('public boolean isUp()', () => true),
    m('public java.lang.String toString()', (_c, self) => `name:${netif(self).name} (${netif(self).name})`),
  ]),
  cls('class java.net.NetworkInterface$1checkedAddresses implements java.util.Enumeration', { file: 'NetworkInterface.java' }, [
    m('<init>()'),
    m('public boolean hasMoreElements()', (_c, self) => {
      const st = self!.native as EnumerationState;
      return st.i < st.items.length;
    }),
    m('public java.lang.Object nextElement()', (c, self) => {
      const st = self!.native as EnumerationState;
      if (st.i >= st.items.length) c.throwNew('java.util.NoSuchElementException');
      return st.items[st.i++] ?? null;
    }),
  ]),
  cls('public interface java.util.Enumeration', {}, [m('public abstract boolean hasMoreElements()'), m('public abstract java.lang.Object nextElement()')]),

  // ---- UDP ---------------------------------------------------------------------------------------
  cls('public class java.net.DatagramSocket', {}, [
    m('public <init>()', (c, self) => {
      self!.native = { fd: c.env.natives.udpSocket('libjavacore.so'), host: null, port: -1 } satisfies DatagramState;
    }),
    m('public void close()', (c, self) => {
      const st = self!.native as DatagramState;
      if (st.fd >= 0) c.env.natives.close(st.fd, 'libjavacore.so');
      st.fd = -1;
    }),
    m('public void connect(java.net.InetAddress, int)', (_c, self, [ia, port]) => {
      const st = self!.native as DatagramState;
      st.host = (ia as JObject).native as { host: string; ip: string };
      st.port = port as number;
    }),
    m('public java.net.InetAddress getInetAddress()', (c, self) => {
      const st = self!.native as DatagramState;
      return st.host === null ? null : inet(c, st.host.host, st.host.ip);
    }),
    m('public int getPort()', (_c, self) => (self!.native as DatagramState).port),
    m('public void send(java.net.DatagramPacket)', (c, self, [pkt]) => {
      const st = self!.native as DatagramState;
      if (st.fd < 0) c.throwNew('java.net.SocketException', 'Socket is closed');
      if (c.thread === c.env.mainThread) c.throwNew('android.os.NetworkOnMainThreadException');
      const p = (pkt as JObject).native as PacketState;
      const dest = p.address ?? st.host;
      const port = p.address !== null ? p.port : st.port;
      if (dest === null || port < 0) c.throwNew('java.lang.IllegalArgumentException', 'Address not set');
      const data = bytesOf(p.data).slice(p.offset, p.offset + p.length);
      c.env.natives.sendDatagram(st.fd, dest!.ip, port, data, 'libopenjdk.so');
    }),
  ]),
  cls('public final class java.net.DatagramPacket', {}, [
    m('public <init>(byte[], int, java.net.InetAddress, int)', (_c, self, [buf, len, ia, port]) => {
      self!.native = { data: buf as JArray, offset: 0, length: len as number, address: ia === null ? null : ((ia as JObject).native as { host: string; ip: string }), port: port as number } satisfies PacketState;
    }),
    m('public <init>(byte[], int, int, java.net.InetAddress, int)', (_c, self, [buf, off, len, ia, port]) => {
      self!.native = { data: buf as JArray, offset: off as number, length: len as number, address: ia === null ? null : ((ia as JObject).native as { host: string; ip: string }), port: port as number } satisfies PacketState;
    }),
    m('public <init>(byte[], int)', (_c, self, [buf, len]) => {
      self!.native = { data: buf as JArray, offset: 0, length: len as number, address: null, port: -1 } satisfies PacketState;
    }),
    m('public synchronized java.net.InetAddress getAddress()', (c, self) => {
      const p = self!.native as PacketState;
      return p.address === null ? null : inet(c, p.address.host, p.address.ip);
    }),
    m('public synchronized byte[] getData()', (_c, self) => (self!.native as PacketState).data),
    m('public synchronized int getLength()', (_c, self) => (self!.native as PacketState).length),
    m('public synchronized int getOffset()', (_c, self) => (self!.native as PacketState).offset),
    m('public synchronized int getPort()', (_c, self) => (self!.native as PacketState).port),
  ]),

  // ---- android.net -----------------------------------------------------------------------------
  cls('public final class android.net.LinkProperties implements android.os.Parcelable', {}, [
    m('public java.lang.String getInterfaceName()', (_c, self) => (self!.native as { iface: string }).iface),
  ]),
  cls('public class android.net.ConnectivityManager', {}, [
    // getLinkProperties(Network): ACCESS_NETWORK_STATE; null for a network that is gone.
    m('public android.net.LinkProperties getLinkProperties(android.net.Network)', (c, _s, [net]) => {
      if (!c.env.permissionGranted('android.permission.ACCESS_NETWORK_STATE')) {
        c.throwNew('java.lang.SecurityException', `ConnectivityService: Neither user ${c.env.uid} nor current process has android.permission.ACCESS_NETWORK_STATE.`);
      }
      if (net === null) return null;
      const id = ((net as JObject).native as { netId: number }).netId;
      const lp = c.vm.alloc(c.vm.bootClass('android.net.LinkProperties'));
      lp.native = { iface: id === 100 ? 'wlan0' : 'rmnet_data0' };
      return lp;
    }),
    m('public android.net.Network getActiveNetwork()', { since: 23 }, (c) => {
      if (!c.env.permissionGranted('android.permission.ACCESS_NETWORK_STATE')) {
        c.throwNew('java.lang.SecurityException', `ConnectivityService: Neither user ${c.env.uid} nor current process has android.permission.ACCESS_NETWORK_STATE.`);
      }
      const d = c.env.device;
      if (d.wifi === null && d.mobileIp === null) return null;
      const n = c.vm.alloc(c.vm.bootClass('android.net.Network'));
      n.native = { netId: d.wifi !== null ? 100 : 101 };
      return n;
    }),
  ]),
  cls('public class android.net.Network implements android.os.Parcelable', {}, [
    // Per-network DNS: the same answers as the default resolver on this device.
    m('public java.net.InetAddress[] getAllByName(java.lang.String)', (c, _s, [h]) => c.vm.newArray('[Ljava.net.InetAddress;', [resolve(c, h as string)])),
    m('public java.net.InetAddress getByName(java.lang.String)', (c, _s, [h]) => resolve(c, h as string)),
    m('public java.lang.String toString()', (_c, self) => String((self!.native as { netId: number }).netId)),
  ]),
  cls('public class java.net.SocketException extends java.io.IOException', {}, [
    m('public <init>(java.lang.String)', (c, self, [msg]) => c.callSpecial(self!, 'java.io.IOException', '<init>', ['java.lang.String'], [msg])),
  ]),
  cls('public class java.net.ProtocolException extends java.io.IOException', {}, [
    m('public <init>(java.lang.String)', (c, self, [msg]) => c.callSpecial(self!, 'java.io.IOException', '<init>', ['java.lang.String'], [msg])),
  ]),
  cls('public class java.net.MalformedURLException extends java.io.IOException', {}, [
    m('public <init>()', (c, self) => c.callSpecial(self!, 'java.io.IOException', '<init>', [])),
    m('public <init>(java.lang.String)', (c, self, [msg]) => c.callSpecial(self!, 'java.io.IOException', '<init>', ['java.lang.String'], [msg])),
  ]),
  cls('public class android.os.NetworkOnMainThreadException extends java.lang.RuntimeException', {}, [
    m('public <init>()', (c, self) => c.callSpecial(self!, 'java.lang.RuntimeException', '<init>', [])),
  ]),
  cls('public class java.net.UnknownServiceException extends java.io.IOException', {}, [
    m('public <init>(java.lang.String)', (c, self, [msg]) => c.callSpecial(self!, 'java.io.IOException', '<init>', ['java.lang.String'], [msg])),
  ]),

  // Conscrypt: the platform TLS provider. Writes go through NativeCrypto.SSL_write (JNI in
  // libjavacrypto.so) into BoringSSL.
  cls('class com.android.org.conscrypt.ConscryptFileDescriptorSocket', {}, []),
  cls('private final class com.android.org.conscrypt.ConscryptFileDescriptorSocket$SSLOutputStream extends java.io.OutputStream', { file: 'ConscryptFileDescriptorSocket.java' }, [
    m('<init>()'),
    m('public void write(int)', (c, self, [b]) => {
      const a = c.vm.newArray('[B', [b as number]);
      c.call(self!, 'write', ['[B', 'int', 'int'], [a, 0, 1]);
    }),
    m('public void write(byte[], int, int)', (c, self, [b, off, len]) => {
      const st = self!.native as SslStream;
      const fdObj = c.newObject('java.io.FileDescriptor');
      fdObj.native = st.fd;
      if (c.api >= 28) {
        const holder = c.vm.alloc(c.vm.bootClass('com.android.org.conscrypt.NativeSsl'));
        holder.native = st.ssl;
        c.callStatic('com.android.org.conscrypt.NativeCrypto', 'SSL_write', SSL_WRITE_28, [BigInt(st.ssl), holder, fdObj, null, b, off, len, 0]);
      } else {
        c.callStatic('com.android.org.conscrypt.NativeCrypto', 'SSL_write', SSL_WRITE_24, [BigInt(st.ssl), fdObj, null, b, off, len, 0]);
      }
    }),
  ]),
  // ConscryptEngineSocket.SSLOutputStream.writeInternal, condensed: engine.wrap() runs
  // NativeCrypto.ENGINE_SSL_write_direct (SSL_write into the memory BIO) and BIO_read takes the
  // record out; then socketOutputStream.write() sends it on the plain socket.
  cls('class com.android.org.conscrypt.ConscryptEngineSocket', { since: ENGINE_SOCKET_API }, []),
  cls('private final class com.android.org.conscrypt.ConscryptEngineSocket$SSLOutputStream extends java.io.OutputStream', { file: 'ConscryptEngineSocket.java', since: ENGINE_SOCKET_API }, [
    m('<init>()'),
    m('public void write(int)', (c, self, [b]) => {
      const a = c.vm.newArray('[B', [b as number]);
      c.call(self!, 'write', ['[B', 'int', 'int'], [a, 0, 1]);
    }),
    m('public void write(byte[], int, int)', (c, self, [b, off, len]) => {
      const st = self!.native as SslStream;
      const record = c.env.natives.sslWriteBio(st.ssl, bytesOf(b).slice(off as number, (off as number) + (len as number)), 'libjavacrypto.so');
      const arr = c.vm.newArray('[B', Array.from(record, (x) => (x << 24) >> 24));
      c.call(st.socketOut!, 'write', ['[B', 'int', 'int'], [arr, 0, record.length]);
    }),
  ]),
  cls('final class com.android.org.conscrypt.NativeSsl', { since: 28 }, []),
  cls('interface com.android.org.conscrypt.NativeCrypto$SSLHandshakeCallbacks', { file: 'NativeCrypto.java' }, []),
  cls('public final class com.android.org.conscrypt.NativeCrypto', {}, [
    m('static native void SSL_write(long, java.io.FileDescriptor, com.android.org.conscrypt.NativeCrypto$SSLHandshakeCallbacks, byte[], int, int, int)', { until: 27 }, (c, _s, [ssl, , , b, off, len]) => sslWrite(c, ssl as bigint, b, off as number, len as number)),
    m('static native void SSL_write(long, com.android.org.conscrypt.NativeSsl, java.io.FileDescriptor, com.android.org.conscrypt.NativeCrypto$SSLHandshakeCallbacks, byte[], int, int, int)', { since: 28 }, (c, _s, [ssl, , , , b, off, len]) => sslWrite(c, ssl as bigint, b, off as number, len as number)),
  ]),
];

const SSL_WRITE_24 = ['long', 'java.io.FileDescriptor', 'com.android.org.conscrypt.NativeCrypto$SSLHandshakeCallbacks', '[B', 'int', 'int', 'int'];
const SSL_WRITE_28 = ['long', 'com.android.org.conscrypt.NativeSsl', ...SSL_WRITE_24.slice(1)];

function sslWrite(c: Call, ssl: bigint, b: JValue, off: number, len: number): void {
  c.env.natives.sslWrite(Number(ssl), bytesOf(b).slice(off, off + len), 'libjavacrypto.so');
}

/** Sets what a connection's server answers (scenario-provided). */
export function setResponse(connObj: JObject, code: number, body: Uint8Array): void {
  const st = conn(connObj);
  st.responseCode = code;
  st.responseBody = body;
}

registerSystemService('connectivity', (c: Call): JObject => c.vm.alloc(c.vm.bootClass('android.net.ConnectivityManager')));

/** bionic strerror() texts for the errnos a scenario can give a file. */
const STRERROR: Readonly<Record<string, string>> = { ENOENT: 'No such file or directory', EACCES: 'Permission denied', EPERM: 'Operation not permitted' };
