// Agent configuration with defaults; the host may override any field through rpc `init`.
import type { AgentConfig, OriginGate } from '../../protocol/messages.js';

export type ResolvedConfig = Required<Omit<AgentConfig, 'package' | 'originGate'>> & { package: string | null; originGate: OriginGate | null };

export const DEFAULT_CONFIG: ResolvedConfig = {
  package: null,
  flushIntervalMs: 50,
  batchSize: 256,
  maxString: 512,
  maxSample: 4096,
  stackLimit: 32,
  disabledHooks: [],
  tlsPatterns: [],
  // Gated walks need the host's originGate: without one every submission walks.
  originStacks: 'gated',
  originGate: null,
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
  if (Array.isArray(c.tlsPatterns)) {
    const strs = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.length > 0 && x.length <= 1024).slice(0, 16) : undefined);
    out.tlsPatterns = c.tlsPatterns
      .filter((t): t is Record<string, unknown> => typeof t === 'object' && t !== null && typeof (t as Record<string, unknown>).module === 'string')
      .slice(0, 64)
      .map((t) => ({ module: String(t.module), ...(strs(t.SSL_write) !== undefined ? { SSL_write: strs(t.SSL_write)! } : {}), ...(strs(t.SSL_read) !== undefined ? { SSL_read: strs(t.SSL_read)! } : {}) }));
  }
  if (c.originStacks === 'all' || c.originStacks === 'gated') out.originStacks = c.originStacks;
  out.originGate = originGateOf(c.originGate) ?? out.originGate;
  return out;
}

/** The host's gate, or undefined when it is malformed (then every submission walks). */
function originGateOf(v: unknown): OriginGate | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const g = v as Record<string, unknown>;
  if (!Array.isArray(g.prefixes) || !Array.isArray(g.generatedStarts)) return undefined;
  const prefixes = g.prefixes.filter((e): e is [string, boolean] => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && e[0].length > 0 && typeof e[1] === 'boolean');
  if (prefixes.length !== g.prefixes.length) return undefined;
  const generatedStarts = g.generatedStarts.filter((x): x is string => typeof x === 'string' && x.length > 0);
  return { prefixes, generatedStarts };
}
