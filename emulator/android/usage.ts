// App usage history (UsageStatsManager) and other apps' notifications (NotificationListenerService).
// Usage data needs the PACKAGE_USAGE_STATS app-op, which only the user can grant in settings:
// without it every query answers empty. A notification listener sees notifications only while
// the user has enabled it (Settings > Notification access); otherwise it is not bound and gets null.
import type { JObject } from '../java/heap.js';
import { cls, m, type Call, type ClassSpec } from '../java/model.js';
import type { NotificationFacts, UsageFacts } from './env.js';
import { registerSystemService } from './content.js';
import { newArrayList } from './support.js';

const USAGE = 'android.permission.PACKAGE_USAGE_STATS';

function usageAllowed(c: Call): boolean {
  return c.env.permissionGranted(USAGE);
}

function inRange(u: UsageFacts, begin: bigint, end: bigint): boolean {
  return BigInt(u.lastUsed) >= begin && BigInt(u.lastUsed) <= end;
}

function stats(c: Call, u: UsageFacts): JObject {
  const o = c.vm.alloc(c.vm.bootClass('android.app.usage.UsageStats'));
  o.native = u;
  return o;
}

function events(c: Call, list: readonly UsageFacts[]): JObject {
  const o = c.vm.alloc(c.vm.bootClass('android.app.usage.UsageEvents'));
  o.native = { list: [...list], i: 0 };
  return o;
}

/** The listener is bound when the user enabled its component for notification access. */
function bound(c: Call, self: JObject): boolean {
  return c.env.device.notificationListeners.includes(`${c.env.app.package}/${self.cls.name}`);
}

function notificationArray(c: Call, list: readonly NotificationFacts[]): JObject {
  return c.vm.newArray(
    '[Landroid.service.notification.StatusBarNotification;',
    list.map((n) => {
      const o = c.vm.alloc(c.vm.bootClass('android.service.notification.StatusBarNotification'));
      o.native = n;
      return o;
    }),
  );
}

export const usage: readonly ClassSpec[] = [
  cls('public final class android.app.usage.UsageStatsManager', {}, [
    m('public java.util.List queryUsageStats(int, long, long)', (c, _s, [, b, e]) =>
      newArrayList(c, usageAllowed(c) ? c.env.device.usage.filter((u) => inRange(u, b as bigint, e as bigint)).map((u) => stats(c, u)) : []),
    ),
    m('public java.util.Map queryAndAggregateUsageStats(long, long)', (c, _s, [b, e]) => {
      const map = c.newObject('java.util.HashMap');
      if (usageAllowed(c)) for (const u of c.env.device.usage.filter((x) => inRange(x, b as bigint, e as bigint))) c.call(map, 'put', ['java.lang.Object', 'java.lang.Object'], [u.package, stats(c, u)]);
      return map;
    }),
    m('public android.app.usage.UsageEvents queryEvents(long, long)', (c, _s, [b, e]) => events(c, usageAllowed(c) ? c.env.device.usage.filter((u) => inRange(u, b as bigint, e as bigint)) : [])),
    m('public android.app.usage.UsageEvents queryEvents(android.app.usage.UsageEventsQuery)', { since: 35 }, (c, _s, [q]) => {
      if (q === null) c.throwNew('java.lang.NullPointerException', 'query');
      const r = (q as JObject).native as { begin: bigint; end: bigint };
      return events(c, usageAllowed(c) ? c.env.device.usage.filter((u) => inRange(u, r.begin, r.end)) : []);
    }),
    m('public java.util.List queryEventStats(int, long, long)', { since: 28 }, (c, _s, [, b, e]) => {
      if (!usageAllowed(c)) return newArrayList(c, []);
      const n = c.env.device.usage.filter((u) => inRange(u, b as bigint, e as bigint)).length;
      // SCREEN_INTERACTIVE (15) events: one per day the apps were used.
      const es = c.vm.alloc(c.vm.bootClass('android.app.usage.EventStats'));
      es.native = { type: 15, count: n };
      return newArrayList(c, n === 0 ? [] : [es]);
    }),
    m('public java.util.List queryConfigurations(int, long, long)', (c) => newArrayList(c, [])),
  ]),
  cls('public final class android.app.usage.UsageStats implements android.os.Parcelable', {}, [
    m('public long getLastTimeUsed()', (_c, self) => BigInt((self!.native as UsageFacts).lastUsed)),
    m('public java.lang.String getPackageName()', (_c, self) => (self!.native as UsageFacts).package),
    m('public long getTotalTimeInForeground()', (_c, self) => BigInt((self!.native as UsageFacts).foregroundMs)),
  ]),
  cls('public final class android.app.usage.UsageEvents implements android.os.Parcelable', {}, [
    m('public boolean hasNextEvent()', (_c, self) => {
      const st = self!.native as { list: UsageFacts[]; i: number };
      return st.i < st.list.length;
    }),
    m('public boolean getNextEvent(android.app.usage.UsageEvents$Event)', (_c, self, [ev]) => {
      const st = self!.native as { list: UsageFacts[]; i: number };
      const u = st.list[st.i++];
      if (u === undefined || ev === null) return false;
      (ev as JObject).native = u;
      return true;
    }),
  ]),
  cls('public static final class android.app.usage.UsageEvents$Event', { file: 'UsageEvents.java' }, [
    m('public <init>()'),
    m('public java.lang.String getPackageName()', (_c, self) => ((self!.native as UsageFacts | undefined)?.package ?? null)),
    m('public long getTimeStamp()', (_c, self) => BigInt((self!.native as UsageFacts | undefined)?.lastUsed ?? 0)),
  ]),
  cls('public final class android.app.usage.EventStats implements android.os.Parcelable', { since: 28 }, [
    m('public int getCount()', (_c, self) => (self!.native as { count: number }).count),
    m('public int getEventType()', (_c, self) => (self!.native as { type: number }).type),
  ]),
  cls('public final class android.app.usage.ConfigurationStats implements android.os.Parcelable', {}, []),
  cls('public final class android.app.usage.UsageEventsQuery implements android.os.Parcelable', { since: 35 }, []),
  cls('public static final class android.app.usage.UsageEventsQuery$Builder', { since: 35, file: 'UsageEventsQuery.java' }, [
    m('public <init>(long, long)', (_c, self, [b, e]) => {
      self!.native = { begin: b as bigint, end: e as bigint };
    }),
    m('public android.app.usage.UsageEventsQuery build()', (c, self) => {
      const q = c.vm.alloc(c.vm.bootClass('android.app.usage.UsageEventsQuery'));
      q.native = { ...(self!.native as object) };
      return q;
    }),
  ]),

  // ---- notification listeners ----------------------------------------------------------------
  cls('public abstract class android.service.notification.NotificationListenerService extends android.app.Service', {}, [
    m('public <init>()', (c, self) => c.callSpecial(self!, 'android.app.Service', '<init>', [])),
    m('public android.os.IBinder onBind(android.content.Intent)', () => null),
    m('public android.service.notification.StatusBarNotification[] getActiveNotifications()', (c, self) => (bound(c, self!) ? notificationArray(c, c.env.device.notifications) : null)),
    m('public android.service.notification.StatusBarNotification[] getActiveNotifications(java.lang.String[])', (c, self, [keys]) => {
      if (!bound(c, self!)) return null;
      const wanted = keys === null ? null : (keys as unknown as { elems: string[] }).elems;
      return notificationArray(c, c.env.device.notifications.filter((n) => wanted === null || wanted.includes(`0|${n.package}|${n.id}|null|10000`)));
    }),
    m('public final android.service.notification.StatusBarNotification[] getSnoozedNotifications()', { since: 26 }, (c, self) => (bound(c, self!) ? notificationArray(c, []) : null)),
    // Asks the system to rebind a listener the user enabled; it answers nothing to the caller.
    m('public static void requestRebind(android.content.ComponentName)', { since: 24 }, (c, _s, [cn]) => {
      if (cn === null) c.throwNew('java.lang.NullPointerException');
    }),
  ]),
  cls('public class android.service.notification.StatusBarNotification implements android.os.Parcelable', {}, [
    m('public int getId()', (_c, self) => (self!.native as NotificationFacts).id),
    m('public java.lang.String getPackageName()', (_c, self) => (self!.native as NotificationFacts).package),
    m('public long getPostTime()', (_c, self) => BigInt((self!.native as NotificationFacts).postedAt)),
    m('public java.lang.String toString()', (_c, self) => {
      const n = self!.native as NotificationFacts;
      return `StatusBarNotification(pkg=${n.package} user=UserHandle{0} id=${n.id} tag=null key=0|${n.package}|${n.id}|null|10000)`;
    }),
  ]),
];

registerSystemService('usagestats', (c: Call): JObject => c.vm.alloc(c.vm.bootClass('android.app.usage.UsageStatsManager')));
