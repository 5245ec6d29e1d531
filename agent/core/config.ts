// Agent configuration with defaults; the host may override any field through rpc `init`.
import type { AgentConfig } from '../../protocol/messages.js';

export type ResolvedConfig = Required<Omit<AgentConfig, 'package'>> & { package: string | null };

export const DEFAULT_CONFIG: ResolvedConfig = {
  package: null,
  flushIntervalMs: 50,
  batchSize: 256,
  maxString: 512,
  maxSample: 4096,
  stackLimit: 32,
  disabledHooks: [],
};

/** Merges a host-supplied config, ignoring fields of the wrong type rather than failing the app. */
export function resolveConfig(input: unknown, base: ResolvedConfig = DEFAULT_CONFIG): ResolvedConfig {
  const out: ResolvedConfig = { ...base };
  if (typeof input !== 'object' || input === null) return out;
  const c = input as Record<string, unknown>;
  const posInt = (v: unknown, max: number) => (typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= max ? v : undefined);
  out.flushIntervalMs = posInt(c.flushIntervalMs, 60_000) ?? out.flushIntervalMs;
  out.batchSize = posInt(c.batchSize, 10_000) ?? out.batchSize;
  out.maxString = posInt(c.maxString, 4096) ?? out.maxString;
  out.maxSample = posInt(c.maxSample, 65536) ?? out.maxSample;
  out.stackLimit = posInt(c.stackLimit, 256) ?? out.stackLimit;
  if (typeof c.package === 'string') out.package = c.package;
  if (Array.isArray(c.disabledHooks)) out.disabledHooks = c.disabledHooks.filter((s): s is string => typeof s === 'string');
  return out;
}
