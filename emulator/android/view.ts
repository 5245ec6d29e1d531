// Views and clicks. A tap reaches View.performClick through a posted View$PerformClick runnable
// on the main thread, as in AOSP's onTouchEvent; performClick calls the OnClickListener.
import type { JObject } from '../java/heap.js';
import { cls, f, m, type Call, type ClassSpec } from '../java/model.js';
import { mainLooper } from './os.js';
import { singleton } from './support.js';

/** View.mParent, kept host-side: ViewParent is not modelled, only whether a parent is a View. */
const parents = new WeakMap<JObject, JObject>();
/** Root views added to the window manager (ViewRootImpl is their parent on a phone). */
const attachedRoots = new WeakSet<JObject>();

export function setParent(child: JObject, parent: JObject | null): void {
  if (parent === null) parents.delete(child);
  else parents.set(child, parent);
}

/** The process's WindowManagerGlobal, whose mViews lists the root view of every window it added. */
export function windowManagerGlobal(c: Call): JObject {
  return singleton(c, 'ui.windowManagerGlobal', () => c.newObject('android.view.WindowManagerGlobal'));
}

/**
 * WindowManager.addView(root): an activity's decor view when it first resumes (ActivityThread
 * .handleResumeActivity, makeVisible), a dialog's when it shows.
 */
export function attachRoot(c: Call, root: JObject): void {
  if (attachedRoots.has(root)) return;
  attachedRoots.add(root);
  c.call(c.get(windowManagerGlobal(c), 'mViews') as JObject, 'add', ['java.lang.Object'], [root]);
}

/** WindowManager.removeView(root): a dialog dismissed. */
export function detachRoot(c: Call, root: JObject): void {
  if (!attachedRoots.delete(root)) return;
  const list = (c.get(windowManagerGlobal(c), 'mViews') as JObject).native as JObject[];
  const i = list.indexOf(root);
  if (i >= 0) list.splice(i, 1);
}

const VISIBLE = 0;
const VISIBILITY_MASK = 0x0c;

export function postClick(c: Call, view: JObject): void {
  const pc = c.newObject('android.view.View$PerformClick', ['android.view.View'], [view]);
  // View.onTouchEvent posts its PerformClick (View.post -> the attached Handler).
  const h = c.newObject('android.os.Handler', ['android.os.Looper'], [mainLooper(c)]);
  c.call(h, 'post', ['java.lang.Runnable'], [pc]);
}

export const view: readonly ClassSpec[] = [
  cls('public class android.view.View', {}, [
    f('android.view.View$OnClickListener mOnClickListener'),
    f('java.lang.CharSequence mContentDescription'),
    f('int mID'),
    f('int mViewFlags'),
    f('protected android.content.Context mContext'),
    m('public <init>(android.content.Context)', (c, self, [ctx]) => c.set(self!, 'mContext', ctx ?? null)),
    m('public final android.content.Context getContext()', (c, self) => c.get(self!, 'mContext')),
    m('public java.lang.CharSequence getContentDescription()', (c, self) => c.get(self!, 'mContentDescription')),
    m('public void setContentDescription(java.lang.CharSequence)', (c, self, [d]) => c.set(self!, 'mContentDescription', d ?? null)),
    m('public int getId()', (c, self) => c.get(self!, 'mID')),
    m('public void setId(int)', (c, self, [id]) => c.set(self!, 'mID', id ?? 0)),
    m('public boolean performClick()', (c, self) => {
      const l = c.get(self!, 'mOnClickListener') as JObject | null;
      if (l === null) return false;
      c.call(l, 'onClick', ['android.view.View'], [self]);
      return true;
    }),
    m('private boolean performClickInternal()', { since: 28 }, (c, self) => c.call(self!, 'performClick')),
    m('public void setOnClickListener(android.view.View$OnClickListener)', (c, self, [l]) => c.set(self!, 'mOnClickListener', l ?? null)),
    m('public int getVisibility()', (c, self) => (c.get(self!, 'mViewFlags') as number) & VISIBILITY_MASK),
    m('public void setVisibility(int)', (c, self, [v]) => {
      const flags = c.get(self!, 'mViewFlags') as number;
      c.set(self!, 'mViewFlags', (flags & ~VISIBILITY_MASK) | ((v as number) & VISIBILITY_MASK));
    }),
    // AOSP View.isShown: this view and every ancestor VISIBLE, and the chain ends at a window root.
    m('public boolean isShown()', (c, self) => {
      for (let v: JObject | undefined = self!; v !== undefined; v = parents.get(v)) {
        if (((c.get(v, 'mViewFlags') as number) & VISIBILITY_MASK) !== VISIBLE) return false;
        if (!parents.has(v)) return attachedRoots.has(v);
      }
      return false;
    }),
  ]),
  cls('public interface android.view.View$OnClickListener', { file: 'View.java' }, [m('public abstract void onClick(android.view.View)')]),
  cls('private final class android.view.View$PerformClick implements java.lang.Runnable', { file: 'View.java' }, [
    f('final android.view.View this$0'),
    m('<init>(android.view.View)', (c, self, [v]) => c.set(self!, 'this$0', v ?? null)),
    m('public void run()', (c, self) => {
      const v = c.get(self!, 'this$0') as JObject;
      if (c.api >= 28) c.callSpecial(v, 'android.view.View', 'performClickInternal');
      else c.call(v, 'performClick');
    }),
  ]),
  cls('public class android.widget.TextView extends android.view.View', {}, [
    f('private java.lang.CharSequence mText'),
    m('public <init>(android.content.Context)', (c, self, [ctx]) => c.callSpecial(self!, 'android.view.View', '<init>', ['android.content.Context'], [ctx])),
    m('public java.lang.CharSequence getText()', (c, self) => c.get(self!, 'mText')),
    m('public final void setText(java.lang.CharSequence)', (c, self, [t]) => c.set(self!, 'mText', t ?? '')),
  ]),
  cls('public class android.widget.Button extends android.widget.TextView', {}, [
    m('public <init>(android.content.Context)', (c, self, [ctx]) => c.callSpecial(self!, 'android.widget.TextView', '<init>', ['android.content.Context'], [ctx])),
  ]),
];
