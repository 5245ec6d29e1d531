// Location: LocationManager.getLastKnownLocation needs ACCESS_COARSE or ACCESS_FINE_LOCATION
// (SecurityException otherwise) and answers from the device's fixed position.
import type { JObject } from '../java/heap.js';
import { cls, f, m, type Call, type ClassSpec } from '../java/model.js';
import { registerSystemService } from './content.js';

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

export const location: readonly ClassSpec[] = [
  cls('public class android.location.LocationManager', {}, [
    f('public static final java.lang.String GPS_PROVIDER', { value: 'gps' }),
    f('public static final java.lang.String NETWORK_PROVIDER', { value: 'network' }),
    m('public android.location.Location getLastKnownLocation(java.lang.String)', (c, _s, [provider]) => {
      const fine = c.env.permissionGranted('android.permission.ACCESS_FINE_LOCATION');
      const coarse = c.env.permissionGranted('android.permission.ACCESS_COARSE_LOCATION');
      if (!fine && !coarse) {
        c.throwNew('java.lang.SecurityException', `uid ${c.env.uid} does not have android.permission.ACCESS_COARSE_LOCATION or android.permission.ACCESS_FINE_LOCATION.`);
      }
      const loc = c.env.device.location;
      if (loc === null) return null;
      const o = c.newObject('android.location.Location', ['java.lang.String'], [provider]);
      // Coarse-only apps get a position fuzzed to roughly 2 km.
      const round = (v: number) => (fine ? v : Math.round(v * 50) / 50);
      Object.assign(fix(o), { latitude: round(loc.latitude), longitude: round(loc.longitude), accuracy: fine ? loc.accuracy : 2000, time: Math.floor(c.env.now()) - 42_000 });
      return o;
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
];

registerSystemService('location', (c: Call): JObject => c.vm.alloc(c.vm.bootClass('android.location.LocationManager')));
