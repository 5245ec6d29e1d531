// The dashboard page: connects to the server's WebSocket, keeps the event list, counters,
// timeline, processes and findings current, and sends the analyst's consent marker.
// See ../protocol.ts for the messages and host/live/server.ts for the API.
import { FILTER_KEYS, PROTOCOL, WS_PROTOCOL, WS_TOKEN_PREFIX, type ConsentControl, type CountResult, type EventDetail, type EventsPage, type Filter, type GroupPage, type LiveRow, type RunView, type ServerMessage, type Stats } from '../protocol.js';
import { partyActorLabel } from '../../../analysis/actor.js';
import { byId, fill, h, PHASE_LABELS, plural, setZone, shown } from './dom.js';
import { EventModel, VirtualList } from './list.js';
import { renderCounters, renderDetail, renderFindings, renderProcesses } from './panels.js';
import { renderTimeline } from './timeline.js';

// --- token: from the address fragment once, then kept for this tab only -----------------------
const TOKEN_KEY = 'sdktrace-dashboard-token';
const fragment = new URLSearchParams(location.hash.slice(1));
if (fragment.has('token')) {
  sessionStorage.setItem(TOKEN_KEY, fragment.get('token') ?? '');
  history.replaceState(null, '', location.pathname + location.search);
}
const token = sessionStorage.getItem(TOKEN_KEY);

async function get<T>(path: string, params: Record<string, string | number | undefined> = {}): Promise<T> {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
  const res = await fetch(`${path}${q.size > 0 ? `?${q}` : ''}`, { headers: token ? { Authorization: `Bearer ${token}` } : {}, cache: 'no-store' });
  if (!res.ok) {
    let msg = `${res.status}`;
    try {
      msg = ((await res.json()) as { error?: string }).error ?? msg;
    } catch {
      // not JSON
    }
    throw new Error(msg);
  }
  return (await res.json()) as T;
}

const filterParams = (f: Filter): Record<string, string | undefined> => ({ actor: f.actor, dataType: f.dataType, phase: f.phase, kind: f.kind });

// --- state ------------------------------------------------------------------------------------
let run: RunView | null = null;
let stats: Stats | null = null;
let consent: ConsentControl = { available: false, reason: 'connecting' };
let connected = false;
const actorNames = new Map<string, string>();
const actorName = (key: string): string => actorNames.get(key) ?? partyActorLabel(key) ?? key;
const base = (): number | null => stats?.timeline.start ?? null;

const model = new EventModel({
  count: (f, upTo) => get<CountResult>('/api/count', { ...filterParams(f), upTo }).then((r) => r.count),
  page: (f, offset, limit, upTo) => get<EventsPage>('/api/events', { ...filterParams(f), offset, limit, upTo }).then((r) => r.rows),
  group: (from, to, g, after, limit) => get<GroupPage>('/api/group', { from, to, key: g.key === null ? undefined : JSON.stringify(g.key), after, limit }),
});
const list = new VirtualList(byId('list'), model);
list.actorName = actorName;
const countEl = byId('events-count');
const followBox = byId<HTMLInputElement>('follow');
const statusEl = byId('conn');
const noticeEl = byId('notice');

// The count line is written once per animation frame, however many messages arrive in it.
let countDue = false;
model.onChange = () => {
  if (!countDue) {
    countDue = true;
    requestAnimationFrame(() => {
      countDue = false;
      const coalesced = model.coalesced > 0 ? `; ${plural(model.coalesced, 'event')} arrived in groups` : '';
      countEl.textContent = model.ready ? `(${plural(model.total, 'event')}${Object.keys(model.filter).length > 0 ? ' matching' : ''}${coalesced})` : '(counting…)';
    });
  }
  list.invalidate(true);
};
model.onError = (e) => notice(`Could not load events: ${e.message}`);
list.onFollowChange = (f) => (followBox.checked = f);
followBox.addEventListener('change', () => list.setFollow(followBox.checked));

function notice(text: string): void {
  noticeEl.textContent = text;
}

// --- filters ------------------------------------------------------------------------------------
const selects: Record<(typeof FILTER_KEYS)[number], HTMLSelectElement> = {
  actor: byId<HTMLSelectElement>('f-actor'),
  dataType: byId<HTMLSelectElement>('f-dataType'),
  phase: byId<HTMLSelectElement>('f-phase'),
  kind: byId<HTMLSelectElement>('f-kind'),
};

function currentFilter(): Filter {
  const f: Filter = {};
  for (const k of FILTER_KEYS) if (selects[k].value !== '') f[k] = selects[k].value;
  return f;
}

function applyFilter(): void {
  list.clearSelection();
  list.setFollow(true);
  followBox.checked = true;
  model.setFilter(currentFilter());
}

for (const k of FILTER_KEYS) selects[k].addEventListener('change', applyFilter);
byId('f-clear').addEventListener('click', () => {
  for (const k of FILTER_KEYS) selects[k].value = '';
  applyFilter();
});

/** Keeps a select's options in step with the counts, without disturbing the current choice. */
function syncOptions(sel: HTMLSelectElement, entries: [string, string, number][]): void {
  const existing = new Map<string, HTMLOptionElement>();
  for (const o of Array.from(sel.options)) if (o.value !== '') existing.set(o.value, o);
  for (const [value, label, n] of entries) {
    const text = `${shown(label, 60)} (${n.toLocaleString('en')})`;
    let o = existing.get(value);
    if (o === undefined) {
      o = h('option', { value }, text);
      sel.appendChild(o);
    } else if (o.textContent !== text) o.textContent = text;
  }
}

function filterByActor(key: string): void {
  if (!Array.from(selects.actor.options).some((o) => o.value === key)) selects.actor.appendChild(h('option', { value: key }, actorName(key)));
  selects.actor.value = key;
  applyFilter();
  list.focus();
}

// --- details ----------------------------------------------------------------------------------
const detailEl = byId('detail-body');
let detailReq = 0;

async function showDetail(id: number): Promise<void> {
  const req = ++detailReq;
  fill(detailEl, h('p', { class: 'muted' }, `Loading event #${id}…`));
  try {
    const d = await get<EventDetail>(`/api/event/${id}`);
    if (req !== detailReq) return;
    renderDetail(detailEl, d, base(), actorName);
  } catch (e) {
    if (req === detailReq) fill(detailEl, h('p', { class: 'error' }, `Could not load event #${id}: ${(e as Error).message}`));
  }
}
list.onSelect = (row) => void showDetail(row.id);
list.onToggle = (g) => model.toggle(g);

// --- consent ------------------------------------------------------------------------------------
const grantBtn = byId<HTMLButtonElement>('consent-granted');
const refuseBtn = byId<HTMLButtonElement>('consent-refused');
const consentStatus = byId('consent-status');
const consentRequest = byId('consent-request');
let consentReq = 0;
let consentPending: { req: number; state: string; sent: boolean } | null = null;
/** The outcome of the last marker, kept on screen until the next one. */
let consentNote = '';

function updateConsentButtons(): void {
  const enabled = consent.available && connected && consentPending === null;
  grantBtn.disabled = !enabled;
  refuseBtn.disabled = !enabled;
  const why = consent.available ? (connected ? '' : 'not connected') : (consent.reason ?? '');
  grantBtn.title = why;
  refuseBtn.title = why;
  if (consentPending === null) consentStatus.textContent = [consentNote, consent.available ? '' : (consent.reason ?? '')].filter((x) => x !== '').join(' ');
  // A paused audit's question, with the button that answers it marked.
  const req = consent.request ?? null;
  consentRequest.hidden = req === null;
  consentRequest.textContent =
    req === null ? '' : `Audit paused: ${shown(req.text, 400)}. ${req.state === 'refused' ? 'Refuse' : 'Agree'} on the device by hand, then press ${req.state === 'refused' ? 'Refused' : 'Granted'} here.`;
  grantBtn.classList.toggle('asked', req?.state === 'granted');
  refuseBtn.classList.toggle('asked', req?.state === 'refused');
}

function setConsentNote(text: string): void {
  consentNote = text;
  consentStatus.textContent = text;
}

function markConsent(state: 'granted' | 'refused'): void {
  if (socket === null || socket.readyState !== WebSocket.OPEN) return;
  const req = ++consentReq;
  consentPending = { req, state, sent: false };
  consentStatus.textContent = `Sending “consent ${state}” to the app…`;
  socket.send(JSON.stringify({ type: 'consent', state, req }));
  updateConsentButtons();
}
grantBtn.addEventListener('click', () => markConsent('granted'));
refuseBtn.addEventListener('click', () => markConsent('refused'));

/** The agent's consent event closes the loop: say where it landed. */
function watchConsent(rows: readonly LiveRow[]): void {
  if (consentPending === null) return;
  const ev = rows.find((r) => r.kind === 'consent' && r.api === 'sdktrace.markConsent');
  if (ev === undefined) return;
  consentPending = null;
  setConsentNote(`Consent ${ev.consent ?? 'marked'} recorded as event #${ev.id} (phase: ${PHASE_LABELS[ev.phase ?? ''] ?? ev.phase}).`);
  updateConsentButtons();
}

// --- snapshots ----------------------------------------------------------------------------------
const timelineEl = byId('timeline');
const segmentsEl = byId('segments');
segmentsEl.closest('details')?.addEventListener('toggle', () => stats !== null && renderTimeline(timelineEl, segmentsEl, stats.timeline, (id) => void showDetail(id)));

function applyStats(s: Stats): void {
  stats = s;
  let redraw = list.base !== s.timeline.start;
  list.base = s.timeline.start;
  for (const a of s.actors) {
    if (actorNames.get(a.key) !== a.name) redraw = true;
    actorNames.set(a.key, a.name);
  }
  if (redraw) list.refresh();
  syncOptions(selects.actor, s.actors.map((a) => [a.key, a.name, a.events]));
  syncOptions(selects.dataType, Object.entries(s.dataTypes).sort((a, b) => b[1] - a[1]).map(([k, n]) => [k, k, n]));
  syncOptions(selects.phase, Object.entries(s.phases).map(([k, n]) => [k, PHASE_LABELS[k] ?? k, n]));
  syncOptions(selects.kind, Object.entries(s.kinds).sort((a, b) => b[1] - a[1]).map(([k, n]) => [k, k, n]));
  renderCounters(byId('counters'), s.actors, filterByActor);
  renderTimeline(timelineEl, segmentsEl, s.timeline, (id) => void showDetail(id));
  byId('total').textContent = plural(s.total, 'event');
  list.invalidate(true);
}

function applyRun(r: RunView | null, c: ConsentControl): void {
  run = r;
  consent = c;
  if (r === null) {
    fill(byId('run-title'), 'waiting for a run…');
    fill(byId('run-meta'));
  } else {
    fill(byId('run-title'), `run ${r.id}: ${shown(r.package ?? 'unknown app', 120)}`);
    fill(
      byId('run-meta'),
      `${r.mode} on ${shown(r.device ?? 'unknown device', 80)}${r.osVersion !== null ? `, Android ${shown(r.osVersion, 20)}` : ''}${r.apiLevel !== null ? ` (API ${r.apiLevel})` : ''}`,
      r.endedAt !== null ? ` — ended: ${shown(r.endReason ?? '', 120)}` : ' — tracing',
    );
    document.title = `sdktrace — ${r.package ?? 'run'} (${r.endedAt !== null ? 'ended' : 'live'})`;
  }
  updateConsentButtons();
  setStatus();
}

function setStatus(extra = ''): void {
  const state = !connected ? 'disconnected' : run === null ? 'connected, no run yet' : run.endedAt !== null ? 'run ended' : 'live';
  statusEl.textContent = `${state}${extra !== '' ? ` — ${extra}` : ''}`;
  statusEl.dataset.state = connected ? (run?.endedAt != null ? 'ended' : 'live') : 'down';
}

// --- the WebSocket ------------------------------------------------------------------------------
let socket: WebSocket | null = null;
let retry = 500;
let runId: number | null = null;

function handle(m: ServerMessage): void {
  switch (m.type) {
    case 'hello': {
      if (m.protocol !== PROTOCOL) {
        notice(`This page speaks protocol ${PROTOCOL}, the server ${m.protocol}: reload the page.`);
        return;
      }
      setZone(m.tz);
      const sameRun = m.run !== null && m.run.id === runId;
      runId = m.run?.id ?? null;
      applyRun(m.run, m.consent);
      if (m.run !== null) model.restart(m.head, !sameRun);
      break;
    }
    case 'events':
      model.live(m.rows, m.span);
      watchConsent(m.rows);
      break;
    case 'stats':
      applyStats(m.stats);
      break;
    case 'processes':
      renderProcesses(byId('processes'), byId('others'), m.processes, base());
      break;
    case 'findings':
      renderFindings(byId('findings-state'), byId('findings'), m.findings, base(), (id) => void showDetail(id));
      break;
    case 'run':
      applyRun(m.run, m.consent);
      break;
    case 'consent-result':
      if (consentPending?.req !== m.req) break;
      if (m.ok) {
        consentPending.sent = true;
        consentStatus.textContent = `Consent ${consentPending.state} sent; waiting for the agent's event…`;
      } else {
        consentPending = null;
        setConsentNote(`Could not mark consent: ${m.error ?? 'unknown error'}`);
      }
      updateConsentButtons();
      break;
  }
}

function connect(): void {
  const protocols = token ? [WS_PROTOCOL, `${WS_TOKEN_PREFIX}${token}`] : [WS_PROTOCOL];
  const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`, protocols);
  socket = ws;
  ws.addEventListener('open', () => {
    connected = true;
    retry = 500;
    notice('');
    setStatus();
    updateConsentButtons();
  });
  ws.addEventListener('message', (e) => {
    try {
      handle(JSON.parse(String(e.data)) as ServerMessage);
    } catch (err) {
      notice(`Bad message from the server: ${(err as Error).message}`);
    }
  });
  ws.addEventListener('close', (e) => {
    if (socket !== ws) return;
    connected = false;
    socket = null;
    if (consentPending !== null && !consentPending.sent) {
      consentPending = null;
      setConsentNote('The connection closed before the marker was sent.');
    }
    updateConsentButtons();
    const wait = retry;
    retry = Math.min(retry * 2, 5000);
    setStatus(`reconnecting in ${(wait / 1000).toFixed(1)} s${e.code === 1006 ? '' : ` (${e.code})`}`);
    // A refused handshake looks like any other failure to a page: ask the API why.
    get('/api/info').catch((err: Error) => notice(/token/.test(err.message) ? 'This dashboard needs its token: open the full address sdktrace printed (it ends in #token=…).' : `The server is not answering: ${err.message}`));
    setTimeout(connect, wait);
  });
}

connect();
list.invalidate();
