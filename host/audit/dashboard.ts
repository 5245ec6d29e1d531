// The dashboard's consent buttons as the answer to an audit pause: while the audit waits for the
// analyst to refuse or agree, a click on the matching button (it records the analyst's consent
// marker through the agent, as in any live run) answers the pause, and the console prompt is
// withdrawn. Either way the pause and its answer are recorded by the runner. While it waits the
// page shows what the audit asks for (the question the console prints).
import type { ConsentRequest } from '../live/protocol.js';
import type { Analyst, PauseAnswer, PauseQuestion } from './analyst.js';

export class DashboardAnswers {
  private waiting: { state: 'granted' | 'refused'; resolve: () => void } | null = null;

  /** `show`: puts the request on the page (null withdraws it). */
  constructor(private readonly show: (request: ConsentRequest | null) => void = () => undefined) {}

  /** The dashboard's consent button was used (after the marker was sent). */
  decided(state: 'granted' | 'refused'): void {
    if (this.waiting !== null && this.waiting.state === state) {
      const w = this.waiting;
      this.waiting = null;
      this.show(null);
      w.resolve();
    }
  }

  /** Resolves when the dashboard marks `state`; cancelled by `signal`. `text` says why on the page. */
  next(state: 'granted' | 'refused', signal: AbortSignal, text = ''): Promise<void> {
    return new Promise((resolve) => {
      this.waiting = { state, resolve };
      this.show({ state, text });
      signal.addEventListener('abort', () => {
        if (this.waiting?.resolve === resolve) {
          this.waiting = null;
          this.show(null);
        }
      }, { once: true });
    });
  }
}

/** Asks the console and listens to the dashboard; the first answer wins. */
export function withDashboard(console: Analyst, dashboard: DashboardAnswers): Analyst {
  return {
    async pause(q: PauseQuestion, signal?: AbortSignal): Promise<PauseAnswer> {
      const inner = new AbortController();
      signal?.addEventListener('abort', () => inner.abort(), { once: true });
      const state = q.wanted === 'agree' ? 'granted' : 'refused';
      try {
        return await Promise.race([
          console.pause(q, inner.signal),
          dashboard.next(state, inner.signal, q.message).then((): PauseAnswer => ({ action: 'done', via: 'dashboard' })),
        ]);
      } finally {
        inner.abort();
      }
    },
  };
}
