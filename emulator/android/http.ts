// The legacy Apache HTTP client (org.apache.http). Removed from the SDK in API 23, it stayed on the
// boot class path until Android 8.1 (org.apache.http.legacy.boot.jar); from Android 9 it is a shared
// library (org.apache.http.legacy.jar) in the class loader of apps that declare
// <uses-library android:name="org.apache.http.legacy"> or target API 27 or lower. Its requests go
// out over a java.net.Socket (plaintext) or the platform's TLS socket, like HttpURLConnection's.
import type { JObject } from '../java/heap.js';
import { cls, m, type Call, type ClassSpec, type JValue } from '../java/model.js';
import { sendHttp } from './net.js';

const BOOT = { until: 27 } as const;
const HUR = 'org.apache.http.client.methods.HttpUriRequest';
const HH = 'org.apache.http.HttpHost';
const HR = 'org.apache.http.HttpRequest';
const HC = 'org.apache.http.protocol.HttpContext';
const RH = 'org.apache.http.client.ResponseHandler';

interface RequestState {
  method: string;
  uri: string;
  body: Uint8Array | null;
  headers: [string, string][];
}

function req(o: JObject): RequestState {
  return o.native as RequestState;
}

const enc = new TextEncoder();

/** A class of this library: on the boot class path before Android 9, in the app's loader after. */
function klass(c: Call, name: string) {
  return c.vm.tryLoad(c.vm.app ?? c.vm.boot, name) ?? c.vm.bootClass(name);
}

function response(c: Call, code: number): JObject {
  const r = c.vm.alloc(klass(c, 'org.apache.http.message.BasicHttpResponse'));
  r.native = { code };
  return r;
}

/** DefaultRequestDirector, condensed: one connection per request, written once. */
function run(c: Call, url: string, r: RequestState, handler: JValue): JValue {
  sendHttp(c, { url, method: r.method, headers: r.headers, body: r.body, userAgent: 'Apache-HttpClient/UNAVAILABLE (java 1.4)' });
  const resp = response(c, 200);
  return handler === null ? resp : c.call(handler as JObject, 'handleResponse', ['org.apache.http.HttpResponse'], [resp]);
}

function viaUri(c: Call, self: JObject | null, request: JValue, handler: JValue): JValue {
  if (request === null) c.throwNew('java.lang.IllegalArgumentException', 'Request must not be null.');
  const r = req(request as JObject);
  void self;
  return run(c, r.uri, r, handler);
}

function viaHost(c: Call, host: JValue, request: JValue, handler: JValue): JValue {
  if (request === null) c.throwNew('java.lang.IllegalArgumentException', 'Request must not be null.');
  const r = req(request as JObject);
  const base = host === null ? '' : (c.call(host as JObject, 'toURI') as string);
  return run(c, r.uri.includes('://') ? r.uri : base + r.uri, r, handler);
}

function requestClass(header: string, method: string | null): ClassSpec {
  return cls(header, BOOT, [
    m('public <init>(java.lang.String)', (_c, self, [u]) => {
      self!.native = { method: method ?? 'GET', uri: u as string, body: null, headers: [] } satisfies RequestState;
    }),
    ...(method === null ? [] : [m('public java.lang.String getMethod()', () => method)]),
  ]);
}

export const apacheClasses: readonly ClassSpec[] = [
  cls('public interface org.apache.http.client.HttpClient', BOOT, [
    m(`public abstract org.apache.http.HttpResponse execute(${HUR})`),
  ]),
  cls('public abstract class org.apache.http.impl.client.AbstractHttpClient implements org.apache.http.client.HttpClient', BOOT, [
    m(`public final org.apache.http.HttpResponse execute(${HUR})`, (c, self, [r]) => viaUri(c, self, r ?? null, null)),
    m(`public final org.apache.http.HttpResponse execute(${HUR}, ${HC})`, (c, self, [r]) => viaUri(c, self, r ?? null, null)),
    m(`public final org.apache.http.HttpResponse execute(${HH}, ${HR})`, (c, _s, [h, r]) => viaHost(c, h ?? null, r ?? null, null)),
    m(`public final org.apache.http.HttpResponse execute(${HH}, ${HR}, ${HC})`, (c, _s, [h, r]) => viaHost(c, h ?? null, r ?? null, null)),
    m(`public java.lang.Object execute(${HUR}, ${RH})`, (c, self, [r, rh]) => viaUri(c, self, r ?? null, rh ?? null)),
    m(`public java.lang.Object execute(${HUR}, ${RH}, ${HC})`, (c, self, [r, rh]) => viaUri(c, self, r ?? null, rh ?? null)),
    m(`public java.lang.Object execute(${HH}, ${HR}, ${RH})`, (c, _s, [h, r, rh]) => viaHost(c, h ?? null, r ?? null, rh ?? null)),
    m(`public java.lang.Object execute(${HH}, ${HR}, ${RH}, ${HC})`, (c, _s, [h, r, rh]) => viaHost(c, h ?? null, r ?? null, rh ?? null)),
  ]),
  cls('public class org.apache.http.impl.client.DefaultHttpClient extends org.apache.http.impl.client.AbstractHttpClient', BOOT, [m('public <init>()')]),
  cls('public interface org.apache.http.HttpRequest', BOOT, [m('public abstract org.apache.http.RequestLine getRequestLine()')]),
  cls('public interface org.apache.http.client.methods.HttpUriRequest extends org.apache.http.HttpRequest', BOOT, [
    m('public abstract java.lang.String getMethod()'),
    m('public abstract java.net.URI getURI()'),
  ]),
  cls('public abstract class org.apache.http.client.methods.HttpRequestBase implements org.apache.http.client.methods.HttpUriRequest', BOOT, [
    m('public <init>()'),
    m('public abstract java.lang.String getMethod()'),
    m('public org.apache.http.RequestLine getRequestLine()', (c, self) => requestLine(c, req(self!).method, req(self!).uri)),
    m('public java.net.URI getURI()', (c, self) => c.callStatic('java.net.URI', 'create', ['java.lang.String'], [req(self!).uri])),
    m('public void setHeader(java.lang.String, java.lang.String)', (_c, self, [k, v]) => {
      req(self!).headers.push([k as string, v as string]);
    }),
  ]),
  cls('public abstract class org.apache.http.client.methods.HttpEntityEnclosingRequestBase extends org.apache.http.client.methods.HttpRequestBase', BOOT, [
    m('public <init>()'),
    m('public void setEntity(org.apache.http.HttpEntity)', (_c, self, [e]) => {
      req(self!).body = e === null ? null : ((e as JObject).native as Uint8Array);
    }),
  ]),
  requestClass('public class org.apache.http.client.methods.HttpGet extends org.apache.http.client.methods.HttpRequestBase', 'GET'),
  requestClass('public class org.apache.http.client.methods.HttpPost extends org.apache.http.client.methods.HttpEntityEnclosingRequestBase', 'POST'),
  cls('public interface org.apache.http.HttpEntity', BOOT, []),
  cls('public class org.apache.http.entity.StringEntity implements org.apache.http.HttpEntity', BOOT, [
    m('public <init>(java.lang.String)', (_c, self, [s]) => {
      self!.native = enc.encode(String(s ?? ''));
    }),
  ]),
  cls('public final class org.apache.http.HttpHost', BOOT, [
    m('public <init>(java.lang.String, int, java.lang.String)', (_c, self, [h, p, scheme]) => {
      self!.native = { host: h as string, port: p as number, scheme: (scheme as string | null) ?? 'http' };
    }),
    m('public java.lang.String toURI()', (_c, self) => {
      const st = self!.native as { host: string; port: number; scheme: string };
      return `${st.scheme}://${st.host}${st.port === -1 ? '' : `:${st.port}`}`;
    }),
  ]),
  cls('public interface org.apache.http.RequestLine', BOOT, [m('public abstract java.lang.String getMethod()'), m('public abstract java.lang.String getUri()')]),
  cls('public class org.apache.http.message.BasicRequestLine implements org.apache.http.RequestLine', BOOT, [
    m('public java.lang.String getMethod()', (_c, self) => (self!.native as { method: string }).method),
    m('public java.lang.String getUri()', (_c, self) => (self!.native as { uri: string }).uri),
  ]),
  cls('public class org.apache.http.message.BasicHttpRequest implements org.apache.http.HttpRequest', BOOT, [
    m('public <init>(java.lang.String, java.lang.String)', (_c, self, [meth, uri]) => {
      self!.native = { method: meth as string, uri: uri as string, body: null, headers: [] } satisfies RequestState;
    }),
    m('public org.apache.http.RequestLine getRequestLine()', (c, self) => requestLine(c, req(self!).method, req(self!).uri)),
  ]),
  cls('public interface org.apache.http.HttpResponse', BOOT, []),
  cls('public class org.apache.http.message.BasicHttpResponse implements org.apache.http.HttpResponse', BOOT, []),
  cls('public interface org.apache.http.protocol.HttpContext', BOOT, []),
  cls('public class org.apache.http.protocol.BasicHttpContext implements org.apache.http.protocol.HttpContext', BOOT, [m('public <init>()')]),
  cls('public interface org.apache.http.client.ResponseHandler', BOOT, [m('public abstract java.lang.Object handleResponse(org.apache.http.HttpResponse)')]),
];

function requestLine(c: Call, method: string, uri: string): JObject {
  const l = c.vm.alloc(klass(c, 'org.apache.http.message.BasicRequestLine'));
  l.native = { method, uri };
  return l;
}

/** The same classes as the org.apache.http.legacy shared library an app loads on Android 9+. */
export function apacheLegacyLibrary(): ClassSpec[] {
  return apacheClasses.map((c) => {
    const copy: ClassSpec = { ...c };
    delete (copy as { until?: number }).until;
    return copy;
  });
}
