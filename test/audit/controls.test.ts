// The agent's control finder and click, through the emulated bridge: the privacy dialog the
// scenario declares is a view tree in the launcher's window; the agent walks it on the main thread
// and clicks a button through View.performClick, whose listener then runs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EmulatedDevice, emulatedAgentPath } from '../../emulator/index.js';
import { loadScenario } from '../../emulator/scenario/load.js';
import type { ClickResult, ControlsResult } from '../../protocol/messages.js';
import { AUDIT_SCENARIO, scenarioWith } from './helpers.js';

async function launched(scenario = loadScenario(AUDIT_SCENARIO)) {
  const device = new EmulatedDevice({ scenario, watchdogMs: 60_000 });
  const events: any[] = [];
  const errors: any[] = [];
  const pid = await device.spawn(scenario.app.package);
  const session = await device.attach(pid);
  const script = await session.createScript(readFileSync(emulatedAgentPath(), 'utf8'));
  script.message.connect((m: any) => {
    if (m.type !== 'send') errors.push(m);
    else if (m.payload.kind === 'batch') events.push(...m.payload.events);
  });
  await script.load();
  await script.exports.init!({ package: scenario.app.package, flushIntervalMs: 10 });
  await device.resume(pid);
  await device.runFor(2000);
  /** An rpc that needs the main thread: the device clock runs while it is pending. */
  const rpc = async <T>(p: Promise<T>): Promise<T> => {
    let done = false;
    const out = p.finally(() => (done = true));
    out.catch(() => undefined); // awaited below; a rejection must not count as unhandled meanwhile
    for (let i = 0; i < 100 && !done; i++) {
      await device.runFor(20);
      // Replies from the script arrive as macrotasks.
      await new Promise((r) => setImmediate(r));
    }
    return out;
  };
  return { device, script, events, errors, rpc };
}

describe('agent: findControls / clickControl on the emulated device', () => {
  it('lists the privacy dialog texts of the resumed launcher activity, shown', async () => {
    const { device, script, rpc, errors } = await launched();
    const r = (await rpc(script.exports.findControls!())) as ControlsResult;
    expect(r.activities).toEqual(['com.example.shop.ui.SplashActivity']);
    expect(r.controls.map((c) => c.text)).toEqual(['用户协议与隐私政策', '请您务必审慎阅读、充分理解《用户协议》和《隐私政策》各条款。', '不同意', '同意']);
    expect(r.controls.every((c) => c.shown)).toBe(true);
    expect(r.controls.find((c) => c.text === '同意')).toMatchObject({ cls: 'android.widget.Button', path: [0, 3] });
    expect(errors).toEqual([]);
    device.close();
  });

  it('clicks a button: the click is recorded with its text, its listener runs, the dialog hides', async () => {
    const { device, script, rpc, events } = await launched();
    const r = (await rpc(script.exports.clickControl!({ text: '同意', path: [0, 3] }))) as ClickResult;
    expect(r).toMatchObject({ handled: true, clicked: { text: '同意', shown: true } });
    await device.runFor(2000);
    const click = events.findIndex((e) => e.kind === 'lifecycle' && e.detail?.type === 'click');
    expect(events[click].detail).toMatchObject({ text: '同意', component: 'android.widget.Button' });
    // The listener's work (Pangle's location read) follows the click.
    const loc = events.findIndex((e) => e.dataType === 'location');
    expect(loc).toBeGreaterThan(click);
    // GONE: the dialog is no longer shown (MainActivity is on top now, the splash paused).
    const after = (await rpc(script.exports.findControls!())) as ControlsResult;
    expect(after.controls.filter((c) => c.shown).map((c) => c.text)).not.toContain('同意');
    device.close();
  });

  it('refuses a click on a text nobody shows, and bad queries', async () => {
    const { device, script, rpc } = await launched();
    await expect(rpc(script.exports.clickControl!({ text: 'Accept all' }))).rejects.toThrow(/no shown control with the text "Accept all"/);
    await expect(script.exports.clickControl!({ text: '' })).rejects.toThrow(/non-empty text/);
    device.close();
  });

  it('a remembered decision survives restarts until the app data is cleared', async () => {
    const scenario = loadScenario(AUDIT_SCENARIO);
    const { device, script, rpc } = await launched(scenario);
    await rpc(script.exports.clickControl!({ text: '同意' }));
    await device.runFor(500);
    const again = async () => {
      const pid = await device.spawn(scenario.app.package);
      const s = await (await device.attach(pid)).createScript(readFileSync(emulatedAgentPath(), 'utf8'));
      await s.load();
      await s.exports.init!({ package: scenario.app.package });
      await device.resume(pid);
      await device.runFor(1000);
      return ((await rpc(s.exports.findControls!())) as ControlsResult).controls.map((c) => c.text);
    };
    expect(await again()).not.toContain('同意');
    device.clearAppData(scenario.app.package);
    expect(await again()).toContain('同意');
    device.close();
  });

  it('finds a privacy dialog that is a Dialog (a window of its own, listed by WindowManagerGlobal), and clicks it', async () => {
    const scenario = scenarioWith((s) => {
      s.app.privacyDialog!.window = 'dialog';
    });
    const { device, script, rpc, events } = await launched(scenario);
    const r = (await rpc(script.exports.findControls!())) as ControlsResult;
    const dialog = 'com.example.shop.ui.SplashActivity (window com.android.internal.policy.DecorView)';
    expect(r.controls.filter((c) => c.shown).map((c) => [c.activity, c.text])).toEqual([
      [dialog, '用户协议与隐私政策'],
      [dialog, '请您务必审慎阅读、充分理解《用户协议》和《隐私政策》各条款。'],
      [dialog, '不同意'],
      [dialog, '同意'],
    ]);
    await rpc(script.exports.clickControl!({ text: '不同意', activity: dialog }));
    await device.runFor(500);
    expect(events.some((e) => e.detail?.type === 'click' && e.detail.text === '不同意')).toBe(true);
    // Dismissed: the window is gone from the list.
    const after = (await rpc(script.exports.findControls!())) as ControlsResult;
    expect(after.controls.map((c) => c.text)).toEqual([]);
    device.close();
  });
});
