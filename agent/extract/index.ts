// Extractors by name, as hook specs refer to them.
import { consentApi } from './consent.js';
import { accountList, clipData, contentUri } from './content.js';
import { execCommand, fileOpen } from './collection.js';
import { adIdInfo, drmProperty, identifierValue, ipv4Int, listCount, macBytes, openidType, settingsKey, stringList, subscriptionList, syspropKey, wifiScan } from './identifiers.js';
import { intentLaunch, pendingIntent } from './intents.js';
import { activityEvent, activityFinish, click, dialog, popup } from './lifecycle.js';
import { geocode, location, locationRead } from './location.js';
import { smsSend } from './messaging.js';
import {
  apacheRequest,
  datagramSend,
  dnsLookup,
  hucRequest,
  okhttpNewCall,
  okhttpSend,
  socketConnect,
  socketWrite,
  urlOpen,
  volleyRequest,
  webviewLoad,
} from './network.js';
import { packageList, packageQuery, processList, resolveList, resolveOne } from './packages.js';
import { permCheck, permRequest, permResult } from './permissions.js';
import { alarm, foreground, job, receiverRegister, scheduleCancel, sticky, sync, work } from './scheduling.js';
import { phoneListen, sensor } from './sensors.js';
import { base64Encode, cipherData, cipherInit, compressWrite, digestData, macInit, silent, zipData } from './transforms.js';
import type { Extractor } from './types.js';
import { wakeDynamicReceiver, wakeProvider, wakeReceiver, wakeServiceCreate, wakeServiceIntent } from './wake.js';

export const EXTRACTORS: Readonly<Record<string, Extractor>> = {
  // identifiers
  'settings-key': settingsKey,
  'sysprop-key': syspropKey,
  'identifier-value': identifierValue,
  'ipv4-int': ipv4Int,
  'mac-bytes': macBytes,
  'wifi-scan': wifiScan,
  'list-count': listCount,
  'string-list': stringList,
  'subscription-list': subscriptionList,
  'ad-id-info': adIdInfo,
  'drm-property': drmProperty,
  'openid-type': openidType,
  // files and commands (agent/catalog/collection.ts)
  'file-open': fileOpen,
  'exec-command': execCommand,
  // location
  location,
  geocode,
  'location-read': locationRead,
  // messaging
  'sms-send': smsSend,
  // packages
  'package-list': packageList,
  'package-query': packageQuery,
  'resolve-list': resolveList,
  'resolve-one': resolveOne,
  'process-list': processList,
  // content, clipboard, accounts
  'content-uri': contentUri,
  'clip-data': clipData,
  'account-list': accountList,
  // sensors, phone
  sensor,
  'phone-listen': phoneListen,
  // permissions
  'perm-request': permRequest,
  'perm-result': permResult,
  'perm-check': permCheck,
  // network
  'url-open': urlOpen,
  'huc-request': hucRequest,
  'okhttp-newcall': okhttpNewCall,
  'okhttp-send': okhttpSend,
  'volley-request': volleyRequest,
  'apache-request': apacheRequest,
  'socket-connect': socketConnect,
  'socket-write': socketWrite,
  'datagram-send': datagramSend,
  'dns-lookup': dnsLookup,
  'webview-load': webviewLoad,
  // transforms
  'cipher-init': cipherInit,
  'cipher-data': cipherData,
  'base64-encode': base64Encode,
  'compress-write': compressWrite,
  'digest-data': digestData,
  'mac-init': macInit,
  'zip-data': zipData,
  'silent': silent,
  // launches
  'intent-launch': intentLaunch,
  'pending-intent': pendingIntent,
  // scheduling
  alarm,
  'schedule-cancel': scheduleCancel,
  job,
  work,
  sync,
  foreground,
  sticky,
  'receiver-register': receiverRegister,
  // wake
  'wake-receiver': wakeReceiver,
  'wake-service-create': wakeServiceCreate,
  'wake-service-intent': wakeServiceIntent,
  'wake-dynamic-receiver': wakeDynamicReceiver,
  'wake-provider': wakeProvider,
  // lifecycle
  'activity-resume': activityEvent('resume'),
  'activity-pause': activityEvent('pause'),
  'activity-create': activityEvent('activity-create'),
  'activity-destroy': activityEvent('destroy'),
  'activity-finish': activityFinish,
  click,
  dialog,
  popup,
  'consent-api': consentApi,
};
