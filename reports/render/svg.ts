// Inline SVG charts for the HTML report: no scripts, every label escaped, tooltips as <title>.
import { formatTime } from '../../analysis/clock.js';
import type { ReportModel } from '../model.js';
import { esc } from './escape.js';

const PHASE_FILL: Record<string, string> = {
  launch: '#d0d7de',
  'pre-consent': '#ffcecb',
  'post-consent': '#ccf2d6',
  refused: '#ffd8b5',
  background: 'url(#bg-hatch)',
};
export const PHASE_LEGEND: Record<string, string> = {
  launch: '#d0d7de',
  'pre-consent': '#ffcecb',
  'post-consent': '#ccf2d6',
  refused: '#ffd8b5',
  background: '#e8d5f5',
};

const clip = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);

function seconds(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - m * 60)} s`;
}

/** Events per party over time, phases as background bands, consent decisions as lines. */
export function timelineSvg(m: ReportModel, tz = 'UTC'): string {
  const tl = m.timeline;
  if (tl.start === null || tl.end === null || tl.rows.length === 0) return '<p class="muted">No events to chart.</p>';
  const W = 1100;
  const LX = 230;
  const RX = W - 40;
  const TOP = 34;
  const ROW = 20;
  const H = TOP + tl.rows.length * ROW + 40;
  const span = Math.max(1, tl.end - tl.start);
  const x = (t: number) => LX + ((t - tl.start!) / span) * (RX - LX);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="Timeline of events per SDK with phases and consent decisions">`);
  parts.push('<defs><pattern id="bg-hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="8" height="8" fill="#f3e8fb"/><line x1="0" y1="0" x2="0" y2="8" stroke="#c9a3e6" stroke-width="3"/></pattern></defs>');
  // Phase bands across the whole chart, and a labelled strip on top.
  for (const s of tl.segments) {
    const x0 = x(s.start);
    const w = Math.max(1, x(s.end) - x0);
    const fill = PHASE_FILL[s.phase] ?? '#eee';
    parts.push(`<rect x="${x0.toFixed(1)}" y="${TOP}" width="${w.toFixed(1)}" height="${tl.rows.length * ROW}" fill="${fill}" opacity="0.55"><title>${esc(s.phase)}${s.foreground ? '' : ' (no screen in the foreground)'}: ${esc(seconds(s.start - tl.start))} – ${esc(seconds(s.end - tl.start))}</title></rect>`);
    parts.push(`<rect x="${x0.toFixed(1)}" y="14" width="${w.toFixed(1)}" height="14" fill="${fill}"><title>${esc(s.phase)}</title></rect>`);
  }
  parts.push(`<text x="${LX - 8}" y="25" text-anchor="end" class="axis">phase</text>`);
  // Rows.
  tl.rows.forEach((r, i) => {
    const y = TOP + i * ROW;
    const max = Math.max(...r.counts, 1);
    parts.push(`<line x1="${LX}" y1="${y + ROW}" x2="${RX}" y2="${y + ROW}" class="grid"/>`);
    parts.push(`<text x="${LX - 8}" y="${y + 14}" text-anchor="end" class="label"><title>${esc(r.name)} (${esc(r.actor)}): ${r.total} events</title>${esc(clip(r.name, 34))}</text>`);
    r.counts.forEach((c, b) => {
      if (c === 0) return;
      const h = Math.max(2, ((Math.log(c + 1) / Math.log(max + 1)) * (ROW - 4)) | 0);
      const bx = x(tl.start! + b * tl.binMs);
      const bw = Math.max(1.5, x(tl.start! + (b + 1) * tl.binMs) - bx - 0.5);
      parts.push(`<rect x="${bx.toFixed(1)}" y="${y + ROW - 2 - h}" width="${bw.toFixed(1)}" height="${h}" class="bar"><title>${esc(r.name)}: ${c} event${c === 1 ? '' : 's'} at +${esc(seconds(b * tl.binMs))}</title></rect>`);
    });
  });
  // Consent decisions.
  for (const c of m.consent.marks) {
    const cx = x(c.t).toFixed(1);
    const color = c.state === 'granted' ? '#1a7f37' : '#cf222e';
    parts.push(`<line x1="${cx}" y1="10" x2="${cx}" y2="${TOP + tl.rows.length * ROW}" stroke="${color}" stroke-width="2"><title>${esc(c.state === 'granted' ? 'consent granted' : 'consent refused')} (${esc(c.source)}${c.text ? `: ${esc(clip(c.text, 80))}` : ''}) at +${esc(seconds(c.t - tl.start))}</title></line>`);
    parts.push(`<text x="${cx}" y="9" text-anchor="middle" class="mark" fill="${color}">${c.state === 'granted' ? '✓' : '✗'}</text>`);
  }
  // Time axis.
  const axisY = TOP + tl.rows.length * ROW;
  for (let k = 0; k <= 6; k++) {
    const t = tl.start + (span * k) / 6;
    const tx = x(t).toFixed(1);
    parts.push(`<line x1="${tx}" y1="${axisY}" x2="${tx}" y2="${axisY + 5}" class="grid"/><text x="${tx}" y="${axisY + 18}" text-anchor="${k === 6 ? 'end' : k === 0 ? 'start' : 'middle'}" class="axis">+${esc(seconds(t - tl.start))}</text>`);
  }
  parts.push(`<text x="${LX}" y="${axisY + 34}" class="axis">${esc(formatTime(tl.start, tz))} (bin ${esc(seconds(tl.binMs))}; bar height is logarithmic)</text>`);
  parts.push('</svg>');
  return parts.join('');
}

/** The app and the other apps it reached, edges by how (confirmed starts in red). */
export function launchGraphSvg(m: ReportModel): string {
  const nodes = m.launchGraph.nodes.slice(0, 30);
  if (nodes.length === 0) return '<p class="muted">No launches, binds, broadcasts or provider queries aimed at other apps were seen.</p>';
  const W = 1000;
  const NH = 30;
  const H = Math.max(90, nodes.length * (NH + 8) + 20);
  const appX = 20;
  const appW = 300;
  const nodeX = 620;
  const nodeW = 360;
  const appY = H / 2 - 20;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="Launch graph: the app and the other apps it started or reached">`);
  parts.push('<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#57606a"/></marker></defs>');
  nodes.forEach((n, i) => {
    const y = 10 + i * (NH + 8);
    const confirmed = n.confirmed > 0;
    const x1 = appX + appW;
    const y1 = appY + 20;
    const y2 = y + NH / 2;
    parts.push(`<path d="M ${x1} ${y1} C ${x1 + 150} ${y1}, ${nodeX - 150} ${y2}, ${nodeX} ${y2}" fill="none" stroke="${confirmed ? '#cf222e' : '#bc4c00'}" stroke-width="${confirmed ? 2.5 : 1.5}"${confirmed ? '' : ' stroke-dasharray="5 4"'} marker-end="url(#arrow)"><title>${esc(n.vias.join(', '))}: ${n.count} time(s)${confirmed ? `, process seen starting ${n.confirmed} time(s)` : ''}</title></path>`);
    parts.push(`<text x="${nodeX - 14}" y="${y2 - 6}" class="edge" text-anchor="end">${esc(clip(n.vias.join(', '), 30))} ×${n.count}</text>`);
    parts.push(`<rect x="${nodeX}" y="${y}" width="${nodeW}" height="${NH}" rx="6" class="${confirmed ? 'node-hot' : 'node'}"/><text x="${nodeX + 10}" y="${y + 19}" class="label"><title>${esc(n.package)}</title>${esc(clip(n.package, 44))}${confirmed ? ' ● started' : ''}</text>`);
  });
  parts.push(`<rect x="${appX}" y="${appY}" width="${appW}" height="40" rx="8" class="node-app"/><text x="${appX + 12}" y="${appY + 25}" class="label"><title>${esc(m.launchGraph.app ?? '')}</title>${esc(clip(m.launchGraph.app ?? 'the app', 38))}</text>`);
  parts.push('</svg>');
  return parts.join('');
}
