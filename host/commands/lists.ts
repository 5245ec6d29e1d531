// `sdktrace lists import FILE [--app PKG] --out lists.json`: reads the double list as an app
// publishes it (text copied from the page, the page saved as HTML, CSV or XLSX) and writes the
// declared-lists JSON, every row kept with its original cells, resolved SDK ids and data types,
// and the wording nothing resolved listed for the analyst. The written file is checked by the
// same loader `report --policy` uses, so what import writes is what a report can read.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { VERSION } from '../../protocol/version.js';
import { UserError } from '../../protocol/errors.js';
import { importPublishedLists, type ImportKind, type ImportStats } from '../../reports/lists/import.js';
import { parseDeclaredLists } from '../../reports/lists/load.js';
import { sdkCatalog } from '../../attribution/shipped.js';
import { usageErrorsExit2 } from './report.js';

const pct = (n: number, d: number) => (d === 0 ? '-' : `${((100 * n) / d).toFixed(1)}%`);

export function summary(file: string, s: ImportStats): string {
  const lines = [
    `${file}: ${s.rows} row(s): ${s.collectedRows} collected, ${s.sharingRows} sharing`,
    `  SDK rows resolved: ${s.sdkRowsResolvedToIds + s.sdkRowsResolvedToVendor} of ${s.sdkRows} (${pct(s.sdkRowsResolvedToIds + s.sdkRowsResolvedToVendor, s.sdkRows)}; ${s.sdkRowsResolvedToIds} to SDK ids, ${s.sdkRowsResolvedToVendor} to a vendor by legal name)`,
    `  data-type phrases resolved: ${s.phrasesResolved + s.phrasesNotPersonal} of ${s.phrases} (${pct(s.phrasesResolved + s.phrasesNotPersonal, s.phrases)}; ${s.phrasesNotPersonal} recognised as naming no device data type)`,
  ];
  if (s.unresolved.length > 0) {
    lines.push(`  unresolved (${s.unresolved.length}), kept in the entries' "unresolved" and in imported.unresolved:`);
    for (const u of s.unresolved) lines.push(`    ${u.path} ${u.field}: ${JSON.stringify(u.text)}`);
  }
  return `${lines.join('\n')}\n`;
}

export function register(program: Command): void {
  const lists = program.command('lists').description('Work with declared lists as apps publish them.');
  usageErrorsExit2(lists.command('import'))
    .description('Import a published double list (text copied from the page, the page saved as HTML, CSV or XLSX) into the declared-lists JSON format.')
    .argument('<file>', 'the published list: .txt (copied text), .html/.htm (saved page), .csv or .xlsx')
    .requiredOption('--out <lists.json>', 'where to write the declared lists')
    .option('--app <package>', 'the Android package the lists are about (published lists do not name it; reports otherwise take it from the run)')
    .option('--kind <kind>', 'read the file as text, html, csv or xlsx (default: from its extension)')
    .option('--json', 'print the import figures as JSON')
    .action(async (file: string, opts: { out: string; app?: string; kind?: string; json?: boolean }) => {
      if (opts.kind !== undefined && !['text', 'html', 'csv', 'xlsx'].includes(opts.kind)) throw new UserError(`--kind must be text, html, csv or xlsx (got ${JSON.stringify(opts.kind)})`);
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch (e) {
        throw new UserError(`cannot read ${file}: ${(e as Error).message}`);
      }
      const catalog = sdkCatalog();
      const imported = await importPublishedLists(file, bytes, { catalog, by: `sdktrace ${VERSION}`, ...(opts.app !== undefined ? { app: opts.app } : {}), ...(opts.kind !== undefined ? { kind: opts.kind as ImportKind } : {}) });
      const text = `${JSON.stringify(imported.lists, null, 2)}\n`;
      parseDeclaredLists(text, { file: opts.out, catalog });
      writeFileSync(opts.out, text);
      process.stdout.write(opts.json ? `${JSON.stringify(imported.stats, null, 2)}\n` : `${summary(file, imported.stats)}written ${opts.out}\n`);
    });
}
