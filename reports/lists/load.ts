// Loads and checks a declared-lists file. Every problem names its JSON path ("$.sharing[2].sdk")
// and says what is wrong; unknown data types and SDK ids come with suggestions. Structural errors
// and unknown names are errors (a typo must not turn an SDK's whole behaviour "undeclared");
// doubtful but valid content gives warnings.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ValueErrorType } from '@sinclair/typebox/errors';
import type { TSchema } from '@sinclair/typebox';
import { DATA_TYPES, type DataType } from '../../protocol/constants.js';
import type { Catalog } from '../../attribution/index.js';
import { UserError } from '../../protocol/errors.js';
import { closest, suggestDataTypes, suggestSdkIds } from '../suggest.js';
import { LISTS_FORMAT, LISTS_FORMATS, ListsSchema, type DeclaredLists } from './schema.js';

export interface ListProblem {
  /** JSON path, e.g. "$.sharing[2].dataTypes[0]" ("$" for the document). */
  path: string;
  message: string;
}

export interface LoadedLists {
  lists: DeclaredLists;
  /** File name as given, or null for text. */
  file: string | null;
  /** SHA-256 of the file's bytes: reports name exactly which declaration they were checked against. */
  sha256: string;
  warnings: ListProblem[];
}

const MAX_PROBLEMS = 50;

export class ListsError extends UserError {
  constructor(readonly file: string, readonly problems: ListProblem[]) {
    super(`${file}: declared lists are not valid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`);
    this.name = 'ListsError';
  }
}

const checker = TypeCompiler.Compile(ListsSchema);

/** "/collected/0/data types" -> "$.collected[0]["data types"]" */
export function jsonPath(pointer: string): string {
  let out = '$';
  if (pointer === '' || pointer === '/') return out;
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(part)) out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(part)) out += `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

/** The object schema at a JSON pointer (through properties and array items), if any. */
function schemaAt(root: TSchema, pointer: string): TSchema | undefined {
  let s: TSchema | undefined = root;
  for (const part of pointer.split('/').slice(1)) {
    if (s === undefined) return undefined;
    if (s.type === 'array') s = s.items as TSchema;
    else if (s.type === 'object') s = (s.properties as Record<string, TSchema> | undefined)?.[part];
    else return undefined;
  }
  return s;
}

const quote = (s: string) => JSON.stringify(s);
const didYouMean = (xs: string[]) => (xs.length === 0 ? '' : `; did you mean ${xs.map(quote).join(' or ')}?`);

function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const col = offset - before.lastIndexOf('\n');
  return `line ${line}, column ${col}`;
}

function structuralProblems(value: unknown): ListProblem[] {
  const problems: ListProblem[] = [];
  const seen = new Set<string>();
  for (const e of checker.Errors(value)) {
    if (problems.length >= MAX_PROBLEMS) break;
    const key = `${e.path}\u0000${e.type}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const path = jsonPath(e.path);
    const name = e.path.slice(e.path.lastIndexOf('/') + 1);
    let message: string;
    switch (e.type) {
      case ValueErrorType.ObjectAdditionalProperties: {
        const parent = schemaAt(ListsSchema, e.path.slice(0, e.path.lastIndexOf('/')));
        const known = Object.keys((parent?.properties as Record<string, unknown> | undefined) ?? {});
        message = `unexpected property ${quote(name)}${didYouMean(closest(name, known, 2))}${known.length > 0 && closest(name, known, 1).length === 0 ? ` (allowed: ${known.join(', ')})` : ''}`;
        break;
      }
      case ValueErrorType.ObjectRequiredProperty:
        message = `required property ${quote(name)} is missing`;
        break;
      case ValueErrorType.Literal:
      case ValueErrorType.Union:
        message = path === '$.format' ? `must be ${quote(LISTS_FORMAT)} (or ${quote(LISTS_FORMATS[0])})` : `${e.message.replace(/^Expected/, 'expected')}${e.value === undefined ? '' : ` (found ${JSON.stringify(e.value)?.slice(0, 60) ?? typeof e.value})`}`;
        break;
      default:
        message = `${e.message.replace(/^Expected/, 'expected')}${e.value === undefined ? '' : ` (found ${JSON.stringify(e.value)?.slice(0, 60) ?? typeof e.value})`}`;
    }
    problems.push({ path, message });
  }
  // A missing property also fails its type check: keep only "is missing" for that path. An
  // unknown property and the missing one it was meant to be ("dataType" for "dataTypes") both
  // stay: they describe one fix from two sides.
  const missing = new Set(problems.filter((p) => p.message.startsWith('required property')).map((p) => p.path));
  return problems.filter((p) => !missing.has(p.path) || p.message.startsWith('required property'));
}

function semanticProblems(lists: DeclaredLists, catalog: Catalog): { errors: ListProblem[]; warnings: ListProblem[] } {
  const errors: ListProblem[] = [];
  const warnings: ListProblem[] = [];
  const checkTypes = (types: readonly string[], base: string) => {
    const seen = new Set<string>();
    types.forEach((t, i) => {
      if (!(t in DATA_TYPES)) {
        const s = suggestDataTypes(t);
        errors.push({ path: `${base}.dataTypes[${i}]`, message: `unknown data type ${quote(t)}${s.length > 0 ? `; did you mean ${s.map((d) => `${quote(d)} (${DATA_TYPES[d].en} / ${DATA_TYPES[d].zh})`).join(' or ')}?` : ''} (\`sdktrace schema\` lists them all)` });
      } else if (seen.has(t)) {
        warnings.push({ path: `${base}.dataTypes[${i}]`, message: `data type ${quote(t)} is listed twice` });
      }
      seen.add(t);
    });
  };
  const checkSdk = (sdk: string | undefined, path: string) => {
    if (sdk === undefined || catalog.byId.has(sdk)) return;
    const s = suggestSdkIds(catalog, sdk);
    errors.push({
      path,
      message: `unknown SDK id ${quote(sdk)}${s.length > 0 ? `; did you mean ${s.map((x) => `${quote(x.id)} (${x.name})`).join(' or ')}?` : ''} (search the catalog with \`sdktrace sdks QUERY\`; for an SDK the catalog lacks, use "packages" and "company")`,
    });
  };
  const placeholder = (s: string | undefined) => s !== undefined && /^\(to be completed/i.test(s.trim());
  lists.collected.forEach((c, i) => {
    const base = `$.collected[${i}]`;
    checkTypes(c.dataTypes, base);
    checkSdk(c.sdk, `${base}.sdk`);
    c.sdks?.forEach((id, j) => checkSdk(id, `${base}.sdks[${j}]`));
    if (c.dataTypes.length === 0) warnings.push({ path: `${base}.dataTypes`, message: `declares no data type${c.unresolved?.length ? ` (its wording did not resolve: ${c.unresolved.map(quote).join(', ')})` : ''}` });
    if (placeholder(c.purpose)) warnings.push({ path: `${base}.purpose`, message: 'purpose is still the draft placeholder' });
    if (c.sdk !== undefined && catalog.byId.has(c.sdk) && !lists.sharing.some((s) => s.sdk === c.sdk || s.sdks?.includes(c.sdk!) === true)) {
      warnings.push({ path: `${base}.sdk`, message: `SDK ${quote(c.sdk)} collects personal information but has no entry in the sharing list` });
    }
  });
  lists.sharing.forEach((s, i) => {
    const base = `$.sharing[${i}]`;
    if (s.sdk === undefined && s.sdks === undefined && s.company === undefined && s.name === undefined) errors.push({ path: base, message: 'an entry needs "sdk" (a catalog SDK id), "sdks", "company" or "name"' });
    checkTypes(s.dataTypes, base);
    checkSdk(s.sdk, `${base}.sdk`);
    s.sdks?.forEach((id, j) => checkSdk(id, `${base}.sdks[${j}]`));
    if (placeholder(s.purpose)) warnings.push({ path: `${base}.purpose`, message: 'purpose is still the draft placeholder' });
    if (s.domains !== undefined && s.domains.length === 0 && s.dataTypes.length > 0) {
      warnings.push({ path: `${base}.domains`, message: 'no destination declared ("domains" is empty): personal information this party sends anywhere will be reported as undeclared sharing; leave "domains" out to declare what the named SDK sends' });
    }
    if (s.transfer !== 'server' && s.sdk === undefined && s.sdks === undefined && s.packages === undefined && (s.domains === undefined || s.domains.length === 0)) {
      const known = s.company !== undefined && catalog.sdks.some((x) => (x.entry.legalNames ?? []).concat(x.entry.vendor ?? []).some((l) => l.normalize('NFKC').toLowerCase().replace(/[\s.,()（）]+/g, '') === s.company!.normalize('NFKC').toLowerCase().replace(/[\s.,()（）]+/g, '')));
      if (!known) warnings.push({ path: base, message: 'nothing links this entry to observed behaviour (no "sdk", "sdks", "packages" or "domains", and the company is not a catalog vendor)' });
    }
    if (s.domains === undefined && s.transfer !== 'server' && (s.sdk !== undefined || s.sdks !== undefined)) {
      const entries = [s.sdk, ...(s.sdks ?? [])].flatMap((id) => (id !== undefined && catalog.byId.has(id) ? [catalog.byId.get(id)!.entry] : []));
      const vendors = new Set(entries.map((e) => e.vendor));
      const known = entries.some((e) => (e.domains ?? []).length > 0) || catalog.vendors.some((v) => vendors.has(v.name) && v.domains.length > 0);
      if (entries.length > 0 && !known) warnings.push({ path: base, message: `the catalog knows no destination of ${entries.map((e) => quote(e.id)).join(', ')}: without "domains", whatever it sends will be reported as undeclared sharing` });
    }
    if (s.unresolved !== undefined && s.unresolved.length > 0) warnings.push({ path: `${base}.unresolved`, message: `wording not resolved: ${s.unresolved.map(quote).join(', ')}` });
  });
  return { errors, warnings };
}

/** Parses and checks declared lists from text. Throws ListsError with every problem found. */
export function parseDeclaredLists(text: string, opts: { file?: string; catalog: Catalog }): LoadedLists {
  const file = opts.file ?? '(declared lists)';
  const sha256 = createHash('sha256').update(text).digest('hex');
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    // V8 quotes the offending input: its control characters (ESC, NUL...) must not reach the terminal raw.
    const msg = (e as Error).message.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    const pos = /position (\d+)/.exec(msg);
    throw new ListsError(file, [{ path: '$', message: `not valid JSON${pos ? ` at ${lineCol(text, Number(pos[1]))}` : ''}: ${msg}` }]);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ListsError(file, [{ path: '$', message: 'expected a JSON object' }]);
  const structural = structuralProblems(value);
  if (structural.length > 0) throw new ListsError(file, structural);
  const lists = value as DeclaredLists;
  const { errors, warnings } = semanticProblems(lists, opts.catalog);
  if (errors.length > 0) throw new ListsError(file, errors.slice(0, MAX_PROBLEMS));
  return { lists, file: opts.file ?? null, sha256, warnings };
}

export function loadDeclaredLists(path: string, catalog: Catalog): LoadedLists {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new UserError(`cannot read declared lists ${path}: ${(e as Error).message}`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Not silently replaced: a file saved as GBK would otherwise load with its names and purposes garbled.
    const loose = new TextDecoder('utf-8').decode(bytes);
    throw new ListsError(path, [{ path: '$', message: `not UTF-8 text (first invalid byte at ${lineCol(loose, loose.indexOf('\ufffd'))}); save the file as UTF-8` }]);
  }
  return parseDeclaredLists(text, { file: path, catalog });
}

/**
 * The declared lists a run was traced with (`runs.options.policy = {file, sha256}`, recorded by
 * `sdktrace trace --policy`), read again from their file. `note` says when the file is gone,
 * invalid, or no longer the bytes the run recorded.
 */
export function recordedLists(runOptions: Record<string, unknown>, catalog: Catalog): { lists: LoadedLists | null; note: string | null } {
  const p = runOptions.policy as { file?: unknown; sha256?: unknown } | null | undefined;
  if (p === null || p === undefined || typeof p.file !== 'string') return { lists: null, note: null };
  let lists: LoadedLists;
  try {
    lists = loadDeclaredLists(p.file, catalog);
  } catch (e) {
    return { lists: null, note: `the declared lists recorded with the run (${p.file}) could not be used: ${(e as Error).message.split('\n')[0]}` };
  }
  if (typeof p.sha256 === 'string' && p.sha256 !== lists.sha256) {
    return { lists, note: `the declared lists recorded with the run (${p.file}) have changed since it was traced (recorded SHA-256 ${p.sha256}); the current file was used` };
  }
  return { lists, note: `the declared lists recorded with the run (${p.file}) were used` };
}

export function isDataType(s: string): s is DataType {
  return s in DATA_TYPES;
}
