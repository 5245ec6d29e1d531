// Report-time configuration (`sdktrace report --config FILE`): consent words and consent APIs
// for phase detection, and per-rule settings (enabled, severity, options). Problems name their
// JSON path.
import { readFileSync } from 'node:fs';
import { Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { UserError } from '../protocol/errors.js';
import { checkRuleConfig } from './engine.js';
import { jsonPath } from './lists/load.js';
import type { ReportConfig } from './model.js';
import { RULES } from './rules/index.js';
import type { ConsentApi } from '../analysis/timeline.js';

const Words = Type.Array(Type.String({ minLength: 1 }), { minItems: 1 });
export const ConsentApiSchema = Type.Object(
  {
    api: Type.String({ minLength: 1, description: '"class.method" (every overload) or a hook id' }),
    state: Type.Optional(Type.Union([Type.Literal('granted'), Type.Literal('refused')])),
    arg: Type.Optional(Type.Integer({ minimum: 0, description: 'index of a boolean argument: true = granted, false = refused' })),
  },
  { additionalProperties: false },
);
export const ReportConfigSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    consentWords: Type.Optional(Type.Object({ agree: Words, refuse: Words }, { additionalProperties: false })),
    consentApis: Type.Optional(Type.Array(ConsentApiSchema)),
    rules: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
);
const check = TypeCompiler.Compile(ReportConfigSchema);

export function parseReportConfig(text: string, file = '(config)'): ReportConfig {
  let v: unknown;
  try {
    v = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new UserError(`${file}: not valid JSON: ${(e as Error).message}`);
  }
  const problems: string[] = [];
  for (const e of check.Errors(v)) {
    if (problems.length >= 20) break;
    problems.push(`${jsonPath(e.path)}: ${e.message}`);
  }
  if (problems.length === 0) {
    const rules = (v as { rules?: Record<string, unknown> }).rules ?? {};
    problems.push(...checkRuleConfig(RULES, rules).map((p) => `$.${p}`));
  }
  if (problems.length > 0) throw new UserError(`${file}: invalid report configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  return v as ReportConfig;
}

export function loadReportConfig(path: string): ReportConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read ${path}: ${(e as Error).message}`);
  }
  return parseReportConfig(text, path);
}

/** "--consent-api com.x.Sdk.grant[:granted|:refused|:argN]" */
export function parseConsentApiSpec(spec: string): ConsentApi {
  const m = /^([A-Za-z_$][\w$.]*[\w$])(?::(granted|refused|arg(\d+)))?$/.exec(spec.trim());
  if (m === null) throw new UserError(`--consent-api ${JSON.stringify(spec)}: expected CLASS.METHOD or a hook id, optionally followed by :granted, :refused or :argN (a boolean argument)`);
  const api: ConsentApi = { api: m[1]! };
  if (m[3] !== undefined) api.arg = Number(m[3]);
  else if (m[2] === 'granted' || m[2] === 'refused') api.state = m[2];
  return api;
}
