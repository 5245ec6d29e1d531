// Types for scripts/build-catalog.mjs (plain JS so Node 20 runs it directly).
import type { SdkEntry, SdkFamily, VendorEntry } from '../attribution/catalog.js';
export const DEFAULT_SOURCES: string;
export const DEFAULT_CURATED: string;
export const DEFAULT_OUT: string;

export interface SourceRecord {
  source: 'curated' | 'exodus' | 'libchecker' | 'libradar';
  key: string;
  name: string;
  nameZh?: string;
  vendor?: string;
  category?: string;
  website?: string;
  prefixes: Set<string>;
  libs: Set<string>;
  libPatterns: Set<string>;
  components: Set<string>;
  actions: Set<string>;
  domains: Set<string>;
  aliases: Set<string>;
}

export interface BuiltCatalog {
  schema: 1;
  version: string;
  generatedBy: string;
  sources: { id: string; name: string; repository: string; commit: string; path: string; licence: string }[];
  stats: {
    sdks: number;
    prefixes: number;
    libs: number;
    libPatterns: number;
    components: number;
    actions: number;
    domains: number;
    vendors: number;
    vendorDomains: number;
    sdksBySource: Record<'curated' | 'exodus' | 'libchecker' | 'libradar', number>;
    records: Record<'curated' | 'exodus' | 'libchecker' | 'libradar', number>;
    dropped: Record<string, number>;
    folded: number;
    conflicts: Record<string, number>;
    domainsToVendor: number;
    v2flyMissingIncludes: string[];
  };
  vendors: VendorEntry[];
  /** One entry per SDK, in the shape the host reads (attribution/catalog.ts). */
  sdks: SdkEntry[];
  families: SdkFamily[];
}

export function parseCsv(text: string): string[][];
export function normName(s: string): string;
export function slug(s: string): string;
export function hasCjk(s: string): boolean;
export function validPrefix(p: string): boolean;
export function regexPrefix(re: string): string | null;
export function domainFromSignature(sig: string): string | null;
export function inferCategory(...texts: (string | undefined)[]): string;
export function vendorId(vendor: string): string;
export function readExodus(json: unknown): { records: SourceRecord[]; dropped: { signatures: number; domains: number } };
export function readLibChecker(bundleCsv: string, cloudCsv: string, metadata: unknown): { records: SourceRecord[]; dropped: { regex: number }; renamed: number };
export function readLibRadar(csv: string): { records: SourceRecord[] };
export function readV2fly(dir: string): { vendors: Map<string, { id: string; name: string; nameZh?: string; domains: Set<string>; sources: Set<string> }>; missingIncludes: string[] };
export function readCurated(json: unknown): { records: SourceRecord[]; rejectPrefixes: { prefix: string; reason: string }[]; families: SdkFamily[] };
export function buildCatalog(options?: { sourcesDir?: string; curatedPath?: string }): BuiltCatalog;
export function serializeCatalog(catalog: BuiltCatalog): string;
export const V2FLY_VENDORS: Record<string, { id: string; name: string; nameZh: string }>;
export const SOURCES: BuiltCatalog['sources'];
export function nameKey(name: string): string;
