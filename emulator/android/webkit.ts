// WebView. Its network stack is Chromium's, running in the app's process (libwebviewchromium.so
// with its own BoringSSL): a load opens a connection from that library and sends the request (in
// TLS records for https). No Java-layer socket is involved, so only the WebView call and the libc
// sends show it. WebView methods must be called on the thread that created it (the UI thread),
// and creating one needs a Looper. The first WebView maps Chromium's library into the process.
import { JArray, type JObject } from '../java/heap.js';
import { cls, m, type Call, type ClassSpec, type JValue } from '../java/model.js';
import { parseUrl } from './net.js';
import { bytesOf } from './support.js';

const LIB = 'libwebviewchromium.so';
const enc = new TextEncoder();

/** The thread each WebView was created on (its UI thread). */
const owners = new WeakMap<JObject, unknown>();

function checkThread(c: Call, self: JObject): void {
  const owner = owners.get(self);
  if (owner !== c.thread) {
    c.throwNew(
      'java.lang.RuntimeException',
      `java.lang.Throwable: A WebView method was called on thread '${c.thread.name}'. All WebView methods must be called on the same thread.`,
    );
  }
}

/** The page load: Chromium's network thread connects and writes the request. */
function load(c: Call, self: JObject, url: string, method: string, headers: [string, string][], body: Uint8Array | null): void {
  checkThread(c, self);
  if (!/^https?:\/\//i.test(url)) return; // about:, file:, javascript:, data: never reach the network
  const u = parseUrl(c, url);
  const tls = u.protocol === 'https';
  const env = c.env;
  const ua = `Mozilla/5.0 (Linux; Android ${env.device.release}; ${env.device.model} Build/${env.device.fingerprint.split('/')[3] ?? 'UNKNOWN'}; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0.6099.230 Mobile Safari/537.36`;
  const lines = [`${method} ${u.file === '' ? '/' : u.file} HTTP/1.1`, `Host: ${u.host}`, ...headers.map(([k, v]) => `${k}: ${v}`), `User-Agent: ${ua}`, `X-Requested-With: ${env.app.package}`];
  if (body !== null) lines.push(`Content-Length: ${body.length}`);
  const head = enc.encode(`${lines.join('\r\n')}\r\n\r\n`);
  const req = new Uint8Array(head.length + (body?.length ?? 0));
  req.set(head);
  if (body !== null) req.set(body, head.length);
  const t = (env.singletons.get('webview.io') as ReturnType<typeof env.newThread> | undefined) ?? env.newThread('Chrome_ChildIOThread', []);
  env.singletons.set('webview.io', t);
  env.post(t, 5, () => {
    const natives = env.natives;
    const ip = env.net.resolve(u.host);
    const fd = natives.connect(ip, u.port === -1 ? (tls ? 443 : 80) : u.port, LIB, 'inet6');
    if (tls) {
      // Chromium's BoringSSL is linked into the library: only the TLS records reach libc.
      const rec = new Uint8Array(5 + req.length + 16);
      rec.set([0x17, 0x03, 0x03, (req.length + 16) >> 8, (req.length + 16) & 0xff]);
      for (let i = 5; i < rec.length; i++) rec[i] = (i * 131 + req.length * 7) & 0xff;
      natives.send(fd, rec, LIB, 'write');
    } else {
      natives.send(fd, req, LIB, 'sendto');
    }
  });
}

function headersOf(map: JValue): [string, string][] {
  if (map === null) return [];
  const entries = ((map as JObject).native as Map<JValue, JValue>) ?? new Map();
  return [...entries].map(([k, v]) => [String(k), String(v)]);
}

export const webkit: readonly ClassSpec[] = [
  cls('public class android.webkit.WebView extends android.view.ViewGroup', {}, [
    m('public <init>(android.content.Context)', (c, self, [ctx]) => {
      if (c.thread.looper === null) c.throwNew('java.lang.RuntimeException', `Can't create handler inside thread ${c.thread.name} that has not called Looper.prepare()`);
      c.callSpecial(self!, 'android.view.ViewGroup', '<init>', ['android.content.Context'], [ctx]);
      owners.set(self!, c.thread);
      // The first WebView loads Chromium from the WebView provider package.
      c.env.natives.map(LIB, `/data/app/com.google.android.webview-1/lib/arm64/${LIB}`);
    }),
    m('public void loadUrl(java.lang.String)', (c, self, [url]) => load(c, self!, url as string, 'GET', [], null)),
    m('public void loadUrl(java.lang.String, java.util.Map)', (c, self, [url, h]) => load(c, self!, url as string, 'GET', headersOf(h ?? null), null)),
    m('public void postUrl(java.lang.String, byte[])', (c, self, [url, body]) => {
      if (!/^https?:\/\//i.test(url as string)) return c.call(self!, 'loadUrl', ['java.lang.String'], [url]);
      load(c, self!, url as string, 'POST', [['Content-Type', 'application/x-www-form-urlencoded']], body instanceof JArray ? bytesOf(body) : new Uint8Array(0));
    }),
  ]),
];
