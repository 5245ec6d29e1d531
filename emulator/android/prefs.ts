// SharedPreferences, as SDKs and apps keep small state in them: "the user agreed to the privacy
// policy", "push registered", the last upload time. Scenario conditions ("initialise only if consent
// was stored") read them through these real calls, so what a condition sees is what the app's code
// could see on a phone: the file survives the app's processes (it is app data, gone with `pm clear`),
// each process loads it once into its own cache (ContextImpl.sSharedPrefsCache), an edit is visible
// in memory at once, and apply() reaches the disk later (a process killed before that loses it).
//
// AOSP: frameworks/base/core/java/android/app/ContextImpl.java (getSharedPreferences(String, int),
// checkMode, getSharedPreferencesCacheLocked), core/java/android/app/SharedPreferencesImpl.java
// (getBoolean/getString/getInt/getLong/getFloat casting mMap.get(key), EditorImpl.commitToMemory,
// apply -> QueuedWork.queue(writeToDiskRunnable, true), commit -> writeToFile on the caller's thread);
// core/java/android/app/QueuedWork.java (DELAY = 100 ms).
import type { JObject } from '../java/heap.js';
import { cls, m, type Call, type ClassSpec, type JValue } from '../java/model.js';
import type { PrefsFile, PrefValue, ProcessEnv } from './env.js';

interface PrefsState {
  name: string;
  /** mMap: the process's in-memory copy. */
  map: PrefsFile;
}
interface EditorState {
  prefs: PrefsState;
  /** mModified: key -> value, or null for remove(). */
  modified: Map<string, PrefValue | null>;
  clear: boolean;
}

const SP = 'android.content.SharedPreferences';
const ED = 'android.content.SharedPreferences$Editor';
const IMPL = 'android.app.SharedPreferencesImpl';
const EDIMPL = 'android.app.SharedPreferencesImpl$EditorImpl';
const S = 'java.lang.String';
/** Context.MODE_WORLD_READABLE, MODE_WORLD_WRITEABLE. */
const WORLD_READABLE = 1;
const WORLD_WRITEABLE = 2;
/** QueuedWork.DELAY: how long apply()'s disk write waits. */
const QUEUED_WORK_DELAY_MS = 100;

/** The process's SharedPreferencesImpl for a file name: loaded from the disk once per process. */
function prefsFor(c: Call, name: string): JObject {
  const key = `prefs:${name}`;
  const have = c.env.singletons.get(key) as JObject | undefined;
  if (have !== undefined) return have;
  const o = c.vm.alloc(c.vm.bootClass(IMPL));
  o.native = { name, map: new Map(c.env.system.sharedPrefsFile(c.env.app.package, name)) } satisfies PrefsState;
  c.env.singletons.set(key, o);
  return o;
}

/** ContextImpl.getSharedPreferences(String, int). */
export function getSharedPreferences(c: Call, name: JValue, mode: JValue): JObject {
  // ContextImpl.checkMode: world-readable/writeable files are refused for apps targeting N (24)+.
  if (c.env.app.targetSdk >= 24) {
    if (((mode as number) & WORLD_READABLE) !== 0) c.throwNew('java.lang.SecurityException', 'MODE_WORLD_READABLE no longer supported');
    if (((mode as number) & WORLD_WRITEABLE) !== 0) c.throwNew('java.lang.SecurityException', 'MODE_WORLD_WRITEABLE no longer supported');
  }
  // Apps targeting < KITKAT (19) may pass null, which becomes the file "null.xml"; later ones too (no check).
  return prefsFor(c, name === null ? 'null' : (name as string));
}

/** `(Boolean) mMap.get(key)`: a value of another type is a ClassCastException, as the cast is. */
function getter(type: PrefValue['type'], boxed: string) {
  return (c: Call, self: JObject | null, [key, dflt]: readonly JValue[]): JValue => {
    const v = (self!.native as PrefsState).map.get(key as string);
    if (v === undefined) return dflt ?? null;
    if (v.type !== type) c.throwNew('java.lang.ClassCastException', `${boxedName(v.type)} cannot be cast to ${boxed}`);
    return v.value as JValue;
  };
}
const boxedName = (t: PrefValue['type']) => ({ boolean: 'java.lang.Boolean', int: 'java.lang.Integer', long: 'java.lang.Long', float: 'java.lang.Float', String: 'java.lang.String' })[t];

function putter(type: PrefValue['type']) {
  return (_c: Call, self: JObject | null, [key, value]: readonly JValue[]): JValue => {
    const st = self!.native as EditorState;
    // putString(key, null) is remove(key) (commitToMemory: v == this || v == null).
    st.modified.set(key as string, value === null || value === undefined ? null : { type, value: value as PrefValue['value'] });
    return self;
  };
}

/** EditorImpl.commitToMemory: clear first, then the edits, into the process's mMap. */
function commitToMemory(st: EditorState): void {
  const map = st.prefs.map;
  if (st.clear) map.clear();
  for (const [k, v] of st.modified) {
    if (v === null) map.delete(k);
    else map.set(k, v);
  }
  st.modified.clear();
  st.clear = false;
}

/** writeToFile: the whole mMap replaces the file. */
function writeToDisk(env: ProcessEnv, prefs: PrefsState, snapshot: PrefsFile): void {
  const file = env.system.sharedPrefsFile(env.app.package, prefs.name);
  file.clear();
  for (const [k, v] of snapshot) file.set(k, v);
}

export const prefs: readonly ClassSpec[] = [
  cls('public interface android.content.SharedPreferences', {}, [
    m('public abstract boolean contains(java.lang.String)'),
    m('public abstract android.content.SharedPreferences$Editor edit()'),
    m('public abstract boolean getBoolean(java.lang.String, boolean)'),
    m('public abstract float getFloat(java.lang.String, float)'),
    m('public abstract int getInt(java.lang.String, int)'),
    m('public abstract long getLong(java.lang.String, long)'),
    m('public abstract java.lang.String getString(java.lang.String, java.lang.String)'),
  ]),
  cls('public static interface android.content.SharedPreferences$Editor', { file: 'SharedPreferences.java' }, [
    m('public abstract void apply()'),
    m('public abstract android.content.SharedPreferences$Editor clear()'),
    m('public abstract boolean commit()'),
    m('public abstract android.content.SharedPreferences$Editor putBoolean(java.lang.String, boolean)'),
    m('public abstract android.content.SharedPreferences$Editor putFloat(java.lang.String, float)'),
    m('public abstract android.content.SharedPreferences$Editor putInt(java.lang.String, int)'),
    m('public abstract android.content.SharedPreferences$Editor putLong(java.lang.String, long)'),
    m('public abstract android.content.SharedPreferences$Editor putString(java.lang.String, java.lang.String)'),
    m('public abstract android.content.SharedPreferences$Editor remove(java.lang.String)'),
  ]),
  cls(`final class ${IMPL} implements ${SP}`, {}, [
    m('public boolean contains(java.lang.String)', (_c, self, [k]) => (self!.native as PrefsState).map.has(k as string)),
    m(`public ${ED} edit()`, (c, self) => {
      const e = c.vm.alloc(c.vm.bootClass(EDIMPL));
      e.native = { prefs: self!.native as PrefsState, modified: new Map(), clear: false } satisfies EditorState;
      return e;
    }),
    m('public boolean getBoolean(java.lang.String, boolean)', getter('boolean', 'java.lang.Boolean')),
    m('public float getFloat(java.lang.String, float)', getter('float', 'java.lang.Float')),
    m('public int getInt(java.lang.String, int)', getter('int', 'java.lang.Integer')),
    m('public long getLong(java.lang.String, long)', getter('long', 'java.lang.Long')),
    m('public java.lang.String getString(java.lang.String, java.lang.String)', getter('String', S)),
  ]),
  cls(`public final class ${EDIMPL} implements ${ED}`, { file: 'SharedPreferencesImpl.java' }, [
    m('public void apply()', (c, self) => {
      const st = self!.native as EditorState;
      commitToMemory(st);
      // QueuedWork.queue(writeToDiskRunnable, shouldDelay = true) runs the write on its own looper
      // QueuedWork.DELAY (100 ms) later: a process killed before that loses it. (An activity stop
      // or service command runs pending work at once, QueuedWork.waitToFinish; not modelled.)
      const snapshot = new Map(st.prefs.map);
      const env = c.env;
      env.post(env.mainThread, QUEUED_WORK_DELAY_MS, () => writeToDisk(env, st.prefs, snapshot));
    }),
    m(`public ${ED} clear()`, (_c, self) => {
      (self!.native as EditorState).clear = true;
      return self;
    }),
    m('public boolean commit()', (c, self) => {
      const st = self!.native as EditorState;
      commitToMemory(st);
      writeToDisk(c.env, st.prefs, new Map(st.prefs.map));
      return true;
    }),
    m(`public ${ED} putBoolean(java.lang.String, boolean)`, putter('boolean')),
    m(`public ${ED} putFloat(java.lang.String, float)`, putter('float')),
    m(`public ${ED} putInt(java.lang.String, int)`, putter('int')),
    m(`public ${ED} putLong(java.lang.String, long)`, putter('long')),
    m(`public ${ED} putString(java.lang.String, java.lang.String)`, putter('String')),
    m(`public ${ED} remove(java.lang.String)`, (_c, self, [k]) => {
      (self!.native as EditorState).modified.set(k as string, null);
      return self;
    }),
  ]),
  // PreferenceManager.getDefaultSharedPreferences: the file <package>_preferences (deprecated in 29, still there).
  cls('public class android.preference.PreferenceManager', {}, [
    m('public static android.content.SharedPreferences getDefaultSharedPreferences(android.content.Context)', (c, _s, [ctx]) =>
      c.call(ctx as JObject, 'getSharedPreferences', [S, 'int'], [`${c.call(ctx as JObject, 'getPackageName') as string}_preferences`, 0]),
    ),
  ]),
];
