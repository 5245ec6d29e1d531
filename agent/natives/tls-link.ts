// Links the TLS records a socket carries to the SSL_write calls that produced them, for TLS stacks
// that encrypt into memory instead of into a socket: Conscrypt's engine socket (the platform
// default from Android 11), where SSL_get_fd answers -1 and the ciphertext leaves afterwards, on the
// same thread, through java.net.SocketOutputStream.write (ConscryptEngineSocket.SSLOutputStream.
// writeInternal: engine.wrap() -> SSL_write into the memory BIO -> socketOutputStream.write()).
//
// The SSL_write is the send (it has the plaintext and the SNI host); the record is the same bytes
// encrypted and must not become a second send. So the SSL_write event is remembered per thread,
// and the next application_data record written on that thread is reported as op 'tls-record'
// carrying `recordOf` (the seq of each SSL_write it carries) and the socket's address: the host
// joins the two (reports/flows.ts) to give the SSL_write its real ip and port.

/** SSL_write events waiting for their record, per thread (bounded: a thread writes one at a time). */
const MAX_PENDING = 16;
/** A record written later than this after the SSL_write is not taken as its record. */
const MAX_AGE_MS = 5_000;

interface Pending {
  seqs: number[];
  t: number;
}

export class TlsLink {
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly now: () => number) {}

  /** An SSL_write on an SSL* without fd was reported as event `seq` on thread `tid`. */
  wrote(tid: number, seq: number): void {
    const t = this.now();
    const p = this.pending.get(tid);
    if (p !== undefined && t - p.t <= MAX_AGE_MS) {
      if (p.seqs.length < MAX_PENDING) p.seqs.push(seq);
      p.t = t;
      return;
    }
    if (this.pending.size >= 256) this.pending.clear();
    this.pending.set(tid, { seqs: [seq], t });
  }

  /**
   * A socket write on thread `tid` whose first bytes are `head`: the seqs of the SSL_writes it
   * carries when it is an application_data record (content type 23) written after them, else null.
   * Taking them clears them: each SSL_write is linked to the record that follows it.
   */
  take(tid: number, head: ArrayLike<number> | null): number[] | null {
    const p = this.pending.get(tid);
    if (p === undefined) return null;
    if (head === null || head.length < 5 || (head[0]! & 0xff) !== 0x17 || (head[1]! & 0xff) !== 3) return null;
    this.pending.delete(tid);
    if (this.now() - p.t > MAX_AGE_MS) return null;
    return p.seqs;
  }
}
