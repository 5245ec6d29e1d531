// Conformance ledger: Android behaviours the emulator models (see ./types.ts).
import type { ConformanceEntry } from './types.js';

const AM = 'aosp-mirror/platform_frameworks_base services/core/java/com/android/server/am';

export const ANDROID: ConformanceEntry[] = [
  {
    id: 'android.service.sticky-restart',
    runtime: 'android',
    behaviour:
      'When a process dies without a force-stop, its started services whose onStartCommand returned START_STICKY (or START_STICKY_COMPATIBILITY, START_REDELIVER_INTENT) are restarted: the first restart SERVICE_RESTART_DURATION (1 s) later, a restart within SERVICE_RESET_RUN_DURATION (60 s) of the last one FACTOR (4) times later, restarts of different services at least SERVICE_MIN_RESTART_TIME_BETWEEN (10 s) apart; START_STICKY restarts call onStartCommand with a null intent. START_NOT_STICKY services, stopped services and force-stopped packages are not restarted.',
    source: `${AM}/ActiveServices.java killServicesLocked / scheduleServiceRestartLocked / serviceDoneExecutingLocked (stopIfKilled); ${AM}/ActivityManagerConstants.java DEFAULT_SERVICE_RESTART_DURATION, DEFAULT_SERVICE_RESET_RUN_DURATION, DEFAULT_SERVICE_RESTART_DURATION_FACTOR, DEFAULT_SERVICE_MIN_RESTART_TIME_BETWEEN; core/java/android/app/ActivityThread.java handleServiceArgs`,
    model: 'emulator/system.ts (SystemServices.processDied, serviceStartResult); emulator/android/app.ts (handleServiceArgs)',
    test: 'test/reports/startup-emulated.test.ts',
  },
];
