// `sdktrace audit` through the real CLI on the emulated device: argument errors, one app with its
// evidence pack and summary, and a batch that is interrupted and resumed into one database.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScriptedAnalyst } from '../../host/audit/analyst.js';
import { auditBatch } from '../../host/commands/audit.js';
import { Store } from '../../store/db.js';
import { captured, cli, tmpDir } from '../host/helpers.js';
import { AUDIT_SCENARIO, scenarioWith } from './helpers.js';

const STAGES = 'fresh=5s,refuse=5s,agree=15s,background=5s,stopped=10s';

describe('sdktrace audit (CLI)', () => {
  it('rejects bad arguments with exit 2 and a message naming the problem', async () => {
    const r1 = await cli('audit', '-D', 'emulated', '--stage-time', 'later=5s');
    expect(r1.result).toBe(2);
    expect(r1.err).toContain('--stage-time: no stage "later"');
    const r2 = await cli('audit', '-D', 'emulated', '--triggers', 'boot');
    expect(r2.result).toBe(2);
    expect(r2.err).toContain('--triggers: no trigger "boot"');
    const r3 = await cli('audit', '-U');
    expect(r3.result).toBe(2);
    expect(r3.err).toContain('choose the app: -f PACKAGE');
    const r4 = await cli('audit', '-D', 'emulated', '-f', 'com.other.app');
    expect(r4.result).toBe(2);
    expect(r4.err).toContain("the scenario's app is com.example.shop, not com.other.app");
  });

  it('audits the scenario app: summary on stdout, pack and summary file in --out, run in --db', async () => {
    const dir = tmpDir('sdktrace-audit-');
    const db = join(dir, 'a.db');
    const out = join(dir, 'out');
    const r = await cli('audit', '-D', 'emulated', '--stage-time', STAGES, '--triggers', 'connectivity', '--out', out, '--db', db, '--no-prompt');
    expect(r.result).toBe(0);
    expect(r.out).toContain('5. Force-stopped: watching for self-starts');
    expect(r.out).toContain('SELF-START com.example.shop:pushservice');
    expect(existsSync(join(out, 'audit-com.example.shop-run1.zip'))).toBe(true);
    expect(readFileSync(join(out, 'audit-com.example.shop-run1.txt'), 'utf8')).toBe(r.out);
    const v = await cli('verify', join(out, 'audit-com.example.shop-run1.zip'));
    expect(v.result).toBe(0);
    const store = Store.open(db, { readonly: true });
    expect(store.run(1)).toMatchObject({ mode: 'audit', package: 'com.example.shop' });
    store.close();
  });
});

describe('sdktrace audit: the summary a regulator reads', () => {
  it('names SDKs (not ids), words collection after refusal as such, gives the HTML report; --fail-on exits 1 after writing everything', async () => {
    const dir = tmpDir('sdktrace-audit-');
    const out = join(dir, 'out');
    const r = await cli('audit', '-D', 'emulated', '--stage-time', STAGES, '--out', out, '--db', join(dir, 'a.db'), '--no-prompt', '--fail-on', 'high', '--tz', 'Asia/Shanghai');
    expect(r.result).toBe(1);
    expect(r.err).toMatch(/finding\(s\) at or above high \(--fail-on\); see .*audit-com\.example\.shop-run1\.html/);
    // Names from the catalog, not ids such as "getui-push" or "umeng-common".
    expect(r.out).toContain('Getui Push');
    expect(r.out).not.toMatch(/^\s+(getui-push|umeng-[a-z-]+|pangle)\s/m);
    const refuse = r.out.split(/\n(?=\d\. )/).find((b) => b.startsWith('2. Refused'))!;
    expect(refuse).toMatch(/COLLECTS AFTER REFUSAL imei/);
    const html = join(out, 'audit-com.example.shop-run1.html');
    expect(r.out).toContain(`report: ${html}`);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('id="verdict-table"');
    expect(page).toContain('Asia/Shanghai (UTC+08:00)');
    expect(existsSync(join(out, 'audit-com.example.shop-run1.zip'))).toBe(true);
    // Without --fail-on the same audit exits 0; a bad severity is a usage error.
    const bad = await cli('audit', '-D', 'emulated', '--fail-on', 'severe');
    expect(bad.result).toBe(2);
    expect(bad.err).toContain('--fail-on "severe": expected one of');
  });

  it('--lang zh: SDK names in Chinese where the catalog has them, in the summary and the report', async () => {
    const dir = tmpDir('sdktrace-audit-');
    const out = join(dir, 'out');
    const r = await cli('audit', '-D', 'emulated', '--stage-time', STAGES, '--out', out, '--db', join(dir, 'a.db'), '--no-prompt', '--lang', 'zh');
    expect(r.result).toBe(0);
    expect(r.out).toContain('个推推送');
    expect(r.out).toContain('2. 拒绝（拒绝后的收集）');
    expect(r.out).toMatch(/拒绝后仍收集 imei/);
    expect(r.out).toContain(`报告： ${join(out, 'audit-com.example.shop-run1.html')}`);
    expect(readFileSync(join(out, 'audit-com.example.shop-run1.html'), 'utf8')).toContain('<html lang="zh-CN">');
  });
});

describe('sdktrace audit --batch', () => {
  it('resumes after an interruption: apps done are not audited again; one database, a cross-app summary', async () => {
    const dir = tmpDir('sdktrace-batch-');
    // A second app: the same SDK behaviour under another package name.
    const mart = join(dir, 'mart.json');
    writeFileSync(mart, JSON.stringify(scenarioWith(() => undefined)).replaceAll('com.example.shop', 'com.example.mart'));
    const list = join(dir, 'apps.txt');
    writeFileSync(list, `# apps to audit\n${AUDIT_SCENARIO}\n\n${mart}\n`);
    const db = join(dir, 'batch.db');
    const out = join(dir, 'out');
    const opts = { device: ['emulated'], batch: list, db, out, stageTime: STAGES, triggers: 'connectivity', prompt: false };
    let interrupt!: (r: string) => void;
    const first = await captured(() => auditBatch(opts, { analyst: new ScriptedAnalyst([]), interrupt: new Promise((r) => (interrupt = r)), onItemDone: () => interrupt('interrupted (test)') }));
    expect(first.result).toBe(0);
    expect(first.err).toContain('batch interrupted (interrupted (test)); run the same command again to resume');
    const state1 = JSON.parse(readFileSync(join(out, 'batch-state.json'), 'utf8'));
    // The second app had started: it stays "running" in the state and its run ends as interrupted.
    expect(state1.items.map((i: any) => i.status)).toEqual(['done', 'running']);

    const second = await captured(() => auditBatch(opts, { analyst: new ScriptedAnalyst([]) }));
    expect(second.result).toBe(0);
    expect(second.err).toContain('resuming the batch');
    expect(second.err).not.toContain('auditing com.example.shop');
    expect(second.err).toContain('auditing com.example.mart');
    const state2 = JSON.parse(readFileSync(join(out, 'batch-state.json'), 'utf8'));
    expect(state2.items.map((i: any) => [i.status, i.runId, i.attempts])).toEqual([
      ['done', 1, 1],
      ['done', 3, 2],
    ]);
    const store = Store.open(db, { readonly: true });
    expect(store.runs().map((r) => [r.id, r.package])).toEqual([
      [1, 'com.example.shop'],
      [2, 'com.example.mart'],
      [3, 'com.example.mart'],
    ]);
    expect(store.run(2)!.end_reason).toBe('interrupted (test)');
    store.close();
    // Both apps embed the same misbehaving SDKs: each row counts 2 apps.
    expect(second.out).toContain('batch: 2/2 done');
    expect(second.out).toMatch(/getui-push\s+self-start\s+2 {2}com\.example\.shop, com\.example\.mart/);
    expect(second.out).toMatch(/pangle\s+plaintext-transmission\s+2 /);
    const json = JSON.parse(readFileSync(join(out, 'batch-summary.json'), 'utf8'));
    expect(json.apps.map((a: any) => a.app)).toEqual(['com.example.shop', 'com.example.mart']);
  });

  it('names the line of a bad list entry', async () => {
    const dir = tmpDir('sdktrace-batch-');
    const list = join(dir, 'apps.txt');
    writeFileSync(list, 'com.good.app\nnot a package\n');
    const r = await cli('audit', '-D', 'serial1', '-D', 'serial2', '--batch', list, '--db', join(dir, 'x.db'));
    expect(r.result).toBe(2);
    expect(r.err).toContain(`${list}:2: not a package name: "not a package"`);
  });
});
