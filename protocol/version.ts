// One place for the versions a run and an evidence pack record: the tool, the agent and the hook
// catalog (agent/catalog re-exports CATALOG_VERSION). Shared by agent, host and reports.
export const VERSION = '0.1.0';
/** Version of the agent source; recorded per run and in evidence packs. */
export const AGENT_VERSION = VERSION;
/** Version of the hook catalog (agent/catalog): bump when hooks, data types or their arguments change. */
export const CATALOG_VERSION = '2026.12.2';
