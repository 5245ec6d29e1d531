// One clock (issue 17): the device clock's offset to host UTC is recorded in the run's options. The
// emulated device's clock is read at run start (test/reports/regulator.test.ts); a phone's is
// measured from the first agent hello, once, and shown by the reports with what it includes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Ingest } from '../../host/ingest/ingest.js';
import { Store } from '../../store/db.js';
import { PROTOCOL_VERSION } from '../../protocol/constants.js';
import { clockSentence, formatTime, runClock, zoneOffsetMinutes, checkZone } from '../../analysis/clock.js';

const dir = mkdtempSync(join(tmpdir(), 'sdktrace-clock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const APP = 'com.example.app';

describe('the run clock', () => {
  it('measures a phone\'s offset from the first agent hello, once, and keeps the other options', () => {
    const store = Store.open(join(dir, 'c.db'), { create: true });
    const host = 1_767_225_600_000;
    const runId = store.createRun({ mode: 'trace', started_at: host, tool_version: 't', package: APP, options: { keep: 1, clock: { hostStart: host, deviceOffsetMs: null, source: 'unknown' } } });
    let now = host + 500;
    const ingest = new Ingest(store, runId, [], { appPackage: APP, now: () => now });
    const row = store.addProcess({ run_id: runId, pid: 100, name: APP, package: APP, target: true, started_at: host, spawned_by: 'sdktrace' });
    const ctx = { id: row.id, pid: 100, name: APP, package: APP, target: true, nextSeq: 0, gaps: 0 };
    const hello = (t: number) => ({ type: 'send', payload: { v: PROTOCOL_VERSION, kind: 'hello', pid: 100, process: APP, agent: '1', catalog: '1', java: true, t } });
    ingest.handle(ctx, hello(host + 500 + 3_000), null); // the phone's clock is 3 s ahead
    now += 10_000;
    ingest.handle(ctx, hello(host + 99_999_999), null); // a later hello changes nothing
    const options = JSON.parse(store.run(runId)!.options);
    expect(options.keep).toBe(1);
    expect(runClock(options)).toEqual({ hostStart: host, deviceOffsetMs: 3_000, source: 'agent-hello' });
    expect(clockSentence(runClock(options), 'UTC')).toContain('When the agent first reported (message latency included) the device clock was +3.000 s from host UTC');
    store.close();
  });

  it('formats every time as 24-hour ISO-8601 with the zone\'s offset, across DST', () => {
    const t = Date.UTC(2026, 0, 1, 15, 4, 5, 6);
    expect(formatTime(t, 'UTC')).toBe('2026-01-01T15:04:05.006+00:00');
    expect(formatTime(t, 'Asia/Shanghai')).toBe('2026-01-01T23:04:05.006+08:00');
    expect(formatTime(t, 'America/New_York')).toBe('2026-01-01T10:04:05.006-05:00');
    expect(zoneOffsetMinutes(Date.UTC(2026, 6, 1), 'America/New_York')).toBe(-240);
    expect(formatTime(Date.UTC(2026, 2, 29, 1, 0, 0, 0), 'Asia/Kolkata')).toBe('2026-03-29T06:30:00.000+05:30');
    expect(() => checkZone('Mars/Base')).toThrow(/--tz "Mars\/Base": not a time zone/);
  });
});
