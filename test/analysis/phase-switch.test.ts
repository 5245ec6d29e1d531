// The activity switch within the app on the emulated device, through the real agent and ingest
// (conformance id android.activity.pause-before-next-create): the demo app opens MainActivity from
// SplashActivity, Android pauses Splash before it creates Main, and the reads Main.onCreate's SDK
// code makes are phased in the foreground (post-consent), not background; the report's
// recomputation (analysis/timeline.ts) agrees with what ingest stored.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '../../host/commands/demo.js';
import { Store } from '../../store/db.js';
import { buildReport } from '../../reports/model.js';
import { demoScenarioPath } from '../../emulator/index.js';

const dir = mkdtempSync(join(tmpdir(), 'sdktrace-switch-'));
let store: Store;

beforeAll(async () => {
  // The demo app, with an SDK call that reads the Android ID synchronously inside MainActivity.onCreate.
  const scenario = JSON.parse(readFileSync(demoScenarioPath(), 'utf8'));
  const main = scenario.app.components.activities.find((a: { class: string }) => a.class.endsWith('.MainActivity'));
  main.onCreate.unshift({ in: 'com.umeng.commonsdk.UMConfigure.init', do: [{ read: 'android_id', as: 'onCreateRead' }] });
  const file = join(dir, 'switch.json');
  writeFileSync(file, JSON.stringify(scenario));
  expect(await demo({ db: join(dir, 'demo.db'), out: join(dir, 'out'), quiet: true, scenario: file })).toBe(0);
  store = Store.open(join(dir, 'demo.db'));
}, 120_000);

afterAll(() => {
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

type Row = { id: number; t: number; kind: string; detail: string | null; phase: string; foreground: number; sdk: string | null; data_type: string | null };

describe('Splash -> Main on the emulated device', () => {
  it('pauses Splash before creating Main (android.activity.pause-before-next-create)', () => {
    const life = store.db.prepare("SELECT id, t, kind, detail FROM events WHERE kind = 'lifecycle' ORDER BY id").all() as Row[];
    const at = (type: string, comp: string) => life.findIndex((r) => { const d = JSON.parse(r.detail ?? '{}'); return d.type === type && String(d.component).endsWith(comp); });
    const pauseSplash = at('pause', 'SplashActivity');
    const createMain = at('activity-create', 'MainActivity');
    const resumeMain = at('resume', 'MainActivity');
    expect(pauseSplash).toBeGreaterThanOrEqual(0);
    expect(pauseSplash).toBeLessThan(createMain);
    expect(createMain).toBeLessThan(resumeMain);
  });

  it('phases the reads made while Main is created in the foreground, live and in the report alike', () => {
    const life = store.db.prepare("SELECT id, t, detail FROM events WHERE kind = 'lifecycle' ORDER BY id").all() as Row[];
    const find = (type: string, comp: string) => life.find((r) => { const d = JSON.parse(r.detail ?? '{}'); return d.type === type && String(d.component).endsWith(comp); })!;
    const create = find('activity-create', 'MainActivity');
    const resume = find('resume', 'MainActivity');
    const during = store.db.prepare("SELECT id, t, phase, foreground, sdk, data_type FROM events WHERE kind = 'pi' AND t >= ? AND t <= ? ORDER BY id").all(create.t, resume.t) as Row[];
    expect(during.length).toBeGreaterThan(0);
    for (const r of during) expect([r.phase, r.foreground], `event #${r.id}`).toEqual(['post-consent', 1]);
    // The report's recomputation over the stored run gives the same phases.
    buildReport(store, 1);
    const recomputed = store.db.prepare(`SELECT phase FROM temp.sdktrace_ev WHERE id IN (${during.map((r) => r.id).join(',')})`).all() as { phase: string }[];
    expect(recomputed.map((r) => r.phase)).toEqual(during.map(() => 'post-consent'));
  });
});
