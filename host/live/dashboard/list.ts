// The event list: a model of "the matching events, by offset" backed by the server (counts and
// pages under the current filter) and extended by the live stream, and a virtualised grid that
// renders only the rows in view. Offsets are stable: events only ever append, in id order.
import type { Filter, LiveRow } from '../protocol.js';
import { matches } from '../rows.js';
import { h, relTime, shortApi, shown } from './dom.js';

export const PAGE = 200;
const ROW_H = 24;
/** Tallest scroll area used; longer lists map scroll position to rows proportionally. */
const MAX_PX = 8_000_000;
const MAX_PAGES = 400;

export interface Api {
  count(filter: Filter, upTo: number): Promise<number>;
  page(filter: Filter, offset: number, limit: number, upTo: number): Promise<LiveRow[]>;
}

export class EventModel {
  filter: Filter = {};
  /** Matching events known (ids up to lastId). */
  total = 0;
  /** Highest event id of the stream taken into account. */
  lastId = 0;
  /** Whether `total` is known (a count is under way otherwise). */
  ready = false;
  private pages = new Map<number, LiveRow[]>();
  private inflight = new Set<number>();
  private generation = 0;
  private buffered: LiveRow[] = [];
  onChange: () => void = () => undefined;
  onError: (e: Error) => void = () => undefined;

  constructor(private readonly api: Api) {}

  /** The stream restarts after `head` (hello or resync): count what matches up to it. */
  restart(head: number, dropPages: boolean): void {
    this.lastId = head;
    if (dropPages) {
      this.pages.clear();
      this.total = 0;
    }
    this.buffered = this.buffered.filter((r) => r.id > head);
    this.recount();
  }

  setFilter(f: Filter): void {
    this.filter = f;
    this.pages.clear();
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
        for (const r of live) if (r.id > upTo) this.append(r);
        this.onChange();
      },
      (e: Error) => {
        if (gen !== this.generation) return;
        this.onError(e);
        setTimeout(() => gen === this.generation && this.recount(), 2000);
      },
    );
  }

  /** Live rows, in id order. */
  live(rows: readonly LiveRow[]): void {
    let changed = false;
    for (const r of rows) {
      if (r.id <= this.lastId) continue;
      this.lastId = r.id;
      if (!this.ready) {
        this.buffered.push(r);
        continue;
      }
      if (this.append(r)) changed = true;
    }
    if (changed) this.onChange();
  }

  private append(r: LiveRow): boolean {
    if (!matches(r, this.filter)) return false;
    const i = this.total++;
    const p = Math.floor(i / PAGE);
    const page = this.pages.get(p) ?? (i % PAGE === 0 ? [] : undefined);
    // Only a contiguous prefix of a page is kept; anything else is fetched when shown.
    if (page !== undefined && page.length === i % PAGE) {
      page.push(r);
      this.pages.set(p, page);
    }
    return true;
  }

  rowAt(i: number): LiveRow | undefined {
    return this.pages.get(Math.floor(i / PAGE))?.[i % PAGE];
  }

  /** Makes sure the rows [from, to) are loaded or being loaded. */
  want(from: number, to: number): void {
    if (!this.ready) return;
    const last = Math.min(to, this.total) - 1;
    for (let p = Math.floor(from / PAGE); p <= Math.floor(last / PAGE); p++) {
      const have = this.pages.get(p)?.length ?? 0;
      const need = Math.min(PAGE, this.total - p * PAGE);
      if (have >= need || this.inflight.has(p)) continue;
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

  /** Offset of a loaded row by id (for keeping the selection), or -1. */
  indexOfId(id: number): number {
    for (const [p, rows] of this.pages) {
      const k = rows.findIndex((r) => r.id === id);
      if (k >= 0) return p * PAGE + k;
    }
    return -1;
  }
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
  selected = -1;
  selectedId: number | null = null;
  follow = true;
  private programmaticScroll = false;
  onSelect: (row: LiveRow) => void = () => undefined;
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
      if (!this.programmaticScroll) {
        const atBottom = this.viewport.scrollTop + this.viewport.clientHeight >= this.viewport.scrollHeight - ROW_H;
        if (atBottom !== this.follow) {
          this.follow = atBottom;
          this.onFollowChange(atBottom);
        }
      }
      this.programmaticScroll = false;
      this.invalidate();
    });
    root.addEventListener('keydown', (e) => this.key(e));
    this.rowsEl.addEventListener('click', (e) => {
      const rowEl = (e.target as HTMLElement).closest<HTMLElement>('[data-index]');
      if (rowEl !== null) this.select(Number(rowEl.dataset.index), true);
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

  invalidate(): void {
    if (this.dirty) return;
    this.dirty = true;
    requestAnimationFrame(() => {
      this.dirty = false;
      this.render();
    });
  }

  private geometry(): { height: number; scaled: boolean } {
    const full = this.model.total * ROW_H;
    return { height: Math.min(full, MAX_PX), scaled: full > MAX_PX };
  }

  /** First row shown for the current scroll position. */
  private firstIndex(): number {
    const { height, scaled } = this.geometry();
    const st = this.viewport.scrollTop;
    if (!scaled) return Math.floor(st / ROW_H);
    const range = Math.max(1, height - this.viewport.clientHeight);
    return Math.round((st / range) * Math.max(0, this.model.total - this.visibleCount));
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
      top = (target / Math.max(1, this.model.total - this.visibleCount)) * range;
    }
    top = Math.max(0, Math.min(top, height - vh));
    if (Math.abs(top - this.viewport.scrollTop) >= 1) {
      this.programmaticScroll = true;
      this.viewport.scrollTop = top;
    }
  }

  render(): void {
    const m = this.model;
    const { height, scaled } = this.geometry();
    this.spacer.style.height = `${height}px`;
    this.root.setAttribute('aria-rowcount', String(m.total + 1));
    if (this.follow && m.total > 0) this.scrollToIndex(m.total - 1, 'end');
    const first = Math.max(0, Math.min(this.firstIndex(), Math.max(0, m.total - 1)));
    const count = Math.min(this.visibleCount + 1, Math.max(0, m.total - first));
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
    const row = this.model.rowAt(i);
    const id = row?.id ?? -1;
    r.el.id = `ev-row-${i}`;
    r.el.dataset.index = String(i);
    r.el.setAttribute('aria-rowindex', String(i + 2));
    const sel = i === this.selected;
    r.el.classList.toggle('selected', sel);
    r.el.setAttribute('aria-selected', String(sel));
    if (r.index === i && r.id === id) return;
    r.index = i;
    r.id = id;
    if (row === undefined) {
      r.el.dataset.id = '';
      r.el.className = `row loading${sel ? ' selected' : ''}`;
      r.cells.forEach((c, k) => (c.textContent = k === 0 ? '…' : ''));
      return;
    }
    r.el.dataset.id = String(row.id);
    r.el.className = `row ph-${row.phase ?? 'none'}${row.source === 'host' ? ' host' : ''}${sel ? ' selected' : ''}`;
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

  select(i: number, open: boolean): void {
    if (i < 0 || i >= this.model.total) return;
    this.selected = i;
    const row = this.model.rowAt(i);
    this.selectedId = row?.id ?? null;
    if (i < this.model.total - 1 && this.follow) {
      this.follow = false;
      this.onFollowChange(false);
    }
    this.scrollToIndex(i, 'nearest');
    this.invalidate();
    if (open && row !== undefined) this.onSelect(row);
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
    const n = this.model.total;
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
        const row = this.model.rowAt(this.selected);
        if (row !== undefined) this.onSelect(row);
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
