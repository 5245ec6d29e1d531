// State and lookups shared by extractors: the app's own package, object identity, PendingIntents
// seen at creation (so an alarm can say what it will start), implicit-intent and provider-authority
// resolution (cached; run inside the installer's guard so our PackageManager calls never reach our
// own hooks), and the wake tracker. Everything here is bounded.
import type { LaunchVia } from '../../protocol/constants.js';
import type { IntentSummary } from './intent-summary.js';
import { field, items, str } from './java.js';
import type { JavaAccess } from './java.js';
import { WakeTracker, type WakeDeps } from './wake-tracker.js';
import { ResumedActivities } from '../ui/activities.js';

/** A Map that forgets its oldest entries beyond `max` (insertion order; `set` refreshes). */
export class BoundedMap<K, V> {
  private readonly map = new Map<K, V>();
  constructor(readonly max: number) {}
  get size(): number {
    return this.map.size;
  }
  get(k: K): V | undefined {
    return this.map.get(k);
  }
  has(k: K): boolean {
    return this.map.has(k);
  }
  set(k: K, v: V): void {
    if (this.map.has(k)) this.map.delete(k);
    this.map.set(k, v);
    if (this.map.size > this.max) {
      const oldest = this.map.keys().next();
      if (oldest.done !== true) this.map.delete(oldest.value);
    }
  }
  delete(k: K): boolean {
    return this.map.delete(k);
  }
}

/** What a PendingIntent will do, remembered from its creation. */
export interface PendingInfo extends IntentSummary {
  pendingType: string;
}

export interface ServicesOptions {
  java: JavaAccess;
  apiLevel: number;
  pid: number;
  now(): number;
  /** The traced package, when the host configured it. */
  configuredPackage: string | null;
  maxSample: number;
  wake: Omit<WakeDeps, 'apiLevel' | 'pid'>;
  /** TLS records of engine sockets, linked to their SSL_write (agent/natives/tls-link.ts). */
  tlsLink?: { take(tid: number, head: ArrayLike<number> | null): number[] | null };
  threadId?: () => number;
  /** Who is calling, for per-reader dedupe (see ReaderSite); absent: every caller is one reader. */
  readerSite?: (selfClass: string) => ReaderSite | null;
}

/** The reader of the current call (agent/core/readers.ts says what the key is and why). */
export interface ReaderSite {
  key: string;
  /** The stack id, captured deferred: `keep()` sends its frames with the event that uses it. */
  stack?: string;
  keep(): void;
}

const RESOLVE_TTL_MS = 60_000;

export class ExtractServices {
  readonly apiLevel: number;
  readonly pid: number;
  readonly maxSample: number;
  readonly pendingIntents = new BoundedMap<number, PendingInfo>(512);
  /** Keys already reported once (connections, calls): identity-based dedupe. */
  readonly reported = new BoundedMap<string, true>(2048);
  /**
   * Location objects whose coordinates were read once (Location.getLatitude/getLongitude), by
   * identity and reader (`<identity>|<ReaderSite.key>`). Apart from `reported`: a navigation app
   * reads a new fix every second, which must not evict the connection and call keys.
   */
  readonly locationsRead = new BoundedMap<string, true>(1024);
  readonly wake: WakeTracker;
  /** Resumed activities (for the control finder, agent/ui). */
  readonly activities: ResumedActivities;
  private readonly resolved = new BoundedMap<string, { at: number; packages: string[] }>(256);
  private readonly authorities = new BoundedMap<string, string | null>(256);
  private own: string | null;
  private System: any = null;

  /**
   * A socket write that starts with `head`: the seqs of the SSL_write events whose TLS record it
   * is (same thread, engine sockets), or null when it is a send of its own.
   */
  tlsRecordOf(head: ArrayLike<number> | null): number[] | null {
    const link = this.opts.tlsLink;
    const tid = this.opts.threadId;
    return link === undefined || tid === undefined ? null : link.take(tid(), head);
  }

  constructor(private readonly opts: ServicesOptions) {
    this.apiLevel = opts.apiLevel;
    this.pid = opts.pid;
    this.maxSample = opts.maxSample;
    this.own = opts.configuredPackage;
    this.wake = new WakeTracker({ ...opts.wake, apiLevel: opts.apiLevel, pid: opts.pid });
    this.activities = new ResumedActivities(opts.java);
  }

  /** The current call's reader (ReaderSite), or null when the agent cannot tell readers apart. */
  readerSite(selfClass: string): ReaderSite | null {
    return this.opts.readerSite?.(selfClass) ?? null;
  }

  get java(): JavaAccess {
    return this.opts.java;
  }

  now(): number {
    return this.opts.now();
  }

  /** The app's package: configured by the host, else ActivityThread.currentPackageName() once bound. */
  ownPackage(): string | null {
    if (this.own !== null) return this.own;
    try {
      const name = str(this.opts.java.use('android.app.ActivityThread').currentPackageName());
      if (name !== null && name !== '') this.own = name;
    } catch {
      // Not bound yet.
    }
    return this.own;
  }

  /** System.identityHashCode: stable for the object's life, without calling the app's hashCode(). */
  identity(obj: any): number | null {
    if (obj === null || obj === undefined) return null;
    try {
      this.System ??= this.opts.java.use('java.lang.System');
      return Number(this.System.identityHashCode(obj));
    } catch {
      return null;
    }
  }

  /** Reports `key` once: true the first time, false afterwards (bounded memory). */
  firstTime(key: string): boolean {
    if (this.reported.has(key)) return false;
    this.reported.set(key, true);
    return true;
  }

  private packageManager(): any {
    const app = this.opts.java.use('android.app.ActivityThread').currentApplication();
    if (app === null || app === undefined) return null;
    return app.getPackageManager();
  }

  /**
   * Packages an implicit intent resolves to (activities, services or manifest receivers), cached
   * for a minute per action/categories/data/type. Undefined when it cannot be asked yet.
   */
  resolveIntent(via: LaunchVia, intent: any, summary: IntentSummary): string[] | undefined {
    const kind = via === 'activity' ? 'a' : via === 'broadcast' ? 'r' : via === 'provider' ? null : 's';
    if (kind === null) return undefined;
    const key = `${kind}|${summary.action ?? ''}|${(summary.categories ?? []).join(',')}|${schemeOf(summary.data)}|${str(safe(() => intent.getType())) ?? ''}`;
    const hit = this.resolved.get(key);
    const now = this.opts.now();
    if (hit !== undefined && now - hit.at < RESOLVE_TTL_MS) return hit.packages;
    let packages: string[];
    try {
      const pm = this.packageManager();
      if (pm === null) return undefined;
      const I = 'android.content.Intent';
      const list =
        kind === 'a'
          ? pm.queryIntentActivities.overload(I, 'int').call(pm, intent, 0)
          : kind === 'r'
            ? pm.queryBroadcastReceivers.overload(I, 'int').call(pm, intent, 0)
            : pm.queryIntentServices.overload(I, 'int').call(pm, intent, 0);
      const set = new Set<string>();
      for (const ri of items(list, 256).items) {
        const info = field(ri, 'activityInfo') ?? field(ri, 'serviceInfo') ?? field(ri, 'providerInfo');
        const p = str(field(info, 'packageName'));
        if (p !== null) set.add(p);
      }
      packages = [...set];
    } catch {
      return undefined;
    }
    this.resolved.set(key, { at: now, packages });
    return packages;
  }

  /** Package that owns a content authority (null: no such provider visible), cached. */
  resolveAuthority(authority: string): string | null | undefined {
    if (this.authorities.has(authority)) return this.authorities.get(authority)!;
    try {
      const pm = this.packageManager();
      if (pm === null) return undefined;
      const info = pm.resolveContentProvider.overload('java.lang.String', 'int').call(pm, authority, 0);
      const p = info === null || info === undefined ? null : str(field(info, 'packageName'));
      this.authorities.set(authority, p);
      return p;
    } catch {
      return undefined;
    }
  }
}

function safe<T>(fn: () => T): T | null {
  try {
    return fn();
  } catch {
    return null;
  }
}

function schemeOf(data: string | undefined): string {
  if (data === undefined) return '';
  const i = data.indexOf(':');
  return i < 0 ? '' : data.slice(0, i);
}
