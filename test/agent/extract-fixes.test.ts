// Two extractor rules found by running the agent on the emulated device:
//  - lists of PackageInfo/ApplicationInfo/ResolveInfo/RunningAppProcessInfo come back from a
//    generic List.get() as java.lang.Object wrappers under frida-java-bridge (type erasure), so
//    their fields are only readable after a cast;
//  - a launcher start is an intent with CATEGORY_LAUNCHER, whatever its action (AOSP
//    AppStartInfoTracker.onIntentStarted), not only MAIN + LAUNCHER.
import { describe, expect, it } from 'vitest';
import { intent, jlist, makeEnv, type Env } from './env.js';

const APM = 'android.app.ApplicationPackageManager';

/**
 * A List item as frida-java-bridge hands it over: a java.lang.Object wrapper without the class's
 * fields; Java.cast to its class (or a superclass in `types`) gives the fields.
 */
function erased(className: string, fields: Record<string, unknown>, supers: string[] = []): any {
  return { $className: 'java.lang.Object', $types: ['java.lang.Object', className, ...supers], $real: className, $fields: fields };
}

/** The bridge's cast: an erased item cast to one of its types shows that class's fields. */
function castErasure(env: Env): void {
  const cast = env.java.cast.bind(env.java);
  env.java.cast = (obj: any, cls: any) => {
    const out = cast(obj, cls);
    if (obj === null || obj === undefined || obj.$fields === undefined) return out;
    const typed: any = { $className: cls.$className };
    for (const [k, v] of Object.entries(obj.$fields as Record<string, unknown>)) typed[k] = { value: v };
    return typed;
  };
}

describe('package lists under type erasure', () => {
  it('reads package names from List<PackageInfo> and List<ApplicationInfo> items by casting them', () => {
    const env = makeEnv();
    castErasure(env);
    env.java.define('android.content.pm.PackageInfo', {});
    env.java.define('android.content.pm.ApplicationInfo', {});
    const pkgs = ['com.tencent.mm', 'com.eg.android.AlipayGphone'];
    const pm = env.java.define(APM, {
      getInstalledPackages: [{ params: ['int'], ret: 'java.util.List', body: () => jlist(pkgs.map((p) => erased('android.content.pm.PackageInfo', { packageName: p }))) }],
      getInstalledApplications: [{ params: ['int'], ret: 'java.util.List', body: () => jlist(pkgs.map((p) => erased('android.content.pm.ApplicationInfo', { packageName: p }, ['android.content.pm.PackageItemInfo']))) }],
    });
    env.install('pm.getInstalledPackages', 'pm.getInstalledApplications');
    const self = env.java.instance(pm);
    self.getInstalledPackages(0);
    self.getInstalledApplications(0);
    expect(env.events().map((e) => [e.hook, e.detail])).toEqual([
      ['pm.getInstalledPackages', { count: 2, values: pkgs }],
      ['pm.getInstalledApplications', { count: 2, values: pkgs }],
    ]);
  });

  it('reads the answering packages of queryIntentActivities and the process names of getRunningAppProcesses', () => {
    const env = makeEnv();
    castErasure(env);
    env.java.define('android.content.pm.ResolveInfo', {});
    env.java.define('android.app.ActivityManager$RunningAppProcessInfo', {});
    const pm = env.java.define(APM, {
      queryIntentActivities: [
        { params: ['android.content.Intent', 'int'], ret: 'java.util.List', body: () => jlist([erased('android.content.pm.ResolveInfo', { activityInfo: { packageName: { value: 'com.tencent.mm' }, name: { value: 'com.tencent.mm.ui.LauncherUI' } } })]) },
      ],
    });
    const am = env.java.define('android.app.ActivityManager', {
      getRunningAppProcesses: [{ params: [], ret: 'java.util.List', body: () => jlist([erased('android.app.ActivityManager$RunningAppProcessInfo', { processName: 'com.example.app' })]) }],
    });
    env.install('pm.queryIntentActivities', 'am.getRunningAppProcesses');
    env.java.instance(pm).queryIntentActivities(intent({ action: 'android.intent.action.MAIN', categories: ['android.intent.category.LAUNCHER'] }), 0);
    env.java.instance(am).getRunningAppProcesses();
    expect(env.events().map((e) => [e.hook, e.detail])).toEqual([
      ['pm.queryIntentActivities', { count: 1, values: ['com.tencent.mm'], target: 'android.intent.action.MAIN' }],
      ['am.getRunningAppProcesses', { count: 1, values: ['com.example.app'] }],
    ]);
  });
});

describe('launcher starts', () => {
  const wakeOf = (init: Parameters<typeof intent>[0], hasCategory?: (c: string) => boolean) => {
    const env = makeEnv({ apiLevel: 30 });
    env.java.define('android.app.ActivityThread', { currentPackageName: [{ params: [], body: () => 'com.example.app' }] });
    const ins = env.java.define('android.app.Instrumentation', { callActivityOnCreate: [{ params: ['android.app.Activity', 'android.os.Bundle'], body: () => undefined }] });
    env.install('lifecycle.callActivityOnCreate');
    const i = intent(init);
    if (hasCategory !== undefined) i.hasCategory = hasCategory;
    env.java.instance(ins).callActivityOnCreate({ $className: 'com.example.app.SplashActivity', getIntent: () => i, mReferrer: { value: null } }, null);
    return env.events().find((e) => (e.detail as any)?.type === 'process-start')?.detail as any;
  };

  it('takes CATEGORY_LAUNCHER as the launcher, with or without ACTION_MAIN', () => {
    expect(wakeOf({ action: 'android.intent.action.MAIN', categories: ['android.intent.category.LAUNCHER'] }).reason).toBe('launcher');
    expect(wakeOf({ categories: ['android.intent.category.LAUNCHER'], component: ['com.example.app', 'com.example.app.SplashActivity'] }).reason).toBe('launcher');
  });

  it('takes any other start as an activity start (am start -n, another app, a notification)', () => {
    expect(wakeOf({ action: 'android.intent.action.MAIN', component: ['com.example.app', 'com.example.app.SplashActivity'] }).reason).toBe('activity');
    expect(wakeOf({ action: 'android.intent.action.VIEW', data: 'https://shop.example.com/item/1' }).reason).toBe('activity');
  });

  it('asks the intent when its category set cannot be listed', () => {
    const d = wakeOf({ action: 'android.intent.action.MAIN' }, (c) => c === 'android.intent.category.LAUNCHER');
    expect(d.reason).toBe('launcher');
  });
});
