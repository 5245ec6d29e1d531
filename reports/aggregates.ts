// The aggregates of a run's personal-information events that several rules read, computed in one
// pass over the analysis table and shared through the rule context (RuleContext.piAggregates).
// Each rule used to run its own GROUP BY over the whole table (five at 1M events: about 5 CPU
// seconds); a rule still says what it selects (a PiCond in rules/common.ts), and it filters and
// merges these rows instead. The grouping is fine enough for every selection the rules make:
// actor, data type, chain, phase and consent.
import type { Db } from '../host/store/db.js';

/** Personal-information events the rules judge (the platform's own reads excluded), over the analysis table `p`. */
export const PI_EVENTS = "p.kind = 'pi' AND p.data_type IS NOT NULL AND (p.party IS NULL OR p.party <> 'platform')";

/** One group of PI events: same actor, data type, chain (JSON or null), phase and consent. */
export interface PiAggregate {
  actor: string;
  dataType: string;
  chain: string | null;
  phase: string;
  consent: string | null;
  count: number;
  firstT: number;
  lastT: number;
}

/**
 * The groups in the order of the GROUP BY's sort (actor, data type, chain, phase, consent): the
 * rules' merged groups are then ordered by first time, ties in this order, as each rule's own
 * GROUP BY (actor, data type[, chain], phase) ordered them.
 */
export function piAggregates(db: Db, table: string): PiAggregate[] {
  return db
    .prepare(
      `SELECT p.actor AS actor, p.data_type AS dataType, p.chain AS chain, p.phase AS phase, p.consent AS consent,
              count(*) AS count, min(p.t) AS firstT, max(p.t) AS lastT
       FROM ${table} p WHERE ${PI_EVENTS}
       GROUP BY p.actor, p.data_type, p.chain, p.phase, p.consent`,
    )
    .all() as PiAggregate[];
}
