// The declared lists ("double list", 双清单): what personal information the app and its SDKs
// collect, and which third parties receive what, where. One JSON format, defined here once with
// TypeBox; the published JSON Schema (docs/declared-lists.schema.json, `sdktrace schema`) is
// generated from it, and drafts written from observed behaviour use the same format.
import { Type, type Static } from '@sinclair/typebox';
import { DATA_TYPE_NAMES, DATA_TYPES } from '../../protocol/constants.js';

/**
 * Version 2 (issue 22) adds what published lists carry: several SDK ids per row (product
 * families), no destinations and no package name (both optional), the transfer method (server-side
 * sharing is not observable on the device), platforms, the original text of every cell and the
 * wording nothing resolved. Every version-1 file is a valid version-2 file apart from the format
 * string, and both load.
 */
export const LISTS_FORMAT = 'sdktrace-declared-lists/2';
export const LISTS_FORMATS = ['sdktrace-declared-lists/1', LISTS_FORMAT] as const;
export const LISTS_SCHEMA_ID = 'https://sdktrace.invalid/schemas/declared-lists-2.schema.json';

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
  const Sdks = Type.Array(SdkId, { minItems: 1, description: 'several catalog SDK ids, when the row names a product family ("高德地图" = map, location and search SDKs); an entry may give "sdk", "sdks" or both' });
  const Platforms = Type.Array(Type.Union([Type.Literal('android'), Type.Literal('ios'), Type.Literal('harmonyos')]), {
    minItems: 1,
    description: 'platforms the row is qualified to ("仅Android"); a row for other platforms only declares nothing an Android run can see',
  });
  const Source = Type.Object(
    {
      location: Text('where the row is in the imported file ("line 12", "table 1, row 3", "sheet Sheet1, row 4")'),
      cells: Type.Record(Type.String(), Type.String(), { description: 'every cell of the row as published, by column (field) name' }),
    },
    { additionalProperties: false, description: 'the row as published, kept beside what it resolved to (written by `sdktrace lists import`)' },
  );
  const Phrase = Type.Object(
    {
      text: Type.String({ description: 'one phrase of the data-type cell, as published' }),
      dataTypes: Type.Array(DataTypeName, { description: 'what it resolved to (an umbrella term resolves to its members)' }),
      kind: Type.Union([Type.Literal('type'), Type.Literal('umbrella'), Type.Literal('not-personal'), Type.Literal('unresolved')]),
    },
    { additionalProperties: false },
  );
  const Provenance = {
    source: Type.Optional(Source),
    phrases: Type.Optional(Type.Array(Phrase, { description: 'each phrase of the data-type cell and what it resolved to' })),
    unresolved: Type.Optional(Type.Array(Type.String(), { description: 'wording of this row that nothing resolved (data-type phrases, an SDK name): for the analyst to map by hand' })),
  };

  const Collected = Type.Object(
    {
      dataTypes: Type.Array(DataTypeName, { description: 'the personal information collected (empty only in imported rows whose wording did not resolve: see "unresolved")' }),
      purpose: Text('why it is collected (收集目的)'),
      scenario: Type.Optional(Text('the business function or moment of collection (业务功能/使用场景)')),
      sdk: Type.Optional(SdkId),
      sdks: Type.Optional(Sdks),
      company: Type.Optional(Text('the SDK provider, when a collected-list row names one')),
      name: Type.Optional(Text('the SDK or product name as the list writes it')),
      packages: Type.Optional(Type.Array(JavaPackage, { minItems: 1 })),
      platforms: Type.Optional(Platforms),
      collectedCount: Type.Optional(Type.Integer({ minimum: 0, description: 'the counter the app publishes ("已收集N次")' })),
      note: Type.Optional(Type.String()),
      ...Provenance,
    },
    {
      additionalProperties: false,
      description: 'one row of the collected-personal-information list (个人信息收集清单); without "sdk" and "packages" the collector is the app itself (first party)',
    },
  );
  const Shared = Type.Object(
    {
      sdk: Type.Optional(SdkId),
      sdks: Type.Optional(Sdks),
      company: Type.Optional(Text('the third party (company) receiving the information (第三方名称); a legal name ("每日互动股份有限公司") matches the catalog vendor')),
      name: Type.Optional(Text('the SDK or product name as the privacy policy writes it')),
      dataTypes: Type.Array(DataTypeName, { description: 'personal information the third party collects or receives (共享的个人信息)' }),
      purpose: Text('why it is shared (使用目的)'),
      scenario: Type.Optional(Text('the business function or moment of sharing')),
      domains: Type.Optional(
        Type.Array(Domain, {
          description: "destinations the information is sent to. Absent: what the named SDK's code sends and what goes to its catalog destinations is declared; given: only these destinations are",
        }),
      ),
      packages: Type.Optional(Type.Array(JavaPackage, { minItems: 1 })),
      transfer: Type.Optional(
        Type.Union([Type.Literal('sdk'), Type.Literal('server'), Type.Literal('other')], {
          description: 'how the third party gets the information: "sdk" its code in the app (SDK本机采集), "server" from the app\'s servers (后台接口传输: not observable on the device, neither satisfied nor violated by a run), "other"',
        }),
      ),
      platforms: Type.Optional(Platforms),
      recipient: Type.Optional(Text('a class of recipients the list names instead of a company ("广告主和/或其委托的代理商")')),
      policyUrl: Type.Optional(Type.String({ minLength: 1, description: "the third party's own privacy policy" })),
      website: Type.Optional(Type.String({ minLength: 1, description: "the third party's or SDK's web site (官网链接)" })),
      note: Type.Optional(Type.String()),
      ...Provenance,
    },
    {
      additionalProperties: false,
      anyOf: [{ required: ['sdk'] }, { required: ['sdks'] }, { required: ['company'] }, { required: ['name'] }],
      description: 'one row of the third-party sharing list (第三方共享清单 / SDK清单): an SDK id, several, a company or the name the list gives (at least one)',
    },
  );
  return Type.Object(
    {
      $schema: Type.Optional(Type.String()),
      format: Type.Union(LISTS_FORMATS.map((f) => Type.Literal(f)), { description: `"${LISTS_FORMAT}" (version 1 files, "${LISTS_FORMATS[0]}", load too)` }),
      app: Type.Object(
        {
          package: Type.Optional(Type.String({ minLength: 1, description: 'Android package name; published lists do not give it: a report takes it from the run' })),
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
      imported: Type.Optional(
        Type.Object(
          {
            by: Type.String(),
            from: Type.String({ description: 'the imported file' }),
            kind: Type.Union([Type.Literal('text'), Type.Literal('html'), Type.Literal('csv'), Type.Literal('xlsx')]),
            sha256: Type.Optional(Type.String()),
            unresolved: Type.Array(
              Type.Object({ path: Type.String(), text: Type.String(), field: Type.String() }, { additionalProperties: false }),
              { description: 'every wording nothing resolved, with the JSON path of its entry' },
            ),
          },
          { additionalProperties: false, description: 'present in lists `sdktrace lists import` wrote from a published list' },
        ),
      ),
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
