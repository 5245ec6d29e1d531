// Location: fixes, subscriptions, GNSS status, cell towers and reverse geocoding. Wi-Fi and
// Bluetooth scans (location proxies) are in identifiers. Outside LocationManager: Google's fused
// location client (inside the app), and Location.getLatitude/getLongitude as a catch-all for
// fixes that arrive by routes no hook sees (a callback, a Parcel, a vendor SDK), reported once per
// Location object per reader.
import type { HookArea, HookSpec } from './types.js';

const LM = 'android.location.LocationManager';
const TM = 'android.telephony.TelephonyManager';

const lm = (method: string, extra: Partial<HookSpec> = {}): HookSpec => ({
  id: `location.${method}`,
  class: LM,
  method,
  overloads: 'all',
  kind: 'pi',
  dataType: 'location',
  extract: 'location',
  ...extra,
});

/** play-services-location up to 20.x, where FusedLocationProviderClient is a class (an interface from 21.0.0). */
const FUSED_REF = 'https://developers.google.com/android/reference/com/google/android/gms/location/FusedLocationProviderClient';
const fused = (method: string, declared: HookSpec['declared']): HookSpec => ({
  id: `fused.${method}`,
  class: 'com.google.android.gms.location.FusedLocationProviderClient',
  method,
  overloads: 'all',
  kind: 'pi',
  dataType: 'location',
  loader: 'app',
  declared,
  args: false,
  ret: false,
  note: `play-services-location <= 20 (a class); from 21.0.0 an interface whose obfuscated implementation is not hooked by name: location.read sees its fixes (${FUSED_REF})`,
});

export const location: HookArea = {
  area: 'location',
  hooks: [
    lm('getLastKnownLocation'),
    lm('requestLocationUpdates', { outermostOnly: true, note: 'every overload; Criteria/Looper variants chain into the LocationRequest ones on newer releases' }),
    lm('requestSingleUpdate', { outermostOnly: true }),
    lm('getCurrentLocation', { minApi: 30, outermostOnly: true }),
    lm('registerGnssStatusCallback', { minApi: 24, outermostOnly: true }),
    lm('addGpsStatusListener', { note: 'deprecated in API 24, still honoured on older releases' }),
    lm('addNmeaListener', { outermostOnly: true }),
    lm('addProximityAlert'),
    { id: 'cell.getCellLocation', class: TM, method: 'getCellLocation', overloads: 'all', kind: 'pi', dataType: 'cell_info' },
    { id: 'cell.getAllCellInfo', class: TM, method: 'getAllCellInfo', overloads: 'all', kind: 'pi', dataType: 'cell_info', extract: 'list-count' },
    { id: 'cell.requestCellInfoUpdate', class: TM, method: 'requestCellInfoUpdate', overloads: 'all', kind: 'pi', dataType: 'cell_info', minApi: 29 },
    { id: 'cell.getNeighboringCellInfo', class: TM, method: 'getNeighboringCellInfo', overloads: 'all', kind: 'pi', dataType: 'cell_info', maxApi: 28, note: 'removed in API 29' },
    {
      id: 'location.read',
      class: 'android.location.Location',
      method: 'getLatitude',
      overloads: 'all',
      kind: 'pi',
      dataType: 'location',
      extract: 'location-read',
      note: 'catch-all: one event per Location object per reader (code path: agent/core/readers.ts), the first of getLatitude/getLongitude; later reads are counted',
    },
    { id: 'location.readLongitude', class: 'android.location.Location', method: 'getLongitude', overloads: 'all', kind: 'pi', dataType: 'location', extract: 'location-read', note: 'shares location.read\'s once-per-object-per-reader rule' },
    fused('getLastLocation', [{ params: [] }]),
    fused('getCurrentLocation', [{ params: ['int', 'com.google.android.gms.tasks.CancellationToken'] }]),
    fused('requestLocationUpdates', [
      { params: ['com.google.android.gms.location.LocationRequest', 'com.google.android.gms.location.LocationCallback', 'android.os.Looper'] },
      { params: ['com.google.android.gms.location.LocationRequest', 'android.app.PendingIntent'] },
    ]),
    { id: 'geocoder.getFromLocation', class: 'android.location.Geocoder', method: 'getFromLocation', overloads: 'all', kind: 'pi', dataType: 'location', extract: 'geocode', note: 'reverse geocoding sends the coordinates to a geocoding service' },
  ],
};
