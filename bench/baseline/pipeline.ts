// BASELINE COPY for bench/ingest.ts: bench/pipeline.ts's openPipeline over today's path before
// issue 18 (the schema-3 store, ingest and attribution stage copied beside this file), so
// the bench runs the old and the new path on the same traffic in the same rounds. Delete this
// folder once the targets are met.
import { PhaseStage } from '../../host/ingest/stages/phase.js';
import { ProcessStartStage } from '../../host/ingest/stages/process-start.js';
import { ProjectionStage } from '../../host/ingest/stages/projections.js';
import type { ProcessContext, Stage } from '../../host/ingest/types.js';
import { createAttributor } from '../../attribution/shipped.js';
import { VERSION } from '../../protocol/version.js';
import { AttributionStage } from './attribution.js';
import { Store } from './db.js';
import { Ingest } from './ingest.js';

export function openBaselinePipeline(path: string): { store: Store; ingest: Ingest; proc: ProcessContext } {
  const app = 'com.example.shop';
  const store = Store.open(path, { create: true });
  const runId = store.createRun({ mode: 'trace', started_at: 1_767_225_600_000, package: app, tool_version: VERSION, device_id: 'bench', device_kind: 'emulated', options: {} });
  const attributor = createAttributor(app);
  const stages: Stage[] = [new AttributionStage(attributor), new PhaseStage(), new ProjectionStage(attributor), new ProcessStartStage()];
  const ingest = new Ingest(store, runId, stages, { appPackage: app });
  const row = store.addProcess({ run_id: runId, pid: 4242, name: app, package: app, target: true, started_at: 1_767_225_600_000, spawned_by: 'sdktrace' });
  return { store, ingest, proc: { id: row.id, pid: 4242, name: app, package: app, target: true, nextSeq: 0, gaps: 0 } };
}
