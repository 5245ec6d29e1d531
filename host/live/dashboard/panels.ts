// The dashboard's side panels: per-SDK counters, findings, processes and other apps, and the
// details of one event with its stacks (the frame that decided the attribution highlighted).
import type { ActorStats, EventDetail, FindingsView, Frame, ProcessesView } from '../protocol.js';
import { fill, h, isoTime, PHASE_LABELS, plural, relTime, shown } from './dom.js';
import { UNATTRIBUTED_ACTOR } from '../../../analysis/actor.js';

const KIND_COLUMNS: [string, string][] = [
  ['pi', 'PI reads'],
  ['net', 'Network'],
  ['launch', 'Launches'],
  ['schedule', 'Scheduling'],
];

export function renderCounters(table: HTMLElement, actors: readonly ActorStats[], onFilter: (key: string) => void): void {
  const rows = actors.filter((a) => a.key !== UNATTRIBUTED_ACTOR && a.key !== '(platform)');
  fill(
    table,
    h('caption', {}, 'Events per SDK (the app itself and unattributed code included)'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'SDK'),
        h('th', { scope: 'col' }, 'Category'),
        h('th', { scope: 'col', class: 'num' }, 'Events'),
        ...KIND_COLUMNS.map(([, label]) => h('th', { scope: 'col', class: 'num' }, label)),
        h('th', { scope: 'col', class: 'num' }, 'PI before consent'),
        h('th', { scope: 'col' }, 'Data types'),
      ),
    ),
    h(
      'tbody',
      {},
      ...(rows.length === 0
        ? [h('tr', {}, h('td', { colspan: 9, class: 'muted' }, 'No SDK activity yet.'))]
        : rows.map((a) => {
            const dts = Object.entries(a.dataTypes)
              .sort((x, y) => y[1] - x[1])
              .map(([d, n]) => `${d} ${n}`)
              .join(', ');
            const btn = h('button', { type: 'button', class: 'link', title: 'Show only this actor’s events' }, shown(a.name, 80));
            btn.addEventListener('click', () => onFilter(a.key));
            return h(
              'tr',
              { 'data-actor': a.key },
              h('th', { scope: 'row' }, btn),
              h('td', {}, a.category ?? (a.party ?? '').replace(/-/g, ' ')),
              h('td', { class: 'num' }, a.events.toLocaleString('en')),
              ...KIND_COLUMNS.map(([k]) => h('td', { class: 'num' }, (a.byKind[k] ?? 0).toLocaleString('en'))),
              h('td', { class: `num${a.beforeConsent > 0 ? ' warn' : ''}` }, a.beforeConsent.toLocaleString('en')),
              h('td', { class: 'dts' }, dts),
            );
          })),
    ),
  );
}

export function renderFindings(stateEl: HTMLElement, list: HTMLElement, f: FindingsView, base: number | null, onEvidence: (id: number) => void): void {
  if (f.state === 'pending') fill(stateEl, 'The rules have not run yet.');
  else if (f.state === 'unavailable' || f.state === 'error') fill(stateEl, h('strong', {}, f.state === 'error' ? 'Error: ' : 'Unavailable: '), f.reason ?? '');
  else fill(stateEl, `${plural(f.findings.length, 'finding')}; the rules ran over events up to #${f.head ?? 0} at ${f.at === null ? '?' : isoTime(f.at)} (${f.durationMs ?? '?'} ms).`);
  const skipped = f.rules.filter((r) => !r.evaluated);
  fill(
    list,
    ...f.findings.map((x) => {
      const ev = x.events[0];
      const btn = ev === undefined ? null : h('button', { type: 'button', class: 'link' }, `evidence #${ev}`);
      btn?.addEventListener('click', () => onEvidence(ev!));
      return h(
        'li',
        { class: `finding sev-${x.severity}`, 'data-rule': x.rule },
        h('span', { class: `sev sev-${x.severity}` }, x.severity),
        ' ',
        h('strong', {}, shown(x.title, 200)),
        x.actor !== null ? h('span', { class: 'actor' }, ` — ${shown(x.actor, 100)}`) : null,
        h('p', {}, shown(x.message, 1000)),
        h('p', { class: 'muted' }, `${plural(x.count, 'event')}${x.firstT !== null ? `, first at ${relTime(x.firstT, base)}` : ''}${x.phase !== null ? `, ${PHASE_LABELS[x.phase] ?? x.phase}` : ''} `, btn),
      );
    }),
    ...(skipped.length > 0 ? [h('li', { class: 'muted skipped' }, `Not evaluated: ${skipped.map((r) => `${r.id} (${r.reason ?? 'no reason'})`).join('; ')}`)] : []),
  );
}

export function renderProcesses(procTable: HTMLElement, otherTable: HTMLElement, v: ProcessesView, base: number | null): void {
  fill(
    procTable,
    h('caption', {}, 'Processes of the app'),
    h('thead', {}, h('tr', {}, ...['PID', 'Process', 'Started', 'By', 'Start reason', 'Ended', 'End reason'].map((c) => h('th', { scope: 'col' }, c)))),
    h(
      'tbody',
      {},
      ...(v.processes.length === 0
        ? [h('tr', {}, h('td', { colspan: 7, class: 'muted' }, 'No process traced yet.'))]
        : v.processes.map((p) =>
            h(
              'tr',
              { class: p.endedAt === null ? 'running' : 'ended' },
              h('td', { class: 'num' }, String(p.pid)),
              h('th', { scope: 'row' }, shown(p.name, 120)),
              h('td', {}, relTime(p.startedAt, base)),
              h('td', {}, p.spawnedBy ?? ''),
              h('td', {}, shown(p.startReason, 60)),
              h('td', {}, p.endedAt === null ? 'running' : relTime(p.endedAt, base)),
              h('td', {}, shown(p.endReason, 120)),
            ),
          )),
    ),
  );
  fill(
    otherTable,
    h('caption', {}, 'Other apps seen starting'),
    h('thead', {}, h('tr', {}, ...['Package', 'First seen', 'Starts', 'Processes'].map((c) => h('th', { scope: 'col' }, c)))),
    h(
      'tbody',
      {},
      ...(v.otherApps.length === 0
        ? [h('tr', {}, h('td', { colspan: 4, class: 'muted' }, 'None so far.'))]
        : v.otherApps.map((o) =>
            h('tr', {}, h('th', { scope: 'row' }, shown(o.package, 120)), h('td', {}, relTime(o.firstT, base)), h('td', { class: 'num' }, String(o.starts)), h('td', {}, shown(o.identifiers.join(', '), 300))),
          )),
    ),
  );
}

function frameText(f: Frame): string {
  const [cls, method, file, line] = f;
  const where = line === -2 ? 'native' : file === null ? 'unknown source' : line >= 0 ? `${file}:${line}` : file;
  return `${cls}.${method}(${where})`;
}

function stackList(frames: readonly Frame[], decisive: number | null, api: number | null, label: string): HTMLElement {
  return h(
    'ol',
    { class: 'frames', start: 1, 'aria-label': label },
    ...frames.map((f, i) =>
      h(
        'li',
        { class: `${i === decisive ? 'decisive' : ''}${i === api ? ' api' : ''}`.trim() || null, 'aria-current': i === decisive ? 'true' : null, 'data-frame': i },
        h('code', {}, shown(frameText(f), 600)),
        i === decisive ? h('span', { class: 'badge decisive-badge' }, 'decisive') : null,
        i === api ? h('span', { class: 'badge api-badge' }, 'API') : null,
      ),
    ),
  );
}

function json(v: unknown): string {
  const s = JSON.stringify(v, null, 2) ?? 'null';
  return s.length > 20_000 ? `${s.slice(0, 20_000)}\n… (${s.length - 20_000} more characters)` : s;
}

export function renderDetail(el: HTMLElement, d: EventDetail, base: number | null, actorName: (key: string) => string): void {
  const r = d.row;
  const a = d.attribution;
  const fields: [string, string][] = [
    ['Event', `#${r.id}${d.seq !== null ? ` (seq ${d.seq})` : ''}`],
    ['Time', `${relTime(r.t, base)} — ${isoTime(r.t)}`],
    ['Phase', `${PHASE_LABELS[r.phase ?? ''] ?? r.phase ?? ''}${r.consent !== null ? ` (consent: ${r.consent})` : ''}`],
    ['Process', `${d.processName ?? ''}${r.pid !== null ? ` pid ${r.pid}` : ''}`],
    ['Thread', `${r.thread ?? ''}${d.tid !== null ? ` (tid ${d.tid})` : ''}`],
    ['Kind', r.kind + (r.dataType !== null ? ` — ${r.dataType}` : '')],
    ['API', r.api ?? ''],
    ['Hook', d.hook ?? ''],
    ['Attributed to', `${actorName(r.actor)}${r.party !== null ? ` (${r.party})` : ''}`],
  ];
  if (a !== null) {
    fields.push(['Why', `${a.reason} [via ${a.via}]`]);
    if (a.chain.length > 0) fields.push(['Called by', a.chain.map((c) => c.name).join(' ← ')]);
  }
  if (d.thrown !== null) fields.push(['Thrown', d.thrown]);
  const dl = h('dl', { class: 'fields' });
  for (const [k, v] of fields) if (v !== '') dl.append(h('dt', {}, k), h('dd', {}, shown(v, 2000)));

  const main = d.frames;
  const decisiveInOrigin = a?.via === 'origin' && typeof a.originIndex === 'number';
  const parts: (HTMLElement | null)[] = [h('h3', { id: 'detail-h' }, `Event #${r.id}`), dl];
  for (const [label, v] of [
    ['Arguments', d.args],
    ['Return value', d.ret],
    ['Detail', d.detail],
  ] as const) {
    if (v === null || v === undefined) continue;
    parts.push(h('details', { open: label === 'Detail' }, h('summary', {}, label), h('pre', {}, shown(json(v), 25_000))));
  }
  if (main !== null) {
    parts.push(h('h4', {}, `Stack (${plural(main.length, 'frame')}, innermost first)`));
    parts.push(stackList(main, decisiveInOrigin ? null : (a?.frameIndex ?? null), a?.apiIndex ?? null, 'Stack frames'));
  } else if (r.hasStack) parts.push(h('p', { class: 'muted' }, 'The stack of this event is not in the database.'));
  else parts.push(h('p', { class: 'muted' }, 'No Java stack was recorded for this event.'));
  d.origins.forEach((o, k) => {
    parts.push(h('h4', {}, `Submitted from (async origin ${k + 1})`));
    if (o.frames === null) parts.push(h('p', { class: 'muted' }, 'Stack not stored.'));
    else parts.push(stackList(o.frames, decisiveInOrigin && a?.originIndex === k ? (a.frameIndex ?? null) : null, null, `Origin stack ${k + 1}`));
  });
  fill(el, ...parts);
}
