// Per-thread "a Java hook is reporting these bytes" marker, shared by the Java installer (specs with
// `netScope`) and the native socket hooks, so one send is one event.
export class NetScope {
  private readonly depth = new Map<number, number>();

  enter(tid: number): void {
    this.depth.set(tid, (this.depth.get(tid) ?? 0) + 1);
  }

  exit(tid: number): void {
    const n = (this.depth.get(tid) ?? 1) - 1;
    if (n <= 0) this.depth.delete(tid);
    else this.depth.set(tid, n);
  }

  active(tid: number): boolean {
    return this.depth.has(tid);
  }
}
