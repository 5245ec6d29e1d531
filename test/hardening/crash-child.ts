// The host process that crash.test.ts kills: a new run in the given database (as a fresh
// `sdktrace trace` after a crash would start), agent batches through the real Ingest.handle with
// the tracer's stages and the writer thread runs use, and for each batch the writer acknowledged
// (committed, durable: the stages' `committed` hook) "ack RUN BATCH" on stdout.
// Runs until killed. Usage: node crash-child.mjs DB BATCH_SIZE
import { writeSync } from 'node:fs';
import { Ingest } from '../../host/ingest/ingest.js';
import { AttributionStage } from '../../host/ingest/stages/attribution.js';
import { PhaseStage } from '../../host/ingest/stages/phase.js';
import { ProcessStartStage } from '../../host/ingest/stages/process-start.js';
import { ProjectionStage } from '../../host/ingest/stages/projections.js';
import type { ProcessContext, Stage } from '../../host/ingest/types.js';
import { createAttributor } from '../../attribution/shipped.js';
import { Store } from '../../store/db.js';
import { PROTOCOL_VERSION } from '../../protocol/constants.js';

const [db, size] = process.argv.slice(2);
const BATCH = Number(size);
const APP = 'com.example.crash';

const store = Store.open(db!, { create: true });
const runId = store.createRun({ mode: 'trace', started_at: Date.now(), tool_version: 'crash-test', package: APP });
const attributor = createAttributor(APP);
// Acknowledges a batch only once its rows are committed (Ingest: `committed` comes after the writer's answer).
const acknowledge: Stage = {
  name: 'crash-acknowledge',
  committed(items) {
    const last = items.at(-1)?.row.seq;
    if (typeof last === 'number' && (last + 1) % BATCH === 0) writeSync(1, `ack ${runId} ${(last + 1) / BATCH - 1}\n`);
  },
};
const ingest = new Ingest(store, runId, [new AttributionStage(attributor), new PhaseStage(undefined, true), new ProjectionStage(attributor), new ProcessStartStage(), acknowledge], {
  appPackage: APP,
  writer: true,
});
const row = store.addProcess({ run_id: runId, pid: 4242, name: APP, package: APP, target: true, started_at: Date.now(), spawned_by: 'sdktrace' });
const proc: ProcessContext = { id: row.id, pid: 4242, name: APP, package: APP, target: true, nextSeq: 0, gaps: 0 };
const STACK = [
  ['android.telephony.TelephonyManager', 'getDeviceId', 'TelephonyManager.java', 10],
  ['com.igexin.push.core.Collector', 'collect', 'SourceFile', 20],
  [`${APP}.App`, 'onCreate', 'App.java', 30],
];

for (let batch = 0; ; batch++) {
  const events = Array.from({ length: BATCH }, (_, i) => {
    const seq = batch * BATCH + i;
    return { seq, t: 1_767_225_600_000 + seq, tid: 7, thread: 'main', kind: 'pi', api: 'android.telephony.TelephonyManager.getDeviceId()', dataType: 'imei', stack: 'st0', detail: { values: [`86421305${String(seq).padStart(7, '0')}`] } };
  });
  ingest.handle(proc, { type: 'send', payload: { v: PROTOCOL_VERSION, kind: 'batch', pid: 4242, events, ...(batch === 0 ? { stacks: { st0: STACK } } : {}) } });
  if (ingest.failure !== null || ingest.totals.problems > 0) {
    writeSync(2, `crash-child: ingest failed: ${JSON.stringify(ingest.failure ?? ingest.totals)}\n`);
    process.exit(70);
  }
}
