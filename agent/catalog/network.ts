// Network at the Java layer: URLs and HTTP requests (method + URL), OkHttp/Volley/Apache clients
// shipped in apps, sockets, DNS lookups and WebView loads. The native layer (agent/natives) sees
// the bytes of every socket and TLS write; Java stream writes that report their own bytes are
// marked `netScope` so the native layer stays silent under them.
import type { HookArea, HookSpec } from './types.js';

const HUC = 'com.android.okhttp.internal.huc.HttpURLConnectionImpl';
const hucHidden = {
  aosp: 'external/okhttp/okhttp-urlconnection/src/main/java/com/squareup/okhttp/internal/huc/HttpURLConnectionImpl.java',
  publicApi: 'java.net.HttpURLConnection',
};
const huc = (method: string): HookSpec => ({
  id: `huc.${method}`,
  class: HUC,
  method,
  overloads: 'all',
  kind: 'net',
  hidden: hucHidden,
  extract: 'huc-request',
  args: false,
  ret: false,
  note: 'the platform HttpURLConnection (OkHttp 2 repackaged as com.android.okhttp); each connection is reported once, at its first send point',
});

const net = (spec: Omit<HookSpec, 'kind'>): HookSpec => ({ kind: 'net', ret: false, ...spec });

export const network: HookArea = {
  area: 'network',
  hooks: [
    net({ id: 'url.openConnection', class: 'java.net.URL', method: 'openConnection', overloads: 'all', extract: 'url-open', note: 'http(s)/ftp only; the request itself is reported when it is sent' }),
    huc('connect'),
    huc('getOutputStream'),
    huc('getInputStream'),
    net({
      id: 'okhttp3.newCall',
      class: 'okhttp3.OkHttpClient',
      method: 'newCall',
      overloads: 'all',
      loader: 'app',
      declared: [{ params: ['okhttp3.Request'] }],
      extract: 'okhttp-newcall',
      args: false,
      note: 'reported where the call is created (the SDK stack); Retrofit creates and sends on the same thread',
    }),
    net({ id: 'okhttp3.RealCall.execute', class: 'okhttp3.RealCall', method: 'execute', overloads: 'all', loader: 'app', declared: [{ params: [] }], extract: 'okhttp-send', args: false, note: 'OkHttp 3.x; silent for calls already reported by newCall' }),
    net({ id: 'okhttp3.RealCall.enqueue', class: 'okhttp3.RealCall', method: 'enqueue', overloads: 'all', loader: 'app', declared: [{ params: ['okhttp3.Callback'] }], extract: 'okhttp-send', args: false, note: 'OkHttp 3.x' }),
    net({ id: 'okhttp4.RealCall.execute', class: 'okhttp3.internal.connection.RealCall', method: 'execute', overloads: 'all', loader: 'app', declared: [{ params: [] }], extract: 'okhttp-send', args: false, note: 'OkHttp 4.x/5.x' }),
    net({ id: 'okhttp4.RealCall.enqueue', class: 'okhttp3.internal.connection.RealCall', method: 'enqueue', overloads: 'all', loader: 'app', declared: [{ params: ['okhttp3.Callback'] }], extract: 'okhttp-send', args: false, note: 'OkHttp 4.x/5.x' }),
    net({ id: 'volley.add', class: 'com.android.volley.RequestQueue', method: 'add', overloads: 'all', loader: 'app', declared: [{ params: ['com.android.volley.Request'] }], extract: 'volley-request', args: false }),
    net({
      id: 'apache.execute',
      class: 'org.apache.http.impl.client.AbstractHttpClient',
      method: 'execute',
      overloads: 'all',
      outermostOnly: true,
      extract: 'apache-request',
      args: false,
      note: 'legacy Apache client: boot classpath up to API 27, then the optional org.apache.http.legacy library',
    }),
    net({ id: 'socket.connect', class: 'java.net.Socket', method: 'connect', overloads: 'all', outermostOnly: true, netScope: true, extract: 'socket-connect', args: false, note: 'host name and port as the app gave them; the native connect underneath stays silent' }),
    net({
      id: 'socket.write',
      class: 'java.net.SocketOutputStream',
      method: 'write',
      overloads: 'all',
      hidden: { aosp: 'libcore/ojluni/src/main/java/java/net/SocketOutputStream.java', publicApi: 'java.io.OutputStream' },
      outermostOnly: true,
      netScope: true,
      extract: 'socket-write',
      args: false,
      note: "a plain socket's stream; TLS sockets write ciphertext here (proto 'tls' by record header)",
    }),
    net({ id: 'datagram.send', class: 'java.net.DatagramSocket', method: 'send', overloads: 'all', netScope: true, extract: 'datagram-send', args: false }),
    net({ id: 'dns.getAllByName', class: 'java.net.InetAddress', method: 'getAllByName', overloads: 'all', outermostOnly: true, extract: 'dns-lookup', args: false }),
    net({ id: 'dns.getByName', class: 'java.net.InetAddress', method: 'getByName', overloads: 'all', outermostOnly: true, extract: 'dns-lookup', args: false }),
    net({ id: 'dns.network.getAllByName', class: 'android.net.Network', method: 'getAllByName', overloads: 'all', outermostOnly: true, extract: 'dns-lookup', args: false }),
    net({ id: 'dns.network.getByName', class: 'android.net.Network', method: 'getByName', overloads: 'all', outermostOnly: true, extract: 'dns-lookup', args: false }),
    net({ id: 'webview.loadUrl', class: 'android.webkit.WebView', method: 'loadUrl', overloads: 'all', outermostOnly: true, extract: 'webview-load', args: false, note: 'the extra-headers overload: header names are not recorded' }),
    net({ id: 'webview.postUrl', class: 'android.webkit.WebView', method: 'postUrl', overloads: 'all', outermostOnly: true, extract: 'webview-load', args: false, note: 'the POST body is sampled for payload matching' }),
  ],
};
