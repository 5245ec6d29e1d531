// SMS sent and received by the app. Sending an SMS is an action on the user's behalf (and a cost),
// reading incoming ones is reading their content.
import type { HookArea } from './types.js';

const SMS = 'android.telephony.SmsManager';

export const messaging: HookArea = {
  area: 'messaging',
  hooks: [
    { id: 'sms.sendTextMessage', class: SMS, method: 'sendTextMessage', overloads: 'all', kind: 'pi', dataType: 'sms_send', outermostOnly: 'sms-send', extract: 'sms-send', args: [0], note: 'the API 30 messageId form and the public one reach the same private sendTextMessageInternal' },
    { id: 'sms.sendMultipartTextMessage', class: SMS, method: 'sendMultipartTextMessage', overloads: 'all', kind: 'pi', dataType: 'sms_send', outermostOnly: 'sms-send', extract: 'sms-send', args: [0] },
    { id: 'sms.sendDataMessage', class: SMS, method: 'sendDataMessage', overloads: 'all', kind: 'pi', dataType: 'sms_send', outermostOnly: 'sms-send', extract: 'sms-send', args: [0, 2] },
    { id: 'sms.getMessagesFromIntent', class: 'android.provider.Telephony$Sms$Intents', method: 'getMessagesFromIntent', overloads: 'all', kind: 'pi', dataType: 'sms', outermostOnly: 'sms-receive', extract: 'list-count', args: false, note: 'incoming SMS from an SMS_RECEIVED broadcast; calls SmsMessage.createFromPdu itself (the outermost reports)' },
    { id: 'sms.createFromPdu', class: 'android.telephony.SmsMessage', method: 'createFromPdu', overloads: 'all', kind: 'pi', dataType: 'sms', outermostOnly: 'sms-receive', args: false, ret: false, note: 'createFromPdu(byte[]) forwards to createFromPdu(byte[], String format) from API 23' },
  ],
};
