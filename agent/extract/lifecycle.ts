// Lifecycle signals the host turns into phases: which activity resumed or paused (foreground /
// background), the text of clicked controls and of dialogs (automatic consent detection).
import { className, field, num, str } from './java.js';
import type { Extractor, HookCall } from './types.js';
import { activityWake } from './wake.js';

/** Instrumentation.callActivityOnResume/OnPause/OnCreate/OnDestroy(Activity, ...). */
export function activityEvent(type: 'resume' | 'pause' | 'activity-create' | 'destroy'): Extractor {
  return (call) => {
    const activity = call.args[0];
    const component = className(activity);
    (call.draft as any).detail = component === undefined ? { type } : { type, component };
    delete (call.draft as any).args;
    if (type === 'resume') call.services.activities.onResume(call.services.identity(activity), activity);
    // A destroyed activity is not on screen either (normally paused already; performDestroyActivity pauses it first).
    else if (type === 'pause' || type === 'destroy') call.services.activities.onPause(call.services.identity(activity));
    if (type === 'activity-create' && activity !== null && activity !== undefined) {
      Object.assign((call.draft as any).detail, activityInfoDetail(activity));
      const wake = activityWake(call, activity);
      if (wake !== null) call.also({ kind: 'lifecycle', api: call.draft.api, hook: 'wake.activity', detail: wake } as any);
    }
  };
}

/** ActivityInfo.FLAG_EXCLUDE_FROM_RECENTS (android.content.pm.ActivityInfo). */
const FLAG_EXCLUDE_FROM_RECENTS = 0x0020;

/**
 * What the manifest says about the created activity, from the ActivityInfo Activity.attach stored
 * in the hidden mActivityInfo field (ActivityThread.performLaunchActivity passes
 * r.activityInfo): a field read, no binder call (PackageManager.getActivityInfo would be one).
 * Empty when the field cannot be read.
 */
function activityInfoDetail(activity: any): { theme?: number; excludeFromRecents?: boolean; taskAffinity?: string | null } {
  const info = field(activity, 'mActivityInfo');
  if (info === undefined) return {};
  const out: { theme?: number; excludeFromRecents?: boolean; taskAffinity?: string | null } = {};
  const theme = num(field(info, 'theme'));
  if (Number.isInteger(theme)) out.theme = theme;
  const flags = num(field(info, 'flags'));
  if (Number.isInteger(flags)) out.excludeFromRecents = (flags & FLAG_EXCLUDE_FROM_RECENTS) !== 0;
  try {
    out.taskAffinity = str(info.taskAffinity.value);
  } catch {
    // no taskAffinity field on this release: leave it out
  }
  return out;
}

/** Activity.finish(): which activity asked to end (the hooked method's receiver). */
export const activityFinish: Extractor = (call) => {
  const component = className(call.self);
  (call.draft as any).detail = component === undefined ? { type: 'finish' } : { type: 'finish', component };
};

/** Text of a TextView (or subclass), else null. */
function textOf(call: HookCall, view: any): string | null {
  try {
    const tv = call.java.cast(view, call.java.use('android.widget.TextView'));
    const t = str(tv.getText());
    return t === null || t.trim() === '' ? null : t.trim();
  } catch {
    return null;
  }
}

/** View.performClick(): the control's text (TextView and subclasses) or content description. */
export const click: Extractor = (call) => {
  const view = call.self;
  let text = textOf(call, view);
  if (text === null) {
    try {
      text = str(view.getContentDescription());
    } catch {
      // No description either.
    }
  }
  const detail: Record<string, string> = { type: 'click', component: String(view.$className) };
  if (text !== null && text !== '') detail.text = call.clip(text);
  try {
    const id = num32(view.getId());
    if (id > 0) {
      const name = str(view.getResources().getResourceEntryName(id));
      if (name !== null) detail.viewId = call.clip(name);
    }
  } catch {
    // No id name (generated ids, library views).
  }
  (call.draft as any).detail = detail;
};

function num32(v: unknown): number {
  return typeof v === 'number' ? v : Number(v);
}

const MAX_VIEWS = 200;
const MAX_TEXTS = 4;

/** The first texts of a view tree (breadth first, bounded), joined. */
export function textsOf(call: HookCall, root: any): string | null {
  if (root === null || root === undefined) return null;
  const texts: string[] = [];
  const queue: any[] = [root];
  let visited = 0;
  let ViewGroup: any = null;
  try {
    ViewGroup = call.java.use('android.view.ViewGroup');
  } catch {
    return null;
  }
  while (queue.length > 0 && visited < MAX_VIEWS && texts.length < MAX_TEXTS) {
    const v = queue.shift();
    visited++;
    const t = textOf(call, v);
    if (t !== null) {
      texts.push(t);
      continue;
    }
    let group: any;
    try {
      group = call.java.cast(v, ViewGroup);
    } catch {
      continue;
    }
    try {
      const n = Number(group.getChildCount());
      for (let i = 0; i < n && queue.length < MAX_VIEWS; i++) queue.push(group.getChildAt(i));
    } catch {
      // Not a ViewGroup after all.
    }
  }
  return texts.length === 0 ? null : texts.join(' | ');
}

/** Dialog.show(): the AlertDialog title when set, else the first texts of the dialog's window. */
export const dialog: Extractor = (call) => {
  const self = call.self;
  const detail: Record<string, string> = { type: 'dialog', component: String(self.$className) };
  let text: string | null = null;
  // android.app.AlertDialog keeps its title in the hidden AlertController (mAlert.mTitle).
  const title = str(field(field(self, 'mAlert'), 'mTitle'));
  if (title !== null && title.trim() !== '') text = title.trim();
  if (text === null) {
    try {
      text = textsOf(call, self.getWindow().getDecorView());
    } catch {
      text = null;
    }
  }
  if (text !== null) detail.text = call.clip(text);
  (call.draft as any).detail = detail;
};

/** PopupWindow.show*(): the first texts of its content view. */
export const popup: Extractor = (call) => {
  const detail: Record<string, string> = { type: 'dialog', component: String(call.self.$className) };
  let text: string | null = null;
  try {
    text = textsOf(call, call.self.getContentView());
  } catch {
    text = null;
  }
  if (text !== null) detail.text = call.clip(text);
  (call.draft as any).detail = detail;
};
