// `sdktrace export RUN|latest [--db PATH] --out pack.zip [--policy lists.json] [--config FILE]`:
// the evidence pack (report, database extract of the run, manifest with versions, identities,
// chain head and file hashes). `sdktrace verify PACK` checks it.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { UserError } from '../../protocol/errors.js';
import { sdkCatalog } from '../../attribution/shipped.js';
import { buildPack } from '../../reports/pack/export.js';
import { privateKeyFrom } from '../../reports/pack/sign.js';
import { readKeyFile } from './keygen.js';
import { addAnalysisOptions, analysisInputs, openStoreForReading, writeOutput, type AnalysisOptions } from './report.js';

export function register(program: Command): void {
  addAnalysisOptions(
    program
      .command('export')
      .description('Write an evidence pack (zip): HTML and JSON report, a database extract of the run, the declared lists, and a manifest with versions, device and app identity, chain head and SHA-256 of every file.')
      .argument('<run>', 'a run id, or "latest"'),
  )
    .requiredOption('--out <pack.zip>', 'the pack to write')
    .option('--sign <key>', 'sign the manifest with this Ed25519 private key (PEM, from `sdktrace keygen`)')
    .option('--signer <name>', 'with --sign: the name verify shows for the signer (e.g. the lab)')
    .option('--force', 'export even if the run’s hash chain does not verify (the manifest records the problems)')
    .action((runRef: string, opts: AnalysisOptions & { out: string; force?: boolean; sign?: string; signer?: string }) => {
      if (opts.out === '-') throw new UserError('--out: give a file name for the pack');
      if (opts.signer !== undefined && opts.sign === undefined) throw new UserError('--signer names the key holder of --sign; give --sign KEY too');
      const sign = opts.sign === undefined ? undefined : { key: privateKeyFrom(readKeyFile(opts.sign, '--sign'), opts.sign), name: opts.signer ?? null };
      const { lists, config } = analysisInputs(opts);
      const store = openStoreForReading(opts.db);
      try {
        const run = store.resolveRun(runRef);
        const pack = buildPack(store, run.id, {
          lists,
          listsBytes: opts.policy !== undefined ? readFileSync(opts.policy) : null,
          config,
          configBytes: opts.config !== undefined ? readFileSync(opts.config) : null,
          catalog: sdkCatalog(),
          force: opts.force === true,
          sign,
        });
        writeOutput(opts.out, Buffer.from(pack.zip));
        process.stderr.write(
          `sdktrace: evidence pack for run ${run.id} written to ${opts.out}: ${pack.manifest.chain.events} events, chain head ${pack.manifest.chain.head ?? '(none)'}${pack.manifest.chain.verifiedAtExport ? '' : ' (CHAIN DID NOT VERIFY)'}, ${pack.model.findings.length} finding(s)${pack.manifest.signer ? `, signed by key ${pack.manifest.signer.fingerprint}` : ', unsigned'}\n`,
        );
      } finally {
        store.close();
      }
    });
}
