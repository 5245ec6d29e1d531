// Sensors. The sensor type is reported ('accelerometer', ...): MIIT singles out apps that listen
// to the accelerometer to turn a shake into an ad click ("摇一摇").
import type { HookArea, HookSpec } from './types.js';

const SM = 'android.hardware.SensorManager';
const s = (method: string, extra: Partial<HookSpec> = {}): HookSpec => ({ id: `sensor.${method}`, class: SM, method, overloads: 'all', kind: 'pi', dataType: 'sensor', extract: 'sensor', ...extra });

export const sensors: HookArea = {
  area: 'sensors',
  hooks: [
    s('registerListener', { args: false, outermostOnly: true, note: 'every overload, including the deprecated SensorListener(int mask) ones' }),
    s('requestTriggerSensor', { args: false }),
    s('getDefaultSensor', { ret: false }),
    s('getSensorList', { ret: false }),
    s('getDynamicSensorList', { ret: false, minApi: 24 }),
  ],
};
