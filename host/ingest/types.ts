// Types shared by the ingest path and its stages. The path is a pipeline of small stages with
// narrow hooks over one item type (the shape of mitmproxy's addons): decode -> stacks ->
// attribution -> phase -> projections -> store -> live outputs.
import type { AgentEvent, AppInfo, Frame, Hello, HooksMessage } from '../../protocol/messages.js';
import type { EventRow, LaunchRow, NetFlowRow, StackRef, Store } from '../../store/db.js';

/** What the host knows about one process of the traced run. */
export interface ProcessContext {
  /** processes.id */
  readonly id: number;
  readonly pid: number;
  readonly name: string;
  readonly package: string | null;
  readonly target: boolean;
  /** Next seq expected from this process's agent. */
  nextSeq: number;
  /** Events missing so far (sum of gap sizes). */
  gaps: number;
}

/** Events the host itself records on the run's timeline. */
export type HostEventKind = 'device' | 'marker';

export interface HostEvent {
  readonly kind: HostEventKind;
  /** e.g. "device.spawnAdded", "device.processCrashed", "audit.stage" */
  readonly api: string;
  readonly t: number;
  readonly pid: number | null;
  readonly detail: Record<string, unknown>;
}

/** One event travelling through the stages. Stages fill `row` and the projections. */
export interface IngestItem {
  readonly process: ProcessContext | null;
  readonly source: 'agent' | 'host';
  readonly event: AgentEvent | HostEvent;
  readonly row: EventRow;
  /** Frames of event.stack, when known. */
  frames: readonly Frame[] | null;
  /** event.stack as stored (its integer reference and SHA-256), when known: caches key on the reference. */
  stackRef?: StackRef | null;
  /** Frames of event.origins (submitting stacks of async work), innermost submission first. */
  originFrames: readonly (readonly Frame[])[];
  launch?: LaunchRow;
  net?: NetFlowRow;
  /** Attribution result, when the attribution stage decided one (also stored as JSON in the row). */
  attribution?: {
    sdk: { id: string; name: string; vendor?: string; category: string } | null;
    party: string;
    /** Package prefix of an unknown third party or obfuscated code (part of the actor id). */
    prefix?: string;
    frame: string | null;
    reason: string;
  };
  /** Row id, set once committed. */
  id?: number;
}

export interface IngestContext {
  readonly runId: number;
  readonly store: Store;
  /** The traced app's package (first party). */
  readonly appPackage: string | null;
}

export interface Stage {
  readonly name: string;
  /**
   * Stages whose results this one reads, by name: when they are in the pipeline they must come
   * earlier (Ingest refuses another order). The order is data, as mitmproxy's addon order is.
   */
  readonly after?: readonly string[];
  /** Adds analysis to an item before it is stored. Synchronous: ingest never waits on a stage. */
  enrich?(item: IngestItem, ctx: IngestContext): void;
  /** Sees items after their transaction committed (they are durable), in order. */
  committed?(items: readonly IngestItem[], ctx: IngestContext): void;
  hello?(process: ProcessContext, hello: Hello, ctx: IngestContext): void;
  hooks?(process: ProcessContext, message: HooksMessage, ctx: IngestContext): void;
  app?(process: ProcessContext, message: AppInfo, ctx: IngestContext): void;
  /** A message or part the host refused (already stored in protocol_errors). */
  problem?(process: ProcessContext | null, location: string, error: string, ctx: IngestContext): void;
}
