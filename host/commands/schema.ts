// `sdktrace schema [--check FILE]`: prints the JSON Schema of the declared lists (the same file
// as docs/declared-lists.schema.json), or checks a lists file and prints its problems.
import type { Command } from 'commander';
import { DATA_TYPES, DATA_TYPE_NAMES } from '../../protocol/constants.js';
import { listsJsonSchemaText } from '../../reports/lists/schema.js';
import { loadDeclaredLists } from '../../reports/lists/load.js';
import { sdkCatalog } from '../../attribution/shipped.js';
import { usageErrorsExit2 } from './report.js';

export function register(program: Command): void {
  usageErrorsExit2(program.command('schema'))
    .description('Print the JSON Schema of the declared lists (collected personal information + third-party sharing), or check a lists file.')
    .option('--check <lists.json>', 'check a declared-lists file: every problem with its JSON path, unknown names with suggestions')
    .option('--data-types', 'list the data type names with their English and Chinese labels')
    .action((opts: { check?: string; dataTypes?: boolean }) => {
      if (opts.dataTypes) {
        process.stdout.write(DATA_TYPE_NAMES.map((d) => `${d.padEnd(18)} ${DATA_TYPES[d].en} / ${DATA_TYPES[d].zh}`).join('\n') + '\n');
        return;
      }
      if (opts.check !== undefined) {
        const loaded = loadDeclaredLists(opts.check, sdkCatalog());
        for (const w of loaded.warnings) process.stdout.write(`warning ${w.path}: ${w.message}\n`);
        process.stdout.write(`${opts.check}: valid (${loaded.lists.collected.length} collected entries, ${loaded.lists.sharing.length} sharing entries, ${loaded.warnings.length} warning(s))\n`);
        return;
      }
      process.stdout.write(listsJsonSchemaText());
    });
}
