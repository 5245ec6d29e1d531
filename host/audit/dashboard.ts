// The dashboard's consent buttons as the answer to an audit pause: while the audit waits for the
// analyst to refuse or agree, a click on the matching button (it records the analyst's consent
// marker through the agent, as in any live run) answers the pause, and the console prompt is
// withdrawn. Either way the pause and its answer are recorded by the runner.
import type { Analyst, PauseAnswer, PauseQuestion } from './analyst.js';

export class DashboardAnswers {
  private waiting: { state: 'granted' | 'refused'; resolve: () => void } | null = null;

  /** The dashboard's consent button was used (after the marker was sent). */
  decided(state: 'granted' | 'refused'): void {
    if (this.waiting !== null && this.waiting.state === state) {
      const w = this.waiting;
      this.waiting = null;
      w.resolve();
    }
  }

  /** Resolves when the dashboard marks `state`; cancelled by `signal`. */
  next(state: 'granted' | 'refused', signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      this.waiting = { state, resolve };
      signal.addEventListener('abort', () => {
        if (this.waiting?.resolve === resolve) this.waiting = null;
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
          dashboard.next(state, inner.signal).then((): PauseAnswer => ({ action: 'done', via: 'dashboard' })),
        ]);
      } finally {
        inner.abort();
      }
    },
  };
}
