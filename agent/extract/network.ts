// Java-layer network events (NetDetail, layer 'java' or 'webview'): URLs, HTTP requests with method
// and URL, socket connects and writes with a bounded payload sample, UDP sends and DNS lookups.
import { LIMITS } from '../../protocol/constants.js';
import { looksLikeTls, markTlsRecord, parseHttpRequest, samplePayload } from '../core/payload.js';
import { argOf, count, javaBytes, num, paramIndex, setDetail, str } from './java.js';
import type { Extractor, HookCall } from './types.js';

type Net = Record<string, unknown>;

/** host/port/proto of a URL string. */
export function urlParts(url: string): { scheme: string; host?: string; port?: number } {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)(?::(\d+))?/.exec(url);
  if (m === null) {
    const c = url.indexOf(':');
    return { scheme: c > 0 ? url.slice(0, c).toLowerCase() : '' };
  }
  const out: { scheme: string; host?: string; port?: number } = { scheme: m[1]!.toLowerCase() };
  if (m[2] !== undefined && m[2] !== '') out.host = m[2].replace(/^\[|\]$/g, '');
  if (m[3] !== undefined) {
    const p = Number(m[3]);
    if (p >= 0 && p <= 65535) out.port = p;
  }
  return out;
}

function protoOf(scheme: string): 'http' | 'https' | 'ws' | 'wss' | 'unknown' {
  return scheme === 'http' || scheme === 'https' || scheme === 'ws' || scheme === 'wss' ? scheme : 'unknown';
}

/** A request-level detail from method + URL. */
function request(call: HookCall, layer: 'java' | 'webview', url: string, method?: string | null): Net {
  const p = urlParts(url);
  const proto = protoOf(p.scheme);
  const d: Net = { layer, proto, tls: proto === 'https' || proto === 'wss', op: 'request', url: call.clip(url) };
  if (p.host !== undefined) d.host = call.clip(p.host);
  if (p.port !== undefined) d.port = p.port;
  if (method !== undefined && method !== null && method !== '') d.method = method.slice(0, 32);
  return d;
}

/** Payload fields (bytes, sample, TLS/HTTP recognition) for bytes written to a stream. */
function payload(call: HookCall, d: Net, bytes: number[] | null, total: number): void {
  total = count(total);
  d.bytes = total;
  if (bytes === null || bytes.length === 0) return;
  if (looksLikeTls(bytes)) {
    d.proto = 'tls';
    d.tls = true;
  }
  Object.assign(d, samplePayload(bytes, total, call.services.maxSample));
  if (d.tls !== true && d.sampleEncoding === 'utf8') {
    const http = parseHttpRequest(d.sample as string);
    if (http !== null) {
      d.proto = 'http';
      d.method = http.method.slice(0, 32);
      const host = http.host ?? (d.host as string | undefined) ?? (d.ip as string | undefined);
      if (host !== undefined) d.url = call.clip(http.path.startsWith('/') ? `http://${host}${http.path}` : http.path);
    }
  }
}

/** URL.openConnection([Proxy]): http(s)/ftp URLs only (file:, jar:, content: are not network). */
export const urlOpen: Extractor = (call) => {
  const url = str(call.self);
  if (url === null) return false;
  const p = urlParts(url);
  if (p.scheme !== 'http' && p.scheme !== 'https' && p.scheme !== 'ftp') return false;
  const d = request(call, 'java', url);
  d.op = 'open';
  setDetail(call, d);
};

/** HttpURLConnectionImpl.connect/getOutputStream/getInputStream: once per connection. */
export const hucRequest: Extractor = (call) => {
  const id = call.services.identity(call.self);
  if (id !== null && !call.services.firstTime(`huc:${id}`)) return false;
  const url = str(call.self.getURL());
  if (url === null) return false;
  setDetail(call, request(call, 'java', url, str(call.self.getRequestMethod())));
};

function okhttpRequest(call: HookCall, req: any): Net | null {
  if (req === null || req === undefined) return null;
  const url = str(req.url());
  if (url === null) return null;
  return request(call, 'java', url, str(req.method()));
}

/** OkHttpClient.newCall(Request): the request where it is created; the Call is remembered. */
export const okhttpNewCall: Extractor = (call) => {
  const d = okhttpRequest(call, call.args[0]);
  if (d === null) return false;
  const id = call.services.identity(call.ret);
  if (id !== null) call.services.firstTime(`okcall:${id}`);
  setDetail(call, d);
};

/** RealCall.execute/enqueue: only calls newCall did not report (other factories, shrunk names). */
export const okhttpSend: Extractor = (call) => {
  const id = call.services.identity(call.self);
  if (id !== null && !call.services.firstTime(`okcall:${id}`)) return false;
  const d = okhttpRequest(call, call.self.request());
  if (d === null) return false;
  setDetail(call, d);
};

const VOLLEY_METHODS: Readonly<Record<number, string>> = { [-1]: 'GET', 0: 'GET', 1: 'POST', 2: 'PUT', 3: 'DELETE', 4: 'HEAD', 5: 'OPTIONS', 6: 'TRACE', 7: 'PATCH' };

/** RequestQueue.add(Request). */
export const volleyRequest: Extractor = (call) => {
  const req = call.args[0];
  if (req === null || req === undefined) return false;
  const url = str(req.getUrl());
  if (url === null) return false;
  setDetail(call, request(call, 'java', url, VOLLEY_METHODS[num(req.getMethod())]));
};

/** AbstractHttpClient.execute(HttpUriRequest | HttpHost + HttpRequest, ...). */
export const apacheRequest: Extractor = (call) => {
  const uriReq = argOf(call, 'org.apache.http.client.methods.HttpUriRequest');
  if (uriReq !== undefined && uriReq !== null) {
    const url = str(uriReq.getURI());
    if (url === null) return false;
    setDetail(call, request(call, 'java', url, str(uriReq.getMethod())));
    return;
  }
  const host = argOf(call, 'org.apache.http.HttpHost');
  const req = argOf(call, 'org.apache.http.HttpRequest');
  if (host === undefined || req === undefined || host === null || req === null) return false;
  const line = req.getRequestLine();
  if (line === null || line === undefined) return false;
  const path = str(line.getUri()) ?? '/';
  const base = str(host.toURI()) ?? '';
  setDetail(call, request(call, 'java', path.includes('://') ? path : base + path, str(line.getMethod())));
};

/** Destination fields of an InetSocketAddress (never a reverse lookup: getHostString). */
function sockaddr(d: Net, call: HookCall, addr: any): void {
  if (addr === null || addr === undefined) return;
  try {
    const isa = call.java.cast(addr, call.java.use('java.net.InetSocketAddress'));
    const host = str(isa.getHostString());
    const inet = isa.getAddress();
    const ip = inet === null || inet === undefined ? null : str(inet.getHostAddress());
    if (ip !== null) d.ip = ip.slice(0, 64);
    if (host !== null && host !== ip) d.host = call.clip(host);
    const port = num(isa.getPort());
    if (port >= 0 && port <= 65535) d.port = port;
  } catch {
    // Not an InetSocketAddress (unix-domain sockets): no destination.
  }
}

/** Socket.connect(SocketAddress[, int timeout]). */
export const socketConnect: Extractor = (call) => {
  const d: Net = { layer: 'java', proto: 'tcp', tls: false, op: 'connect' };
  sockaddr(d, call, call.args[0]);
  if (call.self.$className !== undefined && /SSL/i.test(String(call.self.$className))) {
    d.proto = 'tls';
    d.tls = true;
  }
  setDetail(call, d);
};

/** SocketOutputStream.write(int | byte[] [, off, len]): bytes, sample, destination. */
export const socketWrite: Extractor = (call) => {
  const d: Net = { layer: 'java', proto: 'tcp', tls: false, op: 'send' };
  let socket: any;
  try {
    socket = call.self.socket === undefined ? undefined : call.self.socket.value;
  } catch {
    socket = undefined;
  }
  if (socket !== undefined && socket !== null) {
    try {
      sockaddr(d, call, socket.getRemoteSocketAddress());
    } catch {
      // Closed or unconnected.
    }
  }
  const max = call.services.maxSample;
  if (call.params.length === 1 && call.params[0] === 'int') {
    payload(call, d, [num(call.args[0]) & 0xff], 1);
  } else {
    const arr = call.args[0];
    const off = call.params.length === 3 ? count(call.args[1]) : 0;
    const len = call.params.length === 3 ? count(call.args[2]) : arr === null || arr === undefined ? 0 : count(arr.length);
    const bytes = javaBytes(call.java, arr, off, len, max);
    payload(call, d, bytes, len);
    // An engine socket's record: the SSL_write that produced it is the send (tls-link.ts).
    const of = d.tls === true ? call.services.tlsRecordOf(bytes) : null;
    if (of !== null) markTlsRecord(d, of);
  }
  setDetail(call, d);
};

/** DatagramSocket.send(DatagramPacket): UDP payload and destination. */
export const datagramSend: Extractor = (call) => {
  const pkt = call.args[0];
  if (pkt === null || pkt === undefined) return false;
  const d: Net = { layer: 'java', proto: 'udp', tls: false, op: 'send' };
  let addr = pkt.getAddress();
  let port = num(pkt.getPort());
  if (addr === null || addr === undefined) {
    addr = call.self.getInetAddress();
    port = num(call.self.getPort());
  }
  const ip = addr === null || addr === undefined ? null : str(addr.getHostAddress());
  if (ip !== null) d.ip = ip.slice(0, 64);
  if (port >= 0 && port <= 65535) d.port = port;
  if (port === 53) d.proto = 'dns';
  const off = count(pkt.getOffset());
  const len = count(pkt.getLength());
  payload(call, d, javaBytes(call.java, pkt.getData(), off, len, call.services.maxSample), len);
  setDetail(call, d);
};

/** InetAddress.getByName/getAllByName, Network.getByName/getAllByName: host -> addresses. */
export const dnsLookup: Extractor = (call) => {
  const host = str(call.args[0]);
  if (host === null || host === '') return false;
  const d: Net = { layer: 'java', proto: 'dns', tls: false, op: 'dns', host: call.clip(host) };
  const ret = call.ret;
  const list: any[] = ret === null || ret === undefined ? [] : Array.isArray(ret) ? ret : [ret];
  const ips: string[] = [];
  for (const a of list.slice(0, LIMITS.arrayItems)) {
    const ip = a === null || a === undefined ? null : str(a.getHostAddress());
    if (ip !== null) ips.push(ip.slice(0, 64));
  }
  if (ips.length > 0) {
    d.ip = ips[0];
    d.ips = ips;
  }
  // A literal address is not a lookup.
  if (ips.length === 1 && ips[0] === host) return false;
  setDetail(call, d);
};

/** WebView.loadUrl(url[, headers]) / postUrl(url, byte[] body): http(s) only. */
export const webviewLoad: Extractor = (call) => {
  const url = str(call.args[0]);
  if (url === null) return false;
  const scheme = urlParts(url).scheme;
  if (scheme !== 'http' && scheme !== 'https') return false;
  const post = call.spec.method === 'postUrl';
  const d = request(call, 'webview', url, post ? 'POST' : 'GET');
  if (post) {
    const i = paramIndex(call, '[B');
    const body = i < 0 ? null : call.args[i];
    const total = body === null || body === undefined ? 0 : count(body.length);
    const bytes = javaBytes(call.java, body, 0, total, call.services.maxSample);
    if (bytes !== null && bytes.length > 0) {
      d.bytes = total;
      Object.assign(d, samplePayload(bytes, total, call.services.maxSample));
    }
  }
  setDetail(call, d);
};
