// JUnit XML for CI: one testcase per rule; each finding (at or above --fail-on, when given) is a
// <failure> of its rule's testcase; rules that were not evaluated are <skipped>.
import type { ReportModel } from '../model.js';
import { atLeast, type Severity } from '../severity.js';

/** XML 1.0 text: escaped, and characters XML cannot carry shown as code points. */
export function xml(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export function renderJunit(m: ReportModel, failOn: Severity | null = null): string {
  const suite = `sdktrace ${m.run.app.package ?? ''} run ${m.run.id}`.trim();
  const cases: string[] = [];
  let failures = 0;
  let skipped = 0;
  for (const r of m.rules) {
    const name = `${r.id}: ${r.title.en}`;
    if (!r.evaluated) {
      skipped++;
      cases.push(`    <testcase classname="sdktrace.rules" name="${xml(name)}" time="0">\n      <skipped message="${xml(r.reason ?? 'not evaluated')}"/>\n    </testcase>`);
      continue;
    }
    const all = m.findings.filter((f) => f.rule === r.id);
    const failing = failOn === null ? all : all.filter((f) => atLeast(f.severity, failOn));
    const below = all.filter((f) => !failing.includes(f));
    if (failing.length > 0) failures++;
    const body = failing.map((f) => {
      const where = [f.sdk ? `SDK: ${f.sdk.name} (${f.sdk.id})` : null, f.dataType ? `data type: ${f.dataType}` : null, f.phase ? `phase: ${f.phase}` : null, `events: ${f.evidence.events.map((e) => `#${e.id}`).join(' ') || '-'}`].filter((x) => x !== null).join('\n');
      return `      <failure message="${xml(`[${f.severity}] ${f.message}`)}" type="${xml(`${f.rule}${f.variant ? `/${f.variant}` : ''}:${f.severity}`)}">${xml(`${f.id}\n${where}`)}</failure>`;
    });
    const out = below.length > 0 ? `\n      <system-out>${xml(below.map((f) => `[${f.severity}] ${f.id} ${f.message}`).join('\n'))}</system-out>` : '';
    cases.push(`    <testcase classname="sdktrace.rules" name="${xml(name)}" time="0">${body.length > 0 ? `\n${body.join('\n')}` : ''}${out}\n    </testcase>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="sdktrace" tests="${m.rules.length}" failures="${failures}" errors="0" skipped="${skipped}">
  <testsuite name="${xml(suite)}" tests="${m.rules.length}" failures="${failures}" errors="0" skipped="${skipped}" timestamp="${xml(m.generatedAt.replace(/\.\d+Z$/, ''))}">
    <properties>
      <property name="app" value="${xml(m.run.app.package ?? '')}"/>
      <property name="run" value="${m.run.id}"/>
      <property name="chainHead" value="${xml(m.run.chainHead ?? '')}"/>
      <property name="failOn" value="${xml(failOn ?? 'any')}"/>
    </properties>
${cases.join('\n')}
  </testsuite>
</testsuites>
`;
}
