// Intents summarised safely: action, component "pkg/cls", package, data URI, flags, categories and
// the KEYS of the extras, never their values. Extras are only read when that cannot change the
// app's own view of them: an Intent that came from another process keeps its extras parcelled
// until the app sets the right class loader; unparcelling it first (API < 33, no lazy values)
// with the wrong loader fails and leaves the Bundle emptied. So parcelled extras are skipped there.
import type { LaunchVia } from '../../protocol/constants.js';
import { argOf, className, field, items, num, paramIndex, setDetail, str } from './java.js';
import type { Extractor, HookCall } from './types.js';

export interface IntentSummary {
  action?: string;
  component?: string;
  package?: string;
  data?: string;
  flags?: number;
  categories?: string[];
  extras?: string[];
}

type Clip = (s: string) => string;

const MAX_KEYS = 32;

/** Keys of the intent's extras, or undefined when there are none or reading them is not safe. */
export function extrasKeys(intent: any, apiLevel: number, clip: Clip): string[] | undefined {
  const bundle = field(intent, 'mExtras');
  if (bundle === undefined || bundle === null) return undefined;
  if (apiLevel < 33) {
    // BaseBundle.mParcelledData is non-null until the bundle is unparcelled.
    let parcelled: unknown;
    try {
      parcelled = bundle.mParcelledData === undefined ? null : bundle.mParcelledData.value;
    } catch {
      return undefined;
    }
    if (parcelled !== null && parcelled !== undefined) return undefined;
  }
  try {
    const keys = bundle.keySet();
    const out: string[] = [];
    for (const k of items(keys, MAX_KEYS).items) {
      const s = str(k);
      if (s !== null) out.push(clip(s));
    }
    return out.sort();
  } catch {
    return undefined;
  }
}

export function summarizeIntent(intent: any, apiLevel: number, clip: Clip, withExtras = true): IntentSummary {
  const s: IntentSummary = {};
  if (intent === null || intent === undefined) return s;
  const action = str(intent.getAction());
  if (action !== null) s.action = clip(action);
  const cmp = intent.getComponent();
  if (cmp !== null && cmp !== undefined) {
    const pkg = str(cmp.getPackageName());
    const cls = str(cmp.getClassName());
    if (pkg !== null && cls !== null) s.component = clip(`${pkg}/${cls}`);
  }
  const pkg = str(intent.getPackage());
  if (pkg !== null) s.package = clip(pkg);
  const data = str(intent.getDataString());
  if (data !== null) s.data = clip(data);
  const flags = num(intent.getFlags());
  if (Number.isFinite(flags) && flags !== 0) s.flags = flags | 0;
  const cats = intent.getCategories();
  if (cats !== null && cats !== undefined) {
    const list: string[] = [];
    for (const c of items(cats).items) {
      const t = str(c);
      if (t !== null) list.push(clip(t));
    }
    if (list.length > 0) s.categories = list.sort();
  }
  if (withExtras) {
    const keys = extrasKeys(intent, apiLevel, clip);
    if (keys !== undefined && keys.length > 0) s.extras = keys;
  }
  return s;
}

/** Package an intent is aimed at explicitly (component or package), if any. */
export function explicitPackage(s: IntentSummary): string | undefined {
  if (s.component !== undefined) return s.component.slice(0, s.component.indexOf('/'));
  return s.package;
}

/** Which kind of launch a hooked method performs. */
function viaOf(call: HookCall): LaunchVia {
  const m = call.spec.method;
  if (m.startsWith('execStart')) return 'activity';
  if (m === 'bindServiceCommon') return 'bind';
  if (m === 'startServiceCommon') {
    const i = paramIndex(call, 'boolean');
    return i >= 0 && call.args[i] === true ? 'foreground-service' : 'service';
  }
  return 'broadcast';
}

/** Fills a LaunchDetail from one intent, resolving implicit ones. */
function launchDetail(call: HookCall, via: LaunchVia, intent: any): Record<string, unknown> {
  const s = summarizeIntent(intent, call.services.apiLevel, call.clip);
  const d: Record<string, unknown> = { via };
  if (s.action !== undefined) d.action = s.action;
  if (s.component !== undefined) d.component = s.component;
  if (s.package !== undefined) d.package = s.package;
  if (s.data !== undefined) d.data = s.data;
  if (s.flags !== undefined) d.flags = s.flags;
  if (s.extras !== undefined) d.extras = s.extras;
  if (s.component === undefined && s.package === undefined) {
    const resolved = call.services.resolveIntent(via, intent, s);
    if (resolved !== undefined) d.resolved = resolved.slice(0, 64).map(call.clip);
  }
  return d;
}

/** Instrumentation.execStart*, ContextImpl start/bindServiceCommon and send*Broadcast*. */
export const intentLaunch: Extractor = (call) => {
  const via = viaOf(call);
  let intent = argOf(call, 'android.content.Intent');
  if (intent === undefined) {
    // execStartActivities*: report the last intent (the one that ends up on top).
    const arr = argOf(call, '[Landroid.content.Intent;');
    const list = items(arr).items;
    intent = list.length > 0 ? list[list.length - 1] : undefined;
  }
  if (intent === undefined || intent === null) return false;
  setDetail(call, launchDetail(call, via, intent));
};

const PENDING_TYPES: Readonly<Record<string, { type: string; via: LaunchVia }>> = {
  getActivity: { type: 'activity', via: 'activity' },
  getActivities: { type: 'activities', via: 'activity' },
  getService: { type: 'service', via: 'service' },
  getForegroundService: { type: 'foreground-service', via: 'foreground-service' },
  getBroadcast: { type: 'broadcast', via: 'broadcast' },
};

/**
 * PendingIntent.get*: what the PendingIntent will start, remembered by identity so that an alarm,
 * a notification or a location request using it can say what it will wake.
 */
export const pendingIntent: Extractor = (call) => {
  const kind = PENDING_TYPES[call.spec.method];
  if (kind === undefined) return false;
  let intent = argOf(call, 'android.content.Intent');
  if (intent === undefined) {
    const list = items(argOf(call, '[Landroid.content.Intent;')).items;
    intent = list.length > 0 ? list[list.length - 1] : undefined;
  }
  if (intent === undefined || intent === null) return false;
  const d = launchDetail(call, kind.via, intent);
  d.via = 'pending-intent';
  d.pendingType = kind.type;
  setDetail(call, d);
  if (call.ret !== null && call.ret !== undefined && call.thrown === undefined) {
    const id = call.services.identity(call.ret);
    if (id !== null) {
      const info: { pendingType: string } & Record<string, unknown> = { pendingType: kind.type };
      for (const k of ['action', 'component', 'package', 'data'] as const) if (d[k] !== undefined) info[k] = d[k];
      call.services.pendingIntents.set(id, info as any);
    }
  }
};

/** What a PendingIntent argument will start, if we saw it created. */
export function pendingInfo(call: HookCall, pi: any): { component?: string; action?: string; target?: string } {
  if (pi === null || pi === undefined) return {};
  const id = call.services.identity(pi);
  const info = id === null ? undefined : call.services.pendingIntents.get(id);
  if (info === undefined) {
    // Created before our hooks (or by another process): at least the creator package is public.
    const creator = str(safeCall(() => pi.getCreatorPackage()));
    return creator === null ? {} : { target: call.clip(creator) };
  }
  const out: { component?: string; action?: string; target?: string } = {};
  if (info.component !== undefined) out.component = info.component;
  if (info.action !== undefined) out.action = info.action;
  out.target = info.pendingType;
  return out;
}

function safeCall<T>(fn: () => T): T | null {
  try {
    return fn();
  } catch {
    return null;
  }
}

/** Runtime class of the receiver ("this"), for component names of services and activities. */
export function selfComponent(call: HookCall): string | undefined {
  const cls = className(call.self);
  if (cls === undefined) return undefined;
  const own = call.services.ownPackage();
  return call.clip(own === null ? cls : `${own}/${cls}`);
}
