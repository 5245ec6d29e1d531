// The bottom of every app process's main thread: zygote's entry calling ActivityThread.main
// through reflection.
import { cls, m, type ClassSpec } from '../java/model.js';

export const internal: readonly ClassSpec[] = [
  cls('public class com.android.internal.os.ZygoteInit', {}, [m('public static void main(java.lang.String[])')]),
  cls('public class com.android.internal.os.RuntimeInit', {}, []),
  cls('static class com.android.internal.os.RuntimeInit$MethodAndArgsCaller implements java.lang.Runnable', { file: 'RuntimeInit.java' }, [m('public void run()')]),
];
