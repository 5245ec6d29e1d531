// `sdktrace verify PACK [--expect-head HEX] [--trusted-key PUB] [--json]`: re-checks an evidence
// pack (signature, file hashes, the extract's integrity and hash chain, identities) and derives
// every conclusion again from the evidence (reports/pack/verify.ts, with host/ingest/replay.ts).
// Exit 0 when intact, 1 when any check failed, naming the first difference; 2 for a damaged or
// unusable input. Given an sdktrace database instead of a pack, it runs SQLite's integrity_check
// and re-walks the hash chain of every run (or --run) in it, read-only.
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { UserError } from '../../protocol/errors.js';
import { verifyRunChain } from '../../store/verify.js';
import { formatVerification, verifyPack } from '../../reports/pack/verify.js';
import { publicKeyFrom } from '../../reports/pack/sign.js';
import { replayRun } from '../ingest/replay.js';
import { readKeyFile } from './keygen.js';
import { openReadOnly, usageErrorsExit2 } from './report.js';

function magic(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(16);
    const n = readSync(fd, b, 0, 16, 0);
    return b.subarray(0, n).toString('latin1');
  } finally {
    closeSync(fd);
  }
}

export function register(program: Command): void {
  usageErrorsExit2(program.command('verify'))
    .description('Verify an evidence pack written by `sdktrace export`: its signature, files, database integrity and hash chain, and every conclusion (attribution, phases, launches, network flows, findings, report) derived again from the evidence; the first difference is named. Given an sdktrace database: integrity_check and the hash chain of every run.')
    .argument('<pack>', 'the pack (zip), or an sdktrace database')
    .option('--expect-head <sha256>', 'the chain head recorded independently (e.g. in the report handed over); it must match')
    .option('--trusted-key <key.pub>', 'the signer\'s public key (PEM, from `sdktrace keygen`), obtained apart from the pack: the pack must be signed by it')
    .option('--run <id>', 'database only: verify this run (default: every run)')
    .option('--json', 'print the checks as JSON')
    .action((path: string, opts: { expectHead?: string; trustedKey?: string; run?: string; json?: boolean }) => {
      if (!existsSync(path)) throw new UserError(`${path} does not exist`);
      if (!statSync(path).isFile()) throw new UserError(`${path} is not a file: give an evidence pack (zip) or an sdktrace database`);
      if (magic(path).startsWith('SQLite format 3')) {
        if (opts.trustedKey !== undefined) throw new UserError('--trusted-key checks a signed evidence pack; a database is not signed');
        const store = openReadOnly(path, 'integrity');
        try {
          const runs = opts.run !== undefined ? [store.resolveRun(opts.run)] : store.runs();
          const reports = runs.map((r) => verifyRunChain(store.db, r.id, opts.expectHead));
      if (opts.json) process.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
          else for (const r of reports) process.stdout.write(`${r.ok ? 'ok  ' : 'FAIL'} run ${r.runId}: ${r.events} events, head ${r.head ?? '(none)'}${r.ok ? '' : `\n${r.problems.map((p) => `     ${p.problem}`).join('\n')}`}\n`);
          const bad = reports.filter((r) => !r.ok);
          if (bad.length > 0) throw new UserError(`NOT VERIFIED: the hash chain of run(s) ${bad.map((r) => r.runId).join(', ')} does not verify`, 1);
        } finally {
          store.close();
        }
        return;
      }
      const trustedKey = opts.trustedKey === undefined ? null : publicKeyFrom(readKeyFile(opts.trustedKey, '--trusted-key'), opts.trustedKey);
      const result = verifyPack(readFileSync(path), { expectHead: opts.expectHead, trustedKey, replay: replayRun });
      process.stdout.write(opts.json ? `${JSON.stringify({ ok: result.ok, signature: result.signature, checks: result.checks, problems: result.problems }, null, 2)}\n` : formatVerification(result, path));
      if (!result.ok) throw new UserError(`NOT VERIFIED: ${path}: ${result.problems[0]}${result.problems.length > 1 ? ` (and ${result.problems.length - 1} more)` : ''}`, 1);
    });
}
