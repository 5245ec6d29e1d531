// Phases of a run (launch, pre-consent, post-consent, refused, background), derived from the
// events themselves: consent events, clicks on controls whose text is an agree/refuse wording,
// and activity resume/pause. Ingest assigns phases live; reports recompute them over the whole
// timeline with the same tracker, so a change of consent words can be re-applied afterwards.
import type { Phase } from '../../protocol/constants.js';

export interface ConsentWords {
  agree: string[];
  refuse: string[];
}

/**
 * Defaults cover the wordings of Chinese privacy dialogs (MIIT-style "同意/不同意") and common
 * English ones. Refusals are checked first: "不同意" contains "同意".
 */
export const DEFAULT_CONSENT_WORDS: ConsentWords = {
  agree: ['同意', '同意并继续', '同意并进入', '同意并使用', '我同意', '已阅读并同意', '接受', 'agree', 'i agree', 'accept', 'accept all', 'agree and continue'],
  // Deliberately not bare "退出"/"exit": a logout button must not read as a refusal.
  refuse: ['不同意', '暂不同意', '不同意并退出', '拒绝', '仅浏览', '暂不使用', 'disagree', 'decline', 'reject', 'refuse', 'do not agree', "don't agree"],
};

/** An API whose call means the user decided (e.g. an SDK's privacy-grant call), when configured. */
export interface ConsentApi {
  /** "class.method" (matches every overload) or a hook id. */
  api: string;
  /** Fixed decision; otherwise from `arg` (a boolean argument), else the call's recorded state, else 'granted'. */
  state?: 'granted' | 'refused';
  /** Index of a boolean argument: true = granted, false = refused. */
  arg?: number;
}

export function matchesConsentApi(cfg: ConsentApi, api: string | null, hook: string | null): boolean {
  if (hook !== null && hook === cfg.api) return true;
  if (api === null) return false;
  return api === cfg.api || api.startsWith(`${cfg.api}(`);
}

/** The decision a configured consent API call stands for. */
export function consentApiDecision(cfg: ConsentApi, args: readonly unknown[] | null, detail: Record<string, unknown> | null): 'granted' | 'refused' {
  if (cfg.state !== undefined) return cfg.state;
  if (cfg.arg !== undefined && args !== null) {
    const v = args[cfg.arg];
    return v === false || v === 0 || v === 'false' ? 'refused' : 'granted';
  }
  // SDK privacy-grant hooks record the boolean they were given.
  if (detail !== null && (detail.state === 'granted' || detail.state === 'refused')) return detail.state;
  return 'granted';
}

/** Control texts longer than this are paragraphs (the policy itself), not buttons. */
const MAX_BUTTON_TEXT = 24;

function normalize(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, ' ')
    .trim();
}

/** Classifies a clicked control's text as a consent decision, or null. */
export function classifyClick(text: string, words: ConsentWords = DEFAULT_CONSENT_WORDS): 'granted' | 'refused' | null {
  const t = normalize(text);
  if (t === '' || t.length > MAX_BUTTON_TEXT) return null;
  const matches = (w: string) => {
    const n = normalize(w);
    if (n === '') return false;
    // Latin words must match whole words ("agree" must not match "disagree"); CJK has no spaces.
    return /[a-z0-9]/.test(n) ? ` ${t} `.includes(` ${n} `) : t.includes(n);
  };
  if (words.refuse.some(matches)) return 'refused';
  if (words.agree.some(matches)) return 'granted';
  return null;
}

/** The signals the tracker needs from an event (stored rows and live events both provide them). */
export interface PhaseInput {
  pid: number | null;
  kind: string;
  /** lifecycle detail.type / consent detail.state etc., already parsed. */
  detail: Record<string, unknown> | null;
}

export type ConsentState = 'none' | 'granted' | 'refused';

export interface PhaseAssignment {
  phase: Phase;
  consent: ConsentState;
  foreground: boolean;
}

export class PhaseTracker {
  private consent: ConsentState = 'none';
  private readonly resumed = new Map<string, number>(); // "pid:activity" -> count
  private everForeground = false;

  /**
   * @param launchedByUser whether the run began with a launch of the app (then the time before the
   *   first activity resumes is the launch phase; otherwise it is background).
   */
  constructor(private readonly words: ConsentWords = DEFAULT_CONSENT_WORDS, private readonly launchedByUser = true) {}

  get foreground(): boolean {
    return this.resumed.size > 0;
  }

  /** Feeds one event (in time order) and returns the phase it belongs to. */
  next(ev: PhaseInput): PhaseAssignment {
    const d = ev.detail;
    if (ev.kind === 'consent' && d !== null && (d.state === 'granted' || d.state === 'refused')) {
      this.consent = d.state;
    } else if (ev.kind === 'lifecycle' && d !== null) {
      const key = `${ev.pid ?? ''}:${String(d.component ?? '')}`;
      if (d.type === 'resume') {
        this.resumed.set(key, (this.resumed.get(key) ?? 0) + 1);
        this.everForeground = true;
      } else if (d.type === 'pause') {
        const n = (this.resumed.get(key) ?? 0) - 1;
        if (n > 0) this.resumed.set(key, n);
        else this.resumed.delete(key);
      } else if (d.type === 'click' && typeof d.text === 'string') {
        const decision = classifyClick(d.text, this.words);
        if (decision !== null) this.consent = decision;
      }
    } else if (ev.kind === 'device' && d !== null && d.type === 'process-ended' && ev.pid !== null) {
      // A dead process has no resumed activities.
      for (const key of [...this.resumed.keys()]) if (key.startsWith(`${ev.pid}:`)) this.resumed.delete(key);
    }
    return { phase: this.phase(), consent: this.consent, foreground: this.foreground };
  }

  phase(): Phase {
    if (!this.foreground) {
      if (!this.everForeground && this.launchedByUser && this.consent === 'none') return 'launch';
      return 'background';
    }
    if (this.consent === 'granted') return 'post-consent';
    if (this.consent === 'refused') return 'refused';
    return 'pre-consent';
  }
}
