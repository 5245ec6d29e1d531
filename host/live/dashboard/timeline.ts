// The run's timeline, drawn from the server's aggregates (never from the events themselves): a
// band of phases (consent and background periods), event density with personal-information
// reads highlighted, and the consent decisions as marks. A table repeats it for screen readers.
import type { TimelineStats } from '../protocol.js';
import { fill, h, PHASE_LABELS, plural, relTime, svg } from './dom.js';

const W = 1000;
const BAND_H = 18;
const BARS_TOP = 26;
const BARS_H = 56;
const H = BARS_TOP + BARS_H + 16;

export function renderTimeline(host: HTMLElement, table: HTMLElement, t: TimelineStats, onMark: (id: number) => void): void {
  if (t.start === null || t.end === null) {
    fill(host, h('p', { class: 'muted' }, 'No events yet.'));
    fill(table);
    return;
  }
  const start = t.start;
  const span = Math.max(1, t.end - start);
  const x = (v: number) => ((v - start) / span) * W;
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none', role: 'img', class: 'timeline' });
  const phases = new Set(t.segments.map((s) => s.phase));
  root.setAttribute(
    'aria-label',
    `Timeline over ${relTime(t.end, start)}: ${t.segments.length} phase periods (${[...phases].map((p) => PHASE_LABELS[p] ?? p).join(', ')}), ${plural(t.marks.length, 'consent decision')}.`,
  );

  // Phases band.
  for (let i = 0; i < t.segments.length; i++) {
    const s = t.segments[i]!;
    const next = t.segments[i + 1];
    const x0 = x(s.start);
    const x1 = next !== undefined ? x(next.start) : x(Math.max(s.end, s.start));
    const rect = svg('rect', { x: x0.toFixed(2), y: 0, width: Math.max(0.8, x1 - x0).toFixed(2), height: BAND_H, class: `seg ph-${s.phase}` });
    rect.appendChild(svg('title', {}, `${PHASE_LABELS[s.phase] ?? s.phase}: ${relTime(s.start, start)} to ${relTime(next?.start ?? s.end, start)}`));
    root.appendChild(rect);
  }

  // Density: all events, and PI reads on top.
  const n = t.counts.length;
  const max = Math.max(1, ...t.counts);
  const binW = Math.min(W, (t.binMs / span) * W);
  for (let i = 0; i < n; i++) {
    const c = t.counts[i]!;
    if (c === 0) continue;
    const bx = x((t.firstBin + i) * t.binMs);
    const bh = (c / max) * BARS_H;
    const bar = svg('rect', { x: Math.max(0, bx).toFixed(2), y: (BARS_TOP + BARS_H - bh).toFixed(2), width: Math.max(1, binW - 0.5).toFixed(2), height: bh.toFixed(2), class: 'bar' });
    bar.appendChild(svg('title', {}, `${relTime((t.firstBin + i) * t.binMs, start)}: ${plural(c, 'event')}, ${t.pi[i]} personal-information`));
    root.appendChild(bar);
    const p = t.pi[i]!;
    if (p > 0) {
      const ph = (p / max) * BARS_H;
      root.appendChild(svg('rect', { x: Math.max(0, bx).toFixed(2), y: (BARS_TOP + BARS_H - ph).toFixed(2), width: Math.max(1, binW - 0.5).toFixed(2), height: ph.toFixed(2), class: 'bar pi' }));
    }
  }

  // Consent marks.
  for (const m of t.marks) {
    const mx = x(m.t);
    const g = svg('g', { class: `mark consent-${m.state}`, tabindex: 0, role: 'button' });
    g.setAttribute('aria-label', `Consent ${m.state} (${m.source}) at ${relTime(m.t, start)}, event ${m.id}`);
    g.appendChild(svg('line', { x1: mx.toFixed(2), x2: mx.toFixed(2), y1: 0, y2: BARS_TOP + BARS_H }));
    g.appendChild(svg('rect', { x: (mx - 5).toFixed(2), y: 0, width: 10, height: BARS_TOP + BARS_H, class: 'hit' }));
    g.appendChild(svg('title', {}, `consent ${m.state} (${m.source}) at ${relTime(m.t, start)}: event #${m.id}`));
    g.addEventListener('click', () => onMark(m.id));
    g.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        onMark(m.id);
      }
    });
    root.appendChild(g);
  }
  root.appendChild(svg('text', { x: 2, y: H - 3, class: 'axis' }, relTime(start, start)));
  root.appendChild(svg('text', { x: W - 2, y: H - 3, class: 'axis end' }, relTime(t.end, start)));

  const legend = h(
    'ul',
    { class: 'legend', 'aria-label': 'Legend' },
    ...[...phases].map((p) => h('li', {}, h('span', { class: `swatch ph-${p}`, 'aria-hidden': 'true' }), PHASE_LABELS[p] ?? p)),
    h('li', {}, h('span', { class: 'swatch bar', 'aria-hidden': 'true' }), 'events'),
    h('li', {}, h('span', { class: 'swatch bar pi', 'aria-hidden': 'true' }), 'personal information'),
    h('li', {}, h('span', { class: 'swatch mark', 'aria-hidden': 'true' }), 'consent decision'),
  );
  fill(host, root, legend, t.segmentsMerged > 0 ? h('p', { class: 'muted' }, `${plural(t.segmentsMerged, 'short period')} merged into their neighbours.`) : null);

  // The table is only built while it is open (it can hold hundreds of rows).
  if (!(table.closest('details')?.open ?? true)) return;
  fill(
    table,
    h('caption', {}, 'Phase periods and consent decisions'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'From'), h('th', { scope: 'col' }, 'To'), h('th', { scope: 'col' }, 'Phase'), h('th', { scope: 'col' }, 'Consent'), h('th', { scope: 'col' }, 'First event'))),
    h(
      'tbody',
      {},
      ...t.segments.map((s, i) =>
        h('tr', {}, h('td', {}, relTime(s.start, start)), h('td', {}, relTime(t.segments[i + 1]?.start ?? s.end, start)), h('td', {}, PHASE_LABELS[s.phase] ?? s.phase), h('td', {}, s.consent ?? ''), h('td', {}, `#${s.id}`)),
      ),
      ...t.marks.map((m) => h('tr', { class: 'mark-row' }, h('td', {}, relTime(m.t, start)), h('td', {}, ''), h('td', {}, `consent ${m.state}`), h('td', {}, m.source), h('td', {}, `#${m.id}`))),
    ),
  );
}
