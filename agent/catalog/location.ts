// Location: fixes, subscriptions, GNSS status, cell towers and reverse geocoding. Wi-Fi and
// Bluetooth scans (location proxies) are in identifiers.
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
    { id: 'geocoder.getFromLocation', class: 'android.location.Geocoder', method: 'getFromLocation', overloads: 'all', kind: 'pi', dataType: 'location', extract: 'geocode', note: 'reverse geocoding sends the coordinates to a geocoding service' },
  ],
};
