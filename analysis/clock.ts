// One clock for everything a reader sees. Events carry device time; the run's start and end are
// host time. A finding that a regulator hands over must not mix the two, nor mix zones or 12/24-hour
// styles between the report, the spreadsheets and the dashboard. So: every time is shown as device
// time, in one IANA zone (`--tz`, default the host's), as 24-hour ISO-8601 with its UTC offset; the
// device's offset to host UTC, measured at run start when the device's clock can be read, is recorded
// in the run's options (`clock`) and stated once, so host times can be put on the device clock.
// Pure functions (no Node APIs): the dashboard bundle uses them too.

/** What the run recorded about the device clock at its start (run options `clock`). */
export interface RunClock {
  /** Host UTC at run start (ms since the epoch). */
  hostStart: number;
  /** Device clock minus host clock at run start, in ms; null when the device clock could not be read then. */
  deviceOffsetMs: number | null;
  /**
   * How the offset was known: the device's own clock at run start ('device', the emulated device),
   * the first agent hello (a phone: the offset plus the message's latency), or not at all.
   */
  source: 'device' | 'agent-hello' | 'unknown';
}

/** The run's recorded clock, or null for runs recorded before it existed or with a malformed one. */
export function runClock(options: Record<string, unknown>): RunClock | null {
  const c = options.clock as Partial<RunClock> | undefined;
  if (c === undefined || c === null || typeof c.hostStart !== 'number') return null;
  const off = typeof c.deviceOffsetMs === 'number' && Number.isFinite(c.deviceOffsetMs) ? c.deviceOffsetMs : null;
  return { hostStart: c.hostStart, deviceOffsetMs: off, source: off === null ? 'unknown' : c.source === 'agent-hello' ? 'agent-hello' : 'device' };
}

/** The host's own zone (what `--tz` defaults to). */
export function hostZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/**
 * Checks an IANA zone name ("Asia/Shanghai", "UTC", "Europe/Berlin"); returns its canonical
 * spelling or throws an Error naming the option and an example.
 */
export function checkZone(tz: string, option = '--tz'): string {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    throw new Error(`${option} ${JSON.stringify(tz)}: not a time zone; give an IANA name such as UTC, Asia/Shanghai or Europe/Berlin`);
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function parts(t: number, tz: string): Record<string, string> {
  let f = formatters.get(tz);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(tz, f);
  }
  const out: Record<string, string> = {};
  for (const p of f.formatToParts(new Date(t))) out[p.type] = p.value;
  return out;
}

/** The zone's offset from UTC at time t, in minutes (+480 for Asia/Shanghai). */
export function zoneOffsetMinutes(t: number, tz: string): number {
  const p = parts(Math.floor(t / 1000) * 1000, tz);
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return Math.round((asUtc - Math.floor(t / 1000) * 1000) / 60_000);
}

function offsetText(min: number): string {
  const sign = min < 0 ? '-' : '+';
  const a = Math.abs(min);
  return `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** "2026-12-07T10:21:33.123+08:00": 24-hour ISO-8601 in zone tz, with milliseconds and the offset. */
export function formatTime(t: number, tz: string): string {
  const p = parts(t, tz);
  const ms = String(((Math.floor(t) % 1000) + 1000) % 1000).padStart(3, '0');
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}.${ms}${offsetText(zoneOffsetMinutes(t, tz))}`;
}

/** The parts a spreadsheet needs for a real date: the wall-clock time in tz as if it were UTC. */
export function wallClockInZone(t: number, tz: string): Date {
  return new Date(t + zoneOffsetMinutes(t, tz) * 60_000);
}

/** Host time put on the device clock (the clock events carry), when the offset is known. */
export function hostToDevice(hostT: number, clock: RunClock | null): number {
  return clock === null || clock.deviceOffsetMs === null ? hostT : hostT + clock.deviceOffsetMs;
}

/** One sentence for report headers: which clock and zone the times are in. */
export function clockSentence(clock: RunClock | null, tz: string, lang: 'en' | 'zh' = 'en'): string {
  const zone = `${tz} (UTC${offsetText(zoneOffsetMinutes(clock?.hostStart ?? 0, tz))})`;
  if (lang === 'zh') {
    const head = `时间均为设备时钟，时区 ${zone}，24 小时制 ISO-8601。`;
    if (clock === null || clock.deviceOffsetMs === null) return `${head}运行开始时未测得设备时钟与主机 UTC 的偏差。`;
    const z = clock.deviceOffsetMs / 1000;
    return `${head}${clock.source === 'agent-hello' ? '代理首次报告时（含消息延迟）' : '运行开始时'}设备时钟与主机 UTC 相差 ${z >= 0 ? '+' : '−'}${Math.abs(z).toFixed(3)} 秒。`;
  }
  if (clock === null || clock.deviceOffsetMs === null) return `Times are the device's clock, in ${zone}, 24-hour ISO-8601. The device clock's offset to host UTC was not measured at run start.`;
  const s = clock.deviceOffsetMs / 1000;
  const when = clock.source === 'agent-hello' ? 'When the agent first reported (message latency included)' : 'At run start';
  return `Times are the device's clock, in ${zone}, 24-hour ISO-8601. ${when} the device clock was ${s >= 0 ? '+' : '−'}${Math.abs(s).toFixed(3)} s from host UTC.`;
}
