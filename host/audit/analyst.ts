// When the audit cannot find the control it needs, it stops and asks the analyst instead of
// guessing: on the console (a prompt on stderr, answered on stdin), or programmatically (tests,
// embedders). The answer says what happened; the audit records the question, the answer and how
// long it waited.
import { createInterface } from 'node:readline';

export interface PauseQuestion {
  stage: string;
  /** What the audit looked for: the agree or the refuse control. */
  wanted: 'agree' | 'refuse';
  /** Texts of the shown controls it saw. */
  seen: string[];
  message: string;
}

export type PauseAnswer =
  /** The analyst did it on the device by hand (or marked the decision on the dashboard); go on. */
  | { action: 'done'; via?: 'console' | 'dashboard' }
  /** Click the shown control with this text. */
  | { action: 'click'; text: string }
  /** Leave this step out (recorded). */
  | { action: 'skip' };

export interface Analyst {
  /** `signal` aborts the question (answered elsewhere): the analyst stops asking. */
  pause(q: PauseQuestion, signal?: AbortSignal): Promise<PauseAnswer>;
}

/** Parses a typed answer: empty = done, "s"/"skip" = skip, anything else = the text to click. */
export function parseAnswer(line: string): PauseAnswer {
  const t = line.trim();
  if (t === '') return { action: 'done' };
  if (/^(s|skip)$/i.test(t)) return { action: 'skip' };
  return { action: 'click', text: t };
}

export class ConsoleAnalyst implements Analyst {
  constructor(
    private readonly input: NodeJS.ReadableStream = process.stdin,
    private readonly output: NodeJS.WritableStream = process.stderr,
  ) {}

  pause(q: PauseQuestion, signal?: AbortSignal): Promise<PauseAnswer> {
    const rl = createInterface({ input: this.input, terminal: false });
    signal?.addEventListener('abort', () => rl.close(), { once: true });
    const answer = new Promise<PauseAnswer>((resolve) => {
      let answered = false;
      rl.once('line', (line) => {
        answered = true;
        rl.close();
        resolve(parseAnswer(line));
      });
      // stdin closed (not interactive): nobody can answer, so the step is skipped and recorded.
      rl.once('close', () => {
        if (!answered) resolve({ action: 'skip' });
      });
    });
    // Listening before asking: an answer typed ahead is not lost.
    this.output.write(
      `\n[audit paused] ${q.message}\n` +
        (q.seen.length > 0 ? `  controls on screen: ${q.seen.map((s) => JSON.stringify(s)).join(', ')}\n` : '  no control with a text is on screen\n') +
        `  Enter = I did it on the device; type a control's text to click it; "s" = skip this step\n> `,
    );
    return answer;
  }
}

/** Answers from a list (tests, scripted audits); each question is kept. */
export class ScriptedAnalyst implements Analyst {
  readonly questions: PauseQuestion[] = [];
  constructor(private readonly answers: (PauseAnswer | ((q: PauseQuestion) => PauseAnswer | Promise<PauseAnswer>))[]) {}
  async pause(q: PauseQuestion): Promise<PauseAnswer> {
    this.questions.push(q);
    const a = this.answers.shift();
    if (a === undefined) return { action: 'skip' };
    return typeof a === 'function' ? a(q) : a;
  }
}
