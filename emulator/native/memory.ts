// A process's memory, as far as the agent reads it: buffers handed to native functions
// (sockaddr structs, send buffers) live here at stable addresses; reading anything else faults
// like a bad pointer does under Gum ("access violation accessing 0x...").

export class MemoryFault extends Error {
  constructor(readonly address: number) {
    super(`access violation accessing 0x${address.toString(16)}`);
  }
}

interface Region {
  base: number;
  bytes: Uint8Array;
}

export class ProcessMemory {
  private readonly regions: Region[] = [];
  private next: number;

  constructor(heapBase = 0x7b_4000_0000) {
    this.next = heapBase;
  }

  /** Allocates a region holding `bytes` (or `size` zero bytes); 16-byte aligned. */
  alloc(init: Uint8Array | number): number {
    const bytes = typeof init === 'number' ? new Uint8Array(init) : Uint8Array.from(init);
    const base = this.next;
    this.next += Math.max(16, Math.ceil((bytes.length + 1) / 16) * 16) + 16;
    this.regions.push({ base, bytes });
    return base;
  }

  free(base: number): void {
    const i = this.regions.findIndex((r) => r.base === base);
    if (i >= 0) this.regions.splice(i, 1);
  }

  private region(addr: number, len: number): Region {
    for (let i = this.regions.length - 1; i >= 0; i--) {
      const r = this.regions[i]!;
      if (addr >= r.base && addr + len <= r.base + r.bytes.length) return r;
    }
    throw new MemoryFault(addr);
  }

  read(addr: number, len: number): Uint8Array {
    if (len === 0) return new Uint8Array(0);
    const r = this.region(addr, len);
    return r.bytes.slice(addr - r.base, addr - r.base + len);
  }

  write(addr: number, data: Uint8Array): void {
    const r = this.region(addr, data.length);
    r.bytes.set(data, addr - r.base);
  }

  /** Bytes up to (not including) the first NUL from addr, within one region. */
  readCString(addr: number, max = 1 << 20): Uint8Array {
    const r = this.region(addr, 1);
    const start = addr - r.base;
    let end = start;
    while (end < r.bytes.length && end - start < max && r.bytes[end] !== 0) end++;
    return r.bytes.slice(start, end);
  }
}
