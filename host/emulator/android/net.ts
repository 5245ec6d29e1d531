// java.net over the platform's HTTP stack (com.android.okhttp) and TLS (Conscrypt). Every byte
// leaves through libc (connect, sendto/write) and, for HTTPS, through BoringSSL's SSL_write, so a
// send is visible at the Java layer and the native layer alike. okhttp/okio internals between the
// HttpURLConnection implementation and the socket streams are not modelled frame by frame.
import { JArray, type JObject } from '../java/heap.js';
import { cls, f, m, type Call, type ClassSpec, type JValue } from '../java/model.js';
import { bytesOf } from './support.js';

const HUC_IMPL = 'com.android.okhttp.internal.huc.HttpURLConnectionImpl';
const HUCS_IMPL = 'com.android.okhttp.internal.huc.HttpsURLConnectionImpl';
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
  const u = st.url;
  const tls = u.protocol === 'https';
  if (!tls && c.api >= 28 && c.env.app.targetSdk >= 28 && !c.env.app.usesCleartextTraffic) {
    c.throwNew('java.net.UnknownServiceException', `CLEARTEXT communication to ${u.host} not permitted by network security policy`);
  }
  c.callStatic('java.net.InetAddress', 'getAllByName', ['java.lang.String'], [u.host]);
  const sock = c.newObject('java.net.Socket');
  const addr = c.newObject('java.net.InetSocketAddress', ['java.lang.String', 'int'], [u.host, u.port === -1 ? (tls ? 443 : 80) : u.port]);
  c.call(sock, 'connect', ['java.net.SocketAddress', 'int'], [addr, 10000]);
  st.socket = sock;
  const bytes = c.vm.newArray('[B', Array.from(requestBytes(c, st), (b) => (b << 24) >> 24));
  let out: JObject;
  if (tls) {
    const fd = (sock.native as SocketJ).fd;
    const ssl = c.newObject('com.android.org.conscrypt.ConscryptFileDescriptorSocket$SSLOutputStream');
    ssl.native = { fd, ssl: c.env.natives.sslNew(fd, u.host, 'libjavacrypto.so') } satisfies SslStream;
    out = ssl;
  } else {
    out = c.call(sock, 'getOutputStream') as JObject;
  }
  c.call(out, 'write', ['[B', 'int', 'int'], [bytes, 0, bytes.elems.length]);
  st.sent = true;
}

interface SocketJ {
  fd: number;
  host: string | null;
  port: number;
}

interface SslStream {
  fd: number;
  ssl: number;
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
    m('public java.lang.String toExternalForm()', (_c, self) => urlOf(self!).spec),
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
  cls(`public final class ${HUCS_IMPL} extends javax.net.ssl.HttpsURLConnection`, {}, hucMethods(HUCS_IMPL)),
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
      if (st.fd >= 0) c.env.natives.close(st.fd, 'libjavacore.so');
      st.fd = -1;
    }),
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
      return out;
    }),
  ]),
  cls('public final class libcore.io.IoBridge', {}, [
    m('public static void connect(java.io.FileDescriptor, java.net.InetAddress, int, int)', (c, _s, [fdObj, ia, port]) => {
      // StrictMode's default for apps: no network on the main thread (BlockGuardOs.connect).
      if (c.thread === c.env.mainThread) c.throwNew('android.os.NetworkOnMainThreadException');
      const ip = ((ia as JObject).native as { ip: string }).ip;
      (fdObj as JObject).native = c.env.natives.connect(ip, port as number, 'libjavacore.so', 'inet6');
    }),
  ]),
  cls('class java.net.SocketOutputStream extends java.io.OutputStream', {}, [
    m('<init>()'),
    m('public void write(int)', (c, self, [b]) => {
      const a = c.vm.newArray('[B', [b as number]);
      c.call(self!, 'write', ['[B', 'int', 'int'], [a, 0, 1]);
    }),
    m('public void write(byte[], int, int)', (c, self, [b, off, len]) => {
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
