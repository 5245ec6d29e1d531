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
// (SOURCES below). Registrations come from the SDK's platform sources for levels 24-35 (every
// name SystemServiceRegistry and the module initializers there register, @hide ones included);
// names they do not show come from Context's *_SERVICE constants in the SDK declarations, which
// test/emulator/system-services.test.ts checks every public line against.

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
  /** For `platform` lines: "<level> <file>:<line>", the first registration seen in the SDK's platform sources. */
  readonly where?: string;
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
  platform:
    "the SDK's platform sources, AndroidSDKSources/android-sdk-sources-for-api-level-N (the SDK manager's \"Sources for Android N\", levels 24-35, at commits 24 cec2f59, 25 8a26741, 26 3d36ce4, 27 048d6ce, 28 809dd8b, 29 815d70a, 30 b1072b8, 31 2c56b25, 32 f31e558, 33 6e4fa4c, 34 f219798, 35 a1a930d): the line's `where` is the level, file and line of the first registerService / registerContextAwareService / registerStaticService(Context.<CONSTANT>, <Manager>.class, …) seen, the value from that level's android/content/Context.java. A name stays registered after the last level that shows it unless Context's constant itself is gone at the next level (`until`): the mainline modules' initializers are missing from some levels' sources (Wi-Fi, connectivity, role, stats at 31-34; NSD, IPsec, network stats and Ethernet from 33, registered by ConnectivityFrameworkInitializerTiramisu, LineageOS/android_packages_modules_Connectivity framework-t/src/android/net/ConnectivityFrameworkInitializerTiramisu.java). API 36 has no published sources: a name registered at 35 counts as registered there",
} as const;

const s = (name: string, manager: string, since: number, source: SystemServiceEntry['source'], extra: { until?: number; hidden?: true; where?: string } = {}): SystemServiceEntry => ({ name, manager, since, source, ...extra });

export const SYSTEM_SERVICES: readonly SystemServiceEntry[] = [
  s('accessibility', 'android.view.accessibility.AccessibilityManager', 21, 'sdk'),
  s('account', 'android.accounts.AccountManager', 21, 'sdk'),
  s('activity', 'android.app.ActivityManager', 21, 'sdk'),
  s('activity_task', 'android.app.ActivityTaskManager', 29, 'platform', { where: '29 android/app/SystemServiceRegistry.java:252', hidden: true }),
  s('adb', 'android.debug.AdbManager', 29, 'platform', { where: '29 android/app/SystemServiceRegistry.java:668', hidden: true }),
  s('advanced_protection', 'android.security.advancedprotection.AdvancedProtectionManager', 36, 'sdk'),
  s('alarm', 'android.app.AlarmManager', 21, 'sdk'),
  s('ambient_context', 'android.app.ambientcontext.AmbientContextManager', 33, 'platform', { where: '33 android/app/SystemServiceRegistry.java:1518', hidden: true }),
  s('app_function', 'android.app.appfunctions.AppFunctionManager', 36, 'sdk'),
  s('app_hibernation', 'android.apphibernation.AppHibernationManager', 31, 'platform', { where: '31 android/app/SystemServiceRegistry.java:1410', hidden: true }),
  s('app_integrity', 'android.content.integrity.AppIntegrityManager', 30, 'platform', { where: '30 android/app/SystemServiceRegistry.java:1321', hidden: true }),
  s('app_prediction', 'android.app.prediction.AppPredictionManager', 29, 'platform', { where: '29 android/app/SystemServiceRegistry.java:1160', hidden: true }),
  s('app_search', 'android.app.appsearch.AppSearchManager', 31, 'sdk'),
  s('appops', 'android.app.AppOpsManager', 21, 'sdk'),
  s('appwidget', 'android.appwidget.AppWidgetManager', 21, 'sdk'),
  s('attestation_verification', 'android.security.attestationverification.AttestationVerificationManager', 33, 'platform', { where: '33 android/app/SystemServiceRegistry.java:1433', hidden: true }),
  s('audio', 'android.media.AudioManager', 21, 'sdk'),
  s('audio_device_volume', 'android.media.AudioDeviceVolumeManager', 34, 'platform', { where: '34 android/app/SystemServiceRegistry.java:352', hidden: true }),
  s('autofill', 'android.view.autofill.AutofillManager', 26, 'sdk'),
  s('background_install_control', 'android.app.BackgroundInstallControlManager', 35, 'platform', { where: '35 android/app/SystemServiceRegistry.java:1686', hidden: true }),
  s('batterymanager', 'android.os.BatteryManager', 21, 'sdk'),
  s('batterystats', 'android.os.BatteryStatsManager', 30, 'platform', { where: '30 android/app/SystemServiceRegistry.java:1272', hidden: true }),
  s('biometric', 'android.hardware.biometrics.BiometricManager', 29, 'sdk'),
  s('blob_store', 'android.app.blob.BlobStoreManager', 30, 'sdk'),
  s('blocked_numbers', 'android.provider.BlockedNumbersManager', 35, 'platform', { where: '35 android/provider/ProviderFrameworkInitializer.java:41', hidden: true }),
  s('bluetooth', 'android.bluetooth.BluetoothManager', 21, 'sdk'),
  s('broadcastradio', 'android.hardware.radio.RadioManager', 27, 'platform', { where: '27 android/app/SystemServiceRegistry.java:820', hidden: true }),
  s('bugreport', 'android.os.BugreportManager', 29, 'platform', { where: '29 android/app/SystemServiceRegistry.java:1117', hidden: true }),
  s('camera', 'android.hardware.camera2.CameraManager', 21, 'sdk'),
  s('captioning', 'android.view.accessibility.CaptioningManager', 21, 'sdk'),
  s('carrier_config', 'android.telephony.CarrierConfigManager', 23, 'sdk'),
  s('chooser', 'android.service.chooser.ChooserManager', 36, 'sdk361'),
  s('clipboard', 'android.content.ClipboardManager', 21, 'sdk'),
  s('cloudsearch', 'android.app.cloudsearch.CloudSearchManager', 33, 'platform', { where: '33 android/app/SystemServiceRegistry.java:1223', hidden: true }),
  s('color_display', 'android.hardware.display.ColorDisplayManager', 29, 'platform', { where: '29 android/app/SystemServiceRegistry.java:438', hidden: true }),
  s('companiondevice', 'android.companion.CompanionDeviceManager', 26, 'sdk'),
  s('connectivity', 'android.net.ConnectivityManager', 21, 'sdk'),
  s('connectivity_diagnostics', 'android.net.ConnectivityDiagnosticsManager', 30, 'sdk'),
  s('consumer_ir', 'android.hardware.ConsumerIrManager', 21, 'sdk'),
  s('contact_keys', 'android.provider.E2eeContactKeysManager', 35, 'sdk'),
  s('content_capture', 'android.view.contentcapture.ContentCaptureManager', 29, 'platform', { where: '29 android/app/SystemServiceRegistry.java:1137', hidden: true }),
  s('content_suggestions', 'android.app.contentsuggestions.ContentSuggestionsManager', 29, 'platform', { where: '29 android/app/SystemServiceRegistry.java:1169', hidden: true }),
  s('contexthub', 'android.hardware.location.ContextHubManager', 24, 'platform', { where: '24 android/app/SystemServiceRegistry.java:771', hidden: true }),
  s('contextual_search', 'android.app.contextualsearch.ContextualSearchManager', 35, 'platform', { where: '35 android/app/SystemServiceRegistry.java:1319', hidden: true }),
  s('country_detector', 'android.location.CountryDetector', 24, 'platform', { where: '24 android/app/SystemServiceRegistry.java:242', hidden: true }),
  s('credential', 'android.credentials.CredentialManager', 34, 'sdk'),
  s('crossprofileapps', 'android.content.pm.CrossProfileApps', 28, 'sdk'),
  s('dataloader_manager', 'android.content.pm.DataLoaderManager', 30, 'platform', { where: '30 android/app/SystemServiceRegistry.java:1282', hidden: true }),
  s('device_lock', 'android.devicelock.DeviceLockManager', 34, 'sdk'),
  s('device_policy', 'android.app.admin.DevicePolicyManager', 21, 'sdk'),
  s('device_state', 'android.hardware.devicestate.DeviceStateManager', 31, 'platform', { where: '31 android/app/SystemServiceRegistry.java:1424', hidden: true }),
  s('deviceidle', 'android.os.DeviceIdleManager', 28, 'platform', { where: '28 android/app/SystemServiceRegistry.java:990', hidden: true }),
  s('display', 'android.hardware.display.DisplayManager', 21, 'sdk'),
  s('display_hash', 'android.view.displayhash.DisplayHashManager', 31, 'sdk'),
  s('domain_verification', 'android.content.pm.verify.domain.DomainVerificationManager', 31, 'sdk'),
  s('download', 'android.app.DownloadManager', 21, 'sdk'),
  s('dream', 'android.app.DreamManager', 30, 'platform', { where: '30 android/app/SystemServiceRegistry.java:1329', hidden: true }),
  s('dropbox', 'android.os.DropBoxManager', 21, 'sdk'),
  s('dynamic_system', 'android.os.image.DynamicSystemManager', 29, 'platform', { where: '29 android/app/SystemServiceRegistry.java:1281', hidden: true }),
  s('ecm_enhanced_confirmation', 'android.app.ecm.EnhancedConfirmationManager', 35, 'platform', { where: '35 android/app/ecm/EnhancedConfirmationFrameworkInitializer.java:46', hidden: true }),
  s('ethernet', 'android.net.EthernetManager', 24, 'platform', { where: '24 android/app/SystemServiceRegistry.java:549', hidden: true }),
  s('euicc', 'android.telephony.euicc.EuiccManager', 28, 'sdk'),
  s('euicc_card', 'android.telephony.euicc.EuiccCardManager', 28, 'platform', { where: '28 android/app/SystemServiceRegistry.java:536', hidden: true }),
  s('euicc_service', 'android.telephony.euicc.EuiccManager', 27, 'platform', { where: '27 android/app/SystemServiceRegistry.java:500', until: 27, hidden: true }),
  s('face', 'android.hardware.face.FaceManager', 29, 'platform', { where: '29 android/app/SystemServiceRegistry.java:903', hidden: true }),
  s('file', 'android.os.storage.FileManager', 37, 'sdk37'),
  s('file_integrity', 'android.security.FileIntegrityManager', 30, 'sdk'),
  s('fingerprint', 'android.hardware.fingerprint.FingerprintManager', 23, 'sdk'),
  s('font', 'android.graphics.fonts.FontManager', 31, 'platform', { where: '31 android/app/SystemServiceRegistry.java:360', hidden: true }),
  s('game', 'android.app.GameManager', 31, 'sdk'),
  s('grammatical_inflection', 'android.app.GrammaticalInflectionManager', 34, 'sdk'),
  s('hardware_properties', 'android.os.HardwarePropertiesManager', 24, 'sdk'),
  s('hdmi_control', 'android.hardware.hdmi.HdmiControlManager', 24, 'platform', { where: '24 android/app/SystemServiceRegistry.java:212', hidden: true }),
  s('healthconnect', 'android.health.connect.HealthConnectManager', 34, 'sdk'),
  s('hid', 'android.hardware.hid.HidManager', 37, 'sdk37'),
  s('incident', 'android.os.IncidentManager', 26, 'platform', { where: '26 android/app/SystemServiceRegistry.java:842', hidden: true }),
  s('incremental', 'android.os.incremental.IncrementalManager', 30, 'platform', { where: '30 android/app/SystemServiceRegistry.java:1298', hidden: true }),
  s('input', 'android.hardware.input.InputManager', 21, 'sdk'),
  s('input_method', 'android.view.inputmethod.InputMethodManager', 21, 'sdk'),
  s('ipsec', 'android.net.IpSecManager', 26, 'platform', { where: '26 android/app/SystemServiceRegistry.java:267', hidden: true }),
  s('ircs', 'android.telephony.ims.RcsManager', 29, 'platform', { where: '29 android/app/SystemServiceRegistry.java:617', until: 29, hidden: true }),
  s('iris', 'android.hardware.iris.IrisManager', 29, 'platform', { where: '29 android/app/SystemServiceRegistry.java:919', hidden: true }),
  s('jobscheduler', 'android.app.job.JobScheduler', 21, 'sdk'),
  s('keyguard', 'android.app.KeyguardManager', 21, 'sdk'),
  s('keystore', 'android.security.keystore.KeyStoreManager', 36, 'sdk'),
  s('launcherapps', 'android.content.pm.LauncherApps', 21, 'sdk'),
  s('layout_inflater', 'android.view.LayoutInflater', 21, 'sdk'),
  s('legacy_permission', 'android.permission.LegacyPermissionManager', 31, 'platform', { where: '31 android/app/SystemServiceRegistry.java:1318', hidden: true }),
  s('lights', 'android.hardware.lights.LightsManager', 30, 'platform', { where: '30 android/app/SystemServiceRegistry.java:1291', hidden: true }),
  s('locale', 'android.app.LocaleManager', 33, 'sdk'),
  s('location', 'android.location.LocationManager', 21, 'sdk'),
  s('lowpan', 'android.net.lowpan.LowpanManager', 27, 'platform', { where: '27 android/app/SystemServiceRegistry.java:545', hidden: true }),
  s('media_communication', 'android.media.MediaCommunicationManager', 31, 'sdk'),
  s('media_metrics', 'android.media.metrics.MediaMetricsManager', 31, 'sdk'),
  s('media_projection', 'android.media.projection.MediaProjectionManager', 21, 'sdk'),
  s('media_quality', 'android.media.quality.MediaQualityManager', 36, 'sdk'),
  s('media_router', 'android.media.MediaRouter', 21, 'sdk'),
  s('media_session', 'android.media.session.MediaSessionManager', 21, 'sdk'),
  s('media_transcoding', 'android.media.MediaTranscodingManager', 31, 'platform', { where: '31 android/media/MediaFrameworkInitializer.java:76', hidden: true }),
  s('midi', 'android.media.midi.MidiManager', 23, 'sdk'),
  s('mms', 'android.telephony.MmsManager', 30, 'platform', { where: '30 android/app/SystemServiceRegistry.java:673', hidden: true }),
  s('music_recognition', 'android.media.musicrecognition.MusicRecognitionManager', 31, 'platform', { where: '31 android/app/SystemServiceRegistry.java:1144', hidden: true }),
  s('nearby', 'android.nearby.NearbyManager', 35, 'platform', { where: '35 android/nearby/NearbyFrameworkInitializer.java:41', hidden: true }),
  s('netd', 'android.os.IBinder', 29, 'platform', { where: '29 android/app/SystemServiceRegistry.java:335', hidden: true }),
  s('netpolicy', 'android.net.NetworkPolicyManager', 24, 'platform', { where: '24 android/app/SystemServiceRegistry.java:344', hidden: true }),
  s('netstats', 'android.app.usage.NetworkStatsManager', 23, 'sdk'),
  s('network_score', 'android.net.NetworkScoreManager', 24, 'platform', { where: '24 android/app/SystemServiceRegistry.java:656', hidden: true }),
  s('network_watchlist', 'android.net.NetworkWatchlistManager', 28, 'platform', { where: '28 android/app/SystemServiceRegistry.java:909', hidden: true }),
  s('nfc', 'android.nfc.NfcManager', 21, 'sdk'),
  s('notification', 'android.app.NotificationManager', 21, 'sdk'),
  s('npu', 'android.npumanager.NpuManager', 37, 'sdk37'),
  s('oem_lock', 'android.service.oemlock.OemLockManager', 26, 'platform', { where: '26 android/app/SystemServiceRegistry.java:756', hidden: true }),
  s('on_device_intelligence', 'android.app.ondeviceintelligence.OnDeviceIntelligenceManager', 35, 'platform', { where: '35 android/app/SystemServiceRegistry.java:1638', hidden: true }),
  s('overlay', 'android.content.om.OverlayManager', 29, 'platform', { where: '29 android/app/SystemServiceRegistry.java:1075', hidden: true }),
  s('pac_proxy', 'android.net.PacProxyManager', 31, 'platform', { where: '31 android/app/SystemServiceRegistry.java:381', hidden: true }),
  s('pcc_sandbox', 'android.app.sdksandbox.PccSandboxManager', 37, 'sdk37'),
  s('people', 'android.app.people.PeopleManager', 31, 'sdk'),
  s('performance_hint', 'android.os.PerformanceHintManager', 31, 'sdk'),
  s('permission', 'android.permission.PermissionManager', 29, 'platform', { where: '29 android/app/SystemServiceRegistry.java:1239', hidden: true }),
  s('permission_checker', 'android.permission.PermissionCheckerManager', 31, 'platform', { where: '31 android/app/SystemServiceRegistry.java:1334', hidden: true }),
  s('permission_controller', 'android.permission.PermissionControllerManager', 29, 'platform', { where: '29 android/app/SystemServiceRegistry.java:1247', hidden: true }),
  s('permission_enforcer', 'android.os.PermissionEnforcer', 34, 'platform', { where: '34 android/app/SystemServiceRegistry.java:1377', hidden: true }),
  s('persistent_data_block', 'android.service.persistentdata.PersistentDataBlockManager', 24, 'platform', { where: '24 android/app/SystemServiceRegistry.java:687', hidden: true }),
  s('phone', 'android.telephony.TelephonyManager', 21, 'sdk'),
  s('power', 'android.os.PowerManager', 21, 'sdk'),
  s('power_exemption', 'android.os.PowerExemptionManager', 31, 'platform', { where: '31 android/app/job/JobSchedulerFrameworkInitializer.java:56', hidden: true }),
  s('power_whitelist', 'android.os.PowerWhitelistManager', 30, 'platform', { where: '30 android/app/job/JobSchedulerFrameworkInitializer.java:52', hidden: true }),
  s('print', 'android.print.PrintManager', 21, 'sdk'),
  s('profiling', 'android.os.ProfilingManager', 35, 'sdk'),
  s('radio', 'android.hardware.radio.RadioManager', 24, 'platform', { where: '24 android/app/SystemServiceRegistry.java:728', until: 26, hidden: true }),
  s('reboot_readiness', 'android.scheduling.RebootReadinessManager', 35, 'platform', { where: '35 android/scheduling/SchedulingFrameworkInitializer.java:40', hidden: true }),
  s('recovery', 'android.os.RecoverySystem', 24, 'platform', { where: '24 android/app/SystemServiceRegistry.java:390', hidden: true }),
  s('restrictions', 'android.content.RestrictionsManager', 21, 'sdk'),
  s('role', 'android.app.role.RoleManager', 29, 'sdk'),
  s('role_controller', 'android.app.role.RoleControllerManager', 29, 'platform', { where: '29 android/app/SystemServiceRegistry.java:1263', until: 30, hidden: true }),
  s('rollback', 'android.content.rollback.RollbackManager', 29, 'platform', { where: '29 android/app/SystemServiceRegistry.java:1271', hidden: true }),
  s('rttmanager', 'android.net.wifi.RttManager', 24, 'platform', { where: '24 android/app/SystemServiceRegistry.java:539', hidden: true }),
  s('safety_center', 'android.safetycenter.SafetyCenterManager', 35, 'platform', { where: '35 android/safetycenter/SafetyCenterFrameworkInitializer.java:46', hidden: true }),
  s('satellite', 'android.telephony.satellite.SatelliteManager', 34, 'platform', { where: '34 android/telephony/TelephonyFrameworkInitializer.java:102', hidden: true }),
  s('search', 'android.app.SearchManager', 21, 'sdk'),
  s('search_ui', 'android.app.search.SearchUiManager', 31, 'platform', { where: '31 android/app/SystemServiceRegistry.java:1205', hidden: true }),
  s('security_state', 'android.os.SecurityStateManager', 35, 'sdk'),
  s('selection_toolbar', 'android.view.selectiontoolbar.SelectionToolbarManager', 34, 'platform', { where: '34 android/app/SystemServiceRegistry.java:381', hidden: true }),
  s('sensor', 'android.hardware.SensorManager', 21, 'sdk'),
  s('sensor_privacy', 'android.hardware.SensorPrivacyManager', 29, 'platform', { where: '29 android/app/SystemServiceRegistry.java:555', hidden: true }),
  s('serial', 'android.hardware.SerialManager', 24, 'platform', { where: '24 android/app/SystemServiceRegistry.java:475', hidden: true }),
  s('servicediscovery', 'android.net.nsd.NsdManager', 21, 'sdk'),
  s('shared_connectivity', 'android.net.wifi.sharedconnectivity.app.SharedConnectivityManager', 34, 'platform', { where: '34 android/app/SystemServiceRegistry.java:1573', hidden: true }),
  s('shortcut', 'android.content.pm.ShortcutManager', 24, 'platform', { where: '24 android/app/SystemServiceRegistry.java:757', hidden: true }),
  s('slice', 'android.app.slice.SliceManager', 28, 'platform', { where: '28 android/app/SystemServiceRegistry.java:980', hidden: true }),
  s('smartspace', 'android.app.smartspace.SmartspaceManager', 31, 'platform', { where: '31 android/app/SystemServiceRegistry.java:1215', hidden: true }),
  s('sms', 'android.telephony.SmsManager', 31, 'platform', { where: '31 android/telephony/TelephonyFrameworkInitializer.java:95', hidden: true }),
  s('soundtrigger', 'android.media.soundtrigger.SoundTriggerManager', 24, 'platform', { where: '24 android/app/SystemServiceRegistry.java:749', hidden: true }),
  s('stats', 'android.app.StatsManager', 28, 'platform', { where: '28 android/app/SystemServiceRegistry.java:460', hidden: true }),
  s('statusbar', 'android.app.StatusBarManager', 24, 'platform', { where: '24 android/app/SystemServiceRegistry.java:418', hidden: true }),
  s('storage', 'android.os.storage.StorageManager', 21, 'sdk'),
  s('storagestats', 'android.app.usage.StorageStatsManager', 26, 'sdk'),
  s('system_config', 'android.os.SystemConfigManager', 30, 'platform', { where: '30 android/app/SystemServiceRegistry.java:652', hidden: true }),
  s('system_update', 'android.os.SystemUpdateManager', 28, 'platform', { where: '28 android/app/SystemServiceRegistry.java:490', hidden: true }),
  s('systemhealth', 'android.os.health.SystemHealthManager', 24, 'sdk'),
  s('tare', 'android.app.tare.EconomyManager', 33, 'platform', { where: '33 android/app/job/JobSchedulerFrameworkInitializer.java:60', until: 34, hidden: true }),
  s('telecom', 'android.telecom.TelecomManager', 21, 'sdk'),
  s('telephony_ims', 'android.telephony.ims.ImsManager', 30, 'sdk'),
  s('telephony_phone_number', 'android.telephony.PhoneNumberManager', 36, 'sdk361'),
  s('telephony_registry', 'android.telephony.TelephonyRegistryManager', 30, 'platform', { where: '30 android/app/SystemServiceRegistry.java:659', hidden: true }),
  s('telephony_subscription_service', 'android.telephony.SubscriptionManager', 22, 'sdk'),
  s('test_network', 'android.net.TestNetworkManager', 29, 'platform', { where: '29 android/app/SystemServiceRegistry.java:351', hidden: true }),
  s('tethering', 'android.net.TetheringManager', 30, 'platform', { where: '30 android/app/SystemServiceRegistry.java:366', hidden: true }),
  s('textclassification', 'android.view.textclassifier.TextClassificationManager', 26, 'sdk'),
  s('textservices', 'android.view.textservice.TextServicesManager', 21, 'sdk'),
  s('time_detector', 'android.app.timedetector.TimeDetector', 29, 'platform', { where: '29 android/app/SystemServiceRegistry.java:1231', hidden: true }),
  s('time_manager', 'android.app.time.TimeManager', 31, 'platform', { where: '31 android/app/SystemServiceRegistry.java:1302', hidden: true }),
  s('time_zone_detector', 'android.app.timezonedetector.TimeZoneDetector', 30, 'platform', { where: '30 android/app/SystemServiceRegistry.java:1210', hidden: true }),
  s('timezone', 'android.app.timezone.RulesManager', 27, 'platform', { where: '27 android/app/SystemServiceRegistry.java:894', until: 33, hidden: true }),
  s('translation', 'android.view.translation.TranslationManager', 31, 'platform', { where: '31 android/app/SystemServiceRegistry.java:1178', hidden: true }),
  s('transparency', 'android.transparency.BinaryTransparencyManager', 33, 'platform', { where: '33 android/app/SystemServiceRegistry.java:479', hidden: true }),
  s('trust', 'android.app.trust.TrustManager', 24, 'platform', { where: '24 android/app/SystemServiceRegistry.java:630', hidden: true }),
  s('tv_ad', 'android.media.tv.ad.TvAdManager', 35, 'platform', { where: '35 android/app/SystemServiceRegistry.java:1019', hidden: true }),
  s('tv_input', 'android.media.tv.TvInputManager', 21, 'sdk'),
  s('tv_interactive_app', 'android.media.tv.interactive.TvInteractiveAppManager', 33, 'sdk'),
  s('tv_tuner_resource_mgr', 'android.media.tv.tunerresourcemanager.TunerResourceManager', 30, 'platform', { where: '30 android/app/SystemServiceRegistry.java:937', hidden: true }),
  s('ui_translation', 'android.view.translation.UiTranslationManager', 31, 'platform', { where: '31 android/app/SystemServiceRegistry.java:1192', hidden: true }),
  s('uimode', 'android.app.UiModeManager', 21, 'sdk'),
  s('uri_grants', 'android.app.UriGrantsManager', 29, 'platform', { where: '29 android/app/SystemServiceRegistry.java:260', hidden: true }),
  s('usagestats', 'android.app.usage.UsageStatsManager', 22, 'sdk'),
  s('usb', 'android.hardware.usb.UsbManager', 21, 'sdk'),
  s('user', 'android.os.UserManager', 21, 'sdk'),
  s('uwb', 'android.uwb.UwbManager', 31, 'platform', { where: '31 android/app/SystemServiceRegistry.java:731', hidden: true }),
  s('vcn_management', 'android.net.vcn.VcnManager', 31, 'platform', { where: '31 android/app/SystemServiceRegistry.java:414', hidden: true }),
  s('vibrator', 'android.os.Vibrator', 21, 'sdk'),
  s('vibrator_manager', 'android.os.VibratorManager', 31, 'sdk'),
  s('virtualdevice', 'android.companion.virtual.VirtualDeviceManager', 33, 'platform', { where: '33 android/app/SystemServiceRegistry.java:866', hidden: true }),
  s('virtualization', 'android.system.virtualmachine.VirtualMachineManager', 35, 'platform', { where: '35 android/system/virtualmachine/VirtualizationFrameworkInitializer.java:49', hidden: true }),
  s('vpn_management', 'android.net.VpnManager', 30, 'sdk'),
  s('vrmanager', 'android.app.VrManager', 26, 'platform', { where: '26 android/app/SystemServiceRegistry.java:859', hidden: true }),
  s('wallpaper', 'android.app.WallpaperManager', 21, 'sdk'),
  s('wallpaper_effects_generation', 'android.app.wallpapereffectsgeneration.WallpaperEffectsGenerationManager', 33, 'platform', { where: '33 android/app/SystemServiceRegistry.java:1258', hidden: true }),
  s('wearable_sensing', 'android.app.wearable.WearableSensingManager', 34, 'platform', { where: '34 android/app/SystemServiceRegistry.java:1550', hidden: true }),
  s('web_app', 'android.app.appfunctions.WebAppManager', 37, 'sdk37'),
  s('wifi', 'android.net.wifi.WifiManager', 21, 'sdk'),
  s('wifiaware', 'android.net.wifi.aware.WifiAwareManager', 26, 'sdk'),
  s('wifinan', 'android.net.wifi.nan.WifiNanManager', 24, 'platform', { where: '24 android/app/SystemServiceRegistry.java:517', until: 25, hidden: true }),
  s('wifinl80211', 'android.net.wifi.nl80211.WifiNl80211Manager', 30, 'platform', { where: '30 android/app/SystemServiceRegistry.java:765', hidden: true }),
  s('wifip2p', 'android.net.wifi.p2p.WifiP2pManager', 21, 'sdk'),
  s('wifirtt', 'android.net.wifi.rtt.WifiRttManager', 28, 'sdk'),
  s('wifiscanner', 'android.net.wifi.WifiScanner', 24, 'platform', { where: '24 android/app/SystemServiceRegistry.java:529', hidden: true }),
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
