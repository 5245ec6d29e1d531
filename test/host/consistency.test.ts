// The command line and the README agree (issue 17): every command is in the README's table, the
// README says how to run sdktrace, the dashboard options have one set of names, -H/--host only
// names a frida-server, the exit codes are documented per command, a report to a terminal becomes a
// file, and the Frida-missing advice works from any folder.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import * as commands from '../../host/commands/index.js';
import { reportTarget } from '../../host/commands/report.js';
import { FRIDA_MISSING } from '../../host/device/frida.js';
import { cli } from './helpers.js';

const ROOT = resolve(__dirname, '../..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

function program(): Command {
  const p = new Command('sdktrace');
  for (const register of Object.values(commands)) register(p);
  return p;
}

const longOptions = (c: Command) => c.options.filter((o) => !(o as unknown as { hidden: boolean }).hidden).map((o) => o.long!);

describe('README and CLI', () => {
  it('says at the top how to run sdktrace, and lists every command in the CLI table', () => {
    const top = README.slice(0, 2000);
    expect(top).toContain('npx sdktrace');
    expect(top).toContain('npm link');
    const table = README.slice(README.indexOf('## CLI'), README.indexOf('Exit codes:'));
    for (const c of program().commands) expect(table, c.name()).toContain(`\`sdktrace ${c.name()}`);
  });

  it('documents the exit codes of every command, verify and attribute included', () => {
    const codes = README.slice(README.indexOf('Exit codes:'));
    expect(codes).toMatch(/\| 1 \| the pack or database does not verify[^|]*\| `verify` \|/);
    expect(codes).toMatch(/\| 2 \|[^\n]*text with no stack trace \(`attribute`\)/);
    expect(codes).toMatch(/\| 1 \| findings at or above `--fail-on`[^\n]*\| `report`, `audit` \|/);
  });

  it('has one set of dashboard option names, and -H/--host only for a frida-server', () => {
    const p = program();
    const dashboard = ['--serve', '--serve-host', '--serve-token', '--tz'];
    for (const name of ['demo', 'trace', 'audit', 'serve']) {
      const c = p.commands.find((x) => x.name() === name)!;
      for (const o of dashboard) expect(longOptions(c), `${name} ${o}`).toContain(o);
    }
    for (const c of p.commands) {
      const host = c.options.find((o) => o.long === '--host' && !(o as unknown as { hidden: boolean }).hidden);
      if (host === undefined) continue;
      expect(['trace', 'audit'], c.name()).toContain(c.name());
      expect(host.short).toBe('-H');
      expect(host.description).toMatch(/frida-server/);
    }
  });

  it('refuses --fail-on on audit with a bad severity, and takes it (exit 2 vs the option existing)', async () => {
    const audit = program().commands.find((x) => x.name() === 'audit')!;
    expect(longOptions(audit)).toContain('--fail-on');
    const r = await cli('audit', '-D', 'emulated', '--fail-on', 'urgent');
    expect(r.result).toBe(2);
  });
});

describe('report to a terminal', () => {
  it('writes a file named after the run (and prints its path) when standard output is a terminal; a pipe gets the bytes', () => {
    expect(reportTarget(7, {}, true)).toEqual({ format: 'html', out: 'sdktrace-run-7.html', toFile: true });
    expect(reportTarget(7, { format: 'pdf' }, true)).toEqual({ format: 'pdf', out: 'sdktrace-run-7.pdf', toFile: true });
    expect(reportTarget(7, { format: 'events-csv' }, true)).toEqual({ format: 'events-csv', out: 'sdktrace-run-7.events.csv', toFile: true });
    expect(reportTarget(7, { format: 'json' }, false)).toEqual({ format: 'json', out: '-', toFile: false });
    expect(() => reportTarget(7, { format: 'xlsx', out: '-' }, true)).toThrow(/binary file: give --out FILE\.xlsx/);
    expect(reportTarget(7, { format: 'xlsx', out: '-' }, false)).toEqual({ format: 'xlsx', out: '-', toFile: false });
    expect(() => reportTarget(7, { out: 'r.docx' }, false)).toThrow(/unknown extension/);
    expect(reportTarget(7, { out: 'x/r.lists.json' }, false)).toEqual({ format: 'lists', out: 'x/r.lists.json', toFile: true });
  });
});

describe('the Frida-missing advice', () => {
  it('works from any folder: it names the install folder, and no repo-relative path', () => {
    const m = /`npm install frida@17\.18\.0` in (\S+) /.exec(FRIDA_MISSING);
    expect(m).not.toBeNull();
    expect(isAbsolute(m![1]!)).toBe(true);
    expect(existsSync(join(m![1]!, 'package.json'))).toBe(true);
    expect(FRIDA_MISSING).not.toMatch(/data\/scenarios|\.\/|sdktrace folder/);
    expect(FRIDA_MISSING).toContain('`sdktrace trace --device emulated`');
  });
});
