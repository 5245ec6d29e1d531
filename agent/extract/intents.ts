// Launch extractors: intents sent to start, bind, broadcast to or query another component, and
// PendingIntents created for later sends; each call's intent summarised by intent-summary.ts.
import type { LaunchVia } from '../../protocol/constants.js';
import { summarizeIntent } from './intent-summary.js';
import { argOf, className, items, paramIndex, setDetail, str } from './java.js';
import type { Extractor, HookCall } from './types.js';

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
