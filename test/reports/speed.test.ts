// Report size follows the aggregates, not the event count: ten times the events give the same
// findings and an HTML report of about the same size, built in bounded time.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../reports/model.js';
import { renderHtml } from '../../reports/render/html.js';
import { renderJson } from '../../reports/render/json.js';
import { bulkRun } from './bulk.js';
import { cleanupTmp, tmpDir } from './helpers.js';

afterAll(cleanupTmp);

describe('large runs', () => {
  it('renders 100k events into a report the size of a 10k-event one', () => {
    const dir = tmpDir();
    const small = bulkRun(join(dir, 'small.db'), 10_000);
    const large = bulkRun(join(dir, 'large.db'), 100_000);
    const ms = buildReport(small.store, small.runId);
    const started = Date.now();
    const ml = buildReport(large.store, large.runId);
    const html = renderHtml(ml);
    const seconds = (Date.now() - started) / 1000;
    expect(ml.totals.events).toBe(100_000);
    expect(ml.findings.map((f) => `${f.rule}/${f.variant ?? ''}/${f.sdk?.id}/${f.dataType}`).sort()).toEqual(ms.findings.map((f) => `${f.rule}/${f.variant ?? ''}/${f.sdk?.id}/${f.dataType}`).sort());
    const hs = renderHtml(ms).length;
    expect(html.length / hs).toBeLessThan(1.2);
    expect(renderJson(ml).length / renderJson(ms).length).toBeLessThan(1.2);
    expect(html.length).toBeLessThan(1_000_000);
    // Generous: a loaded 2-core CI machine; about 5 s when idle.
    expect(seconds).toBeLessThan(90);
    small.store.close();
    large.store.close();
  }, 300_000);
});
