// Device and subscriber identifiers.
import type { HookArea } from './types.js';

export const identifiers: HookArea = {
  area: 'identifiers',
  hooks: [
    {
      id: 'settings.secure.getString',
      class: 'android.provider.Settings$Secure',
      method: 'getString',
      overloads: [['android.content.ContentResolver', 'java.lang.String']],
      kind: 'pi',
      extract: 'settings-key',
      note: 'android_id and other Secure keys; funnels into the hidden getStringForUser',
    },
    {
      id: 'settings.system.getString',
      class: 'android.provider.Settings$System',
      method: 'getString',
      overloads: [['android.content.ContentResolver', 'java.lang.String']],
      kind: 'pi',
      extract: 'settings-key',
      note: 'legacy apps read android_id through Settings.System, which forwards it to Secure',
    },
    {
      id: 'telephony.getDeviceId',
      class: 'android.telephony.TelephonyManager',
      method: 'getDeviceId',
      overloads: 'all',
      kind: 'pi',
      dataType: 'imei',
      extract: 'identifier-value',
      note: 'deprecated in API 26; throws SecurityException for normal apps since Android 10, but the call shows intent',
    },
    {
      id: 'telephony.getImei',
      class: 'android.telephony.TelephonyManager',
      method: 'getImei',
      overloads: 'all',
      kind: 'pi',
      dataType: 'imei',
      minApi: 26,
      extract: 'identifier-value',
    },
  ],
};
