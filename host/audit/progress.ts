// The stage bar: which stage runs, how far it is, and the time left in the whole protocol.
//   [■■■□□] 3/5 agree    ▕██████░░░░░░▏ 42s left in stage, 3m 40s in the audit
// On a terminal it redraws one line; otherwise it prints a line when a stage starts.
import { STAGES, type StageName } from './stages.js';

export interface ProgressSink {
  write(s: string): void;
  isTTY: boolean;
}

function fmt(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m ${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

export function stageBar(stage: StageName, elapsedMs: number, durations: Record<StageName, number>, width = 20): string {
  const i = STAGES.indexOf(stage);
  const total = durations[stage];
  const frac = total <= 0 ? 1 : Math.min(1, elapsedMs / total);
  const filled = Math.round(frac * width);
  const after = STAGES.slice(i + 1).reduce((n, s) => n + durations[s], 0);
  const left = Math.max(0, total - elapsedMs);
  return `[${'■'.repeat(i + 1)}${'□'.repeat(STAGES.length - i - 1)}] ${i + 1}/${STAGES.length} ${stage.padEnd(10)} ▕${'█'.repeat(filled)}${'░'.repeat(width - filled)}▏ ${fmt(left)} left in stage, ${fmt(left + after)} in the audit`;
}

export class StageProgress {
  private last = '';
  constructor(private readonly sink: ProgressSink | null, private readonly durations: Record<StageName, number>, private readonly label = '') {}

  update(stage: StageName, elapsedMs: number): void {
    if (this.sink === null) return;
    const line = `${this.label}${stageBar(stage, elapsedMs, this.durations)}`;
    if (this.sink.isTTY) {
      if (line !== this.last) this.sink.write(`\r${line}\x1b[K`);
    } else if (elapsedMs === 0) {
      this.sink.write(`${line}\n`);
    }
    this.last = line;
  }

  /** A message between bar updates (keeps the bar's line clean on a terminal). */
  note(text: string): void {
    if (this.sink === null) return;
    this.sink.write(this.sink.isTTY ? `\r\x1b[K${text}\n` : `${text}\n`);
    this.last = '';
  }

  done(): void {
    if (this.sink?.isTTY === true && this.last !== '') this.sink.write('\n');
    this.last = '';
  }
}
