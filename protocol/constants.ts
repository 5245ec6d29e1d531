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
  readonly group: 'device-id' | 'network-id' | 'location' | 'apps' | 'content' | 'sensor' | 'account' | 'usage' | 'device-info' | 'personal';
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
  vendor_id: { en: 'Vendor UDID (OEM unique device ID)', zh: '厂商设备唯一标识(UDID)', group: 'device-id' },
  drm_id: { en: 'DRM device ID (MediaDrm deviceUniqueId)', zh: 'DRM设备唯一标识(Widevine ID)', group: 'device-id' },
  software_version: { en: 'Device software version (IMEI SV)', zh: '设备软件版本号(IMEI SV)', group: 'device-id' },
  device_name: { en: 'Device name', zh: '设备名称', group: 'device-id' },
  build_info: { en: 'Build properties (model, fingerprint)', zh: '设备型号与系统属性', group: 'device-id' },
  sim_operator: { en: 'SIM operator (code and name)', zh: 'SIM卡运营商', group: 'network-id' },
  network_operator: { en: 'Network operator (code and name)', zh: '网络运营商', group: 'network-id' },
  country_code: { en: 'SIM and network country code', zh: 'SIM卡与网络国家码', group: 'network-id' },
  location: { en: 'Location', zh: '位置信息', group: 'location' },
  cell_info: { en: 'Cell tower information', zh: '基站信息', group: 'location' },
  wifi_info: { en: 'Wi-Fi connection (SSID/BSSID)', zh: 'WLAN信息(SSID/BSSID)', group: 'location' },
  wifi_scan: { en: 'Nearby Wi-Fi list', zh: '附近WLAN列表', group: 'location' },
  ip_address: { en: 'IP address', zh: 'IP地址', group: 'network-id' },
  network_connections: { en: 'Network connections of the device (/proc/net)', zh: '网络连接信息', group: 'apps' },
  installed_apps: { en: 'Installed application list', zh: '已安装应用列表', group: 'apps' },
  running_apps: { en: 'Running processes and tasks', zh: '运行中的进程', group: 'apps' },
  contacts: { en: 'Contacts', zh: '通讯录', group: 'content' },
  sms: { en: 'SMS messages', zh: '短信', group: 'content' },
  sms_send: { en: 'Sending SMS', zh: '发送短信', group: 'content' },
  call_log: { en: 'Call log', zh: '通话记录', group: 'content' },
  calendar: { en: 'Calendar', zh: '日历', group: 'content' },
  media: { en: 'Photos and media', zh: '相册/媒体文件', group: 'content' },
  clipboard: { en: 'Clipboard', zh: '剪切板', group: 'content' },
  accounts: { en: 'Accounts on the device', zh: '设备账户', group: 'account' },
  sensor: { en: 'Motion and other sensors', zh: '传感器', group: 'sensor' },
  camera: { en: 'Camera', zh: '摄像头', group: 'sensor' },
  microphone: { en: 'Microphone', zh: '麦克风', group: 'sensor' },
  screen_capture: { en: 'Screen capture', zh: '录屏/截屏', group: 'sensor' },
  phone_state: { en: 'Phone and call state', zh: '电话状态', group: 'usage' },
  usage_stats: { en: 'App usage statistics', zh: '应用使用情况', group: 'usage' },
  notifications: { en: 'Notifications of other apps', zh: '通知内容', group: 'usage' },
  // Issue 22: what published lists declare. Identifiers of other platforms and vendors (declared
  // by cross-platform lists; an Android run never reports the iOS ones).
  aaid: { en: 'AAID (MSA/OEM app anonymous ID)', zh: 'AAID', group: 'device-id' },
  cmei: { en: 'CMEI (China Mobile device ID)', zh: 'CMEI', group: 'device-id' },
  daid: { en: 'DAID (app-generated device ID)', zh: 'DAID', group: 'device-id' },
  guid: { en: 'GUID (app-generated unique ID)', zh: 'GUID', group: 'device-id' },
  idfa: { en: 'IDFA (iOS advertising ID)', zh: 'IDFA', group: 'device-id' },
  idfv: { en: 'IDFV (iOS vendor ID)', zh: 'IDFV', group: 'device-id' },
  openudid: { en: 'OpenUDID', zh: 'OpenUDID', group: 'device-id' },
  vaid: { en: 'VAID (MSA/OEM developer anonymous ID)', zh: 'VAID', group: 'device-id' },
  // Issue 22: device and system properties ("设备信息" in the lists).
  device_model: { en: 'Device model and brand', zh: '设备型号/品牌', group: 'device-info' },
  external_storage: { en: 'External storage', zh: '外部存储', group: 'device-info' },
  hardware_info: { en: 'Hardware (CPU, memory, storage, battery)', zh: '设备硬件信息', group: 'device-info' },
  locale: { en: 'Language, region and time zone', zh: '语言/地区/时区', group: 'device-info' },
  network_type: { en: 'Network type (Wi-Fi/cellular)', zh: '网络类型', group: 'device-info' },
  os_version: { en: 'OS version', zh: '操作系统版本', group: 'device-info' },
  screen: { en: 'Screen size, resolution, orientation', zh: '屏幕信息', group: 'device-info' },
  // Issue 22: what the user enters or the service records; no hook observes it on the device, the
  // lists declare it.
  address: { en: 'Postal address', zh: '地址', group: 'personal' },
  app_activity: { en: 'In-app activity and logs', zh: '应用内操作记录/日志', group: 'personal' },
  credentials: { en: 'Account credentials (password, codes)', zh: '账号密码/验证码', group: 'personal' },
  email: { en: 'Email address', zh: '电子邮箱', group: 'personal' },
  face: { en: 'Face data', zh: '人脸信息', group: 'personal' },
  id_number: { en: 'ID document number', zh: '证件号码', group: 'personal' },
  payment: { en: 'Payment and orders', zh: '支付/交易信息', group: 'personal' },
  profile: { en: 'Profile (name, nickname, avatar, gender, birthday)', zh: '个人资料', group: 'personal' },
  user_content: { en: 'Content the user provides (posts, feedback, files)', zh: '用户提供的内容', group: 'personal' },
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

/** How the app asked Android to start a component (a launch event's `via`). */
export const LAUNCH_VIAS = ['activity', 'service', 'foreground-service', 'bind', 'broadcast', 'provider', 'pending-intent'] as const;
export type LaunchVia = (typeof LAUNCH_VIAS)[number];

/** Phases of a run, as the findings use them. */
export const PHASES = ['launch', 'pre-consent', 'post-consent', 'refused', 'background'] as const;
export type Phase = (typeof PHASES)[number];

/** Hook installation outcomes reported by the agent. */
export const HOOK_STATES = ['installed', 'missing-class', 'missing-method', 'failed', 'skipped'] as const;
export type HookState = (typeof HOOK_STATES)[number];
