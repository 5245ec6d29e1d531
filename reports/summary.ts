// What a report says per party and per kind of launch: the SDK summaries (events, kinds, data
// types with their phases and first read, hosts) and the launch summaries of a run, as the report
// model holds them (reports/model.ts builds them) and the verdict table reads them
// (reports/verdict.ts). Their own module, so the model can build the verdict table without the
// verdict importing the model back.
import type { Actor } from '../analysis/actor.js';

export interface SdkDataType {
  dataType: string;
  count: number;
  phases: Record<string, number>;
  /** Declared for this collector (null: no lists given). */
  declared: boolean | null;
  /** JSON path of the declaring entry. */
  declaredBy: string | null;
  /** The first read: its device time, phase, API and event (the verdict table's row evidence). */
  first: { t: number; phase: string; api: string | null; eventId: number } | null;
}

export interface SdkSummary {
  /** Actor id: catalog SDK id, "(app)", "(third-party:prefix)", "(obfuscated:prefix)", "(platform)", … */
  id: string;
  name: string;
  nameZh: string | null;
  vendor: string | null;
  category: string | null;
  party: Actor['party'];
  events: number;
  /** Events per kind (pi, net, launch, schedule, permission, consent). */
  kinds: Record<string, number>;
  dataTypes: SdkDataType[];
  /** In the declared lists at all (null: no lists). */
  listed: boolean | null;
  hosts: string[];
  findings: number;
  firstT: number;
  lastT: number;
}

export interface LaunchSummary {
  via: string;
  action: string | null;
  component: string | null;
  targetPackage: string | null;
  otherApp: boolean;
  actor: string;
  count: number;
  confirmed: number;
  /** Starts the system refused (an exception, or startService answered null): attempts only. */
  refused: number;
}
