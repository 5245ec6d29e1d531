// HTTP client libraries shipped inside apps: OkHttp (3.x and 4.x) and Volley. OkHttp talks to the
// network through java.net.Socket and the platform's TLS (Conscrypt), so the socket, libc and
// SSL_write layers see its requests; Volley uses HttpURLConnection (HurlStack) on its own
// network-dispatcher thread and delivers responses on the main thread.
import type { JObject } from '../java/heap.js';
import type { JLoader } from '../java/classes.js';
import { cls, f, m, type Call, type ClassSpec, type JValue } from '../java/model.js';
import { newPool } from '../android/concurrent.js';
import { sendHttp, parseUrl } from '../android/net.js';
import { mainLooper } from '../android/os.js';

/**
 * The loader of the library code that runs: its own copy's classes (a plugin that ships its own
 * OkHttp resolves its own Request), else the app's.
 */
export function libLoader(c: Call): JLoader {
  const l = c.thread.top()?.method.cls.loader;
  return l !== undefined && l.kind !== 'boot' ? l : c.vm.app!;
}

const enc = new TextEncoder();

export function lib(header: string, file: string, members: Parameters<typeof cls>[2]): ClassSpec {
  return cls(header, { origin: 'app', file }, members);
}

interface RequestState {
  url: string;
  method: string;
  headers: [string, string][];
  body: Uint8Array | null;
}

function okhttp(major: 3 | 4): ClassSpec[] {
  const kt = major === 4;
  const file = (n: string) => `${n}.${kt ? 'kt' : 'java'}`;
  const CALL = major === 3 ? 'okhttp3.RealCall' : 'okhttp3.internal.connection.RealCall';
  const ASYNC = `${CALL}$AsyncCall`;
  const ua = major === 3 ? 'okhttp/3.12.13' : 'okhttp/4.12.0';
  const request = (o: JObject) => o.native as RequestState;

  const exchange = (c: Call, call: JObject): JObject => {
    const st = call.native as { request: JObject; executed: boolean };
    const r = request(st.request);
    // OkHttp offers h2 in ALPN on https (OkHttpClient.DEFAULT_PROTOCOLS = [HTTP_2, HTTP_1_1]).
    const h2 = r.url.startsWith('https:') && c.env.device.h2Hosts.includes(parseUrl(c, r.url).host);
    sendHttp(c, { url: r.url, method: r.method, headers: r.headers, body: r.body, userAgent: ua, h2 });
    const resp = c.vm.alloc(c.vm.loadClass(libLoader(c), 'okhttp3.Response'));
    resp.native = { code: 200 };
    return resp;
  };

  const markExecuted = (c: Call, call: JObject) => {
    const st = call.native as { executed: boolean };
    if (st.executed) c.throwNew('java.lang.IllegalStateException', 'Already Executed');
    st.executed = true;
  };

  return [
    lib('public class okhttp3.OkHttpClient', file('OkHttpClient'), [
      m('public <init>()', (c, self) => {
        // The dispatcher's pool: Util.threadFactory("OkHttp Dispatcher", false).
        self!.native = { pool: newPool(c, 64, () => 'OkHttp Dispatcher') };
      }),
      m('public okhttp3.Call newCall(okhttp3.Request)', (c, self, [req]) => {
        if (req === null) c.throwNew('java.lang.NullPointerException');
        const call = c.vm.alloc(c.vm.loadClass(libLoader(c), CALL));
        call.native = { client: self, request: req, executed: false };
        return call;
      }),
    ]),
    lib('public interface okhttp3.Call', file('Call'), [m('public abstract okhttp3.Response execute()'), m('public abstract void enqueue(okhttp3.Callback)'), m('public abstract okhttp3.Request request()')]),
    lib(`final class ${CALL} implements okhttp3.Call`, file('RealCall'), [
      m('public okhttp3.Response execute()', (c, self) => {
        markExecuted(c, self!);
        return exchange(c, self!);
      }),
      m('public void enqueue(okhttp3.Callback)', (c, self, [cb]) => {
        markExecuted(c, self!);
        const client = (self!.native as { client: JObject }).client;
        const async = c.vm.alloc(c.vm.loadClass(libLoader(c), ASYNC));
        async.native = { call: self, callback: cb };
        c.call((client.native as { pool: JObject }).pool, 'execute', ['java.lang.Runnable'], [async]);
      }),
      m('public okhttp3.Request request()', (_c, self) => (self!.native as { request: JObject }).request),
    ]),
    lib(`final class ${ASYNC} implements java.lang.Runnable`, file('RealCall'), [
      // NamedRunnable: the dispatcher thread takes the call's name while it runs.
      m('public void run()', (c, self) => {
        const st = self!.native as { call: JObject; callback: JObject };
        const t = c.callStatic('java.lang.Thread', 'currentThread') as JObject;
        const old = c.call(t, 'getName');
        c.call(t, 'setName', ['java.lang.String'], [`OkHttp ${request((st.call.native as { request: JObject }).request).url.split('?')[0]}`]);
        try {
          const resp = exchange(c, st.call);
          c.call(st.callback, 'onResponse', ['okhttp3.Call', 'okhttp3.Response'], [st.call, resp]);
        } finally {
          c.call(t, 'setName', ['java.lang.String'], [old]);
        }
      }),
    ]),
    lib('public interface okhttp3.Callback', file('Callback'), [
      m('public abstract void onFailure(okhttp3.Call, java.io.IOException)'),
      m('public abstract void onResponse(okhttp3.Call, okhttp3.Response)'),
    ]),
    lib('public final class okhttp3.Request', file('Request'), [
      m('public java.lang.String method()', (_c, self) => request(self!).method),
      m('public okhttp3.HttpUrl url()', (c, self) => c.callStatic('okhttp3.HttpUrl', 'get', ['java.lang.String'], [request(self!).url])),
      m('public java.lang.String header(java.lang.String)', (_c, self, [k]) => request(self!).headers.find(([x]) => x.toLowerCase() === String(k).toLowerCase())?.[1] ?? null),
    ]),
    lib('public class okhttp3.Request$Builder', file('Request'), [
      m('public <init>()', (_c, self) => {
        self!.native = { url: '', method: 'GET', headers: [], body: null } satisfies RequestState;
      }),
      m('public okhttp3.Request$Builder url(java.lang.String)', (c, self, [u]) => {
        if (u === null) c.throwNew('java.lang.NullPointerException', 'url == null');
        parseUrl(c, u as string);
        request(self!).url = u as string;
        return self;
      }),
      m('public okhttp3.Request$Builder header(java.lang.String, java.lang.String)', (_c, self, [k, v]) => {
        const st = request(self!);
        st.headers = st.headers.filter(([x]) => x.toLowerCase() !== String(k).toLowerCase());
        st.headers.push([k as string, v as string]);
        return self;
      }),
      m('public okhttp3.Request$Builder get()', (_c, self) => {
        Object.assign(request(self!), { method: 'GET', body: null });
        return self;
      }),
      m('public okhttp3.Request$Builder post(okhttp3.RequestBody)', (_c, self, [b]) => {
        Object.assign(request(self!), { method: 'POST', body: b === null ? null : (b as JObject).native.bytes });
        if (b !== null) request(self!).headers.push(['Content-Type', (b as JObject).native.type]);
        return self;
      }),
      m('public okhttp3.Request build()', (c, self) => {
        if (request(self!).url === '') c.throwNew('java.lang.IllegalStateException', 'url == null');
        const r = c.vm.alloc(c.vm.loadClass(libLoader(c), 'okhttp3.Request'));
        r.native = { ...request(self!), headers: [...request(self!).headers] };
        return r;
      }),
    ]),
    lib('public final class okhttp3.HttpUrl', file('HttpUrl'), [
      m('public static okhttp3.HttpUrl get(java.lang.String)', (c, _s, [u]) => {
        const p = parseUrl(c, u as string);
        const o = c.vm.alloc(c.vm.loadClass(libLoader(c), 'okhttp3.HttpUrl'));
        o.native = p;
        return o;
      }),
      m('public java.lang.String host()', (_c, self) => (self!.native as { host: string }).host),
      m('public java.lang.String toString()', (_c, self) => (self!.native as { spec: string }).spec),
    ]),
    lib('public abstract class okhttp3.RequestBody', file('RequestBody'), [
      m('public <init>()'),
      m('public static okhttp3.RequestBody create(okhttp3.MediaType, java.lang.String)', (c, _s, [t, s]) => {
        const b = c.vm.alloc(c.vm.loadClass(libLoader(c), 'okhttp3.RequestBody'));
        b.native = { bytes: enc.encode(String(s ?? '')), type: t === null ? 'text/plain; charset=utf-8' : (t as JObject).native };
        return b;
      }),
    ]),
    lib('public final class okhttp3.MediaType', file('MediaType'), [
      m('public static okhttp3.MediaType parse(java.lang.String)', (c, _s, [s]) => {
        const o = c.vm.alloc(c.vm.loadClass(libLoader(c), 'okhttp3.MediaType'));
        o.native = s;
        return o;
      }),
    ]),
    lib('public final class okhttp3.Response', file('Response'), [
      m('public int code()', (_c, self) => (self!.native as { code: number }).code),
      m('public boolean isSuccessful()', (_c, self) => (self!.native as { code: number }).code < 300),
      m('public void close()'),
    ]),
  ];
}

// ---- Volley ------------------------------------------------------------------------------------

function volley(): ClassSpec[] {
  const RQ = 'com.android.volley.RequestQueue';
  return [
    lib('public class com.android.volley.toolbox.Volley', 'Volley.java', [
      m('public static com.android.volley.RequestQueue newRequestQueue(android.content.Context)', (c) => {
        const q = c.vm.newObject(c.vm.loadClass(libLoader(c), RQ), [], []);
        c.call(q, 'start');
        return q;
      }),
    ]),
    lib('public class com.android.volley.RequestQueue', 'RequestQueue.java', [
      m('public <init>()', (_c, self) => {
        self!.native = { dispatcher: null };
      }),
      // One network dispatcher thread (Volley starts four; requests here are served in order).
      m('public void start()', (c, self) => {
        const vm = c.vm;
        const base = [vm.method(vm.loadClass(vm.app!, 'com.android.volley.NetworkDispatcher'), 'run', [])];
        (self!.native as { dispatcher: unknown }).dispatcher = c.env.newThread(`Thread-${(c.env.singletons.get('thread.seq') as number | undefined) ?? 2}`, base);
      }),
      m('public com.android.volley.Request add(com.android.volley.Request)', (c, self, [r]) => {
        const d = (self!.native as { dispatcher: import('../java/threads.js').JavaThread | null }).dispatcher;
        if (d === null) c.throwNew('java.lang.IllegalStateException', 'RequestQueue not started');
        const vm = c.vm;
        const env = c.env;
        const req = r as JObject;
        env.post(d!, 0, () => {
          const cc = vm.callFor(vm.current);
          const st = req.native as { method: number; url: string; listener: JValue };
          // HurlStack: HttpURLConnection through the platform.
          const url = cc.newObject('java.net.URL', ['java.lang.String'], [st.url]);
          const conn = cc.call(url, 'openConnection') as JObject;
          cc.call(conn, 'setRequestMethod', ['java.lang.String'], [st.method === 1 ? 'POST' : 'GET']);
          cc.call(conn, 'getResponseCode');
          if (st.listener !== null) {
            // ExecutorDelivery: the response reaches the listener on the main thread.
            const h = cc.newObject('android.os.Handler', ['android.os.Looper'], [mainLooper(cc)]);
            const run = cc.vm.alloc(cc.vm.loadClass(cc.vm.app!, 'com.android.volley.ExecutorDelivery$ResponseDeliveryRunnable'));
            run.native = { listener: st.listener };
            cc.call(h, 'post', ['java.lang.Runnable'], [run]);
          }
        });
        return r;
      }),
    ]),
    lib('public class com.android.volley.NetworkDispatcher extends java.lang.Thread', 'NetworkDispatcher.java', [m('public void run()')]),
    lib('class com.android.volley.ExecutorDelivery$ResponseDeliveryRunnable implements java.lang.Runnable', 'ExecutorDelivery.java', [
      m('public void run()', (c, self) => c.call((self!.native as { listener: JObject }).listener, 'onResponse', ['java.lang.Object'], [''])),
    ]),
    lib('public abstract class com.android.volley.Request', 'Request.java', [
      m('public <init>(int, java.lang.String, com.android.volley.Response$ErrorListener)', (_c, self, [meth, url]) => {
        self!.native = { method: meth as number, url: url as string, listener: null };
      }),
      m('public int getMethod()', (_c, self) => (self!.native as { method: number }).method),
      m('public java.lang.String getUrl()', (_c, self) => (self!.native as { url: string }).url),
    ]),
    lib('public interface com.android.volley.Request$Method', 'Request.java', [f('public static final int GET', { value: 0 }), f('public static final int POST', { value: 1 })]),
    lib('public class com.android.volley.toolbox.StringRequest extends com.android.volley.Request', 'StringRequest.java', [
      m('public <init>(int, java.lang.String, com.android.volley.Response$Listener, com.android.volley.Response$ErrorListener)', (c, self, [meth, url, l, e]) => {
        c.callSpecial(self!, 'com.android.volley.Request', '<init>', ['int', 'java.lang.String', 'com.android.volley.Response$ErrorListener'], [meth, url, e]);
        (self!.native as { listener: JValue }).listener = l ?? null;
      }),
    ]),
    lib('public interface com.android.volley.Response$Listener', 'Response.java', [m('public abstract void onResponse(java.lang.Object)')]),
    lib('public interface com.android.volley.Response$ErrorListener', 'Response.java', [m('public abstract void onErrorResponse(com.android.volley.VolleyError)')]),
    lib('public class com.android.volley.VolleyError extends java.lang.Exception', 'VolleyError.java', [m('public <init>()', (c, self) => c.callSpecial(self!, 'java.lang.Exception', '<init>', []))]),
  ];
}

export const http = { okhttp, volley };
