// The bundled CLI as a user runs it, in a child process: `sdktrace trace --json | head` must end
// the run cleanly when the reader goes away (no EPIPE crash, the run closed in the database), and
// without the frida module a real device gets the install paragraph from plain Node resolution.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installRoot } from '../../install/root.js';
import { FRIDA_MISSING } from '../../host/device/frida.js';
import { Store } from '../../store/db.js';
import { startCli } from '../helpers/built-cli.js';
import { scenario, tmpDir } from './helpers.js';

const root = installRoot();

function sdktrace(args: string[], onStdout?: (chunk: string, close: () => void) => void): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    // The built CLI (test/global-setup.ts builds it once per run), from a folder of its own.
    const child = startCli(args, { cwd: tmpDir(), stdio: 'pipe' });
    let out = '';
    let err = '';
    child.stdout!.setEncoding('utf8').on('data', (c: string) => {
      out += c;
      onStdout?.(c, () => child.stdout!.destroy());
    });
    child.stderr!.setEncoding('utf8').on('data', (c: string) => (err += c));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('the bundled CLI in a child process', () => {
  it('--json into a reader that quits (| head): the run ends cleanly as "standard output closed"', async () => {
    const db = join(tmpDir(), 'pipe.db');
    let closed = false;
    // Real time: the scenario's events are spread over seconds, so writes continue after the close.
    const r = await sdktrace(['trace', '--device', 'emulated', '--scenario', scenario('multi'), '--realtime', '--json', '--db', db], (_c, close) => {
      if (!closed) {
        closed = true;
        close();
      }
    });
    expect(r.err).not.toMatch(/EPIPE|Unhandled|    at /);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/run 1 ended \(standard output closed\)/);
    JSON.parse(r.out.split('\n')[0]!);
    const store = Store.open(db, { readonly: true });
    try {
      expect(store.resolveRun('1').end_reason).toBe('standard output closed');
      expect(store.processes(1).every((p) => p.ended_at !== null)).toBe(true);
    } finally {
      store.close();
    }
  }, 60_000);

  it.skipIf(existsSync(join(root, 'node_modules', 'frida', 'package.json')))('-U without the frida module: the paragraph, exit 3', async () => {
    const r = await sdktrace(['trace', '-U', '-f', 'com.example.app', '--db', join(tmpDir(), 'x.db')]);
    expect(r.code).toBe(3);
    expect(r.err).toBe(`sdktrace: ${FRIDA_MISSING}\n`);
    expect(r.out).toBe('');
  });
});
