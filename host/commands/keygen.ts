// `sdktrace keygen KEY`: an Ed25519 key pair for signing evidence packs (`export --sign KEY`),
// written as PEM: KEY (the private key, PKCS#8, file mode 0600, never overwritten) and KEY.pub
// (the public key, SPKI, for recipients: `verify --trusted-key KEY.pub`). Node's crypto; the
// fingerprint printed is the one verify names (docs/evidence.md: keeping and handing out keys).
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { UserError } from '../../protocol/errors.js';
import { generateKeys } from '../../reports/pack/sign.js';
import { usageErrorsExit2 } from './report.js';

/** A key file's text; `option` names the option in errors. */
export function readKeyFile(path: string, option: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new UserError(`${option} ${path}: cannot read the key file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

export function register(program: Command): void {
  usageErrorsExit2(program.command('keygen'))
    .description('Make an Ed25519 key pair for signing evidence packs: KEY (private, mode 0600) and KEY.pub (public, to hand to recipients).')
    .argument('<key>', 'the private key file to write (the public key goes to KEY.pub)')
    .action((key: string) => {
      const pub = `${key}.pub`;
      for (const p of [key, pub]) if (existsSync(p)) throw new UserError(`${p} already exists; a key is never overwritten (choose another name, or remove it yourself)`);
      const k = generateKeys();
      try {
        // 'wx': created here, never through an existing file or link; 0600 before any byte is written.
        writeFileSync(key, k.privatePem, { mode: 0o600, flag: 'wx' });
        chmodSync(key, 0o600);
        writeFileSync(pub, k.publicPem, { mode: 0o644, flag: 'wx' });
      } catch (e) {
        throw new UserError(`cannot write the key pair: ${(e as Error).message}`);
      }
      process.stdout.write(`${k.fingerprint}\n`);
      process.stderr.write(`sdktrace: private key ${key} (keep it secret: mode 0600), public key ${pub} (hand it to recipients apart from the packs); fingerprint ${k.fingerprint}\n`);
    });
}
