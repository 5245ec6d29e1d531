// Sensors (SensorManager -> the hidden SystemSensorManager). Every registerListener overload
// funnels into registerListenerImpl; the device's sensors come from the scenario (a typical phone's
// set by default). A registration gets its first sample delivered on the listener's handler (the
// main thread by default); the emulator does not stream further samples. Android 9+ delivers no
// samples of continuous sensors to apps in the background; Android 12+ needs
// HIGH_SAMPLING_RATE_SENSORS for rates above 200 Hz (apps targeting 31+).
import type { JObject } from '../java/heap.js';
import { cls, f, m, type Call, type ClassSpec, type JValue } from '../java/model.js';
import type { SensorFacts } from './env.js';
import { registerSystemService } from './content.js';
import { mainLooper } from './os.js';
import { unmodifiableList } from './util.js';

const SM = 'android.hardware.SensorManager';
const SEL = 'android.hardware.SensorEventListener';
const SEN = 'android.hardware.Sensor';
const H = 'android.os.Handler';
const IMPL = [SEL, SEN, 'int', H, 'int', 'int'];

/** SensorManager.getDelay: the SENSOR_DELAY_* constants as microseconds. */
function delayUs(rate: number): number {
  switch (rate) {
    case 0:
      return 0;
    case 1:
      return 20_000;
    case 2:
      return 66_667;
    case 3:
      return 200_000;
    default:
      return rate;
  }
}

const TYPE_SIGNIFICANT_MOTION = 17;
/** Sensors whose default (getDefaultSensor(type)) is the wake-up variant. */
const WAKE_UP_DEFAULTS = new Set([8, TYPE_SIGNIFICANT_MOTION, 22, 23, 25, 26, 32]);

/** A plausible first reading for a sensor type (device at rest, face up, indoors). */
function firstSample(type: number): number[] {
  switch (type) {
    case 1:
      return [0.12, 0.28, 9.79];
    case 2:
      return [-12.5, 30.1, -40.2];
    case 4:
      return [0.0, 0.0, 0.0];
    case 5:
      return [120.0];
    case 8:
      return [5.0];
    case 9:
      return [0.12, 0.28, 9.78];
    case 11:
      return [0.01, 0.0, 0.71, 0.7];
    case 19:
      return [1234.0];
    default:
      return [0.0];
  }
}

function sensorObject(c: Call, s: SensorFacts): JObject {
  const o = c.vm.alloc(c.vm.bootClass(SEN));
  o.native = s;
  return o;
}

function sensors(c: Call, type: number, dynamic: boolean): JObject[] {
  return c.env.device.sensors.filter((s) => s.dynamic === dynamic && (type === -1 || s.type === type)).map((s) => sensorObject(c, s));
}

function facts(o: JValue): SensorFacts {
  return (o as JObject).native as SensorFacts;
}

export const sensorClasses: readonly ClassSpec[] = [
  cls('public abstract class android.hardware.SensorManager', {}, [
    f('public static final int SENSOR_DELAY_NORMAL', { value: 3 }),
    f('public static final int SENSOR_DELAY_GAME', { value: 1 }),
    m('public <init>()'),
    m('public boolean registerListener(android.hardware.SensorEventListener, android.hardware.Sensor, int)', (c, self, [l, s, r]) => c.call(self!, 'registerListener', [SEL, SEN, 'int', H], [l, s, r, null])),
    m('public boolean registerListener(android.hardware.SensorEventListener, android.hardware.Sensor, int, int)', (c, self, [l, s, r, lat]) => c.call(self!, 'registerListenerImpl', IMPL, [l, s, delayUs(r as number), null, lat, 0])),
    m('public boolean registerListener(android.hardware.SensorEventListener, android.hardware.Sensor, int, android.os.Handler)', (c, self, [l, s, r, h]) => c.call(self!, 'registerListenerImpl', IMPL, [l, s, delayUs(r as number), h, 0, 0])),
    m('public boolean registerListener(android.hardware.SensorEventListener, android.hardware.Sensor, int, int, android.os.Handler)', (c, self, [l, s, r, lat, h]) => c.call(self!, 'registerListenerImpl', IMPL, [l, s, delayUs(r as number), h, lat, 0])),
    m('public boolean registerListener(android.hardware.SensorListener, int)', (c, self, [l, mask]) => c.call(self!, 'registerListener', ['android.hardware.SensorListener', 'int', 'int'], [l, mask, 3])),
    // The deprecated SensorListener API: bit masks of the old SENSOR_* constants, accepted when a matching sensor exists.
    m('public boolean registerListener(android.hardware.SensorListener, int, int)', (c, _s, [l, mask]) => {
      if (l === null) return false;
      const legacy: [number, number][] = [
        [2, 1],
        [8, 2],
        [1, 3],
        [16, 5],
        [32, 8],
      ];
      return legacy.some(([bit, type]) => ((mask as number) & bit) !== 0 && c.env.device.sensors.some((s) => s.type === type));
    }),
    m('protected abstract boolean registerListenerImpl(android.hardware.SensorEventListener, android.hardware.Sensor, int, android.os.Handler, int, int)'),
    m('public void unregisterListener(android.hardware.SensorEventListener)'),
    m('public boolean requestTriggerSensor(android.hardware.TriggerEventListener, android.hardware.Sensor)', (c, _s, [l, s]) => {
      if (s === null) c.throwNew('java.lang.IllegalArgumentException', 'sensor cannot be null');
      if (l === null) c.throwNew('java.lang.IllegalArgumentException', 'listener cannot be null');
      return facts(s).type === TYPE_SIGNIFICANT_MOTION;
    }),
    m('public android.hardware.Sensor getDefaultSensor(int)', (c, self, [type]) => {
      const list = c.call(self!, 'getSensorList', ['int'], [type]) as JObject;
      const wakeUp = WAKE_UP_DEFAULTS.has(type as number);
      return ((list.native as JObject[]).find((s) => facts(s).wakeUp === wakeUp) as JObject | undefined) ?? null;
    }),
    m('public android.hardware.Sensor getDefaultSensor(int, boolean)', (c, self, [type, wake]) => {
      const list = c.call(self!, 'getSensorList', ['int'], [type]) as JObject;
      return ((list.native as JObject[]).find((s) => facts(s).wakeUp === wake) as JObject | undefined) ?? null;
    }),
    m('public java.util.List getSensorList(int)', (c, _s, [type]) => unmodifiableList(c, sensors(c, type as number, false))),
    m('public java.util.List getDynamicSensorList(int)', { since: 24 }, (c, _s, [type]) => unmodifiableList(c, sensors(c, type as number, true))),
  ]),
  cls('public class android.hardware.SystemSensorManager extends android.hardware.SensorManager', {}, [
    m('public <init>()', (c, self) => c.callSpecial(self!, SM, '<init>', [])),
    m('protected boolean registerListenerImpl(android.hardware.SensorEventListener, android.hardware.Sensor, int, android.os.Handler, int, int)', (c, _s, [l, s, delay, h]) => {
      if (l === null || s === null) return false;
      if (c.api >= 31 && c.env.app.targetSdk >= 31 && (delay as number) < 5000 && !c.env.permissionGranted('android.permission.HIGH_SAMPLING_RATE_SENSORS')) {
        c.throwNew('java.lang.SecurityException', `To use the sampling rate of ${String(delay)} microseconds, app needs to declare the normal permission HIGH_SAMPLING_RATE_SENSORS.`);
      }
      const sensor = s as JObject;
      const queue = c.vm.alloc(c.vm.bootClass('android.hardware.SystemSensorManager$SensorEventQueue'));
      queue.native = { listener: l, sensor };
      // Samples arrive through the queue's looper callback (native, not a Handler message).
      const looper = h === null ? mainLooper(c) : (c.get(h as JObject, 'mLooper') as JObject);
      const thread = (looper.native as { thread: import('../java/threads.js').JavaThread }).thread;
      const vm = c.vm;
      const env = c.env;
      env.post(thread, Math.max(1, Math.round((delay as number) / 1000)), () => {
        if (env.device.api >= 28 && env.system.foregroundPackage() !== env.app.package) return;
        const cc = vm.callFor(vm.current);
        cc.call(queue, 'dispatchSensorEvent', ['int', '[F', 'int', 'long'], [facts(sensor).type, cc.vm.newArray('[F', firstSample(facts(sensor).type)), 3, BigInt(Math.floor(env.uptime())) * 1_000_000n]);
      });
      return true;
    }),
  ]),
  // A listener's event queue; the looper calls dispatchSensorEvent when samples arrive.
  cls('static final class android.hardware.SystemSensorManager$SensorEventQueue', { file: 'SystemSensorManager.java' }, [
    m('protected void dispatchSensorEvent(int, float[], int, long)', (c, self, [, values, accuracy, ts]) => {
      const st = self!.native as { listener: JObject; sensor: JObject };
      const ev = c.vm.alloc(c.vm.bootClass('android.hardware.SensorEvent'));
      c.set(ev, 'sensor', st.sensor);
      c.set(ev, 'values', values ?? null);
      c.set(ev, 'accuracy', accuracy ?? 0);
      c.set(ev, 'timestamp', ts ?? 0n);
      c.call(st.listener, 'onSensorChanged', ['android.hardware.SensorEvent'], [ev]);
    }),
  ]),
  cls('public final class android.hardware.Sensor', {}, [
    f('public static final int TYPE_ACCELEROMETER', { value: 1 }),
    f('public static final int TYPE_ALL', { value: -1 }),
    m('public java.lang.String getName()', (_c, self) => facts(self).name),
    m('public int getType()', (_c, self) => facts(self).type),
    m('public java.lang.String getVendor()', (_c, self) => facts(self).vendor),
    m('public boolean isWakeUpSensor()', (_c, self) => facts(self).wakeUp),
    m('public java.lang.String toString()', (_c, self) => `{Sensor name="${facts(self).name}", vendor="${facts(self).vendor}", version=1, type=${facts(self).type}}`),
  ]),
  cls('public class android.hardware.SensorEvent', {}, [
    f('public int accuracy'),
    f('public android.hardware.Sensor sensor'),
    f('public long timestamp'),
    f('public final float[] values'),
  ]),
  cls('public interface android.hardware.SensorEventListener', {}, [
    m('public abstract void onAccuracyChanged(android.hardware.Sensor, int)'),
    m('public abstract void onSensorChanged(android.hardware.SensorEvent)'),
  ]),
  cls('public interface android.hardware.SensorListener', {}, [m('public abstract void onAccuracyChanged(int, int)'), m('public abstract void onSensorChanged(int, float[])')]),
  cls('public abstract class android.hardware.TriggerEventListener', {}, [m('public <init>()'), m('public abstract void onTrigger(android.hardware.TriggerEvent)')]),
  cls('public final class android.hardware.TriggerEvent', {}, []),
];

registerSystemService('sensor', (c: Call): JObject => c.newObject('android.hardware.SystemSensorManager'));
