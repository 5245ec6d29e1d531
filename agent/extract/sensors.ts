// Sensor registrations and queries, with the sensor type by name; telephony listeners' masks.
import { argOf, num, paramIndex, setDetail } from './java.js';
import type { Extractor } from './types.js';

/** Sensor.TYPE_* values (android.hardware.Sensor). */
const SENSOR_TYPES: Readonly<Record<number, string>> = {
  [-1]: 'all',
  1: 'accelerometer',
  2: 'magnetic_field',
  3: 'orientation',
  4: 'gyroscope',
  5: 'light',
  6: 'pressure',
  7: 'temperature',
  8: 'proximity',
  9: 'gravity',
  10: 'linear_acceleration',
  11: 'rotation_vector',
  12: 'relative_humidity',
  13: 'ambient_temperature',
  14: 'magnetic_field_uncalibrated',
  15: 'game_rotation_vector',
  16: 'gyroscope_uncalibrated',
  17: 'significant_motion',
  18: 'step_detector',
  19: 'step_counter',
  20: 'geomagnetic_rotation_vector',
  21: 'heart_rate',
  30: 'motion_detect',
  31: 'heart_beat',
  34: 'low_latency_offbody_detect',
  35: 'accelerometer_uncalibrated',
  36: 'hinge_angle',
  37: 'head_tracker',
  38: 'accelerometer_limited_axes',
  39: 'gyroscope_limited_axes',
  40: 'accelerometer_limited_axes_uncalibrated',
  41: 'gyroscope_limited_axes_uncalibrated',
  42: 'heading',
};

/** Legacy SensorManager.SENSOR_* bit mask (the deprecated SensorListener API). */
const LEGACY_BITS: readonly [number, string][] = [
  [1, 'orientation'],
  [2, 'accelerometer'],
  [4, 'temperature'],
  [8, 'magnetic_field'],
  [16, 'light'],
  [32, 'proximity'],
  [64, 'tricorder'],
  [128, 'orientation_raw'],
];

export function sensorName(type: number): string {
  return SENSOR_TYPES[type] ?? `type_${type}`;
}

/** registerListener/requestTriggerSensor (Sensor argument), getDefaultSensor/getSensorList (int type). */
export const sensor: Extractor = (call) => {
  const s = argOf(call, 'android.hardware.Sensor');
  let name: string | undefined;
  if (s !== undefined && s !== null) {
    try {
      name = sensorName(num(s.getType()));
    } catch {
      name = undefined;
    }
  } else if (argOf(call, 'android.hardware.SensorListener') !== undefined) {
    const mask = num(call.args[paramIndex(call, 'int')]);
    name = LEGACY_BITS.filter(([bit]) => (mask & bit) !== 0)
      .map(([, n]) => n)
      .join(',');
  } else {
    const i = paramIndex(call, 'int');
    if (i >= 0) name = sensorName(num(call.args[i]));
  }
  if (name !== undefined && name !== '') setDetail(call, { sensor: name });
};

/** PhoneStateListener.LISTEN_* bits. */
const LISTEN_BITS: readonly [number, string][] = [
  [0x1, 'service_state'],
  [0x2, 'signal_strength'],
  [0x4, 'message_waiting'],
  [0x8, 'call_forwarding'],
  [0x10, 'cell_location'],
  [0x20, 'call_state'],
  [0x40, 'data_connection'],
  [0x80, 'data_activity'],
  [0x100, 'signal_strengths'],
  [0x400, 'cell_info'],
];

/** TelephonyManager.listen(PhoneStateListener, int events): what is watched (0 = stop). */
export const phoneListen: Extractor = (call) => {
  const mask = num(call.args[1]);
  if (!Number.isFinite(mask) || mask === 0) return false;
  const names = LISTEN_BITS.filter(([bit]) => (mask & bit) !== 0).map(([, n]) => n);
  setDetail(call, { key: names.join(',') || `0x${mask.toString(16)}` });
  if (names.includes('cell_location') || names.includes('cell_info')) (call.draft as any).dataType = 'cell_info';
};
