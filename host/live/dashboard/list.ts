// The event list: a model of "the matching events, by offset" backed by the server (counts and
// pages under the current filter) and extended by the live stream, and a virtualised grid that
// renders only the rows in view. Offsets are stable: events only ever append, in id order.
//
// Under a burst the server sends some events as counted groups (protocol.ts Span). Their offsets
// are taken (the count stays exact) and shown as a block: the span's rows and one line per group,
// in id order; a group expands in place, its rows read from /api/group. At most MAX_BLOCKS blocks
// are kept; an older one is dissolved into its plain rows (read by offset like any other).
import type { Filter, GroupPage, LiveRow, RowGroup, Span } from '../protocol.js';
import { groupMatches, matches } from '../rows.js';
import { h, relTime, shortApi, shown } from './dom.js';

export const PAGE = 200;
const ROW_H = 24;
/** Tallest scroll area used; longer lists map scroll position to rows proportionally. */
const MAX_PX = 8_000_000;
const MAX_PAGES = 400;
const MAX_BLOCKS = 500;
/** Least time between two redraws for live rows alone (10 a second). */
const LIVE_FRAME_MS = 100;
const GROUP_PAGE = 500;

export interface Api {
  count(filter: Filter, upTo: number): Promise<number>;
  page(filter: Filter, offset: number, limit: number, upTo: number): Promise<LiveRow[]>;
  group(from: number, to: number, group: RowGroup, after: number, limit: number): Promise<GroupPage>;
}

/** A coalesced group as the list holds it: collapsed, or expanded with the rows read so far. */
export class GroupItem {
  expanded = false;
  rows: LiveRow[] = [];
  next: number;
  done = false;
  loading = false;
  constructor(
    readonly group: RowGroup,
    readonly from: number,
    readonly to: number,
  ) {
    this.next = from;
  }
  /** Lines it takes: its own, and its events when expanded. */
  get lines(): number {
    return 1 + (this.expanded ? this.group.count : 0);
  }
}

type Item = { row: LiveRow } | { group: GroupItem };

/** The offsets [offset, offset + n) shown as the span's rows and groups. */
interface Block {
  offset: number;
  n: number;
  items: Item[];
  /** Lines before each item (cached; rebuilt when a group opens or closes). */
  starts: number[] | null;
  lines: number;
}

/** What a line of the list shows. */
export type Line = { row: LiveRow; inGroup: boolean } | { group: GroupItem } | undefined;

type Message = { rows: readonly LiveRow[]; span?: Span };

export class EventModel {
  filter: Filter = {};
  /** Matching events known (ids up to lastId). */
  total = 0;
  /** Highest event id of the stream taken into account. */
  lastId = 0;
  /** Whether `total` is known (a count is under way otherwise). */
  ready = false;
  private pages = new Map<number, (LiveRow | null)[]>();
  private inflight = new Set<number>();
  private generation = 0;
  private buffered: Message[] = [];
  private blocks: Block[] = [];
  /** Lines the blocks add beyond the offsets they take. */
  private extra = 0;
  /** Events received inside groups since the page loaded (for the counter line). */
  coalesced = 0;
  onChange: () => void = () => undefined;
  onError: (e: Error) => void = () => undefined;

  constructor(private readonly api: Api) {}

  /** Lines of the list: the events, with each block's groups in place of their events. */
  get lines(): number {
    return this.total + this.extra;
  }

  /** The stream restarts after `head` (hello): count what matches up to it. */
  restart(head: number, dropPages: boolean): void {
    this.lastId = head;
    if (dropPages) {
      this.pages.clear();
      this.total = 0;
    }
    this.dissolveAll();
    this.buffered = this.buffered.filter((m) => (m.span?.to ?? m.rows.at(-1)?.id ?? 0) > head);
    this.recount();
  }

  setFilter(f: Filter): void {
    this.filter = f;
    this.pages.clear();
    this.blocks = [];
    this.extra = 0;
    this.total = 0;
    this.recount();
  }

  private recount(): void {
    const gen = ++this.generation;
    const upTo = this.lastId;
    this.ready = false;
    this.inflight.clear();
    this.onChange();
    this.api.count(this.filter, upTo).then(
      (n) => {
        if (gen !== this.generation) return;
        this.total = n;
        this.ready = true;
        const live = this.buffered;
        this.buffered = [];
        for (const m of live) this.take(m, upTo);
        this.onChange();
      },
      (e: Error) => {
        if (gen !== this.generation) return;
        this.onError(e);
        setTimeout(() => gen === this.generation && this.recount(), 2000);
      },
    );
  }

  /** Live rows, in id order, and the span they belong to when the server coalesced some. */
  live(rows: readonly LiveRow[], span?: Span): void {
    const last = Math.max(span?.to ?? 0, rows.at(-1)?.id ?? 0);
    if (last <= this.lastId) return;
    const from = this.lastId;
    this.lastId = last;
    if (span !== undefined) for (const g of span.groups) this.coalesced += g.count;
    if (!this.ready) {
      this.buffered.push({ rows, span });
      return;
    }
    if (this.take({ rows, span }, from)) this.onChange();
  }

  /** Applies a message whose events are above `after`; whether the list changed. */
  private take(m: Message, after: number): boolean {
    const rows = m.rows.filter((r) => r.id > after && matches(r, this.filter));
    if (m.span === undefined || m.span.to <= after) {
      for (const r of rows) this.append(r);
      return rows.length > 0;
    }
    const groups = m.span.groups.filter((g) => g.last > after);
    const fit = groups.map((g) => groupMatches(g.key, this.filter));
    if (fit.includes(null)) {
      // A key-null group under a filter: only the database knows how many of its events match.
      this.restart(m.span.to, false);
      return true;
    }
    const shown = groups.filter((_, k) => fit[k] === true).map((g) => new GroupItem(g, m.span!.from, m.span!.to));
    if (shown.length === 0) {
      for (const r of rows) this.append(r);
      return rows.length > 0;
    }
    const items: Item[] = [...rows.map((row) => ({ row })), ...shown.map((group) => ({ group }))];
    const at = (it: Item) => ('row' in it ? it.row.id : it.group.group.first);
    items.sort((a, b) => at(a) - at(b));
    const n = rows.length + shown.reduce((k, g) => k + g.group.count, 0);
    const block: Block = { offset: this.total, n, items, starts: null, lines: items.length };
    // The block's offsets are held by placeholders, so later live rows still extend the pages.
    for (let i = 0; i < n; i++) this.append(null);
    this.blocks.push(block);
    this.extra += block.lines - n;
    if (this.blocks.length > MAX_BLOCKS) this.dissolve(this.blocks[0]!);
    return true;
  }

  private append(r: LiveRow | null): void {
    const i = this.total++;
    const p = Math.floor(i / PAGE);
    const page = this.pages.get(p) ?? (i % PAGE === 0 ? [] : undefined);
    // Only a contiguous prefix of a page is kept; anything else is fetched when shown.
    if (page !== undefined && page.length === i % PAGE) {
      page.push(r);
      this.pages.set(p, page);
    }
  }

  /** A block becomes plain rows again: its offsets are read from the database when shown. */
  private dissolve(b: Block): void {
    this.blocks = this.blocks.filter((x) => x !== b);
    this.extra -= b.lines - b.n;
    for (let p = Math.floor(b.offset / PAGE); p <= Math.floor((b.offset + b.n - 1) / PAGE); p++) this.pages.delete(p);
  }

  private dissolveAll(): void {
    for (const b of [...this.blocks]) this.dissolve(b);
  }

  /** Where line `i` is: an event offset, or a line of a block. */
  private locate(i: number): { offset: number } | { block: Block; item: number; sub: number } {
    let lineAt = 0;
    let offsetAt = 0;
    for (const b of this.blocks) {
      const before = b.offset - offsetAt;
      if (i < lineAt + before) return { offset: offsetAt + (i - lineAt) };
      lineAt += before;
      if (i < lineAt + b.lines) {
        const starts = (b.starts ??= starts_(b.items));
        const k = i - lineAt;
        let lo = 0;
        let hi = starts.length - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if (starts[mid]! <= k) lo = mid;
          else hi = mid - 1;
        }
        return { block: b, item: lo, sub: k - starts[lo]! - 1 };
      }
      lineAt += b.lines;
      offsetAt = b.offset + b.n;
    }
    return { offset: offsetAt + (i - lineAt) };
  }

  lineAt(i: number): Line {
    const at = this.locate(i);
    if ('offset' in at) {
      const r = this.pages.get(Math.floor(at.offset / PAGE))?.[at.offset % PAGE];
      return r === null || r === undefined ? undefined : { row: r, inGroup: false };
    }
    const it = at.block.items[at.item]!;
    if ('row' in it) return { row: it.row, inGroup: false };
    if (at.sub < 0) return { group: it.group };
    const r = it.group.rows[at.sub];
    return r === undefined ? undefined : { row: r, inGroup: true };
  }

  /** Opens or closes a group. */
  toggle(g: GroupItem): void {
    const b = this.blocks.find((x) => x.items.some((it) => 'group' in it && it.group === g));
    if (b === undefined) return;
    const before = b.lines;
    g.expanded = !g.expanded;
    b.starts = null;
    b.lines = b.items.reduce((k, it) => k + ('row' in it ? 1 : it.group.lines), 0);
    this.extra += b.lines - before;
    if (g.expanded) this.loadGroup(g);
    this.onChange();
  }

  private loadGroup(g: GroupItem): void {
    if (g.loading || g.done) return;
    g.loading = true;
    const gen = this.generation;
    this.api.group(g.from, g.to, g.group, g.next, GROUP_PAGE).then(
      (page) => {
        g.loading = false;
        if (gen !== this.generation) return;
        for (const r of page.rows) g.rows.push(r);
        g.next = page.next;
        g.done = page.done;
        this.onChange();
      },
      (e: Error) => {
        g.loading = false;
        if (gen === this.generation) this.onError(e);
      },
    );
  }

  /** Makes sure the lines [from, to) are loaded or being loaded. */
  want(from: number, to: number): void {
    if (!this.ready) return;
    const last = Math.min(to, this.lines) - 1;
    let lo = Infinity;
    let hi = -1;
    for (let i = from; i <= last; i++) {
      const at = this.locate(i);
      if ('offset' in at) {
        lo = Math.min(lo, at.offset);
        hi = Math.max(hi, at.offset);
        continue;
      }
      const it = at.block.items[at.item]!;
      if ('group' in it && it.group.expanded && at.sub >= it.group.rows.length) this.loadGroup(it.group);
    }
    if (hi < 0) return;
    for (let p = Math.floor(lo / PAGE); p <= Math.floor(hi / PAGE); p++) {
      const page = this.pages.get(p);
      const need = Math.min(PAGE, this.total - p * PAGE);
      // Placeholders of a block count as had: those offsets are shown by the block.
      if ((page?.length ?? 0) >= need || this.inflight.has(p)) continue;
      this.fetch(p);
    }
  }

  private fetch(p: number): void {
    const gen = this.generation;
    this.inflight.add(p);
    this.api.page(this.filter, p * PAGE, PAGE, this.lastId).then(
      (rows) => {
        this.inflight.delete(p);
        if (gen !== this.generation) return;
        const have = this.pages.get(p) ?? [];
        if (rows.length > have.length) this.pages.set(p, rows);
        if (this.pages.size > MAX_PAGES) this.evict(p);
        this.onChange();
      },
      (e: Error) => {
        this.inflight.delete(p);
        if (gen === this.generation) this.onError(e);
      },
    );
  }

  /** Drops the pages farthest from the one in use. */
  private evict(keep: number): void {
    const order = [...this.pages.keys()].sort((a, b) => Math.abs(b - keep) - Math.abs(a - keep));
    for (const p of order.slice(0, this.pages.size - MAX_PAGES)) this.pages.delete(p);
  }

  /** Line of a loaded row by id (for keeping the selection), or -1. */
  indexOfId(id: number): number {
    for (const [p, rows] of this.pages) {
      const k = rows.findIndex((r) => r !== null && r.id === id);
      if (k >= 0) return this.lineOfOffset(p * PAGE + k);
    }
    return -1;
  }

  private lineOfOffset(o: number): number {
    let extra = 0;
    for (const b of this.blocks) {
      if (b.offset > o) break;
      extra += b.lines - b.n;
    }
    return o + extra;
  }
}

function starts_(items: readonly Item[]): number[] {
  const out: number[] = [];
  let k = 0;
  for (const it of items) {
    out.push(k);
    k += 'row' in it ? 1 : it.group.lines;
  }
  return out;
}

interface RowEl {
  el: HTMLElement;
  cells: HTMLElement[];
  index: number;
  id: number;
}

const COLUMNS = ['#', 'Time', 'Phase', 'SDK / actor', 'What', 'API', 'Target', 'Thread'] as const;

export class VirtualList {
  private readonly viewport: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly rowsEl: HTMLElement;
  private pool: RowEl[] = [];
  private dirty = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastRender = 0;
  selected = -1;
  selectedId: number | null = null;
  follow = true;
  /** The scrollTop the list set itself (following new rows), until its scroll event arrives. */
  private programmaticTop: number | null = null;
  onSelect: (row: LiveRow) => void = () => undefined;
  /** A group line was opened or closed (Enter or a click). */
  onToggle: (g: GroupItem) => void = () => undefined;
  onFollowChange: (follow: boolean) => void = () => undefined;
  /** Names for actor keys, base time for relative times. */
  actorName: (key: string) => string = (k) => k;
  base: number | null = null;

  constructor(
    private readonly root: HTMLElement,
    private readonly model: EventModel,
  ) {
    root.setAttribute('role', 'grid');
    root.setAttribute('aria-readonly', 'true');
    const head = h('div', { class: 'row head', role: 'row', 'aria-rowindex': 1 }, ...COLUMNS.map((c) => h('div', { role: 'columnheader', class: 'cell' }, c)));
    this.spacer = h('div', { class: 'spacer' });
    this.rowsEl = h('div', { class: 'rows', role: 'rowgroup' });
    this.viewport = h('div', { class: 'viewport' }, this.spacer, this.rowsEl);
    // The grid itself takes the focus; the selected row is its active descendant.
    root.tabIndex = 0;
    root.setAttribute('aria-description', 'Arrow keys, Page Up/Down, Home and End move the selection; Enter shows the details');
    root.replaceChildren(h('div', { role: 'rowgroup', class: 'headgroup' }, head), this.viewport);
    this.viewport.addEventListener('scroll', () => {
      // The list's own scrolling (following new rows) was drawn by the render that did it.
      const own = this.programmaticTop !== null && Math.abs(this.viewport.scrollTop - this.programmaticTop) < 2;
      this.programmaticTop = null;
      if (own) return;
      const atBottom = this.viewport.scrollTop + this.viewport.clientHeight >= this.viewport.scrollHeight - ROW_H;
      if (atBottom !== this.follow) {
        this.follow = atBottom;
        this.onFollowChange(atBottom);
      }
      this.invalidate();
    });
    root.addEventListener('keydown', (e) => this.key(e));
    this.rowsEl.addEventListener('click', (e) => {
      const rowEl = (e.target as HTMLElement).closest<HTMLElement>('[data-index]');
      if (rowEl !== null) this.select(Number(rowEl.dataset.index), true, true);
    });
    new ResizeObserver(() => this.invalidate()).observe(this.viewport);
  }

  get visibleCount(): number {
    return Math.max(1, Math.ceil(this.viewport.clientHeight / ROW_H));
  }

  /** Redraws every row (names or the time base changed). */
  refresh(): void {
    for (const r of this.pool) r.index = -1;
    this.invalidate();
  }

  setFollow(f: boolean): void {
    this.follow = f;
    this.invalidate();
  }

  /**
   * Schedules a redraw. What the analyst does (scroll, keys, clicks) is drawn at the next frame;
   * new live rows (`live`) at most every LIVE_FRAME_MS: following a burst, every frame relaid and
   * repainted the list (and set scrollTop, a forced layout), which cost Chromium more CPU than
   * ingest itself at 10k events/s (bench/live.ts CPU split and a page profile).
   */
  invalidate(live = false): void {
    if (!live && this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
      this.dirty = false;
    }
    if (this.dirty) return;
    this.dirty = true;
    const frame = () =>
      requestAnimationFrame(() => {
        this.dirty = false;
        this.lastRender = performance.now();
        this.render();
      });
    const wait = live ? LIVE_FRAME_MS - (performance.now() - this.lastRender) : 0;
    if (wait <= 0) return void frame();
    this.timer = setTimeout(() => {
      this.timer = null;
      frame();
    }, wait);
  }

  private geometry(): { height: number; scaled: boolean } {
    const full = this.model.lines * ROW_H;
    return { height: Math.min(full, MAX_PX), scaled: full > MAX_PX };
  }

  /** First row shown for the current scroll position. */
  private firstIndex(): number {
    const { height, scaled } = this.geometry();
    const st = this.viewport.scrollTop;
    if (!scaled) return Math.floor(st / ROW_H);
    const range = Math.max(1, height - this.viewport.clientHeight);
    return Math.round((st / range) * Math.max(0, this.model.lines - this.visibleCount));
  }

  private scrollToIndex(i: number, align: 'nearest' | 'end'): void {
    const { height, scaled } = this.geometry();
    const vh = this.viewport.clientHeight;
    let top: number;
    if (!scaled) {
      const y = i * ROW_H;
      top = this.viewport.scrollTop;
      if (align === 'end' || y + ROW_H > top + vh) top = y + ROW_H - vh;
      else if (y < top) top = y;
    } else {
      const range = Math.max(1, height - vh);
      const first = align === 'end' ? i - this.visibleCount + 1 : this.firstIndex();
      const target = i < first || i >= first + this.visibleCount - 1 || align === 'end' ? Math.max(0, i - this.visibleCount + 2) : first;
      top = (target / Math.max(1, this.model.lines - this.visibleCount)) * range;
    }
    top = Math.max(0, Math.min(top, height - vh));
    if (Math.abs(top - this.viewport.scrollTop) >= 1) {
      this.viewport.scrollTop = top;
      this.programmaticTop = this.viewport.scrollTop;
    }
  }

  render(): void {
    const m = this.model;
    const { height, scaled } = this.geometry();
    this.spacer.style.height = `${height}px`;
    this.root.setAttribute('aria-rowcount', String(m.lines + 1));
    if (this.follow && m.lines > 0) this.scrollToIndex(m.lines - 1, 'end');
    const first = Math.max(0, Math.min(this.firstIndex(), Math.max(0, m.lines - 1)));
    const count = Math.min(this.visibleCount + 1, Math.max(0, m.lines - first));
    m.want(first, first + count + PAGE / 4);
    while (this.pool.length < count) this.pool.push(this.makeRow());
    while (this.pool.length > count) this.pool.pop()!.el.remove();
    const top = scaled ? this.viewport.scrollTop : first * ROW_H;
    this.rowsEl.style.transform = `translateY(${top}px)`;
    for (let k = 0; k < count; k++) this.fill(this.pool[k]!, first + k);
    if (this.selectedId !== null && this.selected < 0) {
      const i = m.indexOfId(this.selectedId);
      if (i >= 0) this.selected = i;
    }
    const active = this.pool.find((r) => r.index === this.selected);
    if (active !== undefined) this.root.setAttribute('aria-activedescendant', active.el.id);
    else this.root.removeAttribute('aria-activedescendant');
  }

  private makeRow(): RowEl {
    const cells = COLUMNS.map(() => h('div', { role: 'gridcell', class: 'cell' }));
    const el = h('div', { class: 'row', role: 'row' }, ...cells);
    this.rowsEl.appendChild(el);
    return { el, cells, index: -1, id: -1 };
  }

  private fill(r: RowEl, i: number): void {
    const line = this.model.lineAt(i);
    const row = line !== undefined && 'row' in line ? line.row : undefined;
    const group = line !== undefined && 'group' in line ? line.group : undefined;
    // A group line is redrawn every time (its expansion and loading state change in place).
    const id = row?.id ?? (group !== undefined ? -2 : -1);
    r.el.id = `ev-row-${i}`;
    r.el.dataset.index = String(i);
    r.el.setAttribute('aria-rowindex', String(i + 2));
    const sel = i === this.selected;
    r.el.classList.toggle('selected', sel);
    r.el.setAttribute('aria-selected', String(sel));
    if (r.index === i && r.id === id && id !== -2) return;
    r.index = i;
    r.id = id;
    r.el.removeAttribute('aria-expanded');
    delete r.el.dataset.group;
    if (group !== undefined) return this.fillGroup(r, group, sel);
    if (row === undefined) {
      r.el.dataset.id = '';
      r.el.className = `row loading${sel ? ' selected' : ''}`;
      r.cells.forEach((c, k) => (c.textContent = k === 0 ? '…' : ''));
      return;
    }
    r.el.dataset.id = String(row.id);
    r.el.className = `row ph-${row.phase ?? 'none'}${row.source === 'host' ? ' host' : ''}${line !== undefined && 'inGroup' in line && line.inGroup ? ' in-group' : ''}${sel ? ' selected' : ''}`;
    const what = row.dataType ?? row.kind;
    const values = [
      String(row.id),
      relTime(row.t, this.base),
      row.phase ?? '',
      this.actorName(row.actor),
      what,
      shortApi(row.api),
      row.target ?? '',
      row.thread ?? '',
    ];
    values.forEach((v, k) => {
      const c = r.cells[k]!;
      c.textContent = shown(v, 200);
    });
    r.cells[3]!.title = row.actor;
    r.cells[5]!.title = shown(row.api, 1000);
    r.cells[6]!.title = shown(row.target, 1000);
    r.cells[4]!.className = `cell kind-${row.kind}`;
  }

  /** A coalesced group: how many events of which key, over which ids; Enter or a click opens it. */
  private fillGroup(r: RowEl, g: GroupItem, sel: boolean): void {
    const k = g.group.key;
    r.el.dataset.id = '';
    r.el.dataset.group = `${g.group.first}-${g.group.last}`;
    r.el.className = `row group ph-${k?.phase ?? 'none'}${sel ? ' selected' : ''}`;
    r.el.setAttribute('aria-expanded', String(g.expanded));
    const n = g.group.count.toLocaleString('en-US');
    const state = g.expanded ? (g.done ? `${g.rows.length.toLocaleString('en-US')} shown` : 'loading…') : 'collapsed: Enter or click to show';
    const values =
      k === null
        ? [`${g.expanded ? '▾' : '▸'} ${n}`, relTime(g.group.t0, this.base), '', 'every actor', `${n} events`, '', `#${g.group.first}–#${g.group.last} (${state})`, '']
        : [`${g.expanded ? '▾' : '▸'} ${n}`, relTime(g.group.t0, this.base), k.phase ?? '', this.actorName(k.actor), `${n} × ${k.dataType ?? k.kind}`, shortApi(k.api), `#${g.group.first}–#${g.group.last} (${state})`, ''];
    values.forEach((v, j) => {
      r.cells[j]!.textContent = shown(v, 200);
    });
    r.cells[3]!.title = k?.actor ?? 'events of every actor (the page fell far behind)';
    r.cells[5]!.title = shown(k?.api ?? null, 1000);
    r.cells[6]!.title = `${n} events coalesced while the page was over its budget`;
    r.cells[4]!.className = `cell kind-${k?.kind ?? 'group'}`;
  }

  /** Selects line i; `open` shows a row's details, `toggle` also opens or closes a group (a click). */
  select(i: number, open: boolean, toggle = false): void {
    if (i < 0 || i >= this.model.lines) return;
    this.selected = i;
    const line = this.model.lineAt(i);
    const row = line !== undefined && 'row' in line ? line.row : undefined;
    this.selectedId = row?.id ?? null;
    if (i < this.model.lines - 1 && this.follow) {
      this.follow = false;
      this.onFollowChange(false);
    }
    this.scrollToIndex(i, 'nearest');
    this.invalidate();
    if (open && row !== undefined) this.onSelect(row);
    if (toggle && line !== undefined && 'group' in line) this.onToggle(line.group);
  }

  /** Forgets the selection (filter change). */
  clearSelection(): void {
    this.selected = -1;
    this.selectedId = null;
  }

  focus(): void {
    this.root.focus();
  }

  private key(e: KeyboardEvent): void {
    const n = this.model.lines;
    if (n === 0) return;
    const cur = this.selected < 0 ? this.firstIndex() - 1 : this.selected;
    let next: number | null = null;
    switch (e.key) {
      case 'ArrowDown':
        next = cur + 1;
        break;
      case 'ArrowUp':
        next = cur - 1;
        break;
      case 'PageDown':
        next = cur + this.visibleCount - 1;
        break;
      case 'PageUp':
        next = cur - this.visibleCount + 1;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = n - 1;
        break;
      case 'Enter':
      case ' ': {
        const line = this.model.lineAt(this.selected);
        if (line !== undefined && 'row' in line) this.onSelect(line.row);
        if (line !== undefined && 'group' in line) this.onToggle(line.group);
        e.preventDefault();
        return;
      }
      default:
        return;
    }
    e.preventDefault();
    this.select(Math.max(0, Math.min(n - 1, next)), true);
  }
}
