// The clipboard (ClipboardService). Since Android 10 only the app in front (or the default input
// method) can read it: getPrimaryClip() answers null, hasPrimaryClip() false, and change listeners
// stay silent for apps in the background. The call itself is still made, and seen.
import type { JObject } from '../java/heap.js';
import { cls, f, m, type Call, type ClassSpec, type JValue } from '../java/model.js';
import { registerSystemService } from './content.js';
import { mainLooper } from './os.js';

const CM = 'android.content.ClipboardManager';
const CD = 'android.content.ClipData';

function canRead(c: Call): boolean {
  return c.api < 29 || c.env.system.foregroundPackage() === c.env.app.package;
}

function clipOf(c: Call): JObject | null {
  const st = c.env.system.clipboard;
  if (st.text === null || !canRead(c)) return null;
  return c.callStatic(CD, 'newPlainText', ['java.lang.CharSequence', 'java.lang.CharSequence'], [st.label ?? '', st.text]) as JObject;
}

interface ClipState {
  label: JValue;
  items: JObject[];
}

export const clipboard: readonly ClassSpec[] = [
  cls('public abstract class android.text.ClipboardManager', {}, [
    m('public <init>()'),
    m('public abstract java.lang.CharSequence getText()'),
    m('public abstract boolean hasText()'),
    m('public abstract void setText(java.lang.CharSequence)'),
  ]),
  cls('public class android.content.ClipboardManager extends android.text.ClipboardManager', {}, [
    m('public android.content.ClipData getPrimaryClip()', (c) => clipOf(c)),
    m('public android.content.ClipDescription getPrimaryClipDescription()', (c) => {
      const clip = clipOf(c);
      return clip === null ? null : c.call(clip, 'getDescription');
    }),
    m('public boolean hasPrimaryClip()', (c) => c.env.system.clipboard.text !== null && canRead(c)),
    m('public void setPrimaryClip(android.content.ClipData)', (c, _s, [clip]) => {
      if (clip === null) c.throwNew('java.lang.NullPointerException', 'clip');
      const st = (clip as JObject).native as ClipState;
      const text = st.items[0] === undefined ? '' : String(c.call(st.items[0], 'getText') ?? '');
      c.env.system.setClipboard(text, st.label === null ? null : String(st.label), c.env.app.package);
    }),
    // AOSP ClipboardManager.getText(): `ClipData clip = getPrimaryClip();` then the first item's
    // text (conformance: android.clipboard.getTextForwards).
    m('public java.lang.CharSequence getText()', (c, self) => {
      const clip = c.call(self!, 'getPrimaryClip') as JObject | null;
      if (clip === null) return null;
      return c.call(c.call(clip, 'getItemAt', ['int'], [0]) as JObject, 'getText');
    }),
    m('public boolean hasText()', (c) => c.env.system.clipboard.text !== null && canRead(c)),
    m('public void setText(java.lang.CharSequence)', (c, self, [t]) =>
      c.call(self!, 'setPrimaryClip', [CD], [c.callStatic(CD, 'newPlainText', ['java.lang.CharSequence', 'java.lang.CharSequence'], [null, t])]),
    ),
    m('public void addPrimaryClipChangedListener(android.content.ClipboardManager$OnPrimaryClipChangedListener)', (c, _s, [l]) => {
      if (l === null) return;
      const vm = c.vm;
      const env = c.env;
      env.system.addClipListener(env.pid, () => {
        // Android 10+: only the app in front hears of changes.
        if (env.device.api >= 29 && env.system.foregroundPackage() !== env.app.package) return;
        env.post(env.mainThread, 0, () => {
          const cc = vm.callFor(vm.current);
          const h = cc.newObject('android.os.Handler', ['android.os.Looper'], [mainLooper(cc)]);
          const r = cc.vm.alloc(cc.vm.bootClass('android.content.ClipboardManager$CallbackRunner'));
          r.native = l;
          cc.call(h, 'post', ['java.lang.Runnable'], [r]);
        });
      });
    }),
    m('public void removePrimaryClipChangedListener(android.content.ClipboardManager$OnPrimaryClipChangedListener)'),
  ]),
  cls('public static interface android.content.ClipboardManager$OnPrimaryClipChangedListener', { file: 'ClipboardManager.java' }, [m('public abstract void onPrimaryClipChanged()')]),
  // ClipboardManager's change callback posts a Runnable (an anonymous class or lambda in AOSP) that calls the listener.
  cls('class android.content.ClipboardManager$CallbackRunner implements java.lang.Runnable', { file: 'ClipboardManager.java' }, [
    m('public void run()', (c, self) => c.call(self!.native as JObject, 'onPrimaryClipChanged')),
  ]),
  cls('public class android.content.ClipData implements android.os.Parcelable', {}, [
    m('public static android.content.ClipData newPlainText(java.lang.CharSequence, java.lang.CharSequence)', (c, _s, [label, text]) => {
      const d = c.vm.alloc(c.vm.bootClass(CD));
      d.native = { label: label ?? null, items: [c.newObject('android.content.ClipData$Item', ['java.lang.CharSequence'], [text])] } satisfies ClipState;
      return d;
    }),
    m('public android.content.ClipDescription getDescription()', (c, self) => {
      const desc = c.vm.alloc(c.vm.bootClass('android.content.ClipDescription'));
      desc.native = { label: (self!.native as ClipState).label };
      return desc;
    }),
    m('public android.content.ClipData$Item getItemAt(int)', (c, self, [i]) => {
      const items = (self!.native as ClipState).items;
      if ((i as number) < 0 || (i as number) >= items.length) c.throwNew('java.lang.IndexOutOfBoundsException', `Index ${String(i)} out of bounds for length ${items.length}`);
      return items[i as number]!;
    }),
    m('public int getItemCount()', (_c, self) => (self!.native as ClipState).items.length),
  ]),
  cls('public static class android.content.ClipData$Item', { file: 'ClipData.java' }, [
    m('public <init>(java.lang.CharSequence)', (_c, self, [t]) => {
      self!.native = t ?? null;
    }),
    m('public java.lang.CharSequence getText()', (_c, self) => self!.native as JValue),
  ]),
  cls('public class android.content.ClipDescription implements android.os.Parcelable', {}, [
    f('public static final java.lang.String MIMETYPE_TEXT_PLAIN', { value: 'text/plain' }),
    m('public java.lang.CharSequence getLabel()', (_c, self) => (self!.native as { label: JValue }).label),
    m('public java.lang.String getMimeType(int)', (c, _s, [i]) => (i === 0 ? 'text/plain' : c.throwNew('java.lang.ArrayIndexOutOfBoundsException', `length=1; index=${String(i)}`))),
    m('public int getMimeTypeCount()', () => 1),
    m('public boolean hasMimeType(java.lang.String)', (_c, _s, [t]) => t === 'text/plain' || t === 'text/*' || t === '*/*'),
  ]),
];

registerSystemService('clipboard', (c: Call): JObject => c.vm.alloc(c.vm.bootClass(CM)));
