// Rules describe themselves completely, every rule module is registered, and the documentation
// lists every rule with its default severity; the report configuration is checked by path.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../reports/rules/index.js';
import { isSeverity } from '../../reports/severity.js';
import { parseConsentApiSpec, parseReportConfig } from '../../reports/config.js';

const HELPERS = new Set(['common.ts', 'regulations.ts', 'sharing-common.ts', 'index.ts']);

describe('rules', () => {
  it('are self-describing: id, severity, bilingual titles, description, citations, variants', () => {
    const ids = new Set<string>();
    for (const r of RULES) {
      expect(ids.has(r.id), r.id).toBe(false);
      ids.add(r.id);
      expect(r.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(isSeverity(r.severity), r.id).toBe(true);
      expect(r.title.en.length, r.id).toBeGreaterThan(5);
      expect(r.title.zh, r.id).toMatch(/[\u4e00-\u9fff]/);
      expect(r.description.length, r.id).toBeGreaterThan(40);
      expect(r.regulation.length, r.id).toBeGreaterThan(0);
      for (const c of r.regulation) {
        expect(c.source, r.id).toMatch(/《|GB\/T/);
        expect(c.summary.length, r.id).toBeGreaterThan(10);
      }
      for (const [name, v] of Object.entries(r.variants ?? {})) {
        expect(isSeverity(v.severity), `${r.id}/${name}`).toBe(true);
        expect(v.title.zh, `${r.id}/${name}`).toMatch(/[\u4e00-\u9fff]/);
      }
      expect(typeof r.check).toBe('function');
    }
  });

  it('every module in reports/rules is registered', () => {
    const files = readdirSync(new URL('../../reports/rules/', import.meta.url)).filter((f) => f.endsWith('.ts') && !HELPERS.has(f));
    expect(files.map((f) => f.replace(/\.ts$/, '')).sort()).toEqual(RULES.map((r) => r.id).sort());
  });

  it('are documented in docs/report-json.md with their default severity', () => {
    const doc = readFileSync(new URL('../../docs/report-json.md', import.meta.url), 'utf8');
    for (const r of RULES) expect(doc, r.id).toMatch(new RegExp(`\\| \`${r.id}\` \\| ${r.severity}\\b`));
  });
});

describe('report configuration', () => {
  it('accepts consent words, consent APIs and rule settings', () => {
    const c = parseReportConfig(JSON.stringify({ consentWords: { agree: ['OK'], refuse: ['No'] }, consentApis: [{ api: 'a.B.c', arg: 1 }], rules: { 'over-frequency': { severity: 'high', options: { windowMs: 1000 } }, 'associated-startup/confirmed': { severity: 'critical' } } }));
    expect(c.rules!['over-frequency']).toEqual({ severity: 'high', options: { windowMs: 1000 } });
  });

  it('names the path of every problem', () => {
    const problems = (cfg: unknown) => {
      try {
        parseReportConfig(JSON.stringify(cfg), 'cfg.json');
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    };
    expect(problems({ rules: { 'over-frequncy': {} } })).toContain('$.rules.over-frequncy: unknown rule');
    expect(problems({ rules: { 'associated-startup/maybe': {} } })).toContain('has no variant "maybe"');
    expect(problems({ rules: { 'over-frequency': { severity: 'severe' } } })).toContain('$.rules.over-frequency.severity');
    expect(problems({ rules: { 'over-frequency': { options: { window: 5 } } } })).toContain('$.rules.over-frequency.options.window: unknown option');
    expect(problems({ consentApis: [{ api: 'x.Y.z', arg: -1 }] })).toContain('$.consentApis[0].arg');
    expect(problems({ colour: 'red' })).toContain('$.colour');
  });

  it('parses --consent-api specs', () => {
    expect(parseConsentApiSpec('com.umeng.commonsdk.UMConfigure.submitPolicyGrantResult:arg1')).toEqual({ api: 'com.umeng.commonsdk.UMConfigure.submitPolicyGrantResult', arg: 1 });
    expect(parseConsentApiSpec('a.B.grant:refused')).toEqual({ api: 'a.B.grant', state: 'refused' });
    expect(parseConsentApiSpec('hook.id')).toEqual({ api: 'hook.id' });
    expect(() => parseConsentApiSpec('a.B.c:maybe')).toThrow(/--consent-api/);
  });
});
