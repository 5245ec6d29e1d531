// The names Context.getSystemService(name) answers on a phone, by API level, as data. On a phone
// ContextImpl.getSystemService hands the name to SystemServiceRegistry, whose static block
// registers one fetcher per name; a name with a fetcher yields its manager, a name without one
// yields null (SystemServiceRegistry.getSystemService: `fetcher == null -> return null`; the
// "Unknown manager requested" Slog.wtf newer releases add is gated by sEnableServiceNotFoundWtf,
// which only SystemServer.run sets, so an app process logs nothing). The emulator models a few
// managers (area modules call registerSystemService); for every other name this list decides:
// registered at the device's level -> the run stops (a null there is a guess an SDK could react to
// by skipping what it does on a phone), not registered -> null, as on a phone.
//
// One line per name: the getSystemService name, the class SystemServiceRegistry registers it
// under (what an SDK casts the answer to), the API levels it is registered at, and the source key
// (SOURCES below). Public names and levels come from Context's *_SERVICE constants in the SDK
// declarations; test/emulator/system-services.test.ts checks every public line against them.

export interface SystemServiceEntry {
  /** The getSystemService name (Context.*_SERVICE's value). */
  readonly name: string;
  /** The class SystemServiceRegistry registers the name under. */
  readonly manager: string;
  /** First API level whose SystemServiceRegistry registers the name. */
  readonly since: number;
  /** Last API level that registers it, if a later release dropped it. */
  readonly until?: number;
  /** The name is not a public Context constant at `since` (a @hide constant SystemServiceRegistry registers all the same). */
  readonly hidden?: true;
  readonly source: keyof typeof SOURCES;
}

const SSR = 'core/java/android/app/SystemServiceRegistry.java';

/** Where each line's name, manager class and levels were read. */
export const SOURCES = {
  sdk:
    'android.content.Context.<NAME>_SERVICE in the Android SDK declarations (@nativescript/types-android lib/android/android-platform-21-37-merged.d.ts): the value, its @since (untagged: API 21 or earlier), and the manager class\'s own @since (a name cannot be registered before its manager class exists); the manager is the class its javadoc names ("Use with getSystemService(String) to retrieve a …") and SystemServiceRegistry registers it under (aosp-mirror/platform_frameworks_base ' + SSR + ' at commit 000f7cd646f016febb4d90ae19a697ae548025e2 for names of Android 8 and before)',
  sdk361:
    'https://developer.android.com/sdk/api_diff/36.1/changes/android.content.Context (Added Fields CHOOSER_SERVICE, TELEPHONY_PHONE_NUMBER_SERVICE, from level 36): Android 16 QPR2, which still reports SDK_INT 36, so an API 36 device may have them and the emulator stops the run there',
  sdk37:
    'https://developer.android.com/sdk/api_diff/37-incr/changes/android.content.Context (Added Fields FILE_SERVICE, PCC_SANDBOX_SERVICE, SERIAL_SERVICE, WEB_APP_SERVICE) and the Android 17 API reference (NPU_SERVICE, HID_SERVICE: ApiSince=37 in https://learn.microsoft.com/dotnet/api/android.content.context.npuservice and …/android.content.context.hidservice): public from API 37, beyond the emulator\'s levels',
  ssr8:
    'aosp-mirror/platform_frameworks_base ' + SSR + ' at commit 000f7cd646f016febb4d90ae19a697ae548025e2 (Android 8-era): registerService(Context.<CONSTANT>, <Manager>.class, …) for a @hide constant; only that copy was read, so the emulator treats the name as registered at every level it runs (24-36), which stops the run wherever a release might answer',
} as const;

const s = (name: string, manager: string, since: number, source: SystemServiceEntry['source'], extra: { until?: number; hidden?: true } = {}): SystemServiceEntry => ({ name, manager, since, source, ...extra });

export const SYSTEM_SERVICES: readonly SystemServiceEntry[] = [
  s('accessibility', 'android.view.accessibility.AccessibilityManager', 21, 'sdk'),
  s('account', 'android.accounts.AccountManager', 21, 'sdk'),
  s('activity', 'android.app.ActivityManager', 21, 'sdk'),
  s('advanced_protection', 'android.security.advancedprotection.AdvancedProtectionManager', 36, 'sdk'),
  s('alarm', 'android.app.AlarmManager', 21, 'sdk'),
  s('app_function', 'android.app.appfunctions.AppFunctionManager', 36, 'sdk'),
  s('app_search', 'android.app.appsearch.AppSearchManager', 31, 'sdk'),
  s('appops', 'android.app.AppOpsManager', 21, 'sdk'),
  s('appwidget', 'android.appwidget.AppWidgetManager', 21, 'sdk'),
  s('audio', 'android.media.AudioManager', 21, 'sdk'),
  s('autofill', 'android.view.autofill.AutofillManager', 26, 'sdk'),
  s('batterymanager', 'android.os.BatteryManager', 21, 'sdk'),
  s('biometric', 'android.hardware.biometrics.BiometricManager', 29, 'sdk'),
  s('blob_store', 'android.app.blob.BlobStoreManager', 30, 'sdk'),
  s('bluetooth', 'android.bluetooth.BluetoothManager', 21, 'sdk'),
  s('bugreport', 'android.os.BugreportManager', 31, 'sdk'),
  s('camera', 'android.hardware.camera2.CameraManager', 21, 'sdk'),
  s('captioning', 'android.view.accessibility.CaptioningManager', 21, 'sdk'),
  s('carrier_config', 'android.telephony.CarrierConfigManager', 23, 'sdk'),
  s('chooser', 'android.service.chooser.ChooserManager', 36, 'sdk361'),
  s('clipboard', 'android.content.ClipboardManager', 21, 'sdk'),
  s('companiondevice', 'android.companion.CompanionDeviceManager', 26, 'sdk'),
  s('connectivity', 'android.net.ConnectivityManager', 21, 'sdk'),
  s('connectivity_diagnostics', 'android.net.ConnectivityDiagnosticsManager', 30, 'sdk'),
  s('consumer_ir', 'android.hardware.ConsumerIrManager', 21, 'sdk'),
  s('contact_keys', 'android.provider.E2eeContactKeysManager', 35, 'sdk'),
  s('country_detector', 'android.location.CountryDetector', 24, 'ssr8', { hidden: true }),
  s('credential', 'android.credentials.CredentialManager', 34, 'sdk'),
  s('crossprofileapps', 'android.content.pm.CrossProfileApps', 28, 'sdk'),
  s('device_lock', 'android.devicelock.DeviceLockManager', 34, 'sdk'),
  s('device_policy', 'android.app.admin.DevicePolicyManager', 21, 'sdk'),
  s('display', 'android.hardware.display.DisplayManager', 21, 'sdk'),
  s('display_hash', 'android.view.displayhash.DisplayHashManager', 31, 'sdk'),
  s('domain_verification', 'android.content.pm.verify.domain.DomainVerificationManager', 31, 'sdk'),
  s('download', 'android.app.DownloadManager', 21, 'sdk'),
  s('dropbox', 'android.os.DropBoxManager', 21, 'sdk'),
  s('ethernet', 'android.net.EthernetManager', 24, 'ssr8', { hidden: true }),
  s('euicc', 'android.telephony.euicc.EuiccManager', 28, 'sdk'),
  s('file', 'android.os.storage.FileManager', 37, 'sdk37'),
  s('file_integrity', 'android.security.FileIntegrityManager', 30, 'sdk'),
  s('fingerprint', 'android.hardware.fingerprint.FingerprintManager', 23, 'sdk'),
  s('game', 'android.app.GameManager', 31, 'sdk'),
  s('grammatical_inflection', 'android.app.GrammaticalInflectionManager', 34, 'sdk'),
  s('hardware_properties', 'android.os.HardwarePropertiesManager', 24, 'sdk'),
  s('healthconnect', 'android.health.connect.HealthConnectManager', 34, 'sdk'),
  s('hid', 'android.hardware.hid.HidManager', 37, 'sdk37'),
  s('input', 'android.hardware.input.InputManager', 21, 'sdk'),
  s('input_method', 'android.view.inputmethod.InputMethodManager', 21, 'sdk'),
  s('ipsec', 'android.net.IpSecManager', 28, 'sdk'),
  s('jobscheduler', 'android.app.job.JobScheduler', 21, 'sdk'),
  s('keyguard', 'android.app.KeyguardManager', 21, 'sdk'),
  s('keystore', 'android.security.keystore.KeyStoreManager', 36, 'sdk'),
  s('launcherapps', 'android.content.pm.LauncherApps', 21, 'sdk'),
  s('layout_inflater', 'android.view.LayoutInflater', 21, 'sdk'),
  s('locale', 'android.app.LocaleManager', 33, 'sdk'),
  s('location', 'android.location.LocationManager', 21, 'sdk'),
  s('media_communication', 'android.media.MediaCommunicationManager', 31, 'sdk'),
  s('media_metrics', 'android.media.metrics.MediaMetricsManager', 31, 'sdk'),
  s('media_projection', 'android.media.projection.MediaProjectionManager', 21, 'sdk'),
  s('media_quality', 'android.media.quality.MediaQualityManager', 36, 'sdk'),
  s('media_router', 'android.media.MediaRouter', 21, 'sdk'),
  s('media_session', 'android.media.session.MediaSessionManager', 21, 'sdk'),
  s('midi', 'android.media.midi.MidiManager', 23, 'sdk'),
  s('netpolicy', 'android.net.NetworkPolicyManager', 24, 'ssr8', { hidden: true }),
  s('netstats', 'android.app.usage.NetworkStatsManager', 23, 'sdk'),
  s('network_score', 'android.net.NetworkScoreManager', 24, 'ssr8', { hidden: true }),
  s('nfc', 'android.nfc.NfcManager', 21, 'sdk'),
  s('notification', 'android.app.NotificationManager', 21, 'sdk'),
  s('npu', 'android.npumanager.NpuManager', 37, 'sdk37'),
  s('overlay', 'android.content.om.OverlayManager', 34, 'sdk'),
  s('pcc_sandbox', 'android.app.sdksandbox.PccSandboxManager', 37, 'sdk37'),
  s('people', 'android.app.people.PeopleManager', 31, 'sdk'),
  s('performance_hint', 'android.os.PerformanceHintManager', 31, 'sdk'),
  s('persistent_data_block', 'android.service.persistentdata.PersistentDataBlockManager', 24, 'ssr8', { hidden: true }),
  s('phone', 'android.telephony.TelephonyManager', 21, 'sdk'),
  s('power', 'android.os.PowerManager', 21, 'sdk'),
  s('print', 'android.print.PrintManager', 21, 'sdk'),
  s('profiling', 'android.os.ProfilingManager', 35, 'sdk'),
  s('recovery', 'android.os.RecoverySystem', 24, 'ssr8', { hidden: true }),
  s('restrictions', 'android.content.RestrictionsManager', 21, 'sdk'),
  s('role', 'android.app.role.RoleManager', 29, 'sdk'),
  s('satellite', 'android.telephony.satellite.SatelliteManager', 36, 'sdk'),
  s('search', 'android.app.SearchManager', 21, 'sdk'),
  s('security_state', 'android.os.SecurityStateManager', 35, 'sdk'),
  s('sensor', 'android.hardware.SensorManager', 21, 'sdk'),
  s('serial', 'android.hardware.SerialManager', 24, 'ssr8', { hidden: true }),
  s('servicediscovery', 'android.net.nsd.NsdManager', 21, 'sdk'),
  s('shortcut', 'android.content.pm.ShortcutManager', 25, 'sdk'),
  s('statusbar', 'android.app.StatusBarManager', 24, 'ssr8', { hidden: true }),
  s('storage', 'android.os.storage.StorageManager', 21, 'sdk'),
  s('storagestats', 'android.app.usage.StorageStatsManager', 26, 'sdk'),
  s('systemhealth', 'android.os.health.SystemHealthManager', 24, 'sdk'),
  s('telecom', 'android.telecom.TelecomManager', 21, 'sdk'),
  s('telephony_ims', 'android.telephony.ims.ImsManager', 30, 'sdk'),
  s('telephony_phone_number', 'android.telephony.PhoneNumberManager', 36, 'sdk361'),
  s('telephony_subscription_service', 'android.telephony.SubscriptionManager', 22, 'sdk'),
  s('tethering', 'android.net.TetheringManager', 36, 'sdk'),
  s('textclassification', 'android.view.textclassifier.TextClassificationManager', 26, 'sdk'),
  s('textservices', 'android.view.textservice.TextServicesManager', 21, 'sdk'),
  s('trust', 'android.app.trust.TrustManager', 24, 'ssr8', { hidden: true }),
  s('tv_ad', 'android.media.tv.ad.TvAdManager', 36, 'sdk'),
  s('tv_input', 'android.media.tv.TvInputManager', 21, 'sdk'),
  s('tv_interactive_app', 'android.media.tv.interactive.TvInteractiveAppManager', 33, 'sdk'),
  s('uimode', 'android.app.UiModeManager', 21, 'sdk'),
  s('usagestats', 'android.app.usage.UsageStatsManager', 22, 'sdk'),
  s('usb', 'android.hardware.usb.UsbManager', 21, 'sdk'),
  s('user', 'android.os.UserManager', 21, 'sdk'),
  s('vibrator', 'android.os.Vibrator', 21, 'sdk'),
  s('vibrator_manager', 'android.os.VibratorManager', 31, 'sdk'),
  s('virtualdevice', 'android.companion.virtual.VirtualDeviceManager', 34, 'sdk'),
  s('vpn_management', 'android.net.VpnManager', 30, 'sdk'),
  s('wallpaper', 'android.app.WallpaperManager', 21, 'sdk'),
  s('web_app', 'android.app.appfunctions.WebAppManager', 37, 'sdk37'),
  s('wifi', 'android.net.wifi.WifiManager', 21, 'sdk'),
  s('wifiaware', 'android.net.wifi.aware.WifiAwareManager', 26, 'sdk'),
  s('wifip2p', 'android.net.wifi.p2p.WifiP2pManager', 21, 'sdk'),
  s('wifirtt', 'android.net.wifi.rtt.WifiRttManager', 28, 'sdk'),
  s('wifiscanner', 'android.net.wifi.WifiScanner', 24, 'ssr8', { hidden: true }),
  s('window', 'android.view.WindowManager', 21, 'sdk'),
];

const BY_NAME = new Map(SYSTEM_SERVICES.map((e) => [e.name, e]));

/** The line for a getSystemService name, whatever the level. */
export function systemServiceEntry(name: string): SystemServiceEntry | undefined {
  return BY_NAME.get(name);
}

/** Is the name registered in SystemServiceRegistry at this API level? */
export function registeredAt(e: SystemServiceEntry, api: number): boolean {
  return api >= e.since && (e.until === undefined || api <= e.until);
}
