// Small measuring helpers shared by the benchmark sections.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export function now(): number {
  return performance.now();
}

/** A scratch directory on the machine's ordinary disk (os.tmpdir()), removed by `dispose`. */
export function scratch(prefix: string): { dir: string; path(name: string): string; dispose(): void } {
  const dir = mkdtempSync(join(process.env.SDKTRACE_BENCH_DIR ?? tmpdir(), `sdktrace-bench-${prefix}-`));
  return { dir, path: (name) => join(dir, name), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface MemorySample {
  /** Events handled so far. */
  at: number;
  heapMB: number;
  rssMB: number;
}

/** Memory after a full collection (when --expose-gc is on), in MB. */
export function memory(at: number): MemorySample {
  gc();
  const m = process.memoryUsage();
  return { at, heapMB: m.heapUsed / 2 ** 20, rssMB: m.rss / 2 ** 20 };
}

/** Least-squares slope of y over x. */
export function slope(points: readonly [number, number][]): number {
  const n = points.length;
  if (n < 2) return 0;
  let sx = 0;
  let sy = 0;
  for (const [x, y] of points) {
    sx += x;
    sy += y;
  }
  const mx = sx / n;
  const my = sy / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

export const round = (v: number, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits;

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

export function log(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}
