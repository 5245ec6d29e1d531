// `sdktrace demo` when the store's writer thread cannot start (a worker that fails as it loads, as
// one started with a Node flag it refuses did): the run must end as a storage failure with exit 74
// and say what failed, never as a clean run with "0 events from the app" (which is what the demo
// reported before it watched the run's failure, as trace and audit already did).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'sdktrace-demo-storage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const broken = join(dir, 'broken-writer.mjs');
writeFileSync(broken, "throw new Error('the writer could not load');\n");

// Every Worker this process starts runs the broken script: the store's writer is the only one the demo starts.
vi.mock('node:worker_threads', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:worker_threads')>();
  class BrokenWorker extends real.Worker {
    constructor(_script: string | URL, options?: import('node:worker_threads').WorkerOptions) {
      super(broken, options);
    }
  }
  return { ...real, Worker: BrokenWorker };
});

const { demo } = await import('../../host/commands/demo.js');
const { EXIT } = await import('../../host/commands/trace.js');

describe('demo with a writer thread that fails to start', () => {
  it('ends the run as a storage failure (exit 74) and says so', async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    let code: number;
    try {
      code = await demo({ db: join(dir, 'demo.db'), out: join(dir, 'out'), quiet: true });
    } finally {
      spy.mockRestore();
    }
    expect(code).toBe(EXIT.storage);
    const text = lines.join('');
    expect(text).toMatch(/run 1 ended \(storage failed: [^)]*the writer could not load/);
    expect(text).toMatch(/sdktrace: the database .*demo\.db failed \(.*the writer could not load.*\), so the run was ended/);
  }, 120_000);
});
