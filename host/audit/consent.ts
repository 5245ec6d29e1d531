// Which on-screen control is the privacy dialog's "agree" or "refuse": the control texts the agent
// found, classified with the run's consent words (the same classifier the phases use, so a click
// the audit makes is read back as the decision it meant). Buttons win over other texts; when no
// shown control matches, there is nothing to click and the audit asks the analyst.
import type { ControlInfo } from '../../protocol/messages.js';
import { classifyClick, type ConsentWords } from '../../analysis/phase.js';

export type Decision = 'granted' | 'refused';

export function pickControl(controls: readonly ControlInfo[], decision: Decision, words: ConsentWords): ControlInfo | null {
  const matching = controls.filter((c) => c.shown && classifyClick(c.text, words) === decision);
  if (matching.length === 0) return null;
  const button = matching.find((c) => /Button$/.test(c.cls));
  return button ?? matching[0]!;
}

/** Whether the screen shows a consent dialog at all (either decision can be made). */
export function hasConsentControls(controls: readonly ControlInfo[], words: ConsentWords): boolean {
  return controls.some((c) => c.shown && classifyClick(c.text, words) !== null);
}
