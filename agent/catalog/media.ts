// Camera, microphone and screen capture (which sees everything on the screen, other apps included).
import type { HookArea } from './types.js';

export const media: HookArea = {
  area: 'media',
  hooks: [
    { id: 'camera.open', class: 'android.hardware.Camera', method: 'open', overloads: 'all', kind: 'pi', dataType: 'camera', ret: false, note: 'legacy camera API' },
    { id: 'camera2.openCamera', class: 'android.hardware.camera2.CameraManager', method: 'openCamera', overloads: 'all', kind: 'pi', dataType: 'camera', args: [0] },
    { id: 'mediaRecorder.setVideoSource', class: 'android.media.MediaRecorder', method: 'setVideoSource', overloads: 'all', kind: 'pi', dataType: 'camera' },
    { id: 'mediaRecorder.setAudioSource', class: 'android.media.MediaRecorder', method: 'setAudioSource', overloads: 'all', kind: 'pi', dataType: 'microphone' },
    { id: 'audioRecord.startRecording', class: 'android.media.AudioRecord', method: 'startRecording', overloads: 'all', kind: 'pi', dataType: 'microphone' },
    { id: 'speech.startListening', class: 'android.speech.SpeechRecognizer', method: 'startListening', overloads: 'all', kind: 'pi', dataType: 'microphone', args: false },
    { id: 'screen.getMediaProjection', class: 'android.media.projection.MediaProjectionManager', method: 'getMediaProjection', overloads: 'all', kind: 'pi', dataType: 'screen_capture', args: [0], note: "turns the capture prompt's result into the capture token (null when the user refused)" },
    // The capture itself: name and size of the virtual display that mirrors the screen. 'all' also
    // covers the hidden isSecure overload and, where AOSP has it, the hidden overload the public
    // one forwards to (one call, one event: reported by the outermost).
    { id: 'screen.createVirtualDisplay', class: 'android.media.projection.MediaProjection', method: 'createVirtualDisplay', overloads: 'all', kind: 'pi', dataType: 'screen_capture', args: [0, 1, 2], ret: false, note: 'starts the screen capture (display name, width, height); apps targeting 34+ must register a callback first, and a token captures once' },
  ],
};
