// `sdktrace sdks [QUERY] [--json]`: search the SDK catalog by name (English or Chinese), id,
// vendor, alias, Java package or class, host name, native library, component or intent action.
import type { Command } from 'commander';
import { loadCatalog } from '../../attribution/index.js';
import { searchCatalog, vendorForHost } from '../../attribution/search.js';
import { UserError } from '../../protocol/errors.js';

/** Terminal columns of a string: CJK and full-width characters take two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    w += (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) ? 2 : 1;
  }
  return w;
}

const pad = (s: string, width: number) => s + ' '.repeat(Math.max(0, width - displayWidth(s)));
const clip = (s: string, max: number) => (displayWidth(s) <= max ? s : `${[...s].slice(0, max - 1).join('')}…`);

/** Rows as aligned columns, header first. */
export function table(header: string[], rows: string[][], maxWidth = 48): string {
  const cells = [header, ...rows].map((r) => r.map((c) => clip(c, maxWidth)));
  const widths = header.map((_, i) => Math.max(...cells.map((r) => displayWidth(r[i] ?? ''))));
  return cells.map((r) => r.map((c, i) => (i === r.length - 1 ? c : pad(c, widths[i]))).join('  ').trimEnd()).join('\n') + '\n';
}

export function register(program: Command): void {
  program
    .command('sdks')
    .description('Search the SDK catalog by name (English/Chinese), id, vendor, Java package or class, domain, native library, component or action.')
    .argument('[query]', 'text, class or package name, host name, library file name, component or action; omit to list all')
    .option('--json', 'print the matching catalog entries as JSON')
    .option('--catalog <path>', 'use another catalog file (default: data/catalog/sdks.json)')
    .action((query: string | undefined, opts: { json?: boolean; catalog?: string }) => {
      let catalog;
      try {
        catalog = loadCatalog(opts.catalog);
      } catch (err) {
        throw new UserError(`cannot load the SDK catalog: ${err instanceof Error ? err.message : String(err)}`);
      }
      const hits = searchCatalog(catalog, query);
      const vendor = query ? vendorForHost(catalog, query) : null;
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(hits.map((h) => ({ ...h.entry, match: h.match })), null, 2)}\n`);
        return;
      }
      const rows = hits.map((h) => [
        h.entry.id,
        h.entry.nameZh ? `${h.entry.name} / ${h.entry.nameZh}` : h.entry.name,
        h.entry.vendor ?? '',
        h.entry.category,
        h.match.slice(0, 2).join('; '),
      ]);
      let out = rows.length ? table(['ID', 'NAME', 'VENDOR', 'CATEGORY', 'MATCH'], rows) : '';
      if (vendor) out += `${query} is a domain of vendor ${vendor.name} (by ${vendor.key}); no single SDK claims it.\n`;
      out += `${hits.length} of ${catalog.sdks.length} SDKs (catalog ${catalog.version})\n`;
      process.stdout.write(out);
    });
}
