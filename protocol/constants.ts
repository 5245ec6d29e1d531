// Names shared by the agent (inside the app) and the host. Plain data only: the agent bundle
// imports this file, so nothing here may pull in a library.

/** Bumped whenever a message shape changes incompatibly; the host refuses other versions. */
export const PROTOCOL_VERSION = 1;

/** Wire bounds, validated by the host, that keep one hostile message from exhausting it. */
export const LIMITS = {
  string: 4096, // longest string field accepted; the agent truncates well below this
  sample: 65536, // network payload sample (base64 or text)
  eventsPerBatch: 10000,
  framesPerStack: 256,
  argsPerEvent: 32,
  arrayItems: 64,
} as const;

/** Event kinds, as in docs/design.md "Events". */
export const EVENT_KINDS = [
  'pi', // personal information read or collected
  'net', // a network send or connection
  'launch', // an activity/service/broadcast/provider/pending intent aimed at an app (ours or another)
  'schedule', // arrangements that can start a process later (alarms, jobs, boot receivers, ...)
  'lifecycle', // process start and what woke it, activity resume/pause, clicks, dialogs
  'consent', // the user's (or analyst's) consent decision
  'permission', // runtime permission requests and checks
  'hook', // a problem inside one of our own hooks, kept in the timeline
  'transform', // bytes through encryption, hashing, encoding or compression (input and output samples)
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export interface DataTypeInfo {
  /** English label. */
  readonly en: string;
  /** Chinese label, as used in MIIT checklists and privacy policies. */
  readonly zh: string;
  /** Coarse group, used for reports and default over-frequency limits. */
  readonly group: 'device-id' | 'network-id' | 'location' | 'apps' | 'content' | 'sensor' | 'account' | 'usage';
}

/**
 * Personal-information data types. Keys are the wire names; the declared-lists schema uses the
 * same names, so a policy and an observation speak one vocabulary.
 */
export const DATA_TYPES = {
  android_id: { en: 'Android ID', zh: 'Android ID', group: 'device-id' },
  imei: { en: 'IMEI / device ID', zh: 'IMEI/设备识别码', group: 'device-id' },
  meid: { en: 'MEID', zh: 'MEID', group: 'device-id' },
  imsi: { en: 'IMSI (subscriber ID)', zh: 'IMSI', group: 'device-id' },
  iccid: { en: 'ICCID / SIM serial', zh: 'ICCID/SIM卡序列号', group: 'device-id' },
  phone_number: { en: 'Phone number', zh: '手机号码', group: 'account' },
  serial: { en: 'Hardware serial number', zh: '设备序列号', group: 'device-id' },
  mac_address: { en: 'MAC address', zh: 'MAC地址', group: 'network-id' },
  bluetooth_address: { en: 'Bluetooth address', zh: '蓝牙地址', group: 'network-id' },
  advertising_id: { en: 'Advertising ID (GAID)', zh: '广告标识符(GAID)', group: 'device-id' },
  oaid: { en: 'OAID', zh: 'OAID', group: 'device-id' },
  location: { en: 'Location', zh: '位置信息', group: 'location' },
  cell_info: { en: 'Cell tower information', zh: '基站信息', group: 'location' },
  wifi_info: { en: 'Wi-Fi connection (SSID/BSSID)', zh: 'WLAN信息(SSID/BSSID)', group: 'location' },
  wifi_scan: { en: 'Nearby Wi-Fi list', zh: '附近WLAN列表', group: 'location' },
  ip_address: { en: 'IP address', zh: 'IP地址', group: 'network-id' },
  installed_apps: { en: 'Installed application list', zh: '已安装应用列表', group: 'apps' },
  running_apps: { en: 'Running processes and tasks', zh: '运行中的进程', group: 'apps' },
  contacts: { en: 'Contacts', zh: '通讯录', group: 'content' },
  sms: { en: 'SMS messages', zh: '短信', group: 'content' },
  call_log: { en: 'Call log', zh: '通话记录', group: 'content' },
  calendar: { en: 'Calendar', zh: '日历', group: 'content' },
  media: { en: 'Photos and media', zh: '相册/媒体文件', group: 'content' },
  clipboard: { en: 'Clipboard', zh: '剪切板', group: 'content' },
  accounts: { en: 'Accounts on the device', zh: '设备账户', group: 'account' },
  sensor: { en: 'Motion and other sensors', zh: '传感器', group: 'sensor' },
  camera: { en: 'Camera', zh: '摄像头', group: 'sensor' },
  microphone: { en: 'Microphone', zh: '麦克风', group: 'sensor' },
  phone_state: { en: 'Phone and call state', zh: '电话状态', group: 'usage' },
  usage_stats: { en: 'App usage statistics', zh: '应用使用情况', group: 'usage' },
  notifications: { en: 'Notifications of other apps', zh: '通知内容', group: 'usage' },
} as const satisfies Record<string, DataTypeInfo>;
export type DataType = keyof typeof DATA_TYPES;
export const DATA_TYPE_NAMES = Object.keys(DATA_TYPES) as DataType[];

/** How a process of the app came to run (what woke it). */
export const START_REASONS = [
  'launcher', // the user (or sdktrace's spawn) launched an activity
  'activity', // an activity started by another app or component
  'service', // a service start or bind
  'receiver', // a manifest broadcast receiver
  'provider', // a content provider was queried
  'alarm',
  'job',
  'push',
  'backup',
  'unknown',
] as const;
export type StartReason = (typeof START_REASONS)[number];

/** Phases of a run, as the findings use them. */
export const PHASES = ['launch', 'pre-consent', 'post-consent', 'refused', 'background'] as const;
export type Phase = (typeof PHASES)[number];

/** Hook installation outcomes reported by the agent. */
export const HOOK_STATES = ['installed', 'missing-class', 'missing-method', 'failed', 'skipped'] as const;
export type HookState = (typeof HOOK_STATES)[number];
