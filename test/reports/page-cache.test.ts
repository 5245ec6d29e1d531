// reports/page-cache.ts: while a report is built, SQLite's page caches of the report's connection
// (the run's file and the temp database of the analysis table) are bounded, and the caller's sizes
// are set back afterwards, whatever they were, since the connection is the caller's. A report of a
// real run (buildReport) must leave them as it found them, also when it fails.
import { afterAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../reports/model.js';
import { boundPageCaches, REPORT_CACHE_KIB } from '../../reports/page-cache.js';
import type { Db } from '../../store/db.js';
import { cleanupTmp, Run, STACKS } from './helpers.js';

afterAll(cleanupTmp);

const sizes = (db: Db) => ({ main: db.pragma('main.cache_size', { simple: true }), temp: db.pragma('temp.cache_size', { simple: true }) });

describe('boundPageCaches', () => {
  it('bounds the main and temp caches, then sets back the sizes it found', () => {
    const r = Run.create();
    const db = r.store.db;
    db.pragma('main.cache_size = -12345');
    db.pragma('temp.cache_size = 300');
    const restore = boundPageCaches(db);
    expect(sizes(db)).toEqual({ main: -REPORT_CACHE_KIB, temp: -REPORT_CACHE_KIB });
    restore();
    expect(sizes(db)).toEqual({ main: -12345, temp: 300 });
  });

  it('buildReport leaves the connection’s caches as they were, also when it fails', () => {
    const r = Run.create();
    const main = r.process();
    r.resume(main);
    r.pi(main, 'imei', STACKS.umengImei, { values: ['861234567890123'] });
    r.end();
    const db = r.store.db;
    db.pragma('main.cache_size = -7777');
    db.pragma('temp.cache_size = -5555');
    const model = buildReport(r.store, r.runId, { networkScan: 'inline' });
    expect(model.findings.length).toBeGreaterThan(0);
    expect(sizes(db)).toEqual({ main: -7777, temp: -5555 });
    // A catalog without its tables fails the build after the caches were bounded (not a user error).
    expect(() => buildReport(r.store, r.runId, { networkScan: 'inline', catalog: {} as never })).toThrow(TypeError);
    expect(sizes(db)).toEqual({ main: -7777, temp: -5555 });
  });
});
