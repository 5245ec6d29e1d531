// Rule: network destinations. The host name is matched by label suffix against SDK-level
// domains (curated, Exodus) and vendor-level domains (v2fly lists, domains several SDKs of one
// vendor share); the deepest match wins, an SDK claim beating a vendor claim at equal depth.
// When a stack is present it decides and the destination is kept as evidence (`domainSdk`),
// agreement or not: an SDK sending to another company's host is exactly what an analyst needs.
import type { Frame } from '../../protocol/messages.js';
import type { DomainHit } from '../catalog.js';
import type { Attribution, SdkRef } from '../types.js';
import type { RuleEnv } from './types.js';
import { undecided } from './reason.js';

/** Host of a host, host:port, [v6]:port or URL string; lower-cased, trailing dot dropped. Null for IP literals. */
export function hostOf(input: string): string | null {
  let h = input.trim();
  const scheme = h.indexOf('://');
  if (scheme >= 0) h = h.slice(scheme + 3);
  h = h.replace(/[/?#].*$/, '').replace(/^[^@]*@/, '');
  if (h.startsWith('[')) return null; // IPv6 literal
  h = h.replace(/:\d+$/, '').replace(/\.$/, '').toLowerCase();
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(h) || h.includes(':') || h === '') return null;
  return h;
}

/** Deepest SDK and vendor claims along the host's labels (walked right to left, no splitting). */
export function lookupDomain(host: string, env: RuleEnv): DomainHit | null {
  const trie = env.catalog.hosts;
  let node = trie.root;
  let sdk: DomainHit | undefined;
  let vendor: DomainHit | undefined;
  let sdkDepth = 0;
  let vendorDepth = 0;
  let depth = 0;
  let stop = host.length;
  for (let i = host.length - 1; i >= -1; i--) {
    if (i >= 0 && host.charCodeAt(i) !== 46) continue;
    const next = trie.child(node, host, i + 1, stop);
    if (next === null) break;
    node = next;
    depth++;
    if (node.value?.sdk) { sdk = node.value.sdk; sdkDepth = depth; }
    if (node.value?.vendor) { vendor = node.value.vendor; vendorDepth = depth; }
    stop = i;
  }
  if (sdk && sdkDepth >= vendorDepth) return sdk;
  return vendor ?? sdk ?? null;
}

function agreement(stackSdk: SdkRef | null, hit: DomainHit | null, host: string): string {
  if (hit === null) return ` The destination ${host} is not in the catalog.`;
  const who = hit.level === 'sdk' ? hit.ref.name : `vendor ${hit.ref.name}`;
  if (stackSdk !== null && (stackSdk.id === hit.ref.id || (hit.level === 'vendor' && stackSdk.vendor !== undefined && sameVendor(stackSdk.vendor, hit.ref.name)))) {
    return ` The destination ${host} (${who}) agrees.`;
  }
  return ` The destination ${host} alone would say ${who} (by ${hit.key}); kept as evidence of a disagreement.`;
}

const vendorKey = (v: string) => v.replace(/\(.*\)/, '').trim().toLowerCase();
const sameVendor = (a: string, b: string) => vendorKey(a) === vendorKey(b);

export function domainAttribution(input: string, frames: readonly Frame[] | undefined, env: RuleEnv, stack: (f: readonly Frame[]) => Attribution): Attribution {
  const host = hostOf(input);
  const hit = host === null ? null : lookupDomain(host, env);
  const java = frames?.length ? stack(frames) : null;
  if (java && java.party !== 'platform' && java.party !== 'unknown') {
    return { ...java, domainSdk: hit?.ref ?? null, reason: `${java.reason}${agreement(java.sdk, hit, host ?? input)}` };
  }
  const stackNote = java ? ' The Java stack names no app or SDK code.' : '';
  if (host === null) {
    return undecided('unknown', java?.apiIndex ?? null, `${input} is an IP address or empty, so there is no domain to match.${stackNote}`, { domainSdk: null });
  }
  if (hit === null) {
    return undecided('unknown', java?.apiIndex ?? null, `The destination ${host} is not in the catalog.${stackNote}`, { domainSdk: null });
  }
  const level = hit.level === 'sdk' ? `SDK domain ${hit.key}` : `vendor domain ${hit.key} of ${hit.ref.name} (no single SDK claims it)`;
  return {
    sdk: hit.ref,
    party: 'third-party',
    frame: null,
    frameIndex: null,
    apiIndex: java?.apiIndex ?? null,
    via: 'domain',
    chain: [],
    domainSdk: hit.ref,
    matched: hit.key,
    reason: `The destination ${host} falls under ${level}, which the catalog gives to ${hit.ref.name}.${stackNote}`,
  };
}
