// Assigns each event its phase (launch, pre-consent, post-consent, refused, background) as it
// arrives. Reports recompute phases over the stored timeline with the same tracker.
import { PhaseTracker, consentApiDecision, matchesConsentApi, type ConsentApi, type ConsentWords } from '../phase.js';
import type { IngestItem, Stage } from '../types.js';

export class PhaseStage implements Stage {
  readonly name = 'phase';
  readonly tracker: PhaseTracker;

  /**
   * @param consentApis calls that mean the user decided (configured per run, e.g. an SDK's
   *   privacy-grant API); by default such calls are evidence only.
   */
  constructor(words?: ConsentWords, launchedByUser = true, private readonly consentApis: readonly ConsentApi[] = []) {
    this.tracker = new PhaseTracker(words, launchedByUser);
  }

  enrich(item: IngestItem): void {
    const ev = item.event;
    let kind: string = ev.kind;
    let detail = (ev as { detail?: Record<string, unknown> }).detail ?? null;
    if (this.consentApis.length > 0 && item.source === 'agent') {
      const cfg = this.consentApis.find((c) => matchesConsentApi(c, item.row.api, item.row.hook));
      if (cfg !== undefined) {
        const args = (ev as { args?: unknown[] }).args ?? null;
        detail = { state: consentApiDecision(cfg, args, detail), source: 'api' };
        kind = 'consent';
      }
    }
    const a = this.tracker.next({ pid: item.row.pid, kind, detail });
    item.row.phase = a.phase;
    item.row.consent = a.consent;
    item.row.foreground = a.foreground ? 1 : 0;
  }
}
