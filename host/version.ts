// One place for the versions a run records.
export const VERSION = '0.1.0';
/** Version of the agent source; recorded per run and in evidence packs. */
export const AGENT_VERSION = VERSION;
