// Google's fused location client as play-services-location up to 20.x ships it: a class
// (from 21.0.0 FusedLocationProviderClient is an interface implemented by an obfuscated class).
// Its methods answer with a Task. Needs Google Play services on the device and a location
// permission; without either the real client fails its Task in ways not modelled here (fails
// loudly). The last location is the device's fix; requested updates are not delivered (the
// tracer sees the request, which is what the catalog hooks).
import type { JObject } from '../java/heap.js';
import { m, type Call, type ClassSpec, type JValue } from '../java/model.js';
import { locationObject } from '../android/location.js';
import { lib } from './http.js';

const G = 'com.google.android.gms';
const FLPC = `${G}.location.FusedLocationProviderClient`;
const TASK = `${G}.tasks.Task`;
/** The Task implementation (obfuscated in the library; the name varies by version). */
const TASK_IMPL = `${G}.tasks.zzw`;

function requireService(c: Call): void {
  if (!c.env.packages.has(G)) throw new Error('emulator: fused location without Google Play services is not modelled');
  const ok = c.env.permissionGranted('android.permission.ACCESS_FINE_LOCATION') || c.env.permissionGranted('android.permission.ACCESS_COARSE_LOCATION');
  if (!ok) throw new Error('emulator: fused location without a location permission is not modelled');
}

function task(c: Call, result: JValue): JObject {
  const t = c.vm.alloc(c.vm.loadClass(c.vm.app!, TASK_IMPL));
  t.native = { result };
  return t;
}

function lastFix(c: Call): JValue {
  const loc = c.env.device.location;
  return loc === null ? null : locationObject(c, 'fused', loc, 30_000);
}

export function gmsLocation(): ClassSpec[] {
  return [
    lib(`public class ${G}.location.LocationServices`, 'LocationServices.java', [
      m(`public static ${FLPC} getFusedLocationProviderClient(android.content.Context)`, (c) => c.vm.alloc(c.vm.loadClass(c.vm.app!, FLPC))),
    ]),
    lib(`public class ${FLPC}`, 'FusedLocationProviderClient.java', [
      m(`public ${TASK} getLastLocation()`, (c) => {
        requireService(c);
        return task(c, lastFix(c));
      }),
      m(`public ${TASK} getCurrentLocation(int, ${G}.tasks.CancellationToken)`, (c) => {
        requireService(c);
        return task(c, lastFix(c));
      }),
      m(`public ${TASK} requestLocationUpdates(${G}.location.LocationRequest, ${G}.location.LocationCallback, android.os.Looper)`, (c, _s, [req, cb]) => {
        if (req === null || cb === null) c.throwNew('java.lang.NullPointerException');
        requireService(c);
        return task(c, null);
      }),
      m(`public ${TASK} requestLocationUpdates(${G}.location.LocationRequest, android.app.PendingIntent)`, (c, _s, [req, pi]) => {
        if (req === null || pi === null) c.throwNew('java.lang.NullPointerException');
        requireService(c);
        return task(c, null);
      }),
    ]),
    lib(`public abstract class ${TASK}`, 'Task.java', [m('public <init>()'), m('public abstract java.lang.Object getResult()'), m('public abstract boolean isComplete()')]),
    lib(`final class ${TASK_IMPL} extends ${TASK}`, 'Task.java', [
      m('<init>()'),
      m('public java.lang.Object getResult()', (_c, self) => (self!.native as { result: JValue }).result),
      m('public boolean isComplete()', () => true),
    ]),
    lib(`public abstract class ${G}.tasks.CancellationToken`, 'CancellationToken.java', [m('public <init>()')]),
    lib(`final class ${G}.tasks.zzb extends ${G}.tasks.CancellationToken`, 'CancellationToken.java', [m('<init>()')]),
    lib(`public class ${G}.tasks.CancellationTokenSource`, 'CancellationTokenSource.java', [
      m('public <init>()'),
      m(`public ${G}.tasks.CancellationToken getToken()`, (c) => c.vm.alloc(c.vm.loadClass(c.vm.app!, `${G}.tasks.zzb`))),
    ]),
    lib(`public final class ${G}.location.LocationRequest`, 'LocationRequest.java', [
      m('<init>()'),
      m(`public static ${G}.location.LocationRequest create()`, (c) => c.vm.alloc(c.vm.loadClass(c.vm.app!, `${G}.location.LocationRequest`))),
    ]),
    lib(`public abstract class ${G}.location.LocationCallback`, 'LocationCallback.java', [m('public <init>()')]),
  ];
}
