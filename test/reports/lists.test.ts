// Declared lists: the shipped JSON Schema stays in sync with the TypeBox definition, the loader
// names JSON paths and suggests names, the demo example loads, matching follows the rules.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { DATA_TYPE_NAMES } from '../../protocol/constants.js';
import { sdkCatalog } from '../../attribution/shipped.js';
import { ActorDirectory } from '../../analysis/actor.js';
import { jsonPath, ListsError, loadDeclaredLists, parseDeclaredLists } from '../../reports/lists/load.js';
import { Declarations, domainCovers } from '../../reports/lists/match.js';
import { LISTS_FORMAT, listsJsonSchema, listsJsonSchemaText } from '../../reports/lists/schema.js';
import { editDistance, suggestDataTypes, suggestSdkIds } from '../../reports/suggest.js';
import { searchCatalog } from '../../attribution/search.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { buildReport } from '../../reports/model.js';
import { cleanupTmp, lists, Run, STACKS, tmpDir } from './helpers.js';

afterAll(cleanupTmp);

const catalog = sdkCatalog();
const base = { format: LISTS_FORMAT, app: { package: 'com.example.shop' }, collected: [], sharing: [] };
const parse = (doc: unknown) => parseDeclaredLists(typeof doc === 'string' ? doc : JSON.stringify(doc), { file: 'p.json', catalog });
function problems(doc: unknown): { path: string; message: string }[] {
  try {
    parse(doc);
  } catch (e) {
    expect(e).toBeInstanceOf(ListsError);
    return (e as ListsError).problems;
  }
  throw new Error('expected the lists to be refused');
}

describe('JSON Schema', () => {
  it('docs/declared-lists.schema.json is the generated schema (regenerate with listsJsonSchemaText())', () => {
    const shipped = readFileSync(new URL('../../docs/declared-lists.schema.json', import.meta.url), 'utf8');
    expect(shipped).toBe(listsJsonSchemaText());
  });

  it('publishes data types as an enum, requires sdk or company, and forbids unknown properties', () => {
    const s = listsJsonSchema() as any;
    expect(s.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(s.properties.collected.items.properties.dataTypes.items.enum).toEqual(DATA_TYPE_NAMES);
    // Issue 22: published lists name a product or company and give no destinations.
    expect(s.properties.sharing.items.anyOf).toEqual([{ required: ['sdk'] }, { required: ['sdks'] }, { required: ['company'] }, { required: ['name'] }]);
    expect(s.properties.sharing.items.additionalProperties).toBe(false);
    expect(s.properties.sharing.items.required).toEqual(expect.arrayContaining(['dataTypes', 'purpose']));
    expect(s.properties.sharing.items.required).not.toContain('domains');
    expect(s.properties.app.required ?? []).not.toContain('package');
  });
});

describe('loader', () => {
  it('accepts a complete document and reports warnings', () => {
    const l = parse({
      ...base,
      collected: [{ dataTypes: ['android_id'], purpose: 'risk control' }, { dataTypes: ['location'], purpose: '(to be completed)', sdk: 'amap-location' }],
      sharing: [{ sdk: 'umeng-common', dataTypes: ['android_id', 'android_id'], purpose: 'stats', domains: [] }],
    });
    expect(l.lists.collected).toHaveLength(2);
    expect(l.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(l.warnings.map((w) => w.path)).toEqual(expect.arrayContaining(['$.collected[1].purpose', '$.collected[1].sdk', '$.sharing[0].dataTypes[1]', '$.sharing[0].domains']));
  });

  it('names the JSON path of structural problems and suggests property names', () => {
    const p = problems({ ...base, collected: [{ dataType: ['imei'], purpose: 'x' }] });
    expect(p).toEqual([
      { path: '$.collected[0].dataTypes', message: 'required property "dataTypes" is missing' },
      { path: '$.collected[0].dataType', message: 'unexpected property "dataType"; did you mean "dataTypes"?' },
    ]);
    const q = problems({ format: 'v1', app: {}, collected: 3 });
    expect(q).toEqual(
      expect.arrayContaining([
        { path: '$.format', message: `must be "${LISTS_FORMAT}" (or "sdktrace-declared-lists/1")` },
        { path: '$.sharing', message: 'required property "sharing" is missing' },
        expect.objectContaining({ path: '$.collected', message: expect.stringContaining('expected array') }),
      ]),
    );
    expect(problems({ ...base, sharing: [{ sdk: 'jpush', dataTypes: [], purpose: 'p', domains: ['not a domain!'] }] })[0]!.path).toBe('$.sharing[0].domains[0]');
  });

  it('reports JSON syntax errors with line and column', () => {
    const p = problems('{\n  "format": "x",\n  "app": {,}\n}');
    expect(p).toHaveLength(1);
    expect(p[0]!.path).toBe('$');
    expect(p[0]!.message).toMatch(/^not valid JSON at line 3, column \d+/);
  });

  it('refuses unknown data types with suggestions (wire names, labels, Chinese aliases)', () => {
    const p = problems({ ...base, collected: [{ dataTypes: ['imie', '安卓ID', 'Phone numbr', 'zzzzzzzz'], purpose: 'x' }] });
    expect(p.map((x) => x.path)).toEqual(['$.collected[0].dataTypes[0]', '$.collected[0].dataTypes[1]', '$.collected[0].dataTypes[2]', '$.collected[0].dataTypes[3]']);
    expect(p[0]!.message).toContain('did you mean "imei"');
    expect(p[1]!.message).toContain('did you mean "android_id"');
    expect(p[2]!.message).toContain('did you mean "phone_number"');
    expect(p[3]!.message).not.toContain('did you mean');
    expect(suggestDataTypes('软件列表')).toEqual(['installed_apps']);
    expect(suggestDataTypes('Installed application lst')).toEqual(['installed_apps']);
  });

  it('refuses unknown SDK ids with catalog suggestions, and entries with neither sdk nor company', () => {
    const p = problems({ ...base, sharing: [{ sdk: 'jpsh', dataTypes: [], purpose: 'p', domains: [] }, { dataTypes: [], purpose: 'p', domains: [] }] });
    expect(p[0]).toMatchObject({ path: '$.sharing[0].sdk' });
    expect(p[0]!.message).toContain('did you mean "jpush" (JPush)');
    expect(p[1]).toEqual({ path: '$.sharing[1]', message: 'an entry needs "sdk" (a catalog SDK id), "sdks", "company" or "name"' });
    expect(suggestSdkIds(catalog, 'getui push').map((s) => s.id)).toContain('getui-push');
    expect(suggestSdkIds(catalog, '穿山甲').map((s) => s.id)).toContain('pangle');
  });

  it('loads the shipped example for the demo app', () => {
    const l = loadDeclaredLists(new URL('../../data/policies/demo-mall.lists.json', import.meta.url).pathname, catalog);
    expect(l.lists.app.package).toBe('com.example.mall');
    expect(l.warnings).toEqual([]);
  });

  it('jsonPath turns JSON pointers into $-paths', () => {
    expect(jsonPath('/sharing/2/data types')).toBe('$.sharing[2]["data types"]');
    expect(jsonPath('')).toBe('$');
  });

  it('edit distance counts a transposition as one edit', () => {
    expect(editDistance('imei', 'imie')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('abc', 'xyz', 1)).toBe(2);
  });
});

describe('matching', () => {
  const actors = new ActorDirectory(catalog);
  const decl = new Declarations(
    lists({
      app: { package: 'com.example.shop', domains: ['shop.example.com'] },
      collected: [{ dataTypes: ['location'], purpose: 'maps' }],
      sharing: [
        { sdk: 'shanyan', dataTypes: ['phone_number'], purpose: 'login', domains: ['cmpassport.com'] },
        { company: 'Tracker Inc.', packages: ['com.shady.tracker'], dataTypes: ['imei'], purpose: 'ads', domains: ['tracker.example.net'] },
        { sdk: 'umeng-common', dataTypes: ['android_id'], purpose: 'stats', domains: ['*.umeng.com'] },
      ],
    }),
    actors,
  );

  it('declares per collector: the app, an SDK, an SDK further out on the chain, packages of an unknown party', () => {
    expect(decl.collection(actors.get('(app)'), [], 'location')).toMatchObject({ declared: true, via: 'first-party', ref: '$.collected[0]' });
    expect(decl.collection(actors.get('(app)'), [], 'imei')).toMatchObject({ declared: false, listed: true });
    expect(decl.collection(actors.get('umeng-common'), [], 'android_id')).toMatchObject({ declared: true, via: 'sdk', ref: '$.sharing[2]' });
    expect(decl.collection(actors.get('umeng-common'), [], 'imei')).toMatchObject({ declared: false, listed: true });
    expect(decl.collection(actors.get('cmcc-auth'), ['shanyan'], 'phone_number')).toMatchObject({ declared: true, via: 'chain', ref: '$.sharing[0]', listed: false });
    expect(decl.collection(actors.get('cmcc-auth'), [], 'phone_number')).toMatchObject({ declared: false, listed: false });
    expect(decl.collection(actors.get('(third-party:com.shady.tracker)'), [], 'imei')).toMatchObject({ declared: true, ref: '$.sharing[1]' });
    expect(decl.collection(actors.get('(third-party:com.other)'), [], 'imei')).toMatchObject({ declared: false, listed: false });
  });

  it('declares destinations by domain suffix, per data type; the app’s own domains are first party', () => {
    expect(decl.destination('ulogs.umeng.com', 'android_id')).toMatchObject({ firstParty: false, coversType: true, ref: '$.sharing[2]' });
    expect(decl.destination('ulogs.umeng.com', 'imei')).toMatchObject({ coversType: false, entries: ['$.sharing[2]'] });
    expect(decl.destination('notumeng.com', 'android_id')).toMatchObject({ coversType: false, entries: [] });
    expect(decl.destination('api.shop.example.com', 'imei')).toMatchObject({ firstParty: true });
    expect(domainCovers('umeng.com', 'UMENG.COM.')).toBe(true);
    expect(domainCovers('umeng.com', 'xumeng.com')).toBe(false);
  });
});

describe('published lists (issue 22): names, vocabulary, matching without domains', () => {
  const actors = new ActorDirectory(catalog);
  const decl = new Declarations(
    lists({
      app: {},
      collected: [{ dataTypes: ['android_id'], purpose: 'security' }],
      sharing: [
        { sdk: 'getui-push', company: '每日互动股份有限公司', dataTypes: ['android_id'], purpose: 'push' },
        { sdks: ['umeng-analytics', 'umeng-common'], dataTypes: ['oaid'], purpose: 'stats' },
        { company: '北京巨量引擎网络科技有限公司', dataTypes: ['imei'], purpose: 'ads' },
        { company: '维沃移动通信有限公司', dataTypes: ['imsi'], purpose: 'push', transfer: 'server' },
        { sdk: 'pangle', dataTypes: ['location'], purpose: 'ads', domains: ['pangle.io'] },
      ],
    }),
    actors,
    catalog,
  );

  it('fixes the suggestions published wording got wrong', () => {
    expect(suggestDataTypes('蓝牙的mac地址')).toEqual(['bluetooth_address']);
    expect(suggestDataTypes('CMEI')).toEqual(['cmei']);
    expect(suggestDataTypes('DAID')).toEqual(['daid']);
    for (const w of ['应用安装列表', '已安装APP信息', '软件安装列表']) expect(suggestDataTypes(w), w).toEqual(['installed_apps']);
    expect(suggestDataTypes('WiFi列表')).toEqual(['wifi_scan']);
    expect(suggestDataTypes('WLAN接入点')).toEqual(['wifi_info']);
    expect(suggestDataTypes('网络IP')).toEqual(['ip_address']);
    expect(suggestDataTypes('设备WI-FI地址')).toEqual(['mac_address']);
    expect(suggestDataTypes('网络类型')).toEqual(['network_type']);
    expect(suggestDataTypes('人脸信息')).toEqual(['face']);
  });

  it('finds SDKs by the legal company names and Chinese product names lists use', () => {
    expect(searchCatalog(catalog, '每日互动').map((h) => h.entry.id)).toContain('getui-push');
    expect(searchCatalog(catalog, '维沃移动通信有限公司').map((h) => h.entry.id)).toEqual(['vivo-push']);
    expect(suggestSdkIds(catalog, 'VIVO推送').map((s) => s.id)[0]).toBe('vivo-push');
  });

  it('an entry naming an SDK covers its collection and its catalog destinations; domains narrow it', () => {
    // By id, by ids (a family), by the vendor's legal name.
    expect(decl.collection(actors.get('getui-push'), [], 'android_id')).toMatchObject({ declared: true, ref: '$.sharing[0]' });
    expect(decl.collection(actors.get('umeng-common'), [], 'oaid')).toMatchObject({ declared: true, ref: '$.sharing[1]' });
    expect(decl.collection(actors.get('pangle'), [], 'imei')).toMatchObject({ declared: true, ref: '$.sharing[2]' });
    // Getui's catalog destinations are its vendor's (igexin.com); an IP is not one.
    expect(decl.destination('sdk.open.phone.igexin.com', 'android_id')).toMatchObject({ coversType: true, ref: '$.sharing[0]' });
    expect(decl.destination('203.0.113.7', 'android_id')).toMatchObject({ coversType: false, entries: [] });
    // Umeng's: the vendor's domains.
    expect(decl.destination('ulogs.umeng.com', 'oaid')).toMatchObject({ coversType: true, ref: '$.sharing[1]' });
    // Pangle by company: its SDK-level catalog domains, not ByteDance's other hosts.
    expect(decl.destination('api-access.pangolin-sdk-toutiao.com', 'imei')).toMatchObject({ coversType: true, ref: '$.sharing[2]' });
    expect(decl.destination('extlog.snssdk.com', 'imei').coversType).toBe(false);
    // Given domains narrow: location only to pangle.io.
    expect(decl.destination('api-access.pangolin-sdk-toutiao.com', 'location').coversType).toBe(false);
    expect(decl.destination('x.pangle.io', 'location').coversType).toBe(true);
  });

  it('a legal name beside SDK ids does not widen the entry to the vendor; the catalog vendor name still does (format 1)', () => {
    const d = new Declarations(
      lists({
        sharing: [
          { sdk: 'tencent-bugly', company: '腾讯科技（深圳）有限公司', dataTypes: ['android_id'], purpose: 'crash' },
          { sdk: 'umeng-common', company: 'Umeng (Alibaba)', dataTypes: ['oaid'], purpose: 'stats', domains: ['umeng.com'] },
        ],
      }),
      actors,
      catalog,
    );
    expect(d.collection(actors.get('tencent-bugly'), [], 'android_id').declared).toBe(true);
    expect(d.collection(actors.get('tencent-gdt'), [], 'android_id')).toMatchObject({ declared: false, listed: false });
    expect(d.collection(actors.get('umeng-analytics'), [], 'oaid')).toMatchObject({ declared: true, ref: '$.sharing[1]' });
  });

  it('server-side sharing neither declares nor is violated; without app.domains the app’s own servers are first party', () => {
    expect(decl.collection(actors.get('vivo-push'), [], 'imsi')).toMatchObject({ declared: false, listed: false });
    expect(decl.unobservable()).toEqual([{ ref: '$.sharing[3]', why: 'server', label: '维沃移动通信有限公司' }]);
    expect(decl.destination('api.shop.example.com', 'android_id', '(app)')).toMatchObject({ firstParty: true });
    // Not for an SDK sending there, and not for a host the catalog gives a vendor.
    expect(decl.destination('api.shop.example.com', 'android_id', 'getui-push').firstParty).toBe(false);
    expect(decl.destination('ulogs.umeng.com', 'android_id', '(app)').firstParty).toBe(false);
  });

  it('loads version-1 files unchanged and warns when an SDK without domains has no catalog destination', () => {
    const v1 = parseDeclaredLists(JSON.stringify({ ...base, format: 'sdktrace-declared-lists/1', sharing: [{ sdk: 'jpush', dataTypes: ['imei'], purpose: 'p', domains: ['jpush.cn'] }] }), { catalog });
    expect(v1.lists.sharing[0]!.domains).toEqual(['jpush.cn']);
    const noDest = parseDeclaredLists(JSON.stringify({ ...base, sharing: [{ sdk: 'shanyan', dataTypes: ['phone_number'], purpose: 'login' }] }), { catalog });
    expect(noDest.warnings.map((w) => w.message).join('\n')).toMatch(/catalog knows no destination of "shanyan"/);
  });
});

describe('lists recorded with the run', () => {
  function runWith(policy: Record<string, unknown>) {
    const r = Run.create({ options: { policy } });
    const main = r.process();
    r.resume(main);
    r.pi(main, 'imei', STACKS.jpushImei);
    return r;
  }
  const doc = JSON.stringify({ ...base, sharing: [{ sdk: 'jpush', dataTypes: ['android_id'], purpose: 'push', domains: [] }] });
  const sha = (t: string) => createHash('sha256').update(t).digest('hex');

  it('are used when the report is given none, and say when the file changed or is gone', () => {
    const file = join(tmpDir(), 'lists.json');
    writeFileSync(file, doc);
    const r = runWith({ file, sha256: sha(doc) });
    const m = buildReport(r.store, r.runId);
    expect(m.policy).toMatchObject({ source: 'run', file, sha256: sha(doc), note: expect.stringContaining('were used') });
    expect(m.findings.filter((f) => f.rule === 'undisclosed-collection').map((f) => f.sdk?.id)).toEqual(['jpush']);
    // Explicitly none: not evaluated.
    expect(buildReport(r.store, r.runId, { lists: null }).policy).toBeNull();

    const changed = runWith({ file, sha256: '0'.repeat(64) });
    expect(buildReport(changed.store, changed.runId).policy!.note).toContain('have changed since it was traced');

    const gone = runWith({ file: join(tmpDir(), 'missing.json'), sha256: sha(doc) });
    const mg = buildReport(gone.store, gone.runId);
    expect(mg.policy).toBeNull();
    expect(mg.policyNote).toContain('could not be used');
  });
});
