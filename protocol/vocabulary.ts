// The words published lists use for each data type, beside the data types themselves: one list.
// Typed as Record<DataType, …> so a data type added to DATA_TYPES without its wordings fails the
// type check, and a wording cannot name a type the hooks and the lists do not share. Umbrella
// terms ("设备标识符", "网络信息") stand for several types at once; which members each covers is
// written here and in docs/declared-lists.md, because a list that declares the umbrella is taken to
// declare every member. Plain data (no imports beyond constants): any layer may read it.
import type { DataType } from './constants.js';

/**
 * Synonyms, written as lists write them (matched after NFKC, lower case, without spaces and
 * "的"). Chinese and English. The wire name and both labels of DATA_TYPES match too.
 */
export const DATA_TYPE_SYNONYMS: Readonly<Record<DataType, readonly string[]>> = {
  android_id: ['androidid', 'android id', 'android_id', '安卓id', 'ssaid'],
  imei: ['imei', 'imei号', '设备id', '设备识别码', 'deviceid', 'device id', '国际移动设备识别码', 'imeimd5'],
  meid: ['meid', 'meidmd5'],
  imsi: ['imsi', 'sim卡imsi', '国际移动用户识别码', 'ivsi'],
  iccid: ['iccid', 'sim卡序列号', 'sim卡', 'sim卡号', 'sim序列号', 'sim卡标识'],
  phone_number: ['手机号', '手机号码', '电话号码', '本机号码', 'phone number', '联系电话', '手机号信息'],
  serial: ['序列号', '设备序列号', '硬件序列号', 'serial', 'serial number', 'sn', 'build_serial', 'sn码'],
  mac_address: ['mac', 'mac地址', 'wifimac', 'wi-fimac', 'wlanmac', 'mac address', '设备mac地址', '设备wi-fi地址', '设备wifi地址', 'wifi地址', 'wi-fi地址', 'wlan地址', '网卡地址'],
  bluetooth_address: ['蓝牙mac地址', '蓝牙mac', '蓝牙地址', 'bluetooth address', 'bluetooth mac', '蓝牙信息'],
  advertising_id: ['gaid', 'adid', 'google advertising id', 'advertising id', '广告标识符', '谷歌广告id'],
  oaid: ['oaid', '匿名设备标识符', '开放匿名设备标识符'],
  location: ['位置', '位置信息', '地理位置', '精确位置', '精确位置信息', '粗略位置', '大致位置', 'gps', 'gps信息', '定位', '定位信息', 'gnss', 'gnss信息', '卫星定位', '经纬度', 'location', '地理位置信息', '位置权限', '行踪轨迹'],
  cell_info: ['基站', '基站信息', 'cell id', 'cellid', '基站id', '小区信息'],
  wifi_info: ['ssid', 'bssid', 'wlan', 'wlan接入点', 'wifi信息', 'wi-fi信息', 'wifi状态', 'wi-fi状态', 'wifi名称', 'wlan信息', '无线网络信息', '路由器信息', '接入点'],
  wifi_scan: ['wifi列表', 'wi-fi列表', 'wlan列表', '附近wifi', '附近wlan', '附近的wifi', '周边wifi', 'wifi扫描', 'wifi扫描结果'],
  ip_address: ['ip', 'ip地址', '网络ip', 'ip address', '公网ip', '网络ip地址'],
  installed_apps: ['软件列表', '应用列表', '安装列表', 'applist', 'app list', '应用安装列表', '已安装app信息', '已安装应用', '已安装应用列表', '已安装应用信息', '软件安装列表', '已安装app列表', 'app安装列表', '已安装软件列表', '移动应用列表', '安装应用列表', 'app列表', '软件列表信息', '应用程序列表', 'installed apps'],
  running_apps: ['进程列表', '运行中的进程', '运行中进程', '运行中的进程信息', '正在运行的进程', '进程信息', '运行进程', '应用运行状态', '运行中的应用'],
  contacts: ['通讯录', '联系人', '通讯录信息', 'contacts', '手机通讯录'],
  sms: ['短信', '短信信息', 'sms', '短信内容', '短信验证码'],
  call_log: ['通话记录', '通话记录信息', 'call log'],
  calendar: ['日历', '日历信息', 'calendar'],
  media: ['相册', '照片', '图片', '相册信息', '图片或视频', '媒体文件', '相册(存储空间)', 'photos', '视频'],
  clipboard: ['剪切板', '剪贴板', '剪切板信息', '剪贴板信息', 'clipboard'],
  accounts: ['设备账户', '设备账号', '系统账户'],
  sensor: ['传感器', '传感器信息', '设备传感器信息', '加速度传感器', '陀螺仪', '陀螺仪传感器', '重力传感器', '磁场传感器', '线性加速度传感器', '旋转矢量传感器', 'sensor', '运动传感器'],
  camera: ['摄像头', '相机', '相机权限', '摄像头权限', 'camera'],
  microphone: ['麦克风', '录音', '音频', '音频内容', '语音内容', '音频信息', '麦克风权限', '语音', '语音信息', 'microphone'],
  phone_state: ['电话状态', '通话状态', '手机状态', 'phone state', '电话权限'],
  usage_stats: ['应用使用情况', '应用使用统计', '使用情况访问权限'],
  notifications: ['通知内容', '通知栏信息'],
  aaid: ['aaid'],
  cmei: ['cmei'],
  daid: ['daid'],
  guid: ['guid'],
  idfa: ['idfa', 'dfa'],
  idfv: ['idfv'],
  openudid: ['openudid', 'open udid'],
  vaid: ['vaid'],
  device_model: ['设备型号', '设备品牌', '设备品牌及型号', '设备品牌和型号', '设备制造商', '品牌', '型号', '手机型号', '终端型号', '设备型号信息', '设备类型', '手机品牌', 'device model', '硬件型号', '机型', '厂商', '设备厂商'],
  external_storage: ['外部存储', '读写外部存储', '写入外部存储', '存储权限', '内存卡权限', 'sd卡', '存储空间', '本地存储', '存储', '文件存储', '存储卡', '本地文件'],
  hardware_info: ['设备硬件信息', '硬件信息', 'cpu', 'cpu信息', '内存', '内存信息', '可用存储空间大小', '磁盘空间', '电量', '手机电量', '电池', '电池信息', '设备配置', '屏幕密度', '设备参数', '硬件参数', '设备硬件', '手机系统重启时间', '系统总内存空间', '磁盘总空间', 'cpu架构'],
  locale: ['语言', '设备语言', '系统语言', '时区', '设备时区', '地区', '手机region设置', '语言设置', 'locale', 'language', '国家'],
  network_type: ['网络类型', '网络状态', '网络连接类型', '网络制式', '网络状态信息', '网络信号强度', 'network type', '网络连接状态', '网络访问', '联网状态', '网络接入方式', '2g', '3g', '4g', '5g', '网络访问模式', '当前网络类型'],
  os_version: ['操作系统版本', '系统版本', '系统版本号', 'os版本', '操作系统', '操作系统信息', '软件系统版本', 'android版本', '系统信息', '手机系统', '设备操作系统', '设备系统版本', 'os version', '手机操作系统版本', 'rom版本', 'rom信息', '操作系统版本号', '系统类型', 'user agent', 'useragent', '操作系统api版本'],
  screen: ['屏幕', '屏幕尺寸', '屏幕分辨率', '分辨率', '屏幕方向', '屏幕大小', '屏幕信息', '屏幕宽高', '设备宽高', '像素密度', 'screen'],
  address: ['地址', '收货地址', '住址', '详细地址', '联系地址', '公司详细地址', '配送地址'],
  app_activity: ['操作记录', '浏览记录', '搜索记录', '点击记录', '使用记录', '日志', '日志信息', '崩溃日志', '崩溃信息', '应用崩溃信息', '操作日志', '网络日志', '服务日志', '服务日志信息', '应用使用信息', 'app内用户操作记录', '用户行为', '点击行为', '用户点击行为', '行为数据', '播放记录', '阅读记录', '交互数据', '浏览信息', '搜索信息', '访问记录', '设备事件信息', '使用情况', '页面访问事件', '页面访问记录', '访问事件'],
  credentials: ['密码', '账号密码', '账号及密码', '验证码', '手机验证码', '邮箱验证码', '登录凭证', 'token', 'cookie', 'cookie内容'],
  email: ['邮箱', '电子邮箱', '邮箱地址', 'email', 'e-mail', '电子邮件'],
  face: ['人脸', '人脸信息', '面部信息', '面部特征', '人脸图像', '人脸照片', '面部识别特征', '人脸识别'],
  id_number: ['身份证', '身份证号', '身份证号码', '证件号', '证件号码', '证件类型及证件号', '证件信息', '身份证信息', '身份证件'],
  payment: ['支付信息', '支付金额', '支付方式', '银行卡', '银行卡信息', '银行卡号', '订单', '订单信息', '订单号', '交易信息', '交易记录', '下单时间', '支付记录', '账单'],
  profile: ['姓名', '真实姓名', '昵称', '头像', '性别', '生日', '出生日期', '年龄', '用户名', '账号', '账号信息', '账户信息', '用户信息', '个人资料', '用户头像', '用户id', 'user id', 'userid', '微信昵称', '微信头像', 'qq昵称', 'qq头像', '第三方账号信息', '公司名称', '名片', '年级', '学校', '身份', '职业'],
  user_content: ['反馈信息', '意见反馈', '评论', '发布内容', '上传的文件', '文件', '聊天记录', '消息内容', '输入内容', '问题描述', '收藏的内容'],
  // Issue 19's routes, as lists name them.
  vendor_id: ['udid', '厂商udid', '设备udid', '厂商设备标识', 'oem设备标识'],
  drm_id: ['drm id', 'drmid', 'widevine id', 'mediadrm id', 'drm设备标识', '数字版权管理标识'],
  software_version: ['imei sv', 'imeisv', '设备软件版本', '设备软件版本号'],
  device_name: ['设备名称', '手机名称', '设备名', 'device name'],
  build_info: ['设备属性', '系统属性', 'build信息', '设备指纹', 'build fingerprint', '系统构建信息'],
  sim_operator: ['sim卡运营商', 'sim运营商', 'sim卡运营商信息', 'sim operator'],
  network_operator: ['网络运营商', '网络运营商信息', '当前网络运营商', 'network operator'],
  country_code: ['国家码', '国家代码', 'sim卡国家码', '网络国家码', 'country code'],
  network_connections: ['网络连接信息', '网络连接列表', '设备网络连接'],
  sms_send: ['发送短信', '短信发送', '发短信'],
  screen_capture: ['录屏', '截屏', '屏幕录制', '屏幕截图', '屏幕内容', 'screen capture'],
};

/**
 * Umbrella wordings: a list that declares one declares every member. Bare "设备信息" covers the
 * device's properties, not its identifiers (a list that means identifiers names them, and taking
 * it wider would hide undisclosed identifier collection); identifier umbrellas cover the Android
 * identifiers and the cross-platform ones, never the MAC or Bluetooth address.
 */
export const DATA_TYPE_UMBRELLAS: readonly { words: readonly string[]; members: readonly DataType[] }[] = [
  {
    words: ['设备标识符', '设备标识信息', '设备标识', '设备识别信息', '唯一设备标识码', '唯一设备识别码', '设备唯一标识符', '终端设备标识符', '应用内设备标识符', '设备标识符信息', 'device identifiers', '设备id信息'],
    members: ['android_id', 'imei', 'meid', 'imsi', 'iccid', 'serial', 'advertising_id', 'oaid', 'vaid', 'aaid', 'vendor_id', 'drm_id', 'cmei', 'daid', 'guid', 'openudid', 'idfa', 'idfv'],
  },
  { words: ['网络信息', '联网信息', '网络相关信息', '网络环境信息', '设备网络环境信息', '网络环境', 'network information'], members: ['network_type', 'ip_address', 'wifi_info', 'sim_operator', 'network_operator'] },
  // The operator: what the SIM and the network report (TelephonyManager's operator getters).
  { words: ['运营商', '运营商信息', '运营商类型', '运营商名称', '电信运营商', 'mcc', 'mnc', 'mcc&mnc', 'sim卡信息', 'carrier', 'carrier information'], members: ['sim_operator', 'network_operator', 'country_code'] },
  {
    words: ['设备信息', '设备状态信息', '设备参数及系统信息', '设备的硬件信息', '系统基本信息', '系统设置信息', '设备基本信息', '基础设备信息', '设备属性信息', '系统参数', '设备和系统参数', 'device information'],
    members: ['device_model', 'os_version', 'build_info', 'device_name', 'software_version', 'screen', 'hardware_info', 'locale'],
  },
];

/**
 * Wordings recognised as naming no personal-information data type of the device (the app's own
 * name and version, SDK versions, push tokens the SDK itself issues, ad interactions). An entry
 * that declares only these declares nothing: they are listed as recognised, not as resolved types.
 */
export const NOT_PERSONAL_WORDINGS: readonly string[] = [
  '应用信息', '应用基本信息', 'app信息', '应用程序信息', '应用名', '应用名称', '应用包名', '包名', '应用版本', '应用版本号', '版本号', 'app版本',
  'sdk版本', 'sdk版本号', '推送sdk版本号', 'sdk信息', '推送token', 'token信息', 'regid', '消息发送结果', '通知栏状态', '通知开关状态', '锁屏状态',
  '应用前后台状态', '前后台状态', '广告信息', '广告数据', '推送状态', 'pushid', 'appid', 'appkey', '渠道号', 'md5值', '签名', '应用签名', '是否同意隐私协议', '是否加入用户体验'
];
