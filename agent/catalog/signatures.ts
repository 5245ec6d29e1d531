// Exact Java signatures of the public overloads the catalog's specs cover, with the API level that
// introduced each (0-arg and single-type lists included, so every public spec is listed here).
// The Android SDK declarations (@nativescript/types-android) are lossy: every numeric primitive is
// `number` and String/CharSequence/char are `string`. These lists restore the Java types; the
// catalog test checks each one against the declarations (shape, completeness, @since) so they
// cannot drift. For hidden specs with `hidden.publicApi`, the lists are the public overloads of
// that API (the hidden class implements them); hidden-only overloads are in the spec's `declared`.
//
// Not imported by the agent (the installer hooks 'all'): used by `sdktrace hooks` and the
// emulated device, which must expose exactly these overloads.
import type { Signature } from './types.js';

const S = 'java.lang.String';
const SA = '[Ljava.lang.String;';
const I = 'android.content.Intent';
const B = 'android.os.Bundle';
const H = 'android.os.Handler';
const EX = 'java.util.concurrent.Executor';
const PI = 'android.app.PendingIntent';
const U = 'android.net.Uri';
const CS = 'android.os.CancellationSignal';
const UH = 'android.os.UserHandle';
const BR = 'android.content.BroadcastReceiver';
const IF = 'android.content.IntentFilter';
const ACC = 'android.accounts.Account';
const AMC = 'android.accounts.AccountManagerCallback';
const LL = 'android.location.LocationListener';
const LR = 'android.location.LocationRequest';
const CR = 'android.location.Criteria';
const LP = 'android.os.Looper';
const SEL = 'android.hardware.SensorEventListener';
const SEN = 'android.hardware.Sensor';
const PIF = 'android.content.pm.PackageManager$PackageInfoFlags';
const AIF = 'android.content.pm.PackageManager$ApplicationInfoFlags';
const RIF = 'android.content.pm.PackageManager$ResolveInfoFlags';

const none: Signature[] = [{ params: [] }];
const sig = (params: string[], minApi?: number): Signature => (minApi === undefined ? { params } : { params, minApi });
const resolveQuery = (): Signature[] => [sig([I, RIF], 33), sig([I, 'int'])];

export const PUBLIC_SIGNATURES: Readonly<Record<string, readonly Signature[]>> = {
  // async
  'async.executor.execute': [sig(['java.lang.Runnable'])],
  'loader.baseDexClassLoader': [sig([S, 'java.io.File', S, 'java.lang.ClassLoader'])],
  'async.executor.submit': [sig(['java.lang.Runnable']), sig(['java.lang.Runnable', 'java.lang.Object']), sig(['java.util.concurrent.Callable'])],
  'async.scheduled.decorateTask': [
    sig(['java.lang.Runnable', 'java.util.concurrent.RunnableScheduledFuture']),
    sig(['java.util.concurrent.Callable', 'java.util.concurrent.RunnableScheduledFuture']),
  ],
  'async.scheduled.schedule': [sig(['java.lang.Runnable', 'long', 'java.util.concurrent.TimeUnit']), sig(['java.util.concurrent.Callable', 'long', 'java.util.concurrent.TimeUnit'])],
  'async.scheduled.scheduleAtFixedRate': [sig(['java.lang.Runnable', 'long', 'long', 'java.util.concurrent.TimeUnit'])],
  'async.scheduled.scheduleWithFixedDelay': [sig(['java.lang.Runnable', 'long', 'long', 'java.util.concurrent.TimeUnit'])],
  'async.handler.sendMessageAtTime': [sig(['android.os.Message', 'long'])],
  'async.handler.sendMessageAtFrontOfQueue': [sig(['android.os.Message'])],
  'async.thread.start': none,
  'async.handler.dispatchMessage': [sig(['android.os.Message'])],
  'async.executor.beforeExecute': [sig(['java.lang.Thread', 'java.lang.Runnable'])],
  'async.executor.afterExecute': [sig(['java.lang.Runnable', 'java.lang.Throwable'])],
  'async.futureTask.run': none,
  'async.futureTask.runAndReset': none,
  // lifecycle
  'lifecycle.callActivityOnCreate': [sig(['android.app.Activity', B]), sig(['android.app.Activity', B, 'android.os.PersistableBundle'])],
  'lifecycle.callActivityOnResume': [sig(['android.app.Activity'])],
  'lifecycle.callActivityOnPause': [sig(['android.app.Activity'])],
  'lifecycle.finish': none,
  'lifecycle.callActivityOnDestroy': [sig(['android.app.Activity'])],
  'lifecycle.performClick': none,
  'lifecycle.dialog.show': none,
  'lifecycle.popup.showAtLocation': [sig(['android.view.View', 'int', 'int', 'int'])],
  'lifecycle.popup.showAsDropDown': [sig(['android.view.View']), sig(['android.view.View', 'int', 'int']), sig(['android.view.View', 'int', 'int', 'int'])],
  // permissions
  'perm.activity.requestPermissions': [sig([SA, 'int'], 23), sig([SA, 'int', 'int'], 35)],
  'perm.fragment.requestPermissions': [sig([SA, 'int'], 23)],
  'perm.shouldShowRequestPermissionRationale': [sig([S], 23), sig([S, 'int'], 35)],
  'perm.contextImpl.checkSelfPermission': [sig([S], 23)],
  'perm.contextImpl.checkPermission': [sig([S, 'int', 'int'])],
  // identifiers
  'settings.secure.getString': [sig(['android.content.ContentResolver', S])],
  'settings.system.getString': [sig(['android.content.ContentResolver', S])],
  'telephony.getDeviceId': [sig([]), sig(['int'], 23)],
  'telephony.getImei': [sig([], 26), sig(['int'], 26)],
  'telephony.getMeid': [sig([], 26), sig(['int'], 26)],
  'telephony.getSubscriberId': none,
  'telephony.getSimSerialNumber': none,
  'telephony.getLine1Number': none,
  'subscription.getActiveSubscriptionInfoList': [sig([], 22)],
  'subscription.getPhoneNumber': [sig(['int'], 33), sig(['int', 'int'], 33)],
  'subscriptionInfo.getIccId': [sig([], 22)],
  'subscriptionInfo.getNumber': [sig([], 22)],
  'build.getSerial': [sig([], 26)],
  'wifiInfo.getMacAddress': none,
  'wifiInfo.getBSSID': none,
  'wifiInfo.getSSID': none,
  'wifiInfo.getIpAddress': none,
  'wifi.getConnectionInfo': none,
  'wifi.getScanResults': none,
  'wifi.startScan': none,
  'wifi.getConfiguredNetworks': none,
  'wifi.getDhcpInfo': none,
  'netif.getHardwareAddress': none,
  'netif.getInetAddresses': none,
  'bluetooth.getAddress': none,
  'bluetooth.getBondedDevices': none,
  'bluetooth.startDiscovery': none,
  'bluetooth.le.startScan': [
    sig(['android.bluetooth.le.ScanCallback']),
    sig(['java.util.List', 'android.bluetooth.le.ScanSettings', PI], 26),
    sig(['java.util.List', 'android.bluetooth.le.ScanSettings', 'android.bluetooth.le.ScanCallback']),
  ],
  // location
  'location.getLastKnownLocation': [sig([S])],
  'location.requestLocationUpdates': [
    sig([S, LR, PI], 31),
    sig([S, LR, EX, LL], 31),
    sig([S, 'long', 'float', PI]),
    sig([S, 'long', 'float', LL]),
    sig([S, 'long', 'float', LL, LP]),
    sig([S, 'long', 'float', EX, LL], 30),
    sig(['long', 'float', CR, PI]),
    sig(['long', 'float', CR, LL, LP]),
    sig(['long', 'float', CR, EX, LL], 30),
  ],
  'location.requestSingleUpdate': [sig([CR, PI]), sig([CR, LL, LP]), sig([S, PI]), sig([S, LL, LP])],
  'location.getCurrentLocation': [sig([S, LR, CS, EX, 'java.util.function.Consumer'], 31), sig([S, CS, EX, 'java.util.function.Consumer'], 30)],
  'location.registerGnssStatusCallback': [
    sig(['android.location.GnssStatus$Callback'], 24),
    sig(['android.location.GnssStatus$Callback', H], 24),
    sig([EX, 'android.location.GnssStatus$Callback'], 30),
  ],
  'location.addGpsStatusListener': [sig(['android.location.GpsStatus$Listener'])],
  'location.addNmeaListener': [
    sig(['android.location.GpsStatus$NmeaListener']),
    sig(['android.location.OnNmeaMessageListener'], 24),
    sig(['android.location.OnNmeaMessageListener', H], 24),
    sig([EX, 'android.location.OnNmeaMessageListener'], 30),
  ],
  'location.addProximityAlert': [sig(['double', 'double', 'float', 'long', PI])],
  'cell.getCellLocation': none,
  'cell.getAllCellInfo': none,
  'cell.requestCellInfoUpdate': [sig([EX, 'android.telephony.TelephonyManager$CellInfoCallback'], 29)],
  'cell.getNeighboringCellInfo': none,
  'geocoder.getFromLocation': [sig(['double', 'double', 'int']), sig(['double', 'double', 'int', 'android.location.Geocoder$GeocodeListener'], 33)],
  // packages (ApplicationPackageManager implements these public PackageManager methods)
  'pm.getInstalledPackages': [sig([PIF], 33), sig(['int'])],
  'pm.getInstalledApplications': [sig([AIF], 33), sig(['int'])],
  'pm.getPackageInfo': [sig(['android.content.pm.VersionedPackage', PIF], 33), sig(['android.content.pm.VersionedPackage', 'int'], 26), sig([S, PIF], 33), sig([S, 'int'])],
  'pm.getApplicationInfo': [sig([S, AIF], 33), sig([S, 'int'])],
  'pm.getLaunchIntentForPackage': [sig([S])],
  'pm.queryIntentActivities': resolveQuery(),
  'pm.queryIntentServices': resolveQuery(),
  'pm.queryBroadcastReceivers': resolveQuery(),
  'pm.queryIntentContentProviders': resolveQuery(),
  'pm.resolveActivity': resolveQuery(),
  'pm.getPackagesForUid': [sig(['int'])],
  'pm.getNameForUid': [sig(['int'])],
  'pm.getPackagesHoldingPermissions': [sig([SA, PIF], 33), sig([SA, 'int'])],
  'launcherApps.getActivityList': [sig([S, UH])],
  'am.getRunningAppProcesses': none,
  'am.getRunningTasks': [sig(['int'])],
  'am.getRunningServices': [sig(['int'])],
  'am.getRecentTasks': [sig(['int', 'int'])],
  // content
  'content.query': [sig([U, SA, B, CS], 26), sig([U, SA, S, SA, S]), sig([U, SA, S, SA, S, CS])],
  'content.insert': [sig([U, 'android.content.ContentValues']), sig([U, 'android.content.ContentValues', B], 30)],
  'content.bulkInsert': [sig([U, '[Landroid.content.ContentValues;'])],
  'content.update': [sig([U, 'android.content.ContentValues', B], 30), sig([U, 'android.content.ContentValues', S, SA])],
  'content.delete': [sig([U, B], 30), sig([U, S, SA])],
  'content.call': [sig([U, S, S, B]), sig([S, S, S, B], 29)],
  'content.openInputStream': [sig([U])],
  'content.openFileDescriptor': [sig([U, S]), sig([U, S, CS])],
  'content.openAssetFileDescriptor': [sig([U, S]), sig([U, S, CS])],
  'content.openTypedAssetFileDescriptor': [sig([U, S, B]), sig([U, S, B, CS])],
  'content.acquireContentProviderClient': [sig([U]), sig([S])],
  'content.acquireUnstableContentProviderClient': [sig([U]), sig([S])],
  'content.registerContentObserver': [sig([U, 'boolean', 'android.database.ContentObserver'])],
  // clipboard
  'clipboard.getPrimaryClip': none,
  'clipboard.hasPrimaryClip': none,
  'clipboard.getPrimaryClipDescription': none,
  'clipboard.getText': none,
  'clipboard.hasText': none,
  'clipboard.addPrimaryClipChangedListener': [sig(['android.content.ClipboardManager$OnPrimaryClipChangedListener'])],
  // accounts
  'accounts.getAccounts': none,
  'accounts.getAccountsByType': [sig([S])],
  'accounts.getAccountsByTypeForPackage': [sig([S, S])],
  'accounts.getAccountsByTypeAndFeatures': [sig([S, SA, AMC, H])],
  'accounts.getAuthToken': [sig([ACC, S, B, 'android.app.Activity', AMC, H]), sig([ACC, S, B, 'boolean', AMC, H]), sig([ACC, S, 'boolean', AMC, H])],
  'accounts.peekAuthToken': [sig([ACC, S])],
  'accounts.getUserData': [sig([ACC, S])],
  'accounts.getPassword': [sig([ACC])],
  'accounts.addOnAccountsUpdatedListener': [sig(['android.accounts.OnAccountsUpdateListener', H, 'boolean']), sig(['android.accounts.OnAccountsUpdateListener', H, 'boolean', SA], 26)],
  // sensors
  'sensor.registerListener': [
    sig([SEL, SEN, 'int']),
    sig([SEL, SEN, 'int', H]),
    sig([SEL, SEN, 'int', 'int']),
    sig([SEL, SEN, 'int', 'int', H]),
    sig(['android.hardware.SensorListener', 'int']),
    sig(['android.hardware.SensorListener', 'int', 'int']),
  ],
  'sensor.requestTriggerSensor': [sig(['android.hardware.TriggerEventListener', SEN])],
  'sensor.getDefaultSensor': [sig(['int']), sig(['int', 'boolean'])],
  'sensor.getSensorList': [sig(['int'])],
  'sensor.getDynamicSensorList': [sig(['int'], 24)],
  // camera & microphone
  'camera.open': [sig([]), sig(['int'])],
  'camera2.openCamera': [sig([S, 'android.hardware.camera2.CameraDevice$StateCallback', H]), sig([S, EX, 'android.hardware.camera2.CameraDevice$StateCallback'], 28)],
  'mediaRecorder.setVideoSource': [sig(['int'])],
  'mediaRecorder.setAudioSource': [sig(['int'])],
  'audioRecord.startRecording': [sig([]), sig(['android.media.MediaSyncEvent'])],
  'speech.startListening': [sig([I])],
  // phone
  'phone.listen': [sig(['android.telephony.PhoneStateListener', 'int'])],
  'phone.registerTelephonyCallback': [sig(['int', EX, 'android.telephony.TelephonyCallback'], 33), sig([EX, 'android.telephony.TelephonyCallback'], 31)],
  'phone.getCallState': none,
  'phone.getServiceState': [sig([], 26), sig(['int'], 33)],
  // usage
  'usage.queryUsageStats': [sig(['int', 'long', 'long'])],
  'usage.queryAndAggregateUsageStats': [sig(['long', 'long'])],
  'usage.queryEvents': [sig(['android.app.usage.UsageEventsQuery'], 35), sig(['long', 'long'])],
  'usage.queryEventStats': [sig(['int', 'long', 'long'], 28)],
  'usage.queryConfigurations': [sig(['int', 'long', 'long'])],
  // notifications
  'notifications.getActiveNotifications': [sig([]), sig([SA])],
  'notifications.getSnoozedNotifications': [sig([], 26)],
  'notifications.requestRebind': [sig(['android.content.ComponentName'], 24)],
  // network
  'url.openConnection': [sig([]), sig(['java.net.Proxy'])],
  'huc.connect': none,
  'huc.getOutputStream': none,
  'huc.getInputStream': none,
  'apache.execute': [
    sig(['org.apache.http.client.methods.HttpUriRequest']),
    sig(['org.apache.http.client.methods.HttpUriRequest', 'org.apache.http.protocol.HttpContext']),
    sig(['org.apache.http.HttpHost', 'org.apache.http.HttpRequest']),
    sig(['org.apache.http.HttpHost', 'org.apache.http.HttpRequest', 'org.apache.http.protocol.HttpContext']),
    sig(['org.apache.http.client.methods.HttpUriRequest', 'org.apache.http.client.ResponseHandler']),
    sig(['org.apache.http.client.methods.HttpUriRequest', 'org.apache.http.client.ResponseHandler', 'org.apache.http.protocol.HttpContext']),
    sig(['org.apache.http.HttpHost', 'org.apache.http.HttpRequest', 'org.apache.http.client.ResponseHandler']),
    sig(['org.apache.http.HttpHost', 'org.apache.http.HttpRequest', 'org.apache.http.client.ResponseHandler', 'org.apache.http.protocol.HttpContext']),
  ],
  'socket.connect': [sig(['java.net.SocketAddress']), sig(['java.net.SocketAddress', 'int'])],
  'socket.write': [sig(['[B']), sig(['[B', 'int', 'int']), sig(['int'])],
  'datagram.send': [sig(['java.net.DatagramPacket'])],
  'dns.getAllByName': [sig([S])],
  'dns.getByName': [sig([S])],
  'dns.network.getAllByName': [sig([S])],
  'dns.network.getByName': [sig([S])],
  'webview.loadUrl': [sig([S]), sig([S, 'java.util.Map'])],
  'webview.postUrl': [sig([S, '[B'])],
  'cipher.init': [
    sig(['int', 'java.security.Key']),
    sig(['int', 'java.security.Key', 'java.security.SecureRandom']),
    sig(['int', 'java.security.Key', 'java.security.spec.AlgorithmParameterSpec']),
    sig(['int', 'java.security.Key', 'java.security.spec.AlgorithmParameterSpec', 'java.security.SecureRandom']),
    sig(['int', 'java.security.Key', 'java.security.AlgorithmParameters']),
    sig(['int', 'java.security.Key', 'java.security.AlgorithmParameters', 'java.security.SecureRandom']),
    sig(['int', 'java.security.cert.Certificate']),
    sig(['int', 'java.security.cert.Certificate', 'java.security.SecureRandom']),
  ],
  'cipher.update': [sig(['[B']), sig(['[B', 'int', 'int']), sig(['[B', 'int', 'int', '[B']), sig(['[B', 'int', 'int', '[B', 'int']), sig(['java.nio.ByteBuffer', 'java.nio.ByteBuffer'])],
  'cipher.doFinal': [sig([]), sig(['[B', 'int']), sig(['[B']), sig(['[B', 'int', 'int']), sig(['[B', 'int', 'int', '[B']), sig(['[B', 'int', 'int', '[B', 'int']), sig(['java.nio.ByteBuffer', 'java.nio.ByteBuffer'])],
  'base64.encode': [sig(['[B', 'int']), sig(['[B', 'int', 'int', 'int'])],
  'base64.encodeToString': [sig(['[B', 'int']), sig(['[B', 'int', 'int', 'int'])],
  'gzip.write': [sig(['int']), sig(['[B']), sig(['[B', 'int', 'int'])],
  'gzip.finish': [sig([])],
  'deflaterstream.write': [sig(['int']), sig(['[B']), sig(['[B', 'int', 'int'])],
  'deflaterstream.finish': [sig([])],
  'deflater.setInput': [sig(['[B']), sig(['[B', 'int', 'int']), sig(['java.nio.ByteBuffer'], 35)],
  'deflater.deflate': [sig(['[B']), sig(['[B', 'int', 'int']), sig(['[B', 'int', 'int', 'int']), sig(['java.nio.ByteBuffer'], 35), sig(['java.nio.ByteBuffer', 'int'], 35)],
  'inflater.inflate': [sig(['[B']), sig(['[B', 'int', 'int']), sig(['java.nio.ByteBuffer'], 35)],
  'digest.update': [sig(['byte']), sig(['[B']), sig(['[B', 'int', 'int']), sig(['java.nio.ByteBuffer'])],
  'digest.digest': [sig([]), sig(['[B']), sig(['[B', 'int', 'int'])],
  'mac.init': [sig(['java.security.Key']), sig(['java.security.Key', 'java.security.spec.AlgorithmParameterSpec'])],
  'mac.update': [sig(['byte']), sig(['[B']), sig(['[B', 'int', 'int']), sig(['java.nio.ByteBuffer'])],
  'mac.doFinal': [sig([]), sig(['[B']), sig(['[B', 'int'])],
  // launches (ContextImpl implements these public Context methods)
  'broadcast.sendBroadcast': [sig([I]), sig([I, S]), sig([I, S, B], 34)],
  'broadcast.sendBroadcastWithMultiplePermissions': [sig([I, SA], 30)],
  'broadcast.sendBroadcastAsUser': [sig([I, UH]), sig([I, UH, S])],
  'broadcast.sendOrderedBroadcast': [
    sig([I, S]),
    sig([I, S, BR, H, 'int', S, B]),
    sig([I, S, B], 34),
    sig([I, S, B, BR, H, 'int', S, B], 34),
    sig([I, S, S, BR, H, 'int', S, B], 30),
  ],
  'broadcast.sendOrderedBroadcastAsUser': [sig([I, UH, S, BR, H, 'int', S, B])],
  'broadcast.sendStickyBroadcast': [sig([I]), sig([I, B], 31)],
  'broadcast.sendStickyBroadcastAsUser': [sig([I, UH])],
  'broadcast.sendStickyOrderedBroadcast': [sig([I, BR, H, 'int', S, B])],
  'broadcast.sendStickyOrderedBroadcastAsUser': [sig([I, UH, BR, H, 'int', S, B])],
  'pendingIntent.getActivity': [sig(['android.content.Context', 'int', I, 'int']), sig(['android.content.Context', 'int', I, 'int', B])],
  'pendingIntent.getActivities': [sig(['android.content.Context', 'int', '[Landroid.content.Intent;', 'int']), sig(['android.content.Context', 'int', '[Landroid.content.Intent;', 'int', B])],
  'pendingIntent.getService': [sig(['android.content.Context', 'int', I, 'int'])],
  'pendingIntent.getForegroundService': [sig(['android.content.Context', 'int', I, 'int'], 26)],
  'pendingIntent.getBroadcast': [sig(['android.content.Context', 'int', I, 'int'])],
  // scheduling
  'sync.requestSync': [sig([ACC, S, B]), sig(['android.content.SyncRequest'])],
  'sync.addPeriodicSync': [sig([ACC, S, B, 'long'])],
  'sync.setSyncAutomatically': [sig([ACC, S, 'boolean'])],
  'alarm.cancel': [sig([PI]), sig(['android.app.AlarmManager$OnAlarmListener'], 24)],
  'service.startForeground': [sig(['int', 'android.app.Notification']), sig(['int', 'android.app.Notification', 'int'], 29)],
  'service.onStartCommand': [sig([I, 'int', 'int'])],
  'receiver.registerReceiver': [sig([BR, IF]), sig([BR, IF, 'int'], 26), sig([BR, IF, S, H]), sig([BR, IF, S, H, 'int'], 26)],
  // identifiers added for issue 19 (device IDs, carrier, nearby devices, network identity)
  'mediaDrm.getPropertyByteArray': [sig([S])],
  'settings.global.getString': [sig(['android.content.ContentResolver', S])],
  'telephony.getSimOperator': none,
  'telephony.getSimOperatorName': none,
  'telephony.getNetworkOperator': none,
  'telephony.getNetworkOperatorName': none,
  'telephony.getSimCountryIso': none,
  'telephony.getNetworkCountryIso': [sig([]), sig(['int'], 30)],
  'telephony.getDeviceSoftwareVersion': none,
  'telephony.getNai': [sig([], 28)],
  'uicc.getIccId': [sig([], 29)],
  'bluetooth.getName': none,
  'bluetoothDevice.getAddress': none,
  'bluetoothDevice.getName': none,
  'bluetoothManager.getConnectedDevices': [sig(['int'])],
  'mediaDrm.getPropertyString': [sig([S])],
  'bluetoothProfile.a2dp.getConnectedDevices': none,
  'bluetoothProfile.headset.getConnectedDevices': none,
  'bluetoothProfile.hidDevice.getConnectedDevices': [sig([], 28)],
  'bluetoothProfile.hearingAid.getConnectedDevices': [sig([], 29)],
  'bluetoothProfile.leAudio.getConnectedDevices': [sig([], 31)],
  'connectivity.getLinkProperties': [sig(['android.net.Network'])],
  'netif.getNetworkInterfaces': none,
  'dpm.getWifiMacAddress': [sig(['android.content.ComponentName'], 24)],
  // location outside LocationManager
  'location.read': none,
  'location.readLongitude': none,
  // installed-app detection
  'pm.queryIntentActivityOptions': [sig(['android.content.ComponentName', 'java.util.List', I, RIF], 33), sig(['android.content.ComponentName', '[Landroid.content.Intent;', I, 'int'])],
  'pm.getInstallerPackageName': [sig([S])],
  'pm.getInstallSourceInfo': [sig([S], 30)],
  'pm.getPackageUid': [sig([S, PIF], 33), sig([S, 'int'], 24)],
  'imm.getInputMethodList': none,
  'imm.getEnabledInputMethodList': none,
  'a11y.getInstalledAccessibilityServiceList': none,
  'packageInstaller.getAllSessions': none,
  // files and commands
  'exec.runtime': [sig([S]), sig([S, SA]), sig([S, SA, 'java.io.File']), sig([SA]), sig([SA, SA]), sig([SA, SA, 'java.io.File'])],
  'exec.processBuilder': none,
  // SMS and screen
  'sms.sendTextMessage': [sig([S, S, S, PI, PI]), sig([S, S, S, PI, PI, 'long'], 30)],
  'sms.sendMultipartTextMessage': [
    sig([S, S, 'java.util.ArrayList', 'java.util.ArrayList', 'java.util.ArrayList']),
    sig([S, S, 'java.util.List', 'java.util.List', 'java.util.List', S, S], 30),
    sig([S, S, 'java.util.List', 'java.util.List', 'java.util.List', 'long'], 30),
  ],
  'sms.sendDataMessage': [sig([S, S, 'short', '[B', PI, PI])],
  'sms.getMessagesFromIntent': [sig([I])],
  'sms.createFromPdu': [sig(['[B']), sig(['[B', S], 23)],
  'screen.getMediaProjection': [sig(['int', I])],
  'screen.createVirtualDisplay': [sig([S, 'int', 'int', 'int', 'int', 'android.view.Surface', 'android.hardware.display.VirtualDisplay$Callback', H])],
};
