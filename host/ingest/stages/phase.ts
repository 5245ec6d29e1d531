// Assigns each event its phase (launch, pre-consent, post-consent, refused, background) as it
// arrives, with the one phase algorithm of analysis/phase.ts and the run's recorded
// ConsentConfig; reports over the stored run use the same code (analysis/timeline.ts).
// Each event is read through one reused view (readPhaseSignal keeps none of it), not a new object
// and closure per event: ingest's main thread allocates per event only what outlives it.
import { DEFAULT_CONSENT_WORDS, PhaseTracker, readPhaseSignal, type ConsentApi, type ConsentConfig, type ConsentWords, type PhaseEvent } from '../../../analysis/phase.js';
import type { IngestItem, Stage } from '../types.js';

/** The item being read, as readPhaseSignal reads an event. */
class PhaseEventView implements PhaseEvent {
  pid: number | null = null;
  t = 0;
  source: 'agent' | 'host' = 'agent';
  kind = '';
  api: string | null = null;
  hook: string | null = null;
  detail: Record<string, unknown> | null = null;
  private argsOf: readonly unknown[] | null = null;

  read(item: IngestItem): this {
    const ev = item.event as { kind: string; detail?: Record<string, unknown>; args?: unknown[] };
    this.pid = item.row.pid;
    this.t = item.row.t;
    this.source = item.source;
    this.kind = ev.kind;
    this.api = item.row.api;
    this.hook = item.row.hook;
    this.detail = ev.detail ?? null;
    this.argsOf = ev.args ?? null;
    return this;
  }

  args(): readonly unknown[] | null {
    return this.argsOf;
  }
}

export class PhaseStage implements Stage {
  readonly name = 'phase';
  readonly tracker: PhaseTracker;
  private readonly config: ConsentConfig;
  private readonly view = new PhaseEventView();

  /**
   * @param consentApis calls that mean the user decided (configured per run, e.g. an SDK's
   *   privacy-grant API); by default such calls are evidence only.
   */
  constructor(words: ConsentWords = DEFAULT_CONSENT_WORDS, launchedByUser = true, consentApis: readonly ConsentApi[] = [], observe = false) {
    this.config = { words, apis: [...consentApis], launchedByUser, observe };
    this.tracker = new PhaseTracker(words, launchedByUser, observe);
  }

  enrich(item: IngestItem): void {
    const { input } = readPhaseSignal(this.view.read(item), this.config);
    const a = this.tracker.next(input);
    item.row.phase = a.phase;
    item.row.consent = a.consent;
    item.row.foreground = a.foreground ? 1 : 0;
  }
}
