// Windows an app puts on screen besides its activities: dialogs (AlertDialog keeps its title in the
// hidden AlertController, mAlert.mTitle) and popup windows, with the view groups their texts sit in.
// A dialog or popup needs an Activity's window token: shown from another context, the window
// manager refuses it with BadTokenException, as on a phone. Constructing a Dialog needs a Looper
// (it creates a Handler).
import type { JObject } from '../java/heap.js';
import { cls, f, m, type Call, type ClassSpec, type JValue } from '../java/model.js';
import { callerLooper } from './os.js';
import { attachRoot, detachRoot, setParent, windowManagerGlobal as windowManagerGlobalOf } from './view.js';

const V = 'android.view.View';
const CTX = 'android.content.Context';

function children(self: JObject | null): JObject[] {
  return ((self as JObject).native ??= []) as JObject[];
}

/** An Activity (not finishing) gives a window token; anything else cannot host a window. */
function requireToken(c: Call, ctx: JValue): void {
  const ok = ctx !== null && ctx !== undefined && c.vm.isInstance(ctx, c.vm.bootClass('android.app.Activity'));
  if (!ok) c.throwNew('android.view.WindowManager$BadTokenException', 'Unable to add window -- token null is not valid; is your activity running?');
}

/** Dialog and Toast build their Handler with new Handler() (the caller's Looper). */
function requireLooper(c: Call): void {
  callerLooper(c);
}

export const ui: readonly ClassSpec[] = [
  // ---- view groups -------------------------------------------------------------------------------
  cls('public abstract class android.view.ViewGroup extends android.view.View', {}, [
    m('public <init>(android.content.Context)', (c, self, [ctx]) => c.callSpecial(self!, V, '<init>', [CTX], [ctx])),
    m('public void addView(android.view.View)', (_c, self, [v]) => {
      if (v === null) return;
      children(self).push(v as JObject);
      setParent(v as JObject, self!);
    }),
    m('public android.view.View getChildAt(int)', (_c, self, [i]) => children(self)[i as number] ?? null),
    m('public int getChildCount()', (_c, self) => children(self).length),
    m('public void removeAllViews()', (_c, self) => {
      for (const v of children(self)) setParent(v, null);
      children(self).length = 0;
    }),
  ]),
  cls('public class android.widget.FrameLayout extends android.view.ViewGroup', {}, [
    m('public <init>(android.content.Context)', (c, self, [ctx]) => c.callSpecial(self!, 'android.view.ViewGroup', '<init>', [CTX], [ctx])),
  ]),
  cls('public class android.widget.LinearLayout extends android.view.ViewGroup', {}, [
    m('public <init>(android.content.Context)', (c, self, [ctx]) => c.callSpecial(self!, 'android.view.ViewGroup', '<init>', [CTX], [ctx])),
  ]),

  // ---- windows -----------------------------------------------------------------------------------
  cls('public abstract class android.view.Window', {}, [
    m('public <init>(android.content.Context)'),
    m('public abstract android.view.View getDecorView()'),
    m('public abstract void setContentView(android.view.View)'),
  ]),
  cls('public class com.android.internal.policy.PhoneWindow extends android.view.Window', {}, [
    f('com.android.internal.policy.DecorView mDecor'),
    m('public <init>(android.content.Context)', (c, self, [ctx]) => {
      c.callSpecial(self!, 'android.view.Window', '<init>', [CTX], [ctx]);
      c.set(self!, 'mDecor', c.newObject('com.android.internal.policy.DecorView', [CTX], [ctx]));
    }),
    m('public final android.view.View getDecorView()', (c, self) => c.get(self!, 'mDecor')),
    m('public void setContentView(android.view.View)', (c, self, [v]) => {
      const decor = c.get(self!, 'mDecor') as JObject;
      c.call(decor, 'removeAllViews');
      c.call(decor, 'addView', [V], [v]);
    }),
  ]),
  cls('public class com.android.internal.policy.DecorView extends android.widget.FrameLayout', {}, [
    m('<init>(android.content.Context)', (c, self, [ctx]) => c.callSpecial(self!, 'android.widget.FrameLayout', '<init>', [CTX], [ctx])),
  ]),
  // The process's window list: frameworks/base/core/java/android/view/WindowManagerGlobal.java
  cls('public final class android.view.WindowManagerGlobal', {}, [
    f('private final java.util.ArrayList mViews'),
    m('private <init>()', (c, self) => c.set(self!, 'mViews', c.newObject('java.util.ArrayList'))),
    m('public static android.view.WindowManagerGlobal getInstance()', (c) => windowManagerGlobalOf(c)),
  ]),
  cls('public static class android.view.WindowManager$BadTokenException extends java.lang.RuntimeException', { file: 'WindowManager.java' }, [
    m('public <init>(java.lang.String)', (c, self, [msg]) => c.callSpecial(self!, 'java.lang.RuntimeException', '<init>', ['java.lang.String'], [msg])),
  ]),

  // ---- dialogs -----------------------------------------------------------------------------------
  cls('public interface android.content.DialogInterface', {}, [m('public abstract void dismiss()')]),
  cls('public static interface android.content.DialogInterface$OnClickListener', { file: 'DialogInterface.java' }, [m('public abstract void onClick(android.content.DialogInterface, int)')]),
  cls('public class android.app.Dialog implements android.content.DialogInterface', {}, [
    f('final android.content.Context mContext'),
    f('final android.view.Window mWindow'),
    f('boolean mShowing'),
    m('public <init>(android.content.Context)', (c, self, [ctx]) => {
      requireLooper(c);
      c.set(self!, 'mContext', ctx ?? null);
      c.set(self!, 'mWindow', c.newObject('com.android.internal.policy.PhoneWindow', [CTX], [ctx]));
    }),
    m('public void dismiss()', (c, self) => {
      if (c.get(self!, 'mShowing') !== true) return;
      c.set(self!, 'mShowing', false);
      detachRoot(c, c.call(c.get(self!, 'mWindow') as JObject, 'getDecorView') as JObject);
    }),
    m('public final android.view.Window getWindow()', (c, self) => c.get(self!, 'mWindow')),
    m('public boolean isShowing()', (c, self) => c.get(self!, 'mShowing')),
    m('protected void onCreate(android.os.Bundle)'),
    m('public void setContentView(android.view.View)', (c, self, [v]) => c.call(c.get(self!, 'mWindow') as JObject, 'setContentView', [V], [v])),
    m('public void setTitle(java.lang.CharSequence)'),
    m('public void show()', (c, self) => {
      if (c.get(self!, 'mShowing') === true) return;
      if (c.thread !== c.env.mainThread) c.throwNew('android.view.ViewRootImpl$CalledFromWrongThreadException', 'Only the original thread that created a view hierarchy can touch its views.');
      c.call(self!, 'onCreate', ['android.os.Bundle'], [null]);
      requireToken(c, c.get(self!, 'mContext'));
      c.set(self!, 'mShowing', true);
      attachRoot(c, c.call(c.get(self!, 'mWindow') as JObject, 'getDecorView') as JObject);
    }),
  ]),
  cls('public static final class android.view.ViewRootImpl$CalledFromWrongThreadException extends android.util.AndroidRuntimeException', { file: 'ViewRootImpl.java' }, [
    m('public <init>(java.lang.String)', (c, self, [msg]) => c.callSpecial(self!, 'android.util.AndroidRuntimeException', '<init>', ['java.lang.String'], [msg])),
  ]),
  cls('public class android.util.AndroidRuntimeException extends java.lang.RuntimeException', {}, [
    m('public <init>(java.lang.String)', (c, self, [msg]) => c.callSpecial(self!, 'java.lang.RuntimeException', '<init>', ['java.lang.String'], [msg])),
  ]),
  cls('public class android.app.AlertDialog extends android.app.Dialog', {}, [
    f('private com.android.internal.app.AlertController mAlert'),
    m('protected <init>(android.content.Context)', (c, self, [ctx]) => {
      c.callSpecial(self!, 'android.app.Dialog', '<init>', [CTX], [ctx]);
      c.set(self!, 'mAlert', c.newObject('com.android.internal.app.AlertController', ['android.content.DialogInterface', 'android.view.Window'], [self, c.get(self!, 'mWindow')]));
    }),
    m('protected void onCreate(android.os.Bundle)', (c, self) => c.call(c.get(self!, 'mAlert') as JObject, 'installContent')),
    m('public void setMessage(java.lang.CharSequence)', (c, self, [t]) => c.set(c.get(self!, 'mAlert') as JObject, 'mMessage', t ?? null)),
    m('public void setTitle(java.lang.CharSequence)', (c, self, [t]) => c.set(c.get(self!, 'mAlert') as JObject, 'mTitle', t ?? null)),
  ]),
  cls('public static class android.app.AlertDialog$Builder', { file: 'AlertDialog.java' }, [
    m('public <init>(android.content.Context)', (_c, self, [ctx]) => {
      self!.native = { ctx: ctx ?? null, title: null, message: null, buttons: [] as JValue[] };
    }),
    m('public android.app.AlertDialog$Builder setTitle(java.lang.CharSequence)', (_c, self, [t]) => {
      (self!.native as { title: JValue }).title = t ?? null;
      return self;
    }),
    m('public android.app.AlertDialog$Builder setMessage(java.lang.CharSequence)', (_c, self, [t]) => {
      (self!.native as { message: JValue }).message = t ?? null;
      return self;
    }),
    m('public android.app.AlertDialog$Builder setPositiveButton(java.lang.CharSequence, android.content.DialogInterface$OnClickListener)', (_c, self, [t]) => {
      (self!.native as { buttons: JValue[] }).buttons.push(t ?? null);
      return self;
    }),
    m('public android.app.AlertDialog$Builder setNegativeButton(java.lang.CharSequence, android.content.DialogInterface$OnClickListener)', (_c, self, [t]) => {
      (self!.native as { buttons: JValue[] }).buttons.push(t ?? null);
      return self;
    }),
    m('public android.app.AlertDialog create()', (c, self) => {
      const b = self!.native as { ctx: JValue; title: JValue; message: JValue; buttons: JValue[] };
      const d = c.newObject('android.app.AlertDialog', [CTX], [b.ctx]);
      const alert = c.get(d, 'mAlert') as JObject;
      c.set(alert, 'mTitle', b.title);
      c.set(alert, 'mMessage', b.message);
      alert.native = b.buttons;
      return d;
    }),
    m('public android.app.AlertDialog show()', (c, self) => {
      const d = c.call(self!, 'create') as JObject;
      c.call(d, 'show');
      return d;
    }),
  ]),
  // AlertDialog's content: the title, message and button texts in the dialog window.
  cls('public class com.android.internal.app.AlertController', {}, [
    f('private java.lang.CharSequence mTitle'),
    f('private java.lang.CharSequence mMessage'),
    f('private final android.view.Window mWindow'),
    m('public <init>(android.content.DialogInterface, android.view.Window)', (c, self, [, w]) => c.set(self!, 'mWindow', w ?? null)),
    m('public void installContent()', (c, self) => {
      const decor = c.call(c.get(self!, 'mWindow') as JObject, 'getDecorView') as JObject;
      const ctx = c.get(decor, 'mContext');
      const panel = c.newObject('android.widget.LinearLayout', [CTX], [ctx]);
      const texts = [c.get(self!, 'mTitle'), c.get(self!, 'mMessage'), ...((self!.native ?? []) as JValue[])];
      for (const t of texts) {
        if (t === null || t === undefined) continue;
        const tv = c.newObject('android.widget.TextView', [CTX], [ctx]);
        c.call(tv, 'setText', ['java.lang.CharSequence'], [t]);
        c.call(panel, 'addView', [V], [tv]);
      }
      c.call(decor, 'removeAllViews');
      c.call(decor, 'addView', [V], [panel]);
    }),
  ]),

  // ---- popup windows -----------------------------------------------------------------------------
  cls('public class android.widget.PopupWindow', {}, [
    f('private android.view.View mContentView'),
    f('private boolean mIsShowing'),
    m('public <init>(android.view.View, int, int)', (c, self, [v]) => c.set(self!, 'mContentView', v ?? null)),
    m('public void dismiss()', (c, self) => c.set(self!, 'mIsShowing', false)),
    m('public android.view.View getContentView()', (c, self) => c.get(self!, 'mContentView')),
    m('public boolean isShowing()', (c, self) => c.get(self!, 'mIsShowing')),
    m('public void setContentView(android.view.View)', (c, self, [v]) => c.set(self!, 'mContentView', v ?? null)),
    m('public void showAsDropDown(android.view.View)', (c, self, [a]) => c.call(self!, 'showAsDropDown', [V, 'int', 'int'], [a, 0, 0])),
    m('public void showAsDropDown(android.view.View, int, int)', (c, self, [a, x, y]) => c.call(self!, 'showAsDropDown', [V, 'int', 'int', 'int'], [a, x, y, 0x800033])),
    m('public void showAsDropDown(android.view.View, int, int, int)', (c, self, [a]) => showPopup(c, self!, a ?? null)),
    m('public void showAtLocation(android.view.View, int, int, int)', (c, self, [p]) => showPopup(c, self!, p ?? null)),
  ]),
];

function showPopup(c: Call, self: JObject, anchor: JValue): void {
  if (c.get(self, 'mIsShowing') === true || c.get(self, 'mContentView') === null) return;
  if (anchor === null) c.throwNew('java.lang.NullPointerException', "Attempt to invoke virtual method 'android.os.IBinder android.view.View.getWindowToken()' on a null object reference");
  requireToken(c, c.get(anchor as JObject, 'mContext'));
  c.set(self, 'mIsShowing', true);
}
