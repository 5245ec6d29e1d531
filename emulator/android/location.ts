// Location: LocationManager (every request overload), GNSS/NMEA listeners, proximity alerts and
// Geocoder. Rules enforced:
//  - any request needs ACCESS_COARSE or ACCESS_FINE_LOCATION (SecurityException otherwise); the gps
//    provider, GNSS status, NMEA and proximity alerts need ACCESS_FINE_LOCATION (coarse apps may ask
//    gps from Android 12, and get coarse fixes);
//  - coarse-only apps get positions fuzzed to about 2 km;
//  - listeners get fixes only while location is on, and from Android 8 only while the app is in
//    front (Android 10+: unless it holds ACCESS_BACKGROUND_LOCATION);
//  - GpsStatus APIs throw UnsupportedOperationException for apps targeting Android 12+;
//  - Geocoder needs a geocoder backend (Google Play services here): without one
//    getFromLocation throws IOException("Service not Available").
// A registration receives a first fix about a second later, then every fix the scenario's
// timeline produces ({"type": "location"}). PendingIntent requests are accepted; their fixes are
// not delivered (a Location cannot be carried in the emulator's extras).
import type { JObject } from '../java/heap.js';
import { cls, f, m, type Call, type ClassSpec, type JValue } from '../java/model.js';
import type { Location } from './env.js';
import { registerSystemService } from './content.js';
import { newArrayList } from './support.js';

const LM = 'android.location.LocationManager';
const LR = 'android.location.LocationRequest';
const S = 'java.lang.String';
const FINE = 'android.permission.ACCESS_FINE_LOCATION';
const COARSE = 'android.permission.ACCESS_COARSE_LOCATION';

interface Fix {
  provider: string;
  latitude: number;
  longitude: number;
  accuracy: number;
  time: number;
}

function fix(o: JObject | null): Fix {
  return (o as JObject).native as Fix;
}

export function locationText(o: JObject): string {
  const x = fix(o);
  return `${x.latitude},${x.longitude}`;
}

function requireLocation(c: Call): void {
  if (!c.env.permissionGranted(FINE) && !c.env.permissionGranted(COARSE)) {
    c.throwNew('java.lang.SecurityException', `uid ${c.env.uid} does not have android.permission.ACCESS_COARSE_LOCATION or android.permission.ACCESS_FINE_LOCATION.`);
  }
}

function requireFine(c: Call): void {
  if (!c.env.permissionGranted(FINE)) c.throwNew('java.lang.SecurityException', `uid ${c.env.uid} does not have android.permission.ACCESS_FINE_LOCATION.`);
}

/**
 * LocationManager's IllegalArgumentException for a null argument: checkProvider / checkListener
 * ("invalid provider: " + provider) through Android 10, Preconditions.checkArgument ("invalid null
 * provider") from 11 (the SDK's platform sources, android/location/LocationManager.java).
 */
function nullArgument(c: Call, what: 'provider' | 'listener'): string {
  return c.api <= 29 ? `invalid ${what}: null` : `invalid null ${what}`;
}

function checkProvider(c: Call, provider: JValue): string {
  if (provider === null) c.throwNew('java.lang.IllegalArgumentException', nullArgument(c, 'provider'));
  const p = provider as string;
  const known = ['gps', 'network', 'passive', ...(c.api >= 31 ? ['fused'] : [])];
  if (!known.includes(p)) c.throwNew('java.lang.IllegalArgumentException', `provider "${p}" does not exist`);
  if (p === 'gps' && c.api < 31 && !c.env.permissionGranted(FINE)) c.throwNew('java.lang.SecurityException', '"gps" location provider requires ACCESS_FINE_LOCATION permission.');
  return p;
}

function criteriaProvider(c: Call): string {
  return c.env.permissionGranted(FINE) ? 'gps' : 'network';
}

/** A Location object for a fix, fuzzed for coarse-only apps. */
export function locationObject(c: Call, provider: string, loc: Location, ageMs: number): JObject {
  const fine = c.env.permissionGranted(FINE);
  const o = c.newObject('android.location.Location', [S], [provider]);
  const round = (v: number) => (fine ? v : Math.round(v * 50) / 50);
  Object.assign(fix(o), { latitude: round(loc.latitude), longitude: round(loc.longitude), accuracy: fine ? loc.accuracy : 2000, time: Math.floor(c.env.now()) - ageMs });
  return o;
}

/** ServiceInfo.FOREGROUND_SERVICE_TYPE_LOCATION. */
const FOREGROUND_SERVICE_TYPE_LOCATION = 8;

/**
 * Android 10+: whether the location app-op is allowed now (ledger android.location.foregroundOnly).
 * Without ACCESS_BACKGROUND_LOCATION a location grant is "while in use": the op's mode is
 * MODE_FOREGROUND, allowed while the uid is top (an activity in front or being launched, so
 * Application.onCreate of a user launch counts) or runs a foreground service of type location,
 * ignored otherwise. Wi-Fi's SSID, BSSID and scan results note the
 * same op (WifiPermissionsUtil), so they follow this too.
 */
export function locationOpAllowedNow(c: Call): boolean {
  if (c.env.permissionGranted('android.permission.ACCESS_BACKGROUND_LOCATION')) return true;
  if (c.env.system.uidTop(c.env.app.package)) return true;
  return c.env.system.hasForegroundServiceOfType(c.env.uid, FOREGROUND_SERVICE_TYPE_LOCATION);
}

/** Whether a listener of this app gets fixes now. */
function deliverable(c: Call): boolean {
  if (c.env.device.location === null) return false;
  if (c.api < 26 || c.env.system.foregroundPackage() === c.env.app.package) return true;
  return c.api >= 29 && locationOpAllowedNow(c);
}

type Sink = (cc: Call, loc: JObject) => void;

/**
 * Registers a fix consumer: a first fix after about a second, then the timeline's fixes.
 * `thread` is the looper/executor thread the callback runs on.
 */
function subscribe(c: Call, provider: string, once: boolean, sink: Sink): void {
  const vm = c.vm;
  const env = c.env;
  let done = false;
  const push = (loc: Location, age: number) => {
    if (done) return;
    env.post(env.mainThread, 0, () => {
      const cc = vm.callFor(vm.current);
      if (!deliverable(cc)) return;
      if (once) done = true;
      sink(cc, locationObject(cc, provider, loc, age));
    });
  };
  env.post(env.mainThread, 1000, () => {
    const loc = env.device.location;
    if (loc !== null) push(loc, 0);
  });
  if (!once) env.system.addLocationListener(env.pid, (loc) => push(loc, 0));
}

/** The Criteria overloads: the provider is chosen from the app's permissions. */
const BY_CRITERIA = Symbol('criteria');

/**
 * A LocationListener called on a Looper's thread. Without a Looper argument LocationManager builds
 * `new Handler()` on the calling thread (ListenerTransport before Android 11, requestLocationUpdates
 * / requestSingleUpdate themselves from 11), before the service checks anything, so a thread
 * without a Looper gets Handler's own RuntimeException, per release as os.ts callerLooper words it
 * (ledger android.location.noLooperHandler). Where a null provider or listener is refused
 * relative to that Handler depends on the overload and release (the SDK's platform sources): through
 * Android 11 every listener overload checks its arguments first; on Android 12-14
 * requestLocationUpdates(String, …, LocationListener[, Looper]) builds the Handler before any
 * check and requestSingleUpdate(String, …) checks the provider, then builds it. The Criteria
 * overloads from Android 12, and every overload on API 35-36 (not read), fail loudly when a null
 * meets a thread without a Looper.
 */
function listenerRequest(c: Call, provider: JValue | typeof BY_CRITERIA, listener: JValue, looper: JValue, once = false): void {
  const noLooper = looper === null && c.thread.looper === null;
  if (c.api >= 31 && noLooper && (provider === null || listener === null)) {
    const order = c.api >= 35 || provider === BY_CRITERIA ? null : once ? 'provider-then-handler' : 'handler-first';
    if (order === null) throw new Error(`emulator: a location request with a null ${provider === null ? 'provider' : 'listener'} on ${c.thread.name}, which has no Looper, on API ${c.api}: whether the null check or Handler's no-Looper RuntimeException comes first is not read for this overload and release`);
    if (order === 'handler-first' || provider !== null) c.newObject('android.os.Handler'); // throws Handler's no-Looper RuntimeException
  }
  if (provider === null) c.throwNew('java.lang.IllegalArgumentException', nullArgument(c, 'provider'));
  const sink = listenerSink(c, listener, looper);
  request(c, provider === BY_CRITERIA ? criteriaProvider(c) : checkProvider(c, provider), sink, once);
}

/** A LocationListener called on a Looper's thread (the caller's when none is given: `new Handler()`). */
function listenerSink(c: Call, listener: JValue, looper: JValue): Sink {
  if (listener === null) c.throwNew('java.lang.IllegalArgumentException', nullArgument(c, 'listener'));
  const l = (looper as JObject | null) ?? (c.get(c.newObject('android.os.Handler'), 'mLooper') as JObject);
  return (cc, loc) => {
    const h = cc.newObject('android.os.Handler', ['android.os.Looper'], [l]);
    const r = cc.vm.alloc(cc.vm.bootClass('android.location.LocationManager$LocationListenerTransport'));
    r.native = { target: listener, method: 'onLocationChanged', params: ['android.location.Location'], args: [loc] };
    cc.call(h, 'post', ['java.lang.Runnable'], [r]);
  };
}

/** A callback run through an Executor. */
function executorSink(c: Call, executor: JValue, target: JValue, method: string, params: string[]): Sink {
  if (executor === null) c.throwNew('java.lang.IllegalArgumentException', 'invalid null executor');
  if (target === null) c.throwNew('java.lang.IllegalArgumentException', 'invalid null listener');
  return (cc, loc) => {
    const r = cc.vm.alloc(cc.vm.bootClass('android.location.LocationManager$LocationListenerTransport'));
    r.native = { target, method, params, args: [loc] };
    cc.call(executor as JObject, 'execute', ['java.lang.Runnable'], [r]);
  };
}

function request(c: Call, provider: string, sink: Sink | null, once = false): void {
  requireLocation(c);
  if (sink !== null) subscribe(c, provider, once, sink);
}

function noGpsStatus(c: Call): void {
  if (c.api >= 31 && c.env.app.targetSdk >= 31) c.throwNew('java.lang.UnsupportedOperationException', 'GpsStatus APIs not supported, please use GnssStatus APIs instead');
}

export const location: readonly ClassSpec[] = [
  cls('public class android.location.LocationManager', {}, [
    f('public static final java.lang.String GPS_PROVIDER', { value: 'gps' }),
    f('public static final java.lang.String NETWORK_PROVIDER', { value: 'network' }),
    f('public static final java.lang.String PASSIVE_PROVIDER', { value: 'passive' }),
    m('public android.location.Location getLastKnownLocation(java.lang.String)', (c, _s, [provider]) => {
      requireLocation(c);
      const p = checkProvider(c, provider ?? null);
      const loc = c.env.device.location;
      // Android 10+: the service notes the location op and answers null when it is not allowed.
      if (loc === null || (c.api >= 29 && !locationOpAllowedNow(c))) return null;
      return locationObject(c, p, loc, 42_000);
    }),
    m('public void requestLocationUpdates(java.lang.String, long, float, android.location.LocationListener)', (c, _s, [p, , , l]) => listenerRequest(c, p ?? null, l ?? null, null)),
    m('public void requestLocationUpdates(java.lang.String, long, float, android.location.LocationListener, android.os.Looper)', (c, _s, [p, , , l, lp]) => listenerRequest(c, p ?? null, l ?? null, lp ?? null)),
    m('public void requestLocationUpdates(java.lang.String, long, float, java.util.concurrent.Executor, android.location.LocationListener)', { since: 30 }, (c, _s, [p, , , ex, l]) =>
      request(c, checkProvider(c, p ?? null), executorSink(c, ex ?? null, l ?? null, 'onLocationChanged', ['android.location.Location'])),
    ),
    m('public void requestLocationUpdates(java.lang.String, long, float, android.app.PendingIntent)', (c, _s, [p]) => request(c, checkProvider(c, p ?? null), null)),
    m('public void requestLocationUpdates(long, float, android.location.Criteria, android.location.LocationListener, android.os.Looper)', (c, _s, [, , , l, lp]) => listenerRequest(c, BY_CRITERIA, l ?? null, lp ?? null)),
    m('public void requestLocationUpdates(long, float, android.location.Criteria, java.util.concurrent.Executor, android.location.LocationListener)', { since: 30 }, (c, _s, [, , , ex, l]) =>
      request(c, criteriaProvider(c), executorSink(c, ex ?? null, l ?? null, 'onLocationChanged', ['android.location.Location'])),
    ),
    m('public void requestLocationUpdates(long, float, android.location.Criteria, android.app.PendingIntent)', (c) => request(c, criteriaProvider(c), null)),
    m('public void requestLocationUpdates(java.lang.String, android.location.LocationRequest, java.util.concurrent.Executor, android.location.LocationListener)', { since: 31 }, (c, _s, [p, , ex, l]) =>
      request(c, checkProvider(c, p ?? null), executorSink(c, ex ?? null, l ?? null, 'onLocationChanged', ['android.location.Location'])),
    ),
    m('public void requestLocationUpdates(java.lang.String, android.location.LocationRequest, android.app.PendingIntent)', { since: 31 }, (c, _s, [p]) => request(c, checkProvider(c, p ?? null), null)),
    m('public void requestSingleUpdate(java.lang.String, android.location.LocationListener, android.os.Looper)', (c, _s, [p, l, lp]) => listenerRequest(c, p ?? null, l ?? null, lp ?? null, true)),
    m('public void requestSingleUpdate(android.location.Criteria, android.location.LocationListener, android.os.Looper)', (c, _s, [, l, lp]) => listenerRequest(c, BY_CRITERIA, l ?? null, lp ?? null, true)),
    m('public void requestSingleUpdate(java.lang.String, android.app.PendingIntent)', (c, _s, [p]) => request(c, checkProvider(c, p ?? null), null, true)),
    m('public void requestSingleUpdate(android.location.Criteria, android.app.PendingIntent)', (c) => request(c, criteriaProvider(c), null, true)),
    m('public void getCurrentLocation(java.lang.String, android.os.CancellationSignal, java.util.concurrent.Executor, java.util.function.Consumer)', { since: 30 }, (c, _s, [p, , ex, consumer]) =>
      request(c, checkProvider(c, p ?? null), executorSink(c, ex ?? null, consumer ?? null, 'accept', ['java.lang.Object']), true),
    ),
    m('public void getCurrentLocation(java.lang.String, android.location.LocationRequest, android.os.CancellationSignal, java.util.concurrent.Executor, java.util.function.Consumer)', { since: 31 }, (c, _s, [p, , , ex, consumer]) =>
      request(c, checkProvider(c, p ?? null), executorSink(c, ex ?? null, consumer ?? null, 'accept', ['java.lang.Object']), true),
    ),
    m('public void removeUpdates(android.location.LocationListener)'),
    m('public boolean registerGnssStatusCallback(android.location.GnssStatus$Callback)', { since: 24 }, (c, self, [cb]) =>
      c.call(self!, 'registerGnssStatusCallback', ['android.location.GnssStatus$Callback', 'android.os.Handler'], [cb, null]),
    ),
    m('public boolean registerGnssStatusCallback(android.location.GnssStatus$Callback, android.os.Handler)', { since: 24 }, (c, _s, [cb]) => {
      if (cb === null) c.throwNew('java.lang.IllegalArgumentException', 'invalid null callback');
      requireFine(c);
      return true;
    }),
    m('public boolean registerGnssStatusCallback(java.util.concurrent.Executor, android.location.GnssStatus$Callback)', { since: 30 }, (c, _s, [ex, cb]) => {
      if (ex === null || cb === null) c.throwNew('java.lang.IllegalArgumentException', ex === null ? 'invalid null executor' : 'invalid null callback');
      requireFine(c);
      return true;
    }),
    m('public boolean addGpsStatusListener(android.location.GpsStatus$Listener)', (c) => {
      noGpsStatus(c);
      requireFine(c);
      return true;
    }),
    m('public boolean addNmeaListener(android.location.GpsStatus$NmeaListener)', (c) => {
      noGpsStatus(c);
      requireFine(c);
      return true;
    }),
    m('public boolean addNmeaListener(android.location.OnNmeaMessageListener)', { since: 24 }, (c, self, [l]) => c.call(self!, 'addNmeaListener', ['android.location.OnNmeaMessageListener', 'android.os.Handler'], [l, null])),
    m('public boolean addNmeaListener(android.location.OnNmeaMessageListener, android.os.Handler)', { since: 24 }, (c, _s, [l]) => {
      if (l === null) c.throwNew('java.lang.IllegalArgumentException', 'invalid null listener');
      requireFine(c);
      return true;
    }),
    m('public boolean addNmeaListener(java.util.concurrent.Executor, android.location.OnNmeaMessageListener)', { since: 30 }, (c, _s, [ex, l]) => {
      if (ex === null || l === null) c.throwNew('java.lang.IllegalArgumentException', ex === null ? 'invalid null executor' : 'invalid null listener');
      requireFine(c);
      return true;
    }),
    m('public void addProximityAlert(double, double, float, long, android.app.PendingIntent)', (c, _s, [, , , , pi]) => {
      if (pi === null) c.throwNew('java.lang.IllegalArgumentException', 'invalid null pending intent');
      requireFine(c);
    }),
  ]),
  // Carries a fix to a listener on its Looper or Executor (AOSP: LocationManager's transport).
  cls('private static class android.location.LocationManager$LocationListenerTransport implements java.lang.Runnable', { file: 'LocationManager.java' }, [
    m('public void run()', (c, self) => {
      const st = self!.native as { target: JObject; method: string; params: string[]; args: JValue[] };
      c.call(st.target, st.method, st.params, st.args);
    }),
  ]),
  cls('public class android.location.Location implements android.os.Parcelable', {}, [
    m('public <init>(java.lang.String)', (_c, self, [p]) => {
      self!.native = { provider: (p as string | null) ?? '', latitude: 0, longitude: 0, accuracy: 0, time: 0 } satisfies Fix;
    }),
    m('public float getAccuracy()', (_c, self) => fix(self).accuracy),
    m('public double getLatitude()', (_c, self) => fix(self).latitude),
    m('public double getLongitude()', (_c, self) => fix(self).longitude),
    m('public java.lang.String getProvider()', (_c, self) => fix(self).provider),
    m('public long getTime()', (_c, self) => BigInt(fix(self).time)),
    m('public java.lang.String toString()', (_c, self) => {
      const x = fix(self);
      return `Location[${x.provider} ${x.latitude.toFixed(6)},${x.longitude.toFixed(6)} hAcc=${x.accuracy}]`;
    }),
  ]),
  cls('public interface android.location.LocationListener', {}, [m('public abstract void onLocationChanged(android.location.Location)')]),
  cls('public final class android.location.LocationRequest implements android.os.Parcelable', { since: 31 }, [
    m('public long getIntervalMillis()', (_c, self) => (self!.native as { interval: bigint }).interval),
  ]),
  cls('public static final class android.location.LocationRequest$Builder', { since: 31, file: 'LocationRequest.java' }, [
    m('public <init>(long)', (_c, self, [iv]) => {
      self!.native = { interval: iv as bigint };
    }),
    m('public android.location.LocationRequest build()', (c, self) => {
      const r = c.vm.alloc(c.vm.bootClass(LR));
      r.native = { ...(self!.native as object) };
      return r;
    }),
  ]),
  cls('public class android.location.Criteria implements android.os.Parcelable', {}, [
    f('public static final int ACCURACY_FINE', { value: 1 }),
    f('public static final int ACCURACY_COARSE', { value: 2 }),
    m('public <init>()', (_c, self) => {
      self!.native = { accuracy: 0 };
    }),
    m('public void setAccuracy(int)', (_c, self, [a]) => {
      (self!.native as { accuracy: number }).accuracy = a as number;
    }),
  ]),
  cls('public static abstract class android.location.GnssStatus$Callback', { since: 24, file: 'GnssStatus.java' }, [
    m('public <init>()'),
    m('public void onStarted()'),
    m('public void onStopped()'),
  ]),
  cls('public static interface android.location.GpsStatus$Listener', { file: 'GpsStatus.java' }, [m('public abstract void onGpsStatusChanged(int)')]),
  cls('public static interface android.location.GpsStatus$NmeaListener', { file: 'GpsStatus.java' }, [m('public abstract void onNmeaReceived(long, java.lang.String)')]),
  cls('public interface android.location.OnNmeaMessageListener', { since: 24 }, [m('public abstract void onNmeaMessage(java.lang.String, long)')]),
  cls('public interface java.util.function.Consumer', { since: 24 }, [m('public abstract void accept(java.lang.Object)')]),

  // ---- reverse geocoding -------------------------------------------------------------------------
  cls('public final class android.location.Geocoder', {}, [
    m('public <init>(android.content.Context)', (c, _s, [ctx]) => {
      if (ctx === null) c.throwNew('java.lang.NullPointerException', 'context == null');
    }),
    m('public static boolean isPresent()', (c) => geocoderPresent(c)),
    m('public java.util.List getFromLocation(double, double, int)', (c, _s, [lat, lon, max]) => {
      checkCoordinates(c, lat as number, lon as number);
      if (!geocoderPresent(c)) c.throwNew('java.io.IOException', 'Service not Available');
      return newArrayList(c, addresses(c, max as number));
    }),
    m('public void getFromLocation(double, double, int, android.location.Geocoder$GeocodeListener)', { since: 33 }, (c, _s, [lat, lon, max, l]) => {
      checkCoordinates(c, lat as number, lon as number);
      if (l === null) c.throwNew('java.lang.NullPointerException', 'listener');
      const present = geocoderPresent(c);
      const vm = c.vm;
      const env = c.env;
      env.post(env.mainThread, 0, () => {
        const cc = vm.callFor(vm.current);
        if (!present) cc.call(l as JObject, 'onError', [S], ['Service not Available']);
        else cc.call(l as JObject, 'onGeocode', ['java.util.List'], [newArrayList(cc, addresses(cc, max as number))]);
      });
    }),
  ]),
  cls('public static interface android.location.Geocoder$GeocodeListener', { since: 33, file: 'Geocoder.java' }, [
    m('public abstract void onGeocode(java.util.List)'),
    m('public void onError(java.lang.String)'),
  ]),
  cls('public class android.location.Address implements android.os.Parcelable', {}, [
    m('public java.lang.String getAddressLine(int)', (_c, self, [i]) => (i === 0 ? (self!.native as { line: string }).line : null)),
    m('public java.lang.String getAdminArea()', (_c, self) => (self!.native as { adminArea: string | null }).adminArea),
    m('public java.lang.String getCountryCode()', (_c, self) => (self!.native as { countryCode: string }).countryCode),
    m('public java.lang.String getCountryName()', (_c, self) => (self!.native as { country: string }).country),
    m('public java.lang.String getLocality()', (_c, self) => (self!.native as { locality: string | null }).locality),
  ]),
];

function geocoderPresent(c: Call): boolean {
  return c.env.packages.has('com.google.android.gms');
}

function checkCoordinates(c: Call, lat: number, lon: number): void {
  if (lat < -90 || lat > 90) c.throwNew('java.lang.IllegalArgumentException', `latitude == ${lat}`);
  if (lon < -180 || lon > 180) c.throwNew('java.lang.IllegalArgumentException', `longitude == ${lon}`);
}

function addresses(c: Call, max: number): JObject[] {
  const a = c.env.device.address;
  if (a === null || max < 1) return [];
  const o = c.vm.alloc(c.vm.bootClass('android.location.Address'));
  o.native = { ...a };
  return [o];
}

registerSystemService('location', (c: Call): JObject => c.vm.alloc(c.vm.bootClass(LM)));
