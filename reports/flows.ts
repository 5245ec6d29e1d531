// Personal information leaving the device: the values hooks saw (event detail.values and string
// return values) searched in every network event's URL and payload sample of the run. Results are
// aggregated per (sender, destination, transport, data type, encoding), so their size depends on
// how many distinct flows there are, not on how many requests were made.
import type { Db } from '../store/db.js';
import { H2Samples } from './h2/samples.js';
import { encodedForms, isSearchable, PayloadSearch, type CoordinatePair, type Needle, type PiValue } from './payload.js';
import { TransformTracer, type EncryptedFlow, type TransformRow } from './transforms.js';
import { netEventRows, piValueRows, type NetEventRow } from './events.js';

export interface Flow {
  /** Who sent it (the network event's actor). */
  actor: string;
  chain: string[];
  host: string | null;
  ip: string | null;
  port: number | null;
  /**
   * How the destination was known: the event itself, the HTTP Host header, the URL, a DNS answer
   * for the IP, the TLS record that carried it (engine sockets: address of the socket that wrote
   * the SSL_write's ciphertext), or, inferred only, the connection made before on the same thread.
   */
  destinationFrom: Destination['from'];
  proto: string;
  tls: boolean;
  layer: string;
  dataType: string;
  encoding: string;
  where: string;
  count: number;
  firstT: number;
  lastT: number;
  /** Network event ids (first few). */
  netEventIds: number[];
  /** The value as the hook saw it, the event that saw it and who read it. */
  value: string;
  piEventId: number;
  /** Who read the value: the sender when it read it itself, else the first reader. */
  readBy: string;
  readers: string[];
  url: string | null;
  excerpt: string;
}

/** One network event as scanNetwork reads it (reports/events.ts netEventRows). */
type NetRow = NetEventRow;

export interface Destination {
  host: string | null;
  ip: string | null;
  port: number | null;
  from: 'event' | 'http-host' | 'url' | 'dns' | 'tls-record' | 'thread' | 'none';
  /** True when nothing recorded names this destination and it is a guess (from 'thread'). */
  inferred?: boolean;
}

/** Address of the socket that carried an SSL_write's record (engine sockets), by pid and seq. */
export interface RecordAddress {
  host: string | null;
  ip: string | null;
  port: number | null;
}

/** How long a connection on a thread stays the destination of that thread's later writes. */
const THREAD_DEST_MS = 10_000;

function urlHost(url: string | null): { host: string; port: number | null } | null {
  if (url === null) return null;
  const m = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)(?::(\d+))?/i.exec(url);
  if (m === null || m[2] === '') return null;
  const scheme = m[1]!.toLowerCase();
  const port = m[3] !== undefined ? Number(m[3]) : scheme === 'https' || scheme === 'wss' ? 443 : scheme === 'http' || scheme === 'ws' ? 80 : null;
  return { host: m[2]!.replace(/^\[|\]$/g, '').toLowerCase(), port };
}

/** The Host header of an HTTP request at the start of a text sample. */
function httpHost(sample: string | null, enc: string | null): string | null {
  if (sample === null || enc === 'base64') return null;
  const head = sample.slice(0, 8192);
  if (!/^[A-Z]+ \S+ HTTP\/1\.[01]\r?\n/.test(head)) return null;
  const m = /\r?\nHost:[ \t]*([^\r\n:]+)/i.exec(head);
  return m === null ? null : m[1]!.trim().toLowerCase();
}

export function resolveDestination(
  r: Pick<NetRow, 'host' | 'ip' | 'port' | 'url' | 'sample' | 'enc' | 't'> & { hostFrom?: string | null },
  dns: ReadonlyMap<string, string>,
  prev?: { host: string | null; ip: string | null; port: number | null; t: number },
  record?: RecordAddress,
): Destination {
  const fromUrl = urlHost(r.url);
  // An SSL_write without fd: the socket that wrote its record knows the address (a real answer,
  // so the thread's last connection is never consulted); the SNI host stays the name.
  if (record !== undefined && r.ip === null) {
    const ip = record.ip;
    const host = r.host ?? record.host ?? (ip !== null ? (dns.get(ip) ?? null) : null);
    return { host, ip, port: r.port ?? record.port, from: r.host !== null ? 'event' : 'tls-record' };
  }
  if (r.host !== null) return { host: r.host, ip: r.ip, port: r.port ?? fromUrl?.port ?? null, from: r.hostFrom === 'getaddrinfo' ? 'dns' : 'event' };
  const hh = httpHost(r.sample, r.enc);
  if (hh !== null) return { host: hh, ip: r.ip, port: r.port ?? prev?.port ?? null, from: 'http-host' };
  if (fromUrl !== null) return { host: fromUrl.host, ip: r.ip, port: r.port ?? fromUrl.port, from: 'url' };
  if (r.ip !== null) {
    const h = dns.get(r.ip) ?? null;
    return { host: h, ip: r.ip, port: r.port, from: h !== null ? 'dns' : 'event' };
  }
  if (prev !== undefined && r.t - prev.t <= THREAD_DEST_MS) return { host: prev.host, ip: prev.ip, port: r.port ?? prev.port, from: 'thread', inferred: true };
  return { host: null, ip: null, port: r.port, from: 'none' };
}

/** Traffic to one destination (host, or IP when no name is known; and port). */
export interface DestinationSummary {
  host: string | null;
  ip: string | null;
  port: number | null;
  /** How the name was known (see Destination.from). */
  hostFrom: Destination['from'];
  /** Whether the data sent there went over TLS: true all, false none, null mixed or nothing sent. */
  tls: boolean | null;
  protos: string[];
  actors: string[];
  domainSdk: string | null;
  events: number;
  sends: number;
  bytes: number;
  firstT: number;
  lastT: number;
}

export interface FlowScan {
  values: number;
  needles: number;
  eventsScanned: number;
  flows: Flow[];
  destinations: DestinationSummary[];
  /** Values followed through gzip/cipher/Base64 steps into sends (reports/transforms.ts). */
  encryptedFlows: EncryptedFlow[];
}

const SEND_OPS = new Set(['send', 'request']);

const MAX_VALUES = 5000;
const MAX_IDS = 5;

/** Distinct PI values of a run (bounded), with the first event that saw each. */
export function piValues(db: Db, runId: number, appPackage: string | null, table: string, progress?: () => void): PiValue[] {
  // The first MAX_VALUES * 4 distinct (data type, value, reader) triples by the first event that
  // saw each: events come in id order, so a triple's first sighting is its least event id, and
  // once that many are known no later event can add one before them.
  const rows: { dt: string; v: string; actor: string; eventId: number }[] = [];
  const seen = new Set<string>();
  scan: for (const e of piValueRows(db, runId, table)) {
    progress?.();
    for (const v of e.values) {
      const k = `${e.dataType}\u0000${v}\u0000${e.actor}`;
      if (seen.has(k)) continue;
      if (rows.length >= MAX_VALUES * 4) break scan;
      seen.add(k);
      rows.push({ dt: e.dataType, v, actor: e.actor, eventId: e.id });
    }
  }
  const byValue = new Map<string, PiValue>();
  for (const r of rows) {
    if (typeof r.v !== 'string' || !isSearchable(r.v)) continue;
    // The app's own package name is in most payloads and says nothing about the user.
    if (appPackage !== null && r.v === appPackage) continue;
    const key = `${r.dt}\u0000${r.v}`;
    let pv = byValue.get(key);
    if (pv === undefined) {
      if (byValue.size >= MAX_VALUES) continue;
      // Rows come in event order: the first is the first read of the value.
      byValue.set(key, (pv = { value: r.v, dataType: r.dt, eventId: r.eventId, actor: r.actor, readers: [], readerEvents: {} }));
    }
    if (!pv.readers.includes(r.actor)) {
      pv.readers.push(r.actor);
      pv.readerEvents[r.actor] = r.eventId;
    }
  }
  return [...byValue.values()];
}

/**
 * Location fixes of a run as (latitude, longitude) pairs, each with the PiValue of its latitude
 * (agent/extract/location.ts records a fix as values [lat, lng]). Bounded like the values.
 */
export function locationPairs(db: Db, values: readonly PiValue[], table: string): CoordinatePair<PiValue>[] {
  const byValue = new Map<string, PiValue>();
  for (const v of values) if (v.dataType === 'location') byValue.set(v.value, v);
  if (byValue.size === 0) return [];
  const out = new Map<string, CoordinatePair<PiValue>>();
  for (const r of db
    .prepare(
      `SELECT json_extract(e.detail, '$.values[0]') AS lat, json_extract(e.detail, '$.values[1]') AS lng FROM ${table} p JOIN events e ON e.id = p.id
       WHERE p.kind = 'pi' AND p.data_type = 'location' AND json_type(e.detail, '$.values[1]') = 'text' GROUP BY lat, lng LIMIT ${MAX_VALUES}`,
    )
    .all() as { lat: string; lng: string }[]) {
    const lat = Number(r.lat);
    const lng = Number(r.lng);
    const v = byValue.get(r.lat);
    if (v === undefined || !Number.isFinite(lat) || !Number.isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180) continue;
    const w = byValue.get(r.lng);
    out.set(`${r.lat},${r.lng}`, { lat, lng, value: v, covers: w === undefined ? [v] : [v, w] });
  }
  return [...out.values()];
}

/** The kinds of event the scan reads from `table`: what a table built for it must hold (analysis/actor-table.ts). */
export const SCANNED_KINDS = ['pi', 'net', 'transform'] as const;

/**
 * `table`: the analysis table (reports/model.ts), or a table of the same columns for the kinds
 * in SCANNED_KINDS (analysis/actor-table.ts, on the scan thread's own connection: reports/
 * scan-thread.ts). `recordCandidates`: ids of the run's network events whose detail contains
 * 'tls-record' (RunAggregates.tlsRecordCandidates, found by the pass), a superset of its TLS
 * records. `progress`, when given, is called for every row the scan reads (a thread's heartbeat).
 */
export function scanNetwork(db: Db, runId: number, appPackage: string | null, table: string, recordCandidates: readonly number[], progress?: () => void): FlowScan {
  const values = piValues(db, runId, appPackage, table, progress);
  const needles: Needle<PiValue>[] = [];
  // Written out, not spread ({ ...f, value: v }): V8 gave each spread copy a hidden class of its
  // own, and the 48,000 needles of a 1M-event run (they live through the whole scan) held 10 MB of
  // hidden classes and 2 MB of out-of-object property arrays, a third of the scan thread's live heap
  // (docs/benchmarks.md "Peak RSS at 1M, second pass"). A literal of four fields shares one.
  for (const v of values) for (const f of encodedForms(v.value, v.dataType)) needles.push({ text: f.text, encoding: f.encoding, caseSensitive: f.caseSensitive, value: v });
  const pairs = locationPairs(db, values, table);
  const result: FlowScan = { values: values.length, needles: needles.length + pairs.length, eventsScanned: 0, flows: [], destinations: [], encryptedFlows: [] };
  const search = needles.length > 0 || pairs.length > 0 ? new PayloadSearch(needles, pairs) : null;
  const dests = new Map<string, DestinationSummary & { tlsSends: number; plainSends: number }>();
  /** Host name -> key of the first destination seen with that name and a port. */
  const portOfHost = new Map<string, string>();
  const flows = new Map<string, Flow>();
  // All network events in time order: DNS answers and connections resolve the destination of
  // sends whose hook only saw bytes (a socket write knows no address; SSL_write only the IP).
  const dns = new Map<string, string>();
  const lastDest = new Map<string, { host: string | null; ip: string | null; port: number | null; t: number }>();
  // TLS records of engine sockets name the SSL_write events (by seq) whose ciphertext they carried.
  const records = new Map<string, RecordAddress>();
  const h2s = new H2Samples();
  // Transform steps (cipher, gzip, Base64) in time order, for values that reach a send hidden.
  const tracer = search === null ? null : new TransformTracer(search);
  const hidden = new Map<string, EncryptedFlow>();
  if (tracer !== null) {
    const trows = db
      .prepare(
        `SELECT e.id, e.t, e.pid, p.actor AS actor, json_extract(e.detail, '$.op') AS op, json_extract(e.detail, '$.algorithm') AS algorithm,
                json_extract(e.detail, '$.mode') AS mode, json_extract(e.detail, '$.keyBits') AS keyBits, json_extract(e.detail, '$.obj') AS obj,
                json_extract(e.detail, '$.in') AS inS, json_extract(e.detail, '$.inEncoding') AS inEnc,
                json_extract(e.detail, '$.out') AS outS, json_extract(e.detail, '$.outEncoding') AS outEnc
         FROM ${table} p JOIN events e ON e.id = p.id WHERE p.kind = 'transform' AND e.detail IS NOT NULL ORDER BY p.t, p.id`,
      )
      .iterate() as Iterable<TransformRow>;
    for (const tr of trows) {
      progress?.();
      tracer.add(tr);
    }
  }
  // The records' addresses, before the scan reaches the SSL_writes they name. The pass already
  // found the candidates (instr over each network event's detail as it read the run's pages), so
  // only those rows are read here, not the detail of every network event a second time (0.7 CPU s
  // at 1M events, 98 MB of details). The order is the one the whole-run query had (SQLite walked
  // the analysis table's (kind, data_type, actor, t) index), so a seq named by two records keeps
  // the same (last) address.
  const recRows =
    recordCandidates.length === 0
      ? []
      : (db
          .prepare(
            `SELECT e.pid AS pid, j.value AS seq, json_extract(e.detail, '$.host') AS host, json_extract(e.detail, '$.ip') AS ip, json_extract(e.detail, '$.port') AS port
             FROM ${table} p JOIN events e ON e.id = p.id, json_each(e.detail, '$.recordOf') j
             WHERE p.id IN (SELECT value FROM json_each(?)) AND p.kind = 'net' AND json_extract(e.detail, '$.op') = 'tls-record'
             ORDER BY p.data_type, p.actor, p.t, p.id, j.id`,
          )
          .all(JSON.stringify(recordCandidates)) as { pid: number | null; seq: number; host: string | null; ip: string | null; port: number | null }[]);
  for (const r of recRows) records.set(`${r.pid}:${r.seq}`, { host: r.host, ip: r.ip, port: r.port });
  const rows: Iterable<NetRow> = netEventRows(db, table, search !== null);
  for (const r of rows) {
    progress?.();
    const thread = `${r.pid}:${r.tid}`;
    if (r.op === 'dns' && r.host !== null) {
      for (const ip of [r.ip, ...(r.ips !== null ? (JSON.parse(r.ips) as string[]) : [])]) if (ip !== null) dns.set(ip, r.host);
      continue;
    }
    // A record is the same bytes as its SSL_write, already counted there: not traffic of its own.
    if (r.op === 'tls-record') continue;
    const dest = resolveDestination(r, dns, lastDest.get(thread), r.seq === null ? undefined : records.get(`${r.pid}:${r.seq}`));
    if (r.op === 'connect' || r.op === 'open' || r.op === 'request') {
      if (dest.host !== null || dest.ip !== null) lastDest.set(thread, { host: dest.host, ip: dest.ip, port: dest.port, t: r.t });
    }
    // Destination summary (DNS lookups are not traffic and are left out).
    const send = SEND_OPS.has(r.op ?? 'send');
    // A name without address or port (an engine-socket SSL_read knows only its SNI) joins the
    // destination already seen with that name, rather than standing as a second one.
    const named = dest.host !== null && dest.ip === null && dest.port === null ? portOfHost.get(dest.host) : undefined;
    const key = named ?? `${dest.host ?? dest.ip ?? '?'}\u0000${dest.port ?? ''}`;
    if (dest.host !== null && dest.port !== null && !portOfHost.has(dest.host)) portOfHost.set(dest.host, key);
    let d = dests.get(key);
    if (d === undefined) {
      d = { host: dest.host, ip: dest.ip, port: dest.port, hostFrom: dest.host !== null ? dest.from : 'none', tls: null, protos: [], actors: [], domainSdk: r.domainSdk, events: 0, sends: 0, bytes: 0, firstT: r.t, lastT: r.t, tlsSends: 0, plainSends: 0 };
      dests.set(key, d);
    }
    d.events++;
    d.lastT = r.t;
    d.ip ??= dest.ip;
    d.domainSdk ??= r.domainSdk;
    if (r.proto !== null && !d.protos.includes(r.proto)) d.protos.push(r.proto);
    if (!d.actors.includes(r.actor)) d.actors.push(r.actor);
    if (send) {
      d.sends++;
      d.bytes += r.bytes ?? 0;
      if (r.tls === 1) d.tlsSends++;
      else d.plainSends++;
    }
    // HTTP/2 writes (plaintext seen by SSL_write): decoded, matched as an HTTP/1-style text.
    const h2 = r.tls === 1 && r.sample !== null && send ? h2s.view(`${r.pid}|${r.fd ?? `t${r.tid}|${dest.host ?? dest.ip ?? ''}|${dest.port ?? ''}`}`, r.sample, r.enc) : null;
    if (h2 !== null) {
      if (!d.protos.includes('h2')) d.protos.push('h2');
      if (r.url === null && h2.url !== null) r.url = h2.url;
      r.sample = h2.sample;
      r.enc = h2.sampleEncoding;
      r.proto = 'h2';
    }
    if (search === null || (r.sample === null && r.url === null)) continue;
    result.eventsScanned++;
    if (tracer !== null && send) {
      for (const c of tracer.chainsIn(r.pid, r.t, r.sample, r.enc)) {
        const v = c.source.value;
        const steps = tracer.steps(c);
        // One entry per sender, value, steps and destination; later sends count.
        const hkey = [r.actor, v.dataType, v.value, steps.map((s) => s.label).join('>'), dest.host ?? dest.ip ?? '', dest.port ?? ''].join('\u0000');
        const had = hidden.get(hkey);
        if (had !== undefined) {
          had.count++;
          continue;
        }
        if (hidden.size >= MAX_VALUES) break;
        const entry: EncryptedFlow = {
          actor: r.actor,
          dataType: v.dataType,
          value: v.value,
          readEventId: v.readers.includes(r.actor) ? v.readerEvents[r.actor]! : v.eventId,
          readBy: v.readers.includes(r.actor) ? r.actor : v.actor,
          steps,
          sendEventId: r.id,
          host: dest.host,
          ip: dest.ip,
          port: dest.port,
          proto: r.proto ?? 'unknown',
          tls: r.tls === 1,
          appEncrypted: steps.some((s) => s.op === 'cipher'),
          hashed: steps.find((s) => s.op === 'digest' || s.op === 'mac')?.algorithm ?? null,
          url: r.url,
          foundAs: c.foundAs,
          count: 1,
        };
        hidden.set(hkey, entry);
        result.encryptedFlows.push(entry);
      }
    }
    const hits = search.find(r.url, r.sample, r.enc);
    for (const h of hits) {
      const v = h.needle.value;
      const tls = r.tls === 1;
      const key = [r.actor, dest.host ?? '', dest.ip ?? '', dest.port ?? '', tls ? 1 : 0, r.proto === 'h2' ? 'h2' : '', v.dataType, h.encoding, h.where].join('\u0000');
      let f = flows.get(key);
      if (f === undefined) {
        f = {
          actor: r.actor,
          chain: r.chain !== null ? (JSON.parse(r.chain) as string[]) : [],
          host: dest.host,
          ip: dest.ip,
          port: dest.port,
          destinationFrom: dest.from,
          proto: r.proto ?? 'unknown',
          tls,
          layer: r.layer ?? 'unknown',
          dataType: v.dataType,
          encoding: h.encoding,
          where: h.where,
          count: 0,
          firstT: r.t,
          lastT: r.t,
          netEventIds: [],
          value: v.value,
          piEventId: v.readers.includes(r.actor) ? v.readerEvents[r.actor]! : v.eventId,
          readBy: v.readers.includes(r.actor) ? r.actor : v.actor,
          readers: v.readers,
          url: r.url,
          excerpt: h.excerpt,
        };
        flows.set(key, f);
      }
      f.count++;
      f.lastT = r.t;
      if (f.netEventIds.length < MAX_IDS && !f.netEventIds.includes(r.id)) f.netEventIds.push(r.id);
    }
  }
  result.flows = [...flows.values()].sort((a, b) => a.firstT - b.firstT);
  result.destinations = [...dests.values()]
    .map(({ tlsSends, plainSends, ...d }) => ({ ...d, tls: tlsSends > 0 && plainSends === 0 ? true : plainSends > 0 && tlsSends === 0 ? false : null }))
    .sort((a, b) => b.events - a.events);
  return result;
}
