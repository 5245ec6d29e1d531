// The host's ingest path exactly as a run builds it (host/session/run.ts startRun): the store, the
// run and process rows, and Ingest with the attribution, phase, projection and process-start
// stages and the writer thread (store/writer.ts), without a device. Benchmarks feed it agent
// messages directly; with the writer, a timed span ends with `ingest.settle()` (every batch
// committed), and `close()` stops the writer before the store closes.
import { Ingest } from '../host/ingest/ingest.js';
import { AttributionStage } from '../host/ingest/stages/attribution.js';
import { PhaseStage } from '../host/ingest/stages/phase.js';
import { ProcessStartStage } from '../host/ingest/stages/process-start.js';
import { ProjectionStage } from '../host/ingest/stages/projections.js';
import type { ProcessContext, Stage } from '../host/ingest/types.js';
import { createAttributor } from '../attribution/shipped.js';
import { Store } from '../store/db.js';
import { VERSION } from '../protocol/version.js';

export interface Pipeline {
  store: Store;
  runId: number;
  ingest: Ingest;
  proc: ProcessContext;
  /** Adds another traced process of the app (its own seq numbering). */
  addProcess(pid: number, name?: string): ProcessContext;
  /** Settles and stops the writer thread, then closes the store. */
  close(): void;
}

/** `writer: false`: the synchronous path (each batch committed on this thread), for comparisons. */
export function openPipeline(path: string, o: { app?: string; pid?: number; outputs?: Stage[]; now?: () => number; writer?: boolean } = {}): Pipeline {
  const app = o.app ?? 'com.example.shop';
  const store = Store.open(path, { create: true });
  const runId = store.createRun({ mode: 'trace', started_at: 1_767_225_600_000, package: app, tool_version: VERSION, device_id: 'bench', device_kind: 'emulated', options: {} });
  const attributor = createAttributor(app);
  const stages: Stage[] = [new AttributionStage(attributor), new PhaseStage(), new ProjectionStage(attributor), new ProcessStartStage(), ...(o.outputs ?? [])];
  const ingest = new Ingest(store, runId, stages, { appPackage: app, now: o.now, writer: o.writer ?? true });
  const addProcess = (pid: number, name = app): ProcessContext => {
    const row = store.addProcess({ run_id: runId, pid, name, package: app, target: true, started_at: 1_767_225_600_000, spawned_by: 'sdktrace' });
    return { id: row.id, pid, name, package: app, target: true, nextSeq: 0, gaps: 0 };
  };
  const close = () => {
    ingest.close();
    store.close();
  };
  return { store, runId, ingest, proc: addProcess(o.pid ?? 4242), addProcess, close };
}
