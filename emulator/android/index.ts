// The framework the emulated device boots with: every area module's classes. To add a class,
// declare it in the module of its area (or a new module listed here); if it is not public SDK
// API, list it in hidden.ts with its AOSP source.
import { existsAt, type ClassSpec } from '../java/model.js';
import { app } from './app.js';
import { concurrent } from './concurrent.js';
import { content } from './content.js';
import { cryptoClasses } from './crypto.js';
import { internal } from './internal.js';
import { lang } from './lang.js';
import { location } from './location.js';
import { net } from './net.js';
import { os } from './os.js';
import { pm } from './pm.js';
import { prefs } from './prefs.js';
import { provider } from './provider.js';
import { telephony } from './telephony.js';
import { util } from './util.js';
import { view } from './view.js';
import { accounts } from './accounts.js';
import { am } from './am.js';
import { bluetooth } from './bluetooth.js';
import { clipboard } from './clipboard.js';
import { apacheClasses } from './http.js';
import { identity } from './identity.js';
import { vendorClasses } from './vendor.js';
import { media } from './media.js';
import { providers } from './providers.js';
import { sched } from './sched.js';
import { sensorClasses } from './sensors.js';
import { ui } from './ui.js';
import { usage } from './usage.js';
import { webkit } from './webkit.js';
import { wifi } from './wifi.js';

export const AREAS: Readonly<Record<string, readonly ClassSpec[]>> = {
  lang,
  crypto: cryptoClasses,
  util,
  concurrent,
  os,
  content,
  prefs,
  providers,
  app,
  am,
  sched,
  ui,
  pm,
  provider,
  telephony,
  location,
  view,
  net,
  http: apacheClasses,
  wifi,
  bluetooth,
  accounts,
  clipboard,
  sensors: sensorClasses,
  media,
  usage,
  webkit,
  identity,
  internal,
};

export const FRAMEWORK: readonly ClassSpec[] = Object.values(AREAS).flat();

{
  // A class may be declared more than once only for disjoint API ranges (its shape changed).
  const seen = new Map<string, ClassSpec[]>();
  for (const c of FRAMEWORK) {
    const prev = seen.get(c.name) ?? [];
    for (const p of prev) {
      const lo = Math.max(p.since ?? 0, c.since ?? 0);
      const hi = Math.min(p.until ?? 99, c.until ?? 99);
      if (lo <= hi) throw new Error(`emulator: framework class ${c.name} declared twice for API ${lo}-${hi}`);
    }
    seen.set(c.name, [...prev, c]);
  }
}

/** The declaration of a framework class at an API level, if it exists there. */
export function frameworkClass(name: string, api: number): ClassSpec | undefined {
  return FRAMEWORK.find((c) => c.name === name && existsAt(c, api));
}

/** The boot class path at an API level, with the manufacturer's own framework classes (vendor.ts). */
export function bootSpecs(api: number, manufacturer = ''): Map<string, ClassSpec> {
  const out = new Map<string, ClassSpec>();
  for (const c of FRAMEWORK) if (existsAt(c, api)) out.set(c.name, c);
  for (const c of vendorClasses(manufacturer)) out.set(c.name, c);
  return out;
}

export const MIN_API = 24;
export const MAX_API = 36;

/** ro.build.version.release by API level. */
export function releaseOf(api: number): string {
  const r: Record<number, string> = { 24: '7.0', 25: '7.1.1', 26: '8.0.0', 27: '8.1.0', 28: '9', 29: '10', 30: '11', 31: '12', 32: '12', 33: '13', 34: '14', 35: '15', 36: '16' };
  const v = r[api];
  if (v === undefined) throw new Error(`emulator: API level ${api} is outside ${MIN_API}-${MAX_API}`);
  return v;
}
