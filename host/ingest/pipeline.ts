// The ingest pipeline a run uses, in order. Each stage enriches one item type (IngestItem) and
// declares the stages it reads (`after`); Ingest checks the order. Live outputs (console,
// dashboard) are appended after these and read what they add.
//   attribution         who: the SDK, party and chain of each event (attribution)
//   phase               when, in consent terms (analysis/phase.ts, the same code reports run)
//   projections         launches and net_flows rows (which other apps, which destinations)
//   launch-confirmation launches.confirmed_event_id from the other app's spawn (reads projections)
//   process-start       processes.start_reason from the agent's process-start event
import type { ConsentConfig } from '../../analysis/phase.js';
import { AttributionStage, type AttributorLike } from './stages/attribution.js';
import { LaunchConfirmationStage } from './stages/launch-confirmation.js';
import { PhaseStage } from './stages/phase.js';
import { ProcessStartStage } from './stages/process-start.js';
import { ProjectionStage } from './stages/projections.js';
import type { Stage } from './types.js';

export function runStages(attributor: AttributorLike | null, consent: ConsentConfig): { stages: Stage[]; phase: PhaseStage } {
  const phase = new PhaseStage(consent.words, consent.launchedByUser, consent.apis, consent.observe === true);
  const stages: Stage[] = [];
  if (attributor !== null) stages.push(new AttributionStage(attributor));
  stages.push(phase, new ProjectionStage(attributor), new LaunchConfirmationStage(), new ProcessStartStage());
  return { stages, phase };
}
