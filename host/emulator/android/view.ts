// Views and clicks. A tap reaches View.performClick through a posted View$PerformClick runnable
// on the main thread, as in AOSP's onTouchEvent; performClick calls the OnClickListener.
import type { JObject } from '../java/heap.js';
import { cls, f, m, type Call, type ClassSpec } from '../java/model.js';
import { mainLooper } from './os.js';

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
