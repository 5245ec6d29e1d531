// The device scheduler: virtual time, ordering, holds and yielding (no wall-clock assertions).
import { describe, expect, it } from 'vitest';
import { Scheduler } from '../../emulator/clock.js';

describe('Scheduler', () => {
  it('runs tasks in virtual-time order, equal times in scheduling order, and stops at the end', async () => {
    const s = new Scheduler({ epochMs: 1000 });
    const log: string[] = [];
    s.schedule(20, () => log.push(`b@${s.now}`));
    s.schedule(10, () => log.push(`a@${s.now}`));
    s.schedule(20, () => {
      log.push(`c@${s.now}`);
      s.schedule(0, () => log.push(`d@${s.now}`));
    });
    s.schedule(500, () => log.push('late'));
    await s.runUntil(100);
    expect(log).toEqual(['a@10', 'b@20', 'c@20', 'd@20']);
    expect(s.now).toBe(100);
    expect(s.wallNow()).toBe(1100);
    await s.runUntil(600);
    expect(log.at(-1)).toBe('late');
  });

  it('blocking work advances the clock in max-speed mode', async () => {
    const s = new Scheduler({ epochMs: 0 });
    const seen: number[] = [];
    s.schedule(0, () => {
      s.advance(30);
      seen.push(s.now);
    });
    s.schedule(10, () => seen.push(s.now));
    await s.runUntil(100);
    expect(seen).toEqual([30, 30]); // the 10 ms task waited for the busy one
  });

  it('holds stop virtual time in max-speed mode until released', async () => {
    const s = new Scheduler({ epochMs: 0 });
    const log: number[] = [];
    s.schedule(5, () => {
      s.hold('gated');
      s.schedule(0, () => log.push(s.now)); // due now: still runs while held
      s.schedule(50, () => log.push(s.now));
    });
    const done = s.runUntil(200);
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    expect(log).toEqual([5]);
    expect(s.now).toBe(5);
    s.release('gated');
    await done;
    expect(log).toEqual([5, 55]);
  });

  it('yields to the event loop while running many tasks', async () => {
    const s = new Scheduler({ epochMs: 0, yieldEveryMs: 0 });
    let n = 0;
    for (let i = 0; i < 1000; i++) s.schedule(i, () => n++);
    let ticked = false;
    setImmediate(() => (ticked = true));
    await s.runUntil(2000);
    expect(n).toBe(1000);
    expect(ticked).toBe(true);
  });
});
