// Assigns each event its phase (launch, pre-consent, post-consent, refused, background) as it
// arrives, with the one phase algorithm of analysis/phase.ts and the run's recorded
// ConsentConfig; reports over the stored run use the same code (analysis/timeline.ts).
import { DEFAULT_CONSENT_WORDS, PhaseTracker, readPhaseSignal, type ConsentApi, type ConsentConfig, type ConsentWords } from '../../../analysis/phase.js';
import type { IngestItem, Stage } from '../types.js';

export class PhaseStage implements Stage {
  readonly name = 'phase';
  readonly tracker: PhaseTracker;
  private readonly config: ConsentConfig;

  /**
   * @param consentApis calls that mean the user decided (configured per run, e.g. an SDK's
   *   privacy-grant API); by default such calls are evidence only.
   */
  constructor(words: ConsentWords = DEFAULT_CONSENT_WORDS, launchedByUser = true, consentApis: readonly ConsentApi[] = [], observe = false) {
    this.config = { words, apis: [...consentApis], launchedByUser, observe };
    this.tracker = new PhaseTracker(words, launchedByUser, observe);
  }

  enrich(item: IngestItem): void {
    const ev = item.event as { kind: string; detail?: Record<string, unknown>; args?: unknown[] };
    const { input } = readPhaseSignal(
      { pid: item.row.pid, t: item.row.t, source: item.source, kind: ev.kind, api: item.row.api, hook: item.row.hook, detail: ev.detail ?? null, args: () => ev.args ?? null },
      this.config,
    );
    const a = this.tracker.next(input);
    item.row.phase = a.phase;
    item.row.consent = a.consent;
    item.row.foreground = a.foreground ? 1 : 0;
  }
}
