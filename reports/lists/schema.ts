// The declared lists ("double list", 双清单): what personal information the app and its SDKs
// collect, and which third parties receive what, where. One JSON format, defined here once with
// TypeBox; the published JSON Schema (docs/declared-lists.schema.json, `sdktrace schema`) is
// generated from it, and drafts written from observed behaviour use the same format.
import { Type, type Static } from '@sinclair/typebox';
import { DATA_TYPE_NAMES, DATA_TYPES } from '../../protocol/constants.js';

export const LISTS_FORMAT = 'sdktrace-declared-lists/1';
export const LISTS_SCHEMA_ID = 'https://sdktrace.invalid/schemas/declared-lists-1.schema.json';

/**
 * `strict` gives the published schema (data types as an enum, for editors); the loader checks the
 * structure with `strict: false` and then reports unknown names itself, with suggestions.
 */
export function listsSchema(strict: boolean) {
  const dataTypeDoc = `personal-information data type: ${DATA_TYPE_NAMES.map((d) => `${d} (${DATA_TYPES[d].zh})`).join(', ')}`;
  const DataTypeName = strict
    ? Type.Unsafe<string>({ type: 'string', enum: [...DATA_TYPE_NAMES], description: dataTypeDoc })
    : Type.Unsafe<string>(Type.String({ minLength: 1, description: dataTypeDoc }));
  const Text = (description: string) => Type.String({ minLength: 1, description });
  const Domain = Type.String({
    minLength: 1,
    maxLength: 253,
    pattern: '^(\\*\\.)?[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*$',
    description: 'host name or IPv4 address; a domain covers its subdomains ("umeng.com" covers "ulogs.umeng.com"); a leading "*." is accepted and means the same',
  });
  const JavaPackage = Type.String({
    pattern: '^[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*$',
    description: 'Java package prefix of the code (for SDKs the catalog does not know, or to name the exact packages), e.g. "com.example.tracker"',
  });
  const SdkId = Type.String({ minLength: 1, description: 'SDK id from the sdktrace SDK catalog (`sdktrace sdks QUERY` finds it)' });

  const Collected = Type.Object(
    {
      dataTypes: Type.Array(DataTypeName, { minItems: 1, description: 'the personal information collected' }),
      purpose: Text('why it is collected (收集目的)'),
      scenario: Type.Optional(Text('the business function or moment of collection (业务功能/使用场景)')),
      sdk: Type.Optional(SdkId),
      packages: Type.Optional(Type.Array(JavaPackage, { minItems: 1 })),
      note: Type.Optional(Type.String()),
    },
    {
      additionalProperties: false,
      description: 'one row of the collected-personal-information list (个人信息收集清单); without "sdk" and "packages" the collector is the app itself (first party)',
    },
  );
  const Shared = Type.Object(
    {
      sdk: Type.Optional(SdkId),
      company: Type.Optional(Text('the third party (company) receiving the information (第三方名称)')),
      name: Type.Optional(Text('the SDK or product name as the privacy policy writes it')),
      dataTypes: Type.Array(DataTypeName, { description: 'personal information the third party collects or receives (共享的个人信息)' }),
      purpose: Text('why it is shared (使用目的)'),
      scenario: Type.Optional(Text('the business function or moment of sharing')),
      domains: Type.Array(Domain, { description: 'destinations the information is sent to; transmissions elsewhere are undeclared' }),
      packages: Type.Optional(Type.Array(JavaPackage, { minItems: 1 })),
      policyUrl: Type.Optional(Type.String({ minLength: 1, description: "the third party's own privacy policy" })),
      note: Type.Optional(Type.String()),
    },
    {
      additionalProperties: false,
      anyOf: [{ required: ['sdk'] }, { required: ['company'] }],
      description: 'one row of the third-party sharing list (第三方共享清单 / SDK清单): an SDK id or a company (or both)',
    },
  );
  return Type.Object(
    {
      $schema: Type.Optional(Type.String()),
      format: Type.Literal(LISTS_FORMAT),
      app: Type.Object(
        {
          package: Type.String({ minLength: 1, description: 'Android package name' }),
          name: Type.Optional(Type.String()),
          version: Type.Optional(Type.String()),
          policyUrl: Type.Optional(Type.String()),
          policyVersion: Type.Optional(Type.String()),
          domains: Type.Optional(Type.Array(Domain, { description: "the app's own servers (first party): data sent there is collection, not sharing" })),
        },
        { additionalProperties: false },
      ),
      collected: Type.Array(Collected),
      sharing: Type.Array(Shared),
      generated: Type.Optional(
        Type.Object(
          { by: Type.String(), run: Type.Optional(Type.Integer()), at: Type.Optional(Type.String()), note: Type.Optional(Type.String()) },
          { additionalProperties: false, description: 'present in drafts sdktrace wrote from observed behaviour' },
        ),
      ),
    },
    { additionalProperties: false },
  );
}

export const ListsSchema = listsSchema(false);
export type DeclaredLists = Static<typeof ListsSchema>;
export type CollectedEntry = DeclaredLists['collected'][number];
export type SharedEntry = DeclaredLists['sharing'][number];

/** The published JSON Schema document (draft 2020-12). */
export function listsJsonSchema(): Record<string, unknown> {
  const schema = JSON.parse(JSON.stringify(listsSchema(true))) as Record<string, unknown>;
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: LISTS_SCHEMA_ID,
    title: 'sdktrace declared lists (个人信息收集清单 + 第三方共享清单)',
    description:
      "An app's declared personal-information lists: what the app and its SDKs collect (purpose, scenario) and which third parties receive which data, for what purpose, at which destinations. sdktrace compares a traced run against them.",
    ...schema,
  };
}

/** The schema file as shipped: stable key order, two-space indent, trailing newline. */
export function listsJsonSchemaText(): string {
  return `${JSON.stringify(listsJsonSchema(), null, 2)}\n`;
}
