// `sdktrace lists import` as a user runs it: the built CLI on the demo's published list, and the
// input errors (exit 2, naming the file and what was expected; nothing written).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SDKTRACE_BIN } from '../helpers/built-cli.js';

// The built CLI, built once per test run by test/global-setup.ts.
const bin = SDKTRACE_BIN;
const demo = new URL('../../data/policies/demo-mall.published.txt', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'sdktrace-lists-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sdktrace lists import', () => {
  it('imports, prints the figures, and writes lists that schema --check accepts', () => {
    const out = join(dir, 'demo.json');
    const stdout = execFileSync(process.execPath, [bin, 'lists', 'import', demo, '--app', 'com.example.mall', '--out', out], { encoding: 'utf8' });
    expect(stdout).toContain('SDK rows resolved: 4 of 4');
    expect(stdout).toContain('data-type phrases resolved: 15 of 15');
    const lists = JSON.parse(readFileSync(out, 'utf8'));
    expect(lists.format).toBe('sdktrace-declared-lists/2');
    expect(lists.app.package).toBe('com.example.mall');
    expect(execFileSync(process.execPath, [bin, 'schema', '--check', out], { encoding: 'utf8' })).toContain('valid (2 collected entries, 4 sharing entries');
  });

  it('refuses a file with no list rows and a missing --out (exit 2), writing nothing', () => {
    const prose = join(dir, 'prose.txt');
    writeFileSync(prose, '我们重视您的隐私。\n本政策说明我们如何处理您的个人信息。\n');
    const out = join(dir, 'none.json');
    const r = spawnSync(process.execPath, [bin, 'lists', 'import', prose, '--out', out], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/prose\.txt: no list rows found: expected field-per-line blocks/);
    expect(existsSync(out)).toBe(false);
    const m = spawnSync(process.execPath, [bin, 'lists', 'import', demo], { encoding: 'utf8' });
    expect(m.status).toBe(2);
    expect(m.stderr).toMatch(/--out/);
  });
});
