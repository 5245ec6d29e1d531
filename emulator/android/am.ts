// ActivityManager: what an app can learn about running apps. Since Android 5.1 the running-process
// and task lists hold only the caller's own entries, and since Android 8 getRunningServices does
// too; the calls still show intent. On Android 15+ getHistoricalProcessStartReasons answers why
// each of the app's processes started (ApplicationStartInfo), from the system's own records.
import type { JObject } from '../java/heap.js';
import { cls, f, m, type Call, type ClassSpec } from '../java/model.js';
import { registerSystemService } from './content.js';
import type { ProcessStartRecord } from './env.js';
import { newArrayList, stringArray } from './support.js';

const AM = 'android.app.ActivityManager';
const CN = 'android.content.ComponentName';

function component(c: Call, pkg: string, cls: string): JObject {
  return c.newObject(CN, ['java.lang.String', 'java.lang.String'], [pkg, cls]);
}

function ownProcesses(c: Call) {
  return c.env.system.runningProcesses().filter((p) => p.uid === c.env.uid);
}

/** The app's task (its activities on the back stack), if it has one. */
function ownTask(c: Call): { base: string; top: string; count: number } | null {
  const acts = (c.env.singletons.get('app.activities') as string[] | undefined) ?? [];
  if (acts.length === 0) return null;
  return { base: acts[0]!, top: acts[acts.length - 1]!, count: acts.length };
}

/** ApplicationStartInfo.START_REASON_* of a start reason. */
export const START_REASON_CODES: Readonly<Record<string, number>> = {
  alarm: 0,
  backup: 1,
  boot: 2,
  receiver: 3,
  provider: 4,
  job: 5,
  launcher: 6,
  recents: 7,
  other: 8,
  push: 9,
  service: 10,
  activity: 11,
};

type StartRecord = ProcessStartRecord;

export const am: readonly ClassSpec[] = [
  cls('public class android.app.ActivityManager', {}, [
    m('public java.util.List getRunningAppProcesses()', (c) =>
      newArrayList(
        c,
        ownProcesses(c).map((p) => {
          const i = c.newObject('android.app.ActivityManager$RunningAppProcessInfo');
          c.set(i, 'processName', p.processName);
          c.set(i, 'pid', p.pid);
          c.set(i, 'uid', p.uid);
          c.set(i, 'pkgList', stringArray(c, [p.package]));
          c.set(i, 'importance', p.importance);
          return i;
        }),
      ),
    ),
    m('public java.util.List getRunningTasks(int)', (c, _s, [max]) => {
      const t = ownTask(c);
      if (t === null || (max as number) <= 0) return newArrayList(c, []);
      const i = c.newObject('android.app.ActivityManager$RunningTaskInfo');
      c.set(i, 'id', 1000 + (c.env.uid % 1000));
      c.set(i, 'baseActivity', component(c, c.env.app.package, t.base));
      c.set(i, 'topActivity', component(c, c.env.app.package, t.top));
      c.set(i, 'numActivities', t.count);
      c.set(i, 'numRunning', t.count);
      return newArrayList(c, [i]);
    }),
    m('public java.util.List getRunningServices(int)', (c, _s, [max]) => {
      const all = c.env.system.runningServices();
      const visible = c.api >= 26 ? all.filter((s) => s.uid === c.env.uid) : all;
      return newArrayList(
        c,
        visible.slice(0, Math.max(0, max as number)).map((s) => {
          const i = c.newObject('android.app.ActivityManager$RunningServiceInfo');
          c.set(i, 'service', component(c, s.package, s.className));
          c.set(i, 'pid', s.pid);
          c.set(i, 'uid', s.uid);
          c.set(i, 'process', s.processName);
          c.set(i, 'foreground', s.foreground);
          c.set(i, 'started', true);
          c.set(i, 'activeSince', BigInt(s.activeSince));
          return i;
        }),
      );
    }),
    m('public java.util.List getRecentTasks(int, int)', (c, _s, [max]) => {
      const t = ownTask(c);
      if (t === null || (max as number) <= 0) return newArrayList(c, []);
      const i = c.newObject('android.app.ActivityManager$RecentTaskInfo');
      c.set(i, 'id', 1000 + (c.env.uid % 1000));
      c.set(i, 'persistentId', 1000 + (c.env.uid % 1000));
      c.set(i, 'baseActivity', component(c, c.env.app.package, t.base));
      c.set(i, 'topActivity', component(c, c.env.app.package, t.top));
      c.set(i, 'numActivities', t.count);
      return newArrayList(c, [i]);
    }),
    m('public java.util.List getHistoricalProcessStartReasons(int)', { since: 35 }, (c, _s, [max]) => {
      const records = c.env.system.processStarts(c.env.app.package);
      return newArrayList(
        c,
        records.slice(0, Math.max(0, max as number)).map((r) => {
          const i = c.vm.alloc(c.vm.bootClass('android.app.ApplicationStartInfo'));
          i.native = r;
          return i;
        }),
      );
    }),
  ]),
  cls('public static class android.app.ActivityManager$RunningAppProcessInfo implements android.os.Parcelable', { file: 'ActivityManager.java' }, [
    f('public static final int IMPORTANCE_FOREGROUND', { value: 100 }),
    f('public int importance'),
    f('public int pid'),
    f('public java.lang.String[] pkgList'),
    f('public java.lang.String processName'),
    f('public int uid'),
    m('public <init>()'),
  ]),
  cls('public static class android.app.ActivityManager$RunningTaskInfo implements android.os.Parcelable', { file: 'ActivityManager.java' }, [
    f('public android.content.ComponentName baseActivity'),
    f('public int id'),
    f('public int numActivities'),
    f('public int numRunning'),
    f('public android.content.ComponentName topActivity'),
    m('public <init>()'),
  ]),
  cls('public static class android.app.ActivityManager$RecentTaskInfo implements android.os.Parcelable', { file: 'ActivityManager.java' }, [
    f('public android.content.ComponentName baseActivity', { since: 23 }),
    f('public int id'),
    f('public int numActivities', { since: 23 }),
    f('public int persistentId'),
    f('public android.content.ComponentName topActivity', { since: 23 }),
    m('public <init>()'),
  ]),
  cls('public static class android.app.ActivityManager$RunningServiceInfo implements android.os.Parcelable', { file: 'ActivityManager.java' }, [
    f('public long activeSince'),
    f('public boolean foreground'),
    f('public int pid'),
    f('public java.lang.String process'),
    f('public android.content.ComponentName service'),
    f('public boolean started'),
    f('public int uid'),
    m('public <init>()'),
  ]),
  cls('public final class android.app.ApplicationStartInfo implements android.os.Parcelable', { since: 35 }, [
    f('public static final int START_REASON_LAUNCHER', { value: 6 }),
    m('public android.content.Intent getIntent()', (c, self) => {
      const r = self!.native as StartRecord;
      if (r.action === null && r.component === null) return null;
      const i = c.newObject('android.content.Intent');
      if (r.action !== null) c.call(i, 'setAction', ['java.lang.String'], [r.action]);
      if (r.component !== null) c.call(i, 'setClassName', ['java.lang.String', 'java.lang.String'], [r.component.package, r.component.class]);
      return i;
    }),
    m('public int getPid()', (_c, self) => (self!.native as StartRecord).pid),
    m('public java.lang.String getProcessName()', (_c, self) => (self!.native as StartRecord).processName),
    m('public int getReason()', (_c, self) => (self!.native as StartRecord).reason),
    m('public int getStartType()', (_c, self) => (self!.native as StartRecord).startType),
  ]),
];

registerSystemService('activity', (c: Call): JObject => c.vm.alloc(c.vm.bootClass(AM)));
