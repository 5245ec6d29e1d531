// Settings keys that are personal information. Reading other keys (screen brightness, ...) is
// counted but not reported.
import type { DataType } from '../../protocol/constants.js';
import type { Extractor } from './types.js';

const SETTINGS_KEYS: Readonly<Record<string, DataType>> = {
  android_id: 'android_id',
  bluetooth_address: 'bluetooth_address',
  bluetooth_name: 'bluetooth_address',
};

/** Settings.Secure/System.getString(ContentResolver, String name). */
export const settingsKey: Extractor = (call) => {
  const key = call.args[1];
  if (typeof key !== 'string') return false;
  const dataType = SETTINGS_KEYS[key];
  if (dataType === undefined) return false;
  (call.draft as any).dataType = dataType;
  (call.draft as any).detail = { key };
  // Keep the value for payload matching on the host.
  if (typeof call.ret === 'string' && call.ret !== '') (call.draft as any).detail.values = [call.clip(call.ret)];
};

/** Telephony getters returning one identifier string; the value is kept for payload matching. */
export const identifierValue: Extractor = (call) => {
  if (typeof call.ret === 'string' && call.ret !== '') (call.draft as any).detail = { values: [call.clip(call.ret)] };
};
