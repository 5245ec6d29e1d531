// Finds and clicks on-screen controls for `sdktrace audit`: walks the view tree of each resumed
// activity's window (Activity.getWindow().getDecorView(), ViewGroup children, TextView text or the
// content description, View.isShown()) and clicks through View.performClick(), all on the main
// thread (Java.scheduleOnMainThread), where Android requires views to be touched. The click is
// deliberately not our own work: the performClick hook records it like a user's tap, so the
// consent decision and what its listener does land on the timeline as they would by hand.
import type { ClickResult, ControlInfo, ControlsResult } from '../../protocol/messages.js';
import { str } from '../extract/java.js';
import type { JavaAccess } from '../extract/java.js';

/** Bounds of one walk: real screens have a few hundred views; a runaway tree must not stall the UI thread. */
const MAX_VIEWS = 2000;
const MAX_DEPTH = 40;
const MAX_CONTROLS = 300;
const MAX_TEXT = 200;

export interface ControlsDeps {
  java: JavaAccess & { performNow(fn: () => void): void };
  /** Java.scheduleOnMainThread. */
  onMainThread(fn: () => void): void;
  /** Resumed activities, top first. */
  activities(): any[];
}

interface Found {
  info: ControlInfo;
  view: any;
}

interface Classes {
  View: any;
  ViewGroup: any;
  TextView: any;
}

function clip(s: string): string {
  return s.length > MAX_TEXT ? s.slice(0, MAX_TEXT) : s;
}

function textOf(java: JavaAccess, c: Classes, view: any): string | null {
  try {
    const t = str(java.cast(view, c.TextView).getText());
    if (t !== null && t.trim() !== '') return t.trim();
  } catch {
    // Not a TextView.
  }
  try {
    const d = str(view.getContentDescription());
    if (d !== null && d.trim() !== '') return d.trim();
  } catch {
    // No description.
  }
  return null;
}

interface Root {
  /** The activity, or for another window (a dialog, a popup) its owner's class and the root's class. */
  name: string;
  view: any;
}

/**
 * The windows to walk, top first: windows other than activities' (dialogs and popups are not in
 * any activity's view tree; the hidden WindowManagerGlobal.mViews lists every root view of the
 * process), then the resumed activities' decor views. A shown root is one on screen: a stopped
 * activity's decor view is INVISIBLE.
 */
function roots(deps: ControlsDeps, c: Classes): { roots: Root[]; activities: string[] } {
  const java = deps.java;
  const identity = (o: any): number | null => {
    try {
      return Number(java.use('java.lang.System').identityHashCode(o));
    } catch {
      return null;
    }
  };
  const out: Root[] = [];
  const activities: string[] = [];
  const decors = new Set<number | null>();
  for (const activity of deps.activities()) {
    const name = String(activity.$className);
    activities.push(name);
    try {
      const decor = activity.getWindow().getDecorView();
      decors.add(identity(decor));
      out.push({ name, view: decor });
    } catch {
      // No window yet (created, not attached).
    }
  }
  const others: Root[] = [];
  try {
    const list = java.use('android.view.WindowManagerGlobal').getInstance().mViews.value;
    const n = Number(list.size());
    for (let i = n - 1; i >= 0; i--) {
      const root = java.cast(list.get(i), c.View);
      if (decors.has(identity(root)) || root.isShown() !== true) continue;
      let owner = '?';
      try {
        owner = String(root.getContext().$className);
      } catch {
        // Unknown owner.
      }
      others.push({ name: `${owner} (window ${String(root.$className)})`, view: root });
    }
  } catch {
    // The window list is not readable here: activities' windows only.
  }
  return { roots: [...others, ...out], activities };
}

/** Depth-first over every window's view tree (see roots); calls `visit` for views with a text. */
function walk(deps: ControlsDeps, visit: (f: Found) => boolean): { activities: string[]; visited: number; truncated: boolean } {
  const java = deps.java;
  const c: Classes = { View: java.use('android.view.View'), ViewGroup: java.use('android.view.ViewGroup'), TextView: java.use('android.widget.TextView') };
  const { roots: windows, activities: names } = roots(deps, c);
  let visited = 0;
  let truncated = false;
  for (const { name, view: decor } of windows) {
    const stack: { view: any; path: number[] }[] = [{ view: decor, path: [] }];
    while (stack.length > 0) {
      if (visited >= MAX_VIEWS) {
        truncated = true;
        break;
      }
      const { view, path } = stack.pop()!;
      if (view === null || view === undefined) continue;
      visited++;
      const text = textOf(java, c, view);
      if (text !== null) {
        let shown = false;
        try {
          shown = view.isShown() === true;
        } catch {
          // Treated as not shown.
        }
        if (visit({ view, info: { text: clip(text), cls: String(view.$className), activity: name, path, shown } })) return { activities: names, visited, truncated };
      }
      if (path.length >= MAX_DEPTH) continue;
      let group: any;
      try {
        group = java.cast(view, c.ViewGroup);
      } catch {
        continue;
      }
      const n = Number(group.getChildCount());
      // Reversed so that children pop in order (document order in the result).
      for (let i = n - 1; i >= 0; i--) stack.push({ view: group.getChildAt(i), path: [...path, i] });
    }
    if (truncated) break;
  }
  return { activities: names, visited, truncated };
}

function onMain<T>(deps: ControlsDeps, fn: () => T): Promise<T> {
  return new Promise((resolve, reject) => {
    deps.onMainThread(() => {
      try {
        let out: T | undefined;
        deps.java.performNow(() => {
          out = fn();
        });
        resolve(out as T);
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  });
}

/** Every control with a text on the resumed activities' windows. */
export function findControls(deps: ControlsDeps): Promise<ControlsResult> {
  return onMain(deps, () => {
    const controls: ControlInfo[] = [];
    const r = walk(deps, (f) => {
      controls.push(f.info);
      return controls.length >= MAX_CONTROLS;
    });
    return { activities: r.activities, controls, visited: r.visited, truncated: r.truncated || controls.length >= MAX_CONTROLS };
  });
}

export interface ClickQuery {
  /** The control's exact text (as findControls reported it). */
  text: string;
  /** Its activity and path, when known: the same view, not another one with the same text. */
  activity?: string;
  path?: number[];
}

export function checkClickQuery(q: unknown): ClickQuery {
  const o = q as Record<string, unknown> | null;
  if (o === null || typeof o !== 'object' || typeof o.text !== 'string' || o.text.trim() === '') throw new Error('clickControl: expects {text, activity?, path?} with a non-empty text');
  if (o.path !== undefined && !(Array.isArray(o.path) && o.path.every((i) => Number.isInteger(i) && (i as number) >= 0))) throw new Error('clickControl: path must be a list of child indexes');
  if (o.activity !== undefined && typeof o.activity !== 'string') throw new Error('clickControl: activity must be a class name');
  return { text: o.text.trim(), activity: o.activity as string | undefined, path: o.path as number[] | undefined };
}

/** Clicks the shown control with this text (View.performClick on the main thread). */
export function clickControl(deps: ControlsDeps, query: unknown): Promise<ClickResult> {
  const q = checkClickQuery(query);
  return onMain(deps, () => {
    const same = (p: readonly number[]) => q.path !== undefined && p.length === q.path.length && p.every((x, i) => x === q.path![i]);
    let exact: Found | null = null;
    let byText: Found | null = null;
    walk(deps, (f) => {
      if (!f.info.shown || f.info.text !== q.text) return false;
      if (q.activity !== undefined && f.info.activity !== q.activity) return false;
      if (same(f.info.path)) {
        exact = f;
        return true;
      }
      byText ??= f;
      return q.path === undefined;
    });
    const hit: Found | null = exact ?? byText;
    if (hit === null) throw new Error(`clickControl: no shown control with the text ${JSON.stringify(q.text)}${q.activity !== undefined ? ` in ${q.activity}` : ''}`);
    const handled = (hit as Found).view.performClick() === true;
    return { clicked: (hit as Found).info, handled };
  });
}
