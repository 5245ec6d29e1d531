// The HTML report in headless Chromium (Debian's chromium through playwright-core): it needs no
// script, runs none, loads nothing, and every hostile string the app controls is shown as text.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext } from 'playwright-core';
import { buildReport, type ReportModel } from '../../reports/model.js';
import { renderHtml } from '../../reports/render/html.js';
import { esc } from '../../reports/render/escape.js';
import { APP, cleanupTmp, lists, Run, stack, STACKS } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`test/reports/html.test.ts: ${CHROMIUM} is missing, browser tests are skipped (apt-get install -y chromium installs it)`);

const PWN = 'window.__pwned=1';
const HOSTILE = [
  `<script>${PWN}</script>`,
  `"><img src=x onerror="${PWN}">`,
  `'><svg onload=${PWN}>`,
  `</style><script>${PWN}</script>`,
  `javascript:${PWN}`,
  'bell\u0007 nul\u0000 esc\u001b',
  'evil\u202Egnp.exe',
  '\u2066isolate\u2069 and \u200Fmark',
];
/** As long as the protocol lets a string be (LIMITS.string); samples may be far longer. */
const LONG = `https://x.example/${'A'.repeat(4000)}`;
const LONG_SAMPLE = `POST / HTTP/1.1\r\nHost: h.example\r\n\r\n${'B'.repeat(30_000)}imei=864213051234567&x=`;

let dir: string;
let context: BrowserContext | null = null;

/** A run whose app-controlled strings are all hostile. */
function hostileRun(): Run {
  const r = Run.create();
  const main = r.process(`${APP}:${HOSTILE[0]}`, 1000);
  r.resume(main, `${APP}.${HOSTILE[1]}`);
  r.dialog(main, HOSTILE[5]!);
  r.click(main, HOSTILE[3]!);
  const evilStack = stack('android.telephony.TelephonyManager.getDeviceId', `com.evil.sdk${'<script>'}.Grab.${'onerror'}`, `com.evil.${HOSTILE[6]}.X.y`, `${APP}.App.onCreate`);
  r.pi(main, 'imei', evilStack, { values: [`864213051234567`, HOSTILE[1]!] });
  r.pi(main, 'installed_apps', STACKS.pangleProbe, { detail: { target: HOSTILE[0], count: 1 }, values: [HOSTILE[5]!] });
  r.net(main, { layer: 'java', proto: 'http', tls: false, op: 'send', host: `h.example${HOSTILE[1]}`, url: LONG, sample: `${LONG_SAMPLE}${HOSTILE[0]}${HOSTILE[6]}`, sampleEncoding: 'utf8' }, evilStack);
  r.event(main, { kind: 'launch', api: 'android.app.ContextImpl.startService(android.content.Intent)', detail: { via: 'service', component: `com.other/${HOSTILE[0]}`, package: `com.other${HOSTILE[3]}`, action: HOSTILE[7] }, stack: evilStack });
  r.spawnOther(`com.other${HOSTILE[3]}`, 6000, r.t + 100);
  r.hooks(main, [{ id: 'telephony.getDeviceId', class: 'android.telephony.TelephonyManager', method: 'getDeviceId', state: 'failed', overloads: 0, reason: HOSTILE[2] }]);
  r.end();
  return r;
}

function model(): ReportModel {
  const r = hostileRun();
  return buildReport(r.store, r.runId, {
    lists: lists({ sharing: [{ company: 'Evil <b>Corp</b>', packages: ['com.nothing'], dataTypes: ['imei'], purpose: HOSTILE[0]!, domains: ['example.org'] }] }),
    generatedAt: '2026-01-01T00:00:00.000Z',
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sdktrace-html-'));
  if (!haveChromium) return;
  context = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 60_000);

afterAll(async () => {
  await context?.close();
  rmSync(dir, { recursive: true, force: true });
  cleanupTmp();
});

describe('escaping', () => {
  it('escapes markup, shows control, bidi and line-separator characters as code points', () => {
    expect(esc('<a href="x">&\'`</a>')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;&#96;&lt;/a&gt;');
    expect(esc('a\u0000b\u202Ec\u2066d\u2028e\u0085')).toBe('a\\u0000b\\u202ec\\u2066d\\u2028e\\u0085');
    expect(esc('tab\tnew\nline 中文')).toBe('tab\tnew\nline 中文');
    expect(esc('\ud800x')).toBe('\\ud800x');
  });

  it('renders hostile strings without markup, and cuts very long ones', () => {
    const html = renderHtml(model());
    for (const h of HOSTILE) expect(html.includes(h), h).toBe(false);
    expect(html).not.toMatch(/<(script|img|iframe|object|embed|link|base|form|meta http-equiv="refresh")/i);
    expect(html).not.toMatch(/<[a-z][^>]*\son[a-z]+\s*=/i);
    expect(html).toContain('&lt;script&gt;window.__pwned=1&lt;/script&gt;');
    expect(html).toContain('more characters)');
    expect(html.length).toBeLessThan(400_000);
    expect(html).toContain('h.example&quot;&gt;&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;');
  });
});

describe.skipIf(!haveChromium)('in headless Chromium', () => {
  it('loads with no script, no errors, no requests, and shows hostile strings as text', async () => {
    const html = renderHtml(model());
    const file = join(dir, 'report.html');
    writeFileSync(file, html);
    const page = await context!.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => problems.push(`console ${m.type()}: ${m.text()}`));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`file://${file}`, { waitUntil: 'load' });
    expect(problems).toEqual([]);
    expect(requests).toEqual([`file://${file}`]);
    const facts = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: number }).__pwned ?? null,
      scripts: document.scripts.length,
      imgs: document.images.length,
      handlers: [...document.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => a.name.startsWith('on'))).length,
      text: document.body.textContent ?? '',
      csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? null,
      svgs: document.querySelectorAll('svg').length,
      decisive: document.querySelectorAll('ol.stack li.decisive').length,
      details: document.querySelectorAll('details.finding').length,
    }));
    expect(facts).toMatchObject({ pwned: null, scripts: 0, imgs: 0, handlers: 0, svgs: 2 });
    expect(facts.csp).toContain("default-src 'none'");
    expect(facts.decisive).toBeGreaterThan(0);
    expect(facts.details).toBeGreaterThan(3);
    for (const h of [HOSTILE[0], HOSTILE[1], HOSTILE[2], HOSTILE[3]]) expect(facts.text).toContain(h);
    // Invisible and direction-changing characters are shown, not applied.
    expect(facts.text).toContain('bell\\u0007 nul\\u0000 esc\\u001b');
    expect(facts.text).toContain('evil\\u202egnp.exe');
    expect(facts.text).not.toContain('\u202E');
    expect(facts.text).not.toContain('\u2066');
    await page.close();
  });

  it('renders a report with no events and no findings', async () => {
    const r = Run.create();
    r.process();
    const file = join(dir, 'empty.html');
    writeFileSync(file, renderHtml(buildReport(r.store, r.runId, { generatedAt: '2026-01-01T00:00:00.000Z' })));
    const page = await context!.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`file://${file}`);
    expect(problems).toEqual([]);
    expect(await page.locator('#findings + p').innerText()).toBe('No findings.');
    await page.close();
  });
});
