// Phone and call state listeners.
import type { HookArea } from './types.js';

const TM = 'android.telephony.TelephonyManager';

export const phone: HookArea = {
  area: 'phone',
  hooks: [
    { id: 'phone.listen', class: TM, method: 'listen', overloads: 'all', kind: 'pi', dataType: 'phone_state', extract: 'phone-listen', note: 'the events mask says what is watched (call state, cell location, ...)' },
    { id: 'phone.registerTelephonyCallback', class: TM, method: 'registerTelephonyCallback', overloads: 'all', kind: 'pi', dataType: 'phone_state', minApi: 31, outermostOnly: true, args: false },
    { id: 'phone.getCallState', class: TM, method: 'getCallState', overloads: 'all', kind: 'pi', dataType: 'phone_state' },
    { id: 'phone.getServiceState', class: TM, method: 'getServiceState', overloads: 'all', kind: 'pi', dataType: 'phone_state', minApi: 26, ret: false },
  ],
};
