// TypeBox's compiled checks, with its "no other keys" step done without allocating.
// For `additionalProperties: false` TypeBox's compiler (compiler.mjs FromObject) emits
// `Object.getOwnPropertyNames(v).length === N` (every key required) or
// `Object.getOwnPropertyNames(v).every(key => [...].includes(key))`: a key array, a closure and a
// key-list literal per checked object, for every event, its args, ret and detail (274 bytes per
// event on the bench's traffic, docs/benchmarks.md "Fifth pass: the main thread"). Here those two
// forms become a `for...in` walk of the object's keys (compared inline with the listed keys, or
// counted), which allocates nothing; when the walk does not pass, TypeBox's own expression decides. The
// rest of the generated code, and TypeBox's Errors (its own walk of the schema), stay as they are:
// a failing value gets the same error, path and message.
// The same verdict on every value JSON can carry (what frida-node hands the host): `for...in`
// visits the own enumerable keys and the enumerable inherited ones, and a parsed JSON object has
// only own enumerable string keys over a prototype (Object.prototype) that has no enumerable key.
// A TypeBox update that emits a form this file does not know fails at start-up, not silently.
import { TypeCompiler, TypeCheck } from '@sinclair/typebox/compiler';
import type { TSchema } from '@sinclair/typebox';

/** `Object.getOwnPropertyNames(v).length === count`, TypeBox's form when every key is required. */
function keyCountIs(v: object, count: number): boolean {
  let n = 0;
  for (const _key in v) n++;
  return n === count || Object.getOwnPropertyNames(v).length === count;
}

/**
 * `Object.getOwnPropertyNames(v).every(key => LIST.includes(key))` (TypeBox's form for optional
 * keys) as a function: true when `for...in` finds only listed keys (own enumerable keys, and any
 * enumerable inherited ones), else TypeBox's own expression decides.
 */
function onlyKeysFunction(name: string, list: string): string {
  const known = (k: string) => (list === '[]' ? 'false' : list.slice(1, -1).split(', ').map((key) => `${k} === ${key}`).join(' || '));
  return `function ${name}(v) {\n  for (const key in v) if (!(${known('key')})) return Object.getOwnPropertyNames(v).every((k) => ${known('k')});\n  return true;\n}\n`;
}

/** The value expressions TypeBox checks (`value`, `value['detail']`, ...) and its two strict-keys forms. */
const STRICT_KEYS = /Object\.getOwnPropertyNames\((value(?:\['[A-Za-z0-9_$]*'\])*)\)(?:\.length === (\d+)|\.every\(key => (\[(?:'[A-Za-z0-9_$]*'(?:, )?)*\])\.includes\(key\)\))/g;

/** TypeCompiler.Compile(schema), with the strict-keys step rewritten (see the top of this file). */
export function compileStrict<T extends TSchema>(schema: T): TypeCheck<T> {
  const code = TypeCompiler.Code(schema, [], { language: 'javascript' });
  // TypeBox passes its type and format registries in as these; the schemas here use neither.
  if (/\b(?:kind|format|hash)\(/.test(code)) throw new Error('compileStrict: the schema uses a registered kind or format; compile it with TypeCompiler.Compile');
  // One function per key list, its keys compared inline (for...in keys and the literals are
  // internalized strings): a Set's lookup was a builtin call per key.
  const lists: string[] = [];
  const rewritten = code.replace(STRICT_KEYS, (_all, expr: string, count: string | undefined, list: string | undefined) =>
    count !== undefined ? `keyCountIs(${expr}, ${count})` : `only_keys_${lists.push(list!) - 1}(${expr})`,
  );
  if (rewritten.includes('getOwnPropertyNames')) {
    throw new Error(`compileStrict: TypeBox emitted a getOwnPropertyNames form this rewrite does not know (${/Object\.getOwnPropertyNames\([^)]*\)[^&|]{0,60}/.exec(rewritten)?.[0]}); update STRICT_KEYS in host/ingest/strict-keys.ts`);
  }
  const prelude = lists.map((list, i) => onlyKeysFunction(`only_keys_${i}`, list)).join('');
  const check = new Function('keyCountIs', prelude + rewritten)(keyCountIs) as (value: unknown) => boolean;
  return new TypeCheck(schema, [], check, prelude + rewritten);
}
