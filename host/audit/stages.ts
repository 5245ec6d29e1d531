// The stages of the test protocol (issue 9), their default lengths, and how a run names them.
// Each stage is recorded in the run as a pair of host markers (audit.stage begin/end, device
// time), so reports and summaries can put every event in the stage it happened in.
import { UserError } from '../../protocol/errors.js';

export { STAGES, STAGE_TITLES, type StageName, type StageSpan } from '../../analysis/audit-stages.js';
import { STAGES, type StageName } from '../../analysis/audit-stages.js';

/**
 * How long each stage observes after its action (the dialog seen, the refuse click, the agree
 * click with the exercise inside it, HOME, the force-stop), device time in ms. Long enough for SDK initialisation and their first reports (most send
 * within seconds of init), short enough that a batch of apps finishes in a working day.
 */
export const DEFAULT_STAGE_MS: Record<StageName, number> = {
  fresh: 30_000,
  refuse: 30_000,
  agree: 60_000,
  background: 60_000,
  stopped: 120_000,
};

/** How long to wait for the privacy dialog's controls to appear after a start. */
export const DIALOG_WAIT_MS = 10_000;

/** "fresh=20s,stopped=5m" over the defaults; errors name the part that is wrong. */
export function parseStageTimes(text: string | undefined, parse: (t: string) => number): Record<StageName, number> {
  const out = { ...DEFAULT_STAGE_MS };
  if (text === undefined) return out;
  for (const part of text.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const m = /^([a-z]+)=(.+)$/.exec(part);
    if (m === null) throw new UserError(`--stage-time: expected STAGE=TIME (e.g. stopped=5m), got ${JSON.stringify(part)}`);
    if (!(STAGES as readonly string[]).includes(m[1]!)) throw new UserError(`--stage-time: no stage ${JSON.stringify(m[1])} (stages: ${STAGES.join(', ')})`);
    try {
      out[m[1] as StageName] = parse(m[2]!);
    } catch (e) {
      throw new UserError(`--stage-time ${m[1]}: ${(e as Error).message.replace(/^--duration /, '')}`);
    }
  }
  return out;
}
