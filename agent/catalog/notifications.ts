// Notification listeners read other apps' notifications (message previews, verification codes).
// The listener's own callbacks are overridden by the app and cannot be hooked on the base class;
// the pulls are.
import type { HookArea } from './types.js';

const NLS = 'android.service.notification.NotificationListenerService';

export const notifications: HookArea = {
  area: 'notifications',
  hooks: [
    { id: 'notifications.getActiveNotifications', class: NLS, method: 'getActiveNotifications', overloads: 'all', kind: 'pi', dataType: 'notifications', extract: 'list-count' },
    { id: 'notifications.getSnoozedNotifications', class: NLS, method: 'getSnoozedNotifications', overloads: 'all', kind: 'pi', dataType: 'notifications', minApi: 26, extract: 'list-count' },
    { id: 'notifications.requestRebind', class: NLS, method: 'requestRebind', overloads: 'all', kind: 'pi', dataType: 'notifications', minApi: 24, note: 'asks the system to bind the listener again (keeps it alive)' },
  ],
};
