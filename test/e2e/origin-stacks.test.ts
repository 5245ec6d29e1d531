import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoScenarioPath } from '../../emulator/index.js';
import { emulatedTlsPatternsPath } from '../../host/commands/demo.js';
import { loadTlsPatterns } from '../../host/commands/tls-patterns.js';
import { traceEmulated } from '../helpers/emulated-run.js';

interface Row { process: string; seq: number; api: string; sdk: string | null; party: string | null; via: string | null; chain: string | null; attribution: string | null }

async function rows(mode: 'all' | 'gated'): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), `sdktrace-origins-${mode}-`));
  const { store, runId } = await traceEmulated(demoScenarioPath(), join(dir, 'run.db'), [], { agentConfig: { tlsPatterns: loadTlsPatterns(emulatedTlsPatternsPath()), originStacks: mode } });
  try {
    return store.db.prepare(`SELECT p.name AS process, e.seq, e.api, e.sdk, e.party, e.via, e.chain, e.attribution FROM events e JOIN processes p ON p.id = e.process_id WHERE e.run_id = ? AND e.source = 'agent' ORDER BY p.name, e.seq`).all(runId) as Row[];
  } finally {
    store.close();
  }
}

describe('demo: gated vs all', () => {
  it('diff', async () => {
    const a = await rows('all');
    const g = await rows('gated');
    expect(g.length).toBe(a.length);
    for (let i = 0; i < a.length; i++) {
      const x = a[i]!, y = g[i]!;
      const ax = JSON.parse(x.attribution ?? 'null'), gy = JSON.parse(y.attribution ?? 'null');
      if (x.sdk !== y.sdk || x.party !== y.party || x.via !== y.via || x.chain !== y.chain || ax?.calledByApp !== gy?.calledByApp) console.log(JSON.stringify({ process: x.process, seq: x.seq, api: x.api, all: [x.sdk, x.party, x.via, x.chain, ax?.calledByApp, ax?.reason], gated: [y.sdk, y.party, y.via, y.chain, gy?.calledByApp, gy?.reason] }));
    }
  }, 120_000);
});
