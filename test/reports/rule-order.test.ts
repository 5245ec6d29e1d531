// The rules that read the network scan (RuleMeta.readsNetworkScan) are evaluated after the others,
// so that the others run while the scan's thread finishes; the report must be the one evaluating
// in report order gives. These check that the declaration matches what each rule module's source
// calls (so it cannot rot), and that findings, their ids and the outcomes come out in RULES order,
// each rule's as that rule alone gives them, on a run where rules on both sides of the deferral
// have findings.
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { sdkCatalog } from '../../attribution/shipped.js';
import { ActorDirectory } from '../../analysis/actor.js';
import { buildTimeline, consentConfig, runTimeBounds } from '../../analysis/timeline.js';
import { RunAggregates } from '../../reports/aggregates.js';
import { runRules, type EngineInput, type Rule } from '../../reports/engine.js';
import { Declarations } from '../../reports/lists/match.js';
import type { LoadedLists } from '../../reports/lists/load.js';
import { RULES } from '../../reports/rules/index.js';
import { APP, cleanupTmp, lists, Run, STACKS } from './helpers.js';

afterAll(cleanupTmp);

const RULES_DIR = new URL('../../reports/rules/', import.meta.url);
/** A call of the network scan's accessor, whatever the context is named. */
const READS_SCAN = /\.\s*flows\s*\(/;

describe('rules that read the network scan declare it', () => {
  it('a rule module calls ctx.flows() exactly when its rule declares readsNetworkScan; shared helpers do not call it', () => {
    const byId = new Map(RULES.map((r) => [r.id, r]));
    const files = readdirSync(RULES_DIR).filter((f) => f.endsWith('.ts'));
    const readers: string[] = [];
    for (const file of files) {
      const reads = READS_SCAN.test(readFileSync(new URL(file, RULES_DIR), 'utf8'));
      const rule = byId.get(file.replace(/\.ts$/, ''));
      if (rule === undefined) {
        // A helper calling it would hide the call from this check: pass the flows to the helper instead.
        expect(reads, `reports/rules/${file} (a shared helper) calls ctx.flows(); call it in the rule module and pass the flows on`).toBe(false);
        continue;
      }
      if (reads) readers.push(rule.id);
      expect(rule.readsNetworkScan === true, reads ? `reports/rules/${file} calls ctx.flows(): add \`readsNetworkScan: true\` to its rule` : `reports/rules/${file} declares readsNetworkScan but never calls ctx.flows(): remove the declaration`).toBe(reads);
    }
    // The check above read the rule modules it meant to (a renamed folder would pass it vacuously).
    expect(readers.sort()).toEqual(['plaintext-transmission', 'undisclosed-sharing']);
  });
});

describe('the rules that read the network scan are evaluated last, reported in order', () => {
  const IMEI = '864213051234567';
  const AID = '5c1e8a2f93b07d44';
  const LOC = 'android.permission.ACCESS_FINE_LOCATION';

  /** Findings for rules before, between and after the two that read the scan in RULES order. */
  function mixedRun(): Run {
    const r = Run.create();
    const main = r.process();
    r.resume(main);
    r.event(main, { kind: 'permission', api: 'android.app.Activity.requestPermissions', detail: { type: 'request', permissions: [LOC], requestCode: 1 }, stack: STACKS.appPerm });
    r.pi(main, 'imei', STACKS.umengImei, { values: [IMEI] });
    r.pi(main, 'android_id', STACKS.umengAndroidId, { ret: AID });
    r.pi(main, 'installed_apps', STACKS.pangleApps, { detail: { count: 87 }, values: ['com.tencent.mm'] });
    r.net(main, { layer: 'java', proto: 'http', tls: false, op: 'send', sample: `POST /log HTTP/1.1\r\nHost: extlog.snssdk.com\r\n\r\n{"did":"${AID}"}`, sampleEncoding: 'utf8' }, STACKS.pangleNet);
    r.net(main, { layer: 'native', proto: 'tcp', tls: false, op: 'send', ip: '203.0.113.22', port: 5224, module: 'libjcore.so', sample: Buffer.from(`GT\u0001imei=${IMEI}`).toString('base64'), sampleEncoding: 'base64' }, STACKS.jpushNet);
    r.click(main, '同意');
    return r.end();
  }

  /** What buildReport gives the engine, built afresh (the analysis table and the pass) for each evaluation. */
  function engineInput(r: Run, loaded: LoadedLists): EngineInput {
    const db = r.store.db;
    const run = r.store.resolveRun(String(r.runId));
    const aggregates = new RunAggregates(runTimeBounds(db, run.id).start, 1000);
    const timeline = buildTimeline(db, run.id, consentConfig(JSON.parse(run.options) as Record<string, unknown>, run.mode), (row) => aggregates.add(row));
    const catalog = sdkCatalog();
    const actors = new ActorDirectory(catalog, db, run.id);
    return { db, run, processes: r.store.processes(run.id), timeline, catalog, actors, declarations: new Declarations(loaded, actors, catalog), aggregates, writable: false };
  }

  it('evaluates undisclosed-sharing and plaintext-transmission after the rest, with the findings, ids and outcomes of report order', () => {
    const r = mixedRun();
    const loaded = lists({ app: { package: APP }, sharing: [{ sdk: 'umeng-common', dataTypes: ['android_id'], purpose: 'stats', domains: ['umeng.com'] }] });
    const evaluated: string[] = [];
    const recording: Rule[] = RULES.map((rule) => ({ ...rule, check: (ctx) => (evaluated.push(rule.id), rule.check(ctx)) }));
    const result = runRules(recording, engineInput(r, loaded));

    const scanReaders = RULES.filter((x) => x.readsNetworkScan === true).map((x) => x.id);
    expect(evaluated).toEqual([...RULES.filter((x) => x.readsNetworkScan !== true).map((x) => x.id), ...scanReaders]);
    expect(scanReaders).toEqual(['undisclosed-sharing', 'plaintext-transmission']);

    // Each rule alone is report order by construction; the whole is their concatenation in RULES order.
    const alone = RULES.map((rule) => runRules([rule], engineInput(r, loaded)));
    expect(result.rules).toEqual(alone.flatMap((x) => x.rules));
    expect(result.findings).toEqual(alone.flatMap((x) => x.findings));
    expect(result.rules.map((o) => o.id)).toEqual(RULES.map((x) => x.id));
    // Rules on both sides of the deferral found something, so an assembly in evaluation order would differ.
    const withFindings = new Set(result.findings.map((f) => f.rule));
    for (const id of ['undisclosed-collection', 'pre-consent-collection', 'undisclosed-sharing', 'plaintext-transmission', 'permission-pressure', 'installed-apps']) expect(withFindings.has(id), id).toBe(true);
    expect(result.findings.filter((f) => f.rule === 'plaintext-transmission').map((f) => f.id)).toEqual(['plaintext-transmission#1', 'plaintext-transmission#2']);

    // A rule that reads the scan undeclared runs in its place and gets the same findings.
    const undeclared = RULES.map((rule) => (rule.id === 'plaintext-transmission' ? { ...rule, readsNetworkScan: false } : rule));
    const inPlace = runRules(undeclared, engineInput(r, loaded));
    expect(inPlace.findings).toEqual(result.findings);
    expect(inPlace.rules).toEqual(result.rules);
  });
});
