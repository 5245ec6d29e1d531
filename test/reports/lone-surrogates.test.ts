// Text the app controls may hold lone UTF-16 surrogates (a Java string is any sequence of code
// units; an obfuscated class, a hostile host name). The chained JSON columns keep them exactly
// (JSON.stringify escapes them); the projections and side columns written as SQLite text
// (net_flows host/ip/url, launches action/component/target_package, attributions.frame,
// hook_status) once read back each lone surrogate as three U+FFFD: the report did not show what the
// agent sent, and a pack of such a run failed `sdktrace verify` (its re-derived projections, from
// the exact evidence, differed from the rows). They are stored as `\udXXX` (store/db.ts
// projectedText), which the report shows as it shows a lone surrogate, verify derives the same,
// and a host compared with the declared lists matches exactly when the host sent does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sdkCatalog } from '../../attribution/shipped.js';
import { replayRun } from '../../host/ingest/replay.js';
import { domainCovers } from '../../reports/lists/match.js';
import { buildReport } from '../../reports/model.js';
import { buildPack } from '../../reports/pack/export.js';
import { verifyPack } from '../../reports/pack/verify.js';
import { renderHtml } from '../../reports/render/html.js';
import { projectedText } from '../../store/db.js';
import { APP, cleanupTmp, lists, Run, stack, STACKS } from './helpers.js';

const HIGH = '\ud800';
const LOW = '\udc00';
const HOST = `log${HIGH}.evil.example`;
const IP = `203.0.113.7${LOW}`;
const URL = `http://log${HIGH}.evil.example/c?d=${LOW}x`;
const ACTION = `com.evil.WAKE${LOW}`;
const COMPONENT = `com.other${HIGH}/.S`;
const PACKAGE = `com.other${HIGH}`;
const FRAME_CLASS = `com.umeng.x${HIGH}${LOW}${LOW}.C`; // a pair (kept) and a lone low surrogate
const REASON = `class not found: a${HIGH}b`;

let run: Run;

beforeAll(() => {
  run = Run.create();
  const main = run.process();
  run.resume(main);
  run.pi(main, 'android_id', stack('android.provider.Settings$Secure.getString', `${FRAME_CLASS}.m`, `${APP}.App.onCreate`), { values: ['5c1e8a2f93b07d44'] });
  run.net(main, { layer: 'java', proto: 'http', tls: false, op: 'send', host: HOST, ip: IP, port: 80, url: URL, bytes: 20, sample: 'aid=5c1e8a2f93b07d44', sampleEncoding: 'utf8' }, STACKS.umengNet);
  run.event(main, { kind: 'launch', api: 'android.app.ContextImpl.startService', detail: { via: 'service', action: ACTION, component: COMPONENT, package: PACKAGE }, stack: STACKS.jpushLaunch });
  run.hooks(main, [{ id: 'pkg.getInstalledPackages', class: 'android.app.ApplicationPackageManager', method: 'getInstalledPackages', state: 'failed', overloads: 1, reason: REASON }]);
  run.end();
});

afterAll(() => cleanupTmp());

describe('lone surrogates in projection columns', () => {
  it('are stored escaped as \\udXXX, the chained evidence keeping them exactly', () => {
    const db = run.store.db;
    expect(db.prepare('SELECT host, ip, url FROM net_flows WHERE run_id = ?').get(run.runId)).toEqual({
      host: 'log\\ud800.evil.example',
      ip: '203.0.113.7\\udc00',
      url: 'http://log\\ud800.evil.example/c?d=\\udc00x',
    });
    expect(db.prepare('SELECT action, component, target_package FROM launches WHERE run_id = ?').get(run.runId)).toEqual({
      action: 'com.evil.WAKE\\udc00',
      component: 'com.other\\ud800/.S',
      target_package: 'com.other\\ud800',
    });
    expect(db.prepare("SELECT frame FROM events WHERE run_id = ? AND kind = 'pi'").pluck().get(run.runId)).toBe(`com.umeng.x${HIGH}${LOW}\\udc00.C.m`);
    expect(db.prepare('SELECT reason FROM hook_status WHERE run_id = ?').pluck().get(run.runId)).toBe('class not found: a\\ud800b');
    const detail = (kind: string) => JSON.parse(db.prepare('SELECT detail FROM events WHERE run_id = ? AND kind = ?').pluck().get(run.runId, kind) as string) as Record<string, unknown>;
    expect(detail('net')).toMatchObject({ host: HOST, ip: IP, url: URL });
    expect(detail('launch')).toMatchObject({ action: ACTION, component: COMPONENT, package: PACKAGE });
  });

  it('are shown by the report as the agent sent them where it reads the projections (launches, hooks)', () => {
    const model = buildReport(run.store, run.runId, { generatedAt: '2026-01-01T00:00:00.000Z', networkScan: 'inline' });
    expect(model.launches.map((l) => [l.action, l.component, l.targetPackage])).toEqual([['com.evil.WAKE\\udc00', 'com.other\\ud800/.S', 'com.other\\ud800']]);
    expect(model.hooks.entries.map((h) => h.reason)).toContain('class not found: a\\ud800b');
    const html = renderHtml(model);
    expect(html).toContain('com.other\\ud800/.S');
    // Not yet where it reads the chained JSON (network destinations, flows: reports/events.ts
    // sqliteText keeps SQLite's json_extract form, three U+FFFD, which SQL queries of the same
    // fields give and are compared with; docs/evidence.md "Text the app controls" says what is left).
    expect(model.network.map((d) => [d.host, d.ip])).toEqual([['log\ufffd\ufffd\ufffd.evil.example', '203.0.113.7\ufffd\ufffd\ufffd']]);
  });

  it('a pack of the run verifies: the projections and attributions derived again from the evidence are the rows', () => {
    const policy = Buffer.from(JSON.stringify({ format: 'sdktrace-declared-lists/2', app: { package: APP }, collected: [], sharing: [] }));
    const { zip } = buildPack(run.store, run.runId, { catalog: sdkCatalog(), lists: lists({}), listsBytes: policy, now: new Date('2026-01-02T00:00:00Z') });
    const v = verifyPack(zip, { replay: replayRun });
    expect(v.checks.filter((c) => !c.ok)).toEqual([]);
    expect(v.checks.map((c) => c.name)).toEqual(expect.arrayContaining(['attribution', 'launches', 'network flows']));
  });

  it('a host compared with a declared domain is covered exactly when the host sent is', () => {
    const domains = ['evil.example', 'example', 'd800.evil.example', 'ud800.evil.example', 'log.evil.example', '800.evil.example'];
    const hosts = [HOST, `x.${HIGH}evil.example`, `${LOW}.evil.example`, `evil.example${HIGH}`, `log${HIGH}`, `${HIGH}`, 'log.evil.example', `a${HIGH}.d800.evil.example`];
    for (const h of hosts) for (const d of domains) expect([h, d, domainCovers(d, projectedText(h))]).toEqual([h, d, domainCovers(d, h)]);
  });
});
