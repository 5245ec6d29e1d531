// The catalog build: source readers, merge/dedup policy, and what the shipped catalog contains.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  DEFAULT_CURATED,
  DEFAULT_OUT,
  buildCatalog,
  domainFromSignature,
  nameKey,
  normName,
  parseCsv,
  readCurated,
  readExodus,
  readLibChecker,
  regexPrefix,
  serializeCatalog,
  slug,
  type BuiltCatalog,
} from '../../scripts/build-catalog.mjs';

let built: BuiltCatalog;
const sdk = (id: string) => {
  const s = built.sdks.find((x) => x.id === id);
  if (!s) throw new Error(`no SDK ${id} in the catalog`);
  return s;
};
/** Which SDK owns a key of the given kind. */
const owner = (kind: 'prefixes' | 'libs' | 'libPatterns' | 'components' | 'actions' | 'domains', key: string) =>
  built.sdks.filter((s) => s[kind]?.includes(key)).map((s) => s.id);

beforeAll(() => {
  built = buildCatalog();
});

describe('source readers', () => {
  test('parseCsv handles quotes, doubled quotes, commas in quotes and CRLF', () => {
    expect(parseCsv('a,b,c\r\n1,"x, y","say ""hi"""\n2,,\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x, y', 'say "hi"'],
      ['2', '', ''],
    ]);
  });

  test('LibChecker regex rules become prefixes only when they are literal prefixes', () => {
    expect(regexPrefix('com\\.kwad\\.sdk\\.api\\.proxy\\.(.*)')).toBe('com.kwad.sdk.api.proxy');
    expect(regexPrefix('org.hapjs.(.*)')).toBe('org.hapjs');
    expect(regexPrefix('com\\.yxcorp\\.gifshow\\.ad(.*)')).toBe('com.yxcorp.gifshow.ad');
    expect(regexPrefix('libjcore(.*)\\.so')).toBeNull();
    expect(regexPrefix('com\\.foo\\.(bar|baz)\\.(.*)')).toBeNull();
  });

  test('Exodus network signatures: plain domains kept, regexes and fragments dropped', () => {
    expect(domainFromSignature('ulogs\\.umeng\\.com')).toBe('ulogs.umeng.com');
    expect(domainFromSignature('.*\\.jiguang\\.cn')).toBe('jiguang.cn');
    expect(domainFromSignature('\\.facebook\\.com')).toBe('facebook.com');
    expect(domainFromSignature('fidzup')).toBeNull();
    expect(domainFromSignature('mt[0-9]*\\.google\\.cn')).toBeNull();
    expect(domainFromSignature('\\.adsmogo\\.')).toBeNull();
    expect(domainFromSignature('54\\.243\\.73\\.253:8080/SilverPush/')).toBeNull();
  });

  test('Exodus substring signatures (".sizmek.") are not turned into prefixes', () => {
    const { records, dropped } = readExodus({
      trackers: { 1: { id: 1, name: 'X', code_signature: '.sizmek.|com.x.sdk.', network_signature: 'x\\.com', website: '', categories: ['Advertisement'] } },
    });
    expect([...records[0].prefixes]).toEqual(['com.x.sdk']);
    expect(dropped.signatures).toBe(1);
    expect(records[0].category).toBe('ads');
  });

  test('LibChecker: rules grouped by label; the newer bundle label wins over the cloud one', () => {
    const bundle = '_id,name,label,type,iconIndex,isRegexRule,regexName\n1,libfoo.so,"Foo New",0,1,0,\n2,com.foo.Svc,"Foo New",1,1,0,\n';
    const cloud = '_id,name,label,type,iconIndex,isRegexRule,regexName\n1,libfoo.so,"Foo Old",0,1,0,\n3,com.foo.Act,"Foo Old",2,1,0,\n';
    const { records } = readLibChecker(bundle, cloud, {});
    expect(records).toHaveLength(1);
    expect(records[0].name).toBe('Foo New');
    expect([...records[0].components].sort()).toEqual(['com.foo.Act', 'com.foo.Svc']);
    expect([...records[0].aliases]).toEqual(['Foo Old']);
  });

  test('names: normalisation, merge keys and ids', () => {
    expect(normName('Adjust SDK')).toBe(normName('adjust'));
    expect(normName('U-App SDK')).toBe('uapp');
    expect(nameKey('Heyzap (bought by Fyber)')).toBe(nameKey('Heyzap'));
    expect(nameKey('MiPush(GeTui Proxy)')).not.toBe(nameKey('MiPush'));
    expect(nameKey('AD(X)')).not.toBe(nameKey('AdSDK'));
    expect(slug('Google Firebase Analytics')).toBe('google-firebase-analytics');
    expect(slug('极光推送')).toBe('');
  });
});

describe('the built catalog', () => {
  test('has well over 1,000 distinct SDKs with unique kebab-case ids', () => {
    expect(built.sdks.length).toBeGreaterThanOrEqual(1000);
    const ids = built.sdks.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  test('is deduplicated: no two SDKs share a name once case, punctuation and "SDK" are ignored', () => {
    const seen = new Map<string, string>();
    const dupes: string[] = [];
    for (const s of built.sdks) {
      const k = nameKey(s.name);
      if (seen.has(k)) dupes.push(`${seen.get(k)} / ${s.id}`);
      seen.set(k, s.id);
    }
    expect(dupes).toEqual([]);
  });

  test('gives every key exactly one owner', () => {
    for (const kind of ['prefixes', 'libs', 'libPatterns', 'components', 'actions', 'domains'] as const) {
      const seen = new Set<string>();
      for (const s of built.sdks) for (const k of s[kind] ?? []) {
        expect(seen.has(k), `${kind} ${k} owned twice`).toBe(false);
        seen.add(k);
      }
    }
  });

  test('merges the same SDK across sources (Umeng Analytics: curated + Exodus + LibChecker + LibRadar)', () => {
    const umeng = sdk('umeng-analytics');
    expect(umeng.sources).toEqual(['curated', 'exodus', 'libchecker', 'libradar']);
    expect(umeng.aliases).toEqual(expect.arrayContaining(['U-App SDK', 'Umeng Analytics']));
    expect(built.sdks.filter((s) => /umeng analytics/i.test(s.name))).toHaveLength(1);
    // Exodus "Facebook Ads"/"Facebook Audience" and LibChecker "Audience Network (SDK)" are one SDK.
    expect(sdk('facebook-audience-network').sources).toEqual(['curated', 'exodus', 'libchecker']);
    expect(sdk('flurry').prefixes).toEqual(expect.arrayContaining(['com.flurry.android', 'com.flurry.sdk']));
  });

  test('contains the major Chinese SDKs with prefixes, native libraries and domains', () => {
    const expectations: [string, string[], string[], string[]][] = [
      // id, prefixes, libs (exact or matched by a pattern), domains
      ['getui-push', ['com.igexin', 'com.getui'], ['libgetuiext3.so'], []],
      ['jpush', ['cn.jpush.android'], [], []],
      ['jiguang-jcore', ['cn.jiguang'], ['libjcore220.so'], []],
      ['mipush', ['com.xiaomi.mipush.sdk', 'com.xiaomi.push'], [], ['xmpush.xiaomi.com']],
      ['hms-push', ['com.huawei.hms.push'], [], []],
      ['hms-aaid', ['com.huawei.hms.aaid'], [], []],
      ['honor-push', ['com.hihonor.push'], [], []],
      ['oppo-push', ['com.heytap.msp.push'], [], []],
      ['vivo-push', ['com.vivo.push'], [], []],
      ['meizu-push', ['com.meizu.cloud.pushsdk'], [], []],
      ['aliyun-push', ['com.alibaba.sdk.android.push'], [], []],
      ['alibaba-accs', ['com.taobao.accs', 'org.android.agoo'], [], []],
      ['umeng-common', ['com.umeng.commonsdk'], [], []],
      ['umeng-push', ['com.umeng.message'], [], []],
      ['talkingdata', ['com.tendcloud.tenddata'], [], []],
      ['growingio', ['com.growingio'], [], []],
      ['sensors-analytics', ['com.sensorsdata.analytics'], [], ['sensorsdata.cn']],
      ['tencent-bugly', ['com.tencent.bugly'], ['libBugly.so'], ['bugly.qq.com']],
      ['tencent-gdt', ['com.qq.e'], [], ['gdt.qq.com']],
      ['pangle', ['com.bytedance.sdk.openadsdk'], ['libnms.so'], ['pangolin-sdk-toutiao.com']],
      ['kuaishou-ads', ['com.kwad'], [], []],
      ['baidu-mobads', ['com.baidu.mobads'], [], ['mobads.baidu.com']],
      ['sigmob', ['com.sigmob'], [], ['sigmob.cn']],
      ['mintegral', ['com.mbridge.msdk'], [], ['mintegral.com']],
      ['shanyan', ['com.chuanglan.shanyan_sdk'], ['libShanYCore.so'], []],
      ['cmcc-auth', ['com.cmic.sso.sdk'], [], ['cmpassport.com']],
      ['cucc-auth', ['com.unicom.xiaowo'], [], []],
      ['ctcc-auth', ['cn.com.chinatelecom.account'], [], ['id6.me']],
      ['msa-oaid', ['com.bun.miitmdid', 'com.bun.supplier'], ['libmsaoaidsec.so'], []],
      ['amap-location', ['com.amap.api.location', 'com.loc'], [], ['apilocate.amap.com']],
      ['baidu-location', ['com.baidu.location'], ['liblocSDK8b.so'], ['loc.map.baidu.com']],
      ['tencent-location', ['com.tencent.map.geolocation', 'c.t.m.g'], ['libtencentloc.so'], []],
      ['alipay-sdk', ['com.alipay.sdk'], [], ['mobilegw.alipay.com']],
      ['wechat-opensdk', ['com.tencent.mm.opensdk'], [], []],
      ['qq-connect', ['com.tencent.tauth'], [], []],
      ['weibo-sdk', ['com.sina.weibo.sdk'], [], []],
      ['sharesdk', ['cn.sharesdk'], [], []],
      ['mob-common', ['com.mob'], [], []],
    ];
    for (const [id, prefixes, libs, domains] of expectations) {
      const s = sdk(id);
      expect(s.prefixes, id).toEqual(expect.arrayContaining(prefixes));
      expect(s.domains ?? [], id).toEqual(expect.arrayContaining(domains));
      for (const lib of libs) {
        const ok = (s.libs ?? []).includes(lib) || (s.libPatterns ?? []).some((p) => new RegExp(`^(?:${p})$`).test(lib));
        expect(ok, `${id} ${lib}`).toBe(true);
      }
      if (s.nameZh === undefined && !/^(mixpush|android-oaid)$/.test(id)) throw new Error(`${id} has no Chinese name`);
    }
  });

  test('keeps the international SDKs the brief names', () => {
    for (const id of ['firebase-analytics', 'firebase-messaging', 'firebase-crashlytics', 'google-mobile-ads', 'google-play-services', 'facebook-sdk', 'appsflyer', 'adjust']) {
      expect(sdk(id).prefixes?.length, id).toBeGreaterThan(0);
    }
  });

  test('curated facts win conflicts, and rejected over-broad prefixes are gone', () => {
    // LibChecker labels libjcore*.so as JPush; the curated JCore entry declares it.
    expect(owner('libPatterns', 'libjcore(.*)\\.so')).toEqual(['jiguang-jcore']);
    // Both Umeng Push and Alibaba Cloud Push ship ACCS; it is its own entry.
    expect(owner('components', 'com.taobao.accs.ChannelService')).toEqual(['alibaba-accs']);
    for (const p of ['com.bytedance', 'com.facebook', 'com.github', 'com.yxcorp.gifshow.ad']) expect(owner('prefixes', p), p).toEqual([]);
  });

  test('every curated entry cites a public guide, uses the category vocabulary and survives the build', () => {
    const curated = readCurated(JSON.parse(readFileSync(DEFAULT_CURATED, 'utf8')));
    const categories = new Set(['ads', 'analytics', 'push', 'login', 'payment', 'map', 'location', 'crash', 'apm', 'social', 'ui', 'network', 'oaid', 'identification', 'security', 'media', 'im', 'game', 'framework', 'library', 'webview', 'hotfix', 'ai', 'app-store']);
    expect(curated.records.length).toBeGreaterThanOrEqual(90);
    for (const r of curated.records) {
      expect((r as unknown as { refs: string[] }).refs.length, r.key).toBeGreaterThan(0);
      expect(categories.has(r.category as string), `${r.key}: ${r.category}`).toBe(true);
      const s = sdk(r.key);
      for (const p of r.prefixes) expect(s.prefixes, `${r.key} ${p}`).toContain(p);
      for (const d of r.domains) expect(s.domains, `${r.key} ${d}`).toContain(d);
    }
  });

  test('vendor domains: v2fly lists, most specific vendor kept, foreign sections skipped', () => {
    const vendor = (id: string) => built.vendors.find((v) => v.id === id);
    expect(vendor('umeng')?.domains).toContain('umeng.com');
    expect(vendor('alibaba')?.domains).not.toContain('umeng.com');
    expect(vendor('jiguang')?.domains).toEqual(expect.arrayContaining(['jpush.cn', 'jiguang.cn']));
    // Exodus gives jiguang.cn to JPush: an SDK-level claim, which beats the vendor's at lookup.
    expect(owner('domains', 'jiguang.cn')).toEqual(['jpush']);
    expect(vendor('mobtech')?.domains).toContain('mob.com');
    // zhangtao's "# 游昆" section belongs to another company.
    expect(vendor('mobtech')?.domains).not.toContain('yksdks.com');
    // Exodus domains several Facebook trackers share are a vendor claim, not one tracker's.
    expect(vendor('meta')?.domains).toContain('facebook.com');
    expect(owner('domains', 'facebook.com')).toEqual([]);
  });

  test('is deterministic, and the committed data/catalog/sdks.json is up to date (run `npm run catalog`)', () => {
    const again = buildCatalog();
    expect(again.version).toBe(built.version);
    expect(serializeCatalog(again)).toBe(serializeCatalog(built));
    expect(readFileSync(DEFAULT_OUT, 'utf8')).toBe(serializeCatalog(built));
  });

  test('records its sources and statistics', () => {
    expect(built.sources.map((s) => s.id)).toEqual(['exodus', 'libchecker', 'libradar', 'v2fly', 'curated']);
    expect(built.stats.sdks).toBe(built.sdks.length);
    expect(built.stats.records.exodus).toBe(432);
    expect(built.stats.sdksBySource.exodus).toBeGreaterThan(400);
    expect(built.stats.sdksBySource.libchecker).toBeGreaterThan(700);
  });
});
