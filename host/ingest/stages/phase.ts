// Assigns each event its phase (launch, pre-consent, post-consent, refused, background) as it
// arrives. Reports recompute phases over the stored timeline with the same tracker.
import { PhaseTracker, type ConsentWords } from '../phase.js';
import type { IngestItem, Stage } from '../types.js';

export class PhaseStage implements Stage {
  readonly name = 'phase';
  readonly tracker: PhaseTracker;

  constructor(words?: ConsentWords, launchedByUser = true) {
    this.tracker = new PhaseTracker(words, launchedByUser);
  }

  enrich(item: IngestItem): void {
    const ev = item.event;
    const detail = (ev as { detail?: Record<string, unknown> }).detail ?? null;
    const a = this.tracker.next({ pid: item.row.pid, kind: ev.kind, detail });
    item.row.phase = a.phase;
    item.row.consent = a.consent;
    item.row.foreground = a.foreground ? 1 : 0;
  }
}
