// Location fixes and requests. Coordinates are kept as strings for payload matching.
import { argOf, num, paramIndex, setDetail, str } from './java.js';
import type { Extractor, HookCall } from './types.js';

/** Coordinates rounded the way SDKs usually serialise them (6 decimals), as strings. */
function coords(lat: number, lon: number): string[] {
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return [];
  return [lat.toFixed(6), lon.toFixed(6)];
}

function locationValues(loc: any): string[] {
  if (loc === null || loc === undefined) return [];
  try {
    return coords(num(loc.getLatitude()), num(loc.getLongitude()));
  } catch {
    return [];
  }
}

/** LocationManager getters and requests: the provider asked for, and the fix when one is returned. */
export const location: Extractor = (call: HookCall) => {
  const detail: Record<string, unknown> = {};
  const provider = str(argOf(call, 'java.lang.String'));
  if (provider !== null) detail.target = call.clip(provider);
  const v = locationValues(call.ret);
  if (v.length > 0) detail.values = v;
  if (Object.keys(detail).length > 0) setDetail(call, detail);
};

/** Geocoder.getFromLocation(double lat, double lon, int max[, listener]). */
export const geocode: Extractor = (call) => {
  const i = paramIndex(call, 'double');
  if (i < 0) return;
  const v = coords(num(call.args[i]), num(call.args[i + 1]));
  if (v.length > 0) setDetail(call, { values: v });
  delete (call.draft as any).ret;
};

/**
 * Location.getLatitude/getLongitude, the catch-all for fixes no other hook saw: one event per
 * Location object per reader (keyed by identity and the caller's ReaderSite, shared by both
 * getters), the rest are counted. A loop over one fix at one call site is one event; a second SDK
 * reading the same fix is another. The object's coordinates are read once, inside the guard.
 */
export const locationRead: Extractor = (call) => {
  const id = call.services.identity(call.self);
  const site = call.services.readerSite(call.spec.class);
  if (id !== null) {
    const key = `${id}|${site?.key ?? ''}`;
    if (call.services.locationsRead.has(key)) return false;
    call.services.locationsRead.set(key, true);
  }
  if (site?.stack !== undefined) {
    // The stack was captured for the key: the event carries it instead of walking the stack again.
    site.keep();
    (call.draft as any).stack = site.stack;
  }
  const v = locationValues(call.self);
  if (v.length > 0) setDetail(call, { values: v });
  delete (call.draft as any).ret;
};
