// Camera and microphone. The device has a back (id 0) and a front (id 1) camera. Without CAMERA the
// camera service refuses (Camera.open: RuntimeException "Fail to connect to camera service";
// camera2: SecurityException); since Android 9 apps in the background cannot use the camera at
// all (the device is disconnected / disabled) and get silence from the microphone. Without
// RECORD_AUDIO an AudioRecord stays uninitialized and MediaRecorder refuses the audio source.
// SpeechRecognizer must be used from the main thread; without RECORD_AUDIO its listener hears
// ERROR_INSUFFICIENT_PERMISSIONS, otherwise it gets ready and then ERROR_NO_MATCH (nobody speaks).
import type { JObject } from '../java/heap.js';
import { cls, f, m, type Call, type ClassSpec, type JValue } from '../java/model.js';
import { registerSystemService } from './content.js';
import { mainLooper } from './os.js';

const CAMERA = 'android.permission.CAMERA';
const MIC = 'android.permission.RECORD_AUDIO';
const CAMERA_IDS = ['0', '1'];
const SPEECH_RUNNER = 'android.speech.SpeechRecognizer$CallbackRunner';

function inBackground(c: Call): boolean {
  return c.api >= 28 && c.env.system.foregroundPackage() !== c.env.app.package;
}

/** Posts a camera/speech callback to a Handler (the main looper when none). */
function postCallback(c: Call, handler: JValue, target: JObject, method: string, params: string[], args: JValue[], runner = 'android.hardware.camera2.impl.CameraDeviceImpl$CallbackRunner'): void {
  const h = (handler as JObject | null) ?? c.newObject('android.os.Handler', ['android.os.Looper'], [mainLooper(c)]);
  const r = c.vm.alloc(c.vm.bootClass(runner));
  r.native = { target, method, params, args };
  c.call(h as JObject, 'post', ['java.lang.Runnable'], [r]);
}

export const media: readonly ClassSpec[] = [
  cls('public class android.hardware.Camera', {}, [
    m('public static int getNumberOfCameras()', () => CAMERA_IDS.length),
    // open() is the first back-facing camera.
    m('public static android.hardware.Camera open()', (c) => c.callStatic('android.hardware.Camera', 'open', ['int'], [0])),
    m('public static android.hardware.Camera open(int)', (c, _s, [id]) => {
      if (!c.env.permissionGranted(CAMERA) || inBackground(c) || (id as number) < 0 || (id as number) >= CAMERA_IDS.length) c.throwNew('java.lang.RuntimeException', 'Fail to connect to camera service');
      const cam = c.vm.alloc(c.vm.bootClass('android.hardware.Camera'));
      cam.native = { id };
      return cam;
    }),
    m('public final void release()'),
  ]),
  cls('public final class android.hardware.camera2.CameraManager', {}, [
    m('public java.lang.String[] getCameraIdList()', (c) => c.vm.newArray('[Ljava.lang.String;', [...CAMERA_IDS])),
    m('public void openCamera(java.lang.String, android.hardware.camera2.CameraDevice$StateCallback, android.os.Handler)', (c, _s, [id, cb, h]) => openCamera(c, id ?? null, cb ?? null, h ?? null)),
    m('public void openCamera(java.lang.String, java.util.concurrent.Executor, android.hardware.camera2.CameraDevice$StateCallback)', { since: 28 }, (c, _s, [id, ex, cb]) => {
      if (ex === null) c.throwNew('java.lang.IllegalArgumentException', 'executor was null');
      openCamera(c, id ?? null, cb ?? null, null);
    }),
  ]),
  cls('public abstract class android.hardware.camera2.CameraDevice', {}, [m('public abstract void close()'), m('public abstract java.lang.String getId()')]),
  cls('public class android.hardware.camera2.impl.CameraDeviceImpl extends android.hardware.camera2.CameraDevice', {}, [
    m('public void close()'),
    m('public java.lang.String getId()', (_c, self) => (self!.native as { id: string }).id),
  ]),
  // What the camera service's callbacks run as on the client's Handler.
  cls('final class android.hardware.camera2.impl.CameraDeviceImpl$CallbackRunner implements java.lang.Runnable', { file: 'CameraDeviceImpl.java' }, [
    m('public void run()', (c, self) => {
      const st = self!.native as { target: JObject; method: string; params: string[]; args: JValue[] };
      c.call(st.target, st.method, st.params, st.args);
    }),
  ]),
  cls('public static abstract class android.hardware.camera2.CameraDevice$StateCallback', { file: 'CameraDevice.java' }, [
    f('public static final int ERROR_CAMERA_DISABLED', { value: 3 }),
    m('public <init>()'),
    m('public abstract void onDisconnected(android.hardware.camera2.CameraDevice)'),
    m('public abstract void onError(android.hardware.camera2.CameraDevice, int)'),
    m('public abstract void onOpened(android.hardware.camera2.CameraDevice)'),
  ]),
  cls('public class android.media.MediaRecorder', {}, [
    m('public <init>()', (_c, self) => {
      self!.native = { audio: -1, video: -1 };
    }),
    m('public <init>(android.content.Context)', { since: 31 }, (_c, self) => {
      self!.native = { audio: -1, video: -1 };
    }),
    m('public void release()'),
    m('public native void setAudioSource(int)', (c, self, [src]) => {
      if (!c.env.permissionGranted(MIC)) c.throwNew('java.lang.RuntimeException', 'setAudioSource failed.');
      (self!.native as { audio: number }).audio = src as number;
    }),
    m('public native void setVideoSource(int)', (c, self, [src]) => {
      if (!c.env.permissionGranted(CAMERA)) c.throwNew('java.lang.RuntimeException', 'setVideoSource failed.');
      (self!.native as { video: number }).video = src as number;
    }),
  ]),
  cls('public class android.media.AudioRecord', {}, [
    f('public static final int STATE_INITIALIZED', { value: 1 }),
    f('public static final int STATE_UNINITIALIZED', { value: 0 }),
    m('public <init>(int, int, int, int, int)', (c, self) => {
      self!.native = { state: c.env.permissionGranted(MIC) ? 1 : 0, recording: 1 };
    }),
    m('public int getRecordingState()', (_c, self) => (self!.native as { recording: number }).recording),
    m('public int getState()', (_c, self) => (self!.native as { state: number }).state),
    m('public void release()', (_c, self) => {
      (self!.native as { state: number }).state = 0;
    }),
    m('public void startRecording()', (c, self) => startRecording(c, self!)),
    m('public void startRecording(android.media.MediaSyncEvent)', (c, self, [ev]) => {
      if (ev === null) c.throwNew('java.lang.IllegalArgumentException', 'syncEvent is null');
      startRecording(c, self!);
    }),
  ]),
  cls('public class android.media.MediaSyncEvent implements android.os.Parcelable', {}, [
    m('public static android.media.MediaSyncEvent createEvent(int)', (c, _s, [type]) => {
      const e = c.vm.alloc(c.vm.bootClass('android.media.MediaSyncEvent'));
      e.native = { type };
      return e;
    }),
  ]),
  cls('public class android.speech.SpeechRecognizer', {}, [
    f('public static final int ERROR_INSUFFICIENT_PERMISSIONS', { value: 9 }),
    f('public static final int ERROR_NO_MATCH', { value: 7 }),
    m('public static android.speech.SpeechRecognizer createSpeechRecognizer(android.content.Context)', (c, _s, [ctx]) => {
      if (ctx === null) c.throwNew('java.lang.IllegalArgumentException', 'Context cannot be null');
      const r = c.vm.alloc(c.vm.bootClass('android.speech.SpeechRecognizer'));
      r.native = { listener: null };
      return r;
    }),
    m('public void setRecognitionListener(android.speech.RecognitionListener)', (c, self, [l]) => {
      mainThreadOnly(c);
      (self!.native as { listener: JValue }).listener = l ?? null;
    }),
    m('public void startListening(android.content.Intent)', (c, self, [intent]) => {
      if (intent === null) c.throwNew('java.lang.IllegalArgumentException', 'intent must not be null');
      mainThreadOnly(c);
      const l = (self!.native as { listener: JValue }).listener as JObject | null;
      if (l === null) return;
      if (!c.env.permissionGranted(MIC)) {
        postCallback(c, null, l, 'onError', ['int'], [9], SPEECH_RUNNER);
        return;
      }
      postCallback(c, null, l, 'onReadyForSpeech', ['android.os.Bundle'], [c.newObject('android.os.Bundle')], SPEECH_RUNNER);
      postCallback(c, null, l, 'onError', ['int'], [7], SPEECH_RUNNER);
    }),
    m('public void destroy()'),
  ]),
  cls('final class android.speech.SpeechRecognizer$CallbackRunner implements java.lang.Runnable', { file: 'SpeechRecognizer.java' }, [
    m('public void run()', (c, self) => {
      const st = self!.native as { target: JObject; method: string; params: string[]; args: JValue[] };
      c.call(st.target, st.method, st.params, st.args);
    }),
  ]),
  cls('public interface android.speech.RecognitionListener', {}, [
    m('public abstract void onError(int)'),
    m('public abstract void onReadyForSpeech(android.os.Bundle)'),
    m('public abstract void onResults(android.os.Bundle)'),
  ]),
];

function mainThreadOnly(c: Call): void {
  if (c.thread !== c.env.mainThread) c.throwNew('java.lang.RuntimeException', "SpeechRecognizer should be used only from the application's main thread");
}

function startRecording(c: Call, self: JObject): void {
  const st = self.native as { state: number; recording: number };
  if (st.state !== 1) c.throwNew('java.lang.IllegalStateException', 'startRecording() called on an uninitialized AudioRecord.');
  st.recording = 3; // RECORDSTATE_RECORDING (silence while in the background, Android 9+)
}

function openCamera(c: Call, id: JValue, cb: JValue, handler: JValue): void {
  if (id === null) c.throwNew('java.lang.IllegalArgumentException', 'cameraId was null');
  if (cb === null) c.throwNew('java.lang.IllegalArgumentException', 'callback was null');
  if (!CAMERA_IDS.includes(id as string)) c.throwNew('java.lang.IllegalArgumentException', `getCameraCharacteristics:${id as string}: Unable to retrieve camera characteristics for unknown device ${id as string}: No such file or directory (-2)`);
  if (!c.env.permissionGranted(CAMERA)) {
    c.throwNew('java.lang.SecurityException', `validateClientPermissionsLocked:1066: Caller "${c.env.app.package}" (PID ${c.env.pid}, UID ${c.env.uid}) cannot open camera "${id as string}" without camera permission`);
  }
  const dev = c.vm.alloc(c.vm.bootClass('android.hardware.camera2.impl.CameraDeviceImpl'));
  dev.native = { id };
  if (inBackground(c)) postCallback(c, handler, cb as JObject, 'onError', ['android.hardware.camera2.CameraDevice', 'int'], [dev, 3]);
  else postCallback(c, handler, cb as JObject, 'onOpened', ['android.hardware.camera2.CameraDevice'], [dev]);
}

registerSystemService('camera', (c: Call): JObject => c.vm.alloc(c.vm.bootClass('android.hardware.camera2.CameraManager')));
