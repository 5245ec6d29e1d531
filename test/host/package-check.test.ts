// An attach through frida-gadget records the package Frida lists ("Gadget"); the agent's app
// message names the real one. The trace command is told once, with the fix (--app).
import { describe, expect, it } from 'vitest';
import { packageCheck } from '../../host/session/package-check.js';
import type { AppInfo } from '../../protocol/messages.js';
import { PROTOCOL_VERSION } from '../../protocol/constants.js';
import type { ProcessContext } from '../../host/ingest/types.js';

const proc = (name: string, target = true): ProcessContext => ({ id: 1, pid: 4242, name, package: name, target, nextSeq: 0, gaps: 0 });
const app = (pkg: string): AppInfo => ({ v: PROTOCOL_VERSION, kind: 'app', pid: 4242, package: pkg, versionName: '1.0', versionCode: 1, signing: [] });
const ctx = {} as never;

describe('package check', () => {
  it('warns once when the agent names another package than the run records, with the --app to use', () => {
    const lines: string[] = [];
    const stage = packageCheck('Gadget', (l) => lines.push(l));
    stage.app!(proc('Gadget'), app('com.example.shop'), ctx);
    stage.app!(proc('Gadget'), app('com.example.shop'), ctx);
    expect(lines).toEqual([
      "sdktrace: warning: the agent in Gadget (pid 4242) reports the app com.example.shop, but this run records Gadget: the app's own code counts as first party only under its package; trace again with --app com.example.shop",
    ]);
  });

  it('is silent when they agree, and for processes of other apps', () => {
    const lines: string[] = [];
    const stage = packageCheck('com.example.shop', (l) => lines.push(l));
    stage.app!(proc('com.example.shop:push'), app('com.example.shop'), ctx);
    stage.app!(proc('com.partner.news', false), app('com.partner.news'), ctx);
    expect(lines).toEqual([]);
  });
});
