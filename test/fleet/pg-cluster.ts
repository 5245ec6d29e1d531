// A throwaway PostgreSQL cluster for the fleet tests: a real server (no mocks) from the installed
// binaries, in a temp directory, on a free port, trust auth on 127.0.0.1 only. PostgreSQL refuses
// to run as root ("root" execution of the PostgreSQL server is not permitted), and CI runs as
// root, so under root every server command runs as the 'postgres' system user (runuser), which
// the Debian postgresql package creates. Every wait is bounded (pg_ctl -t).
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The newest installed PostgreSQL's bin directory, or null. */
export function pgBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => /^\d+$/.test(v) && existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions.length === 0 ? null : join(root, versions[0]!, 'bin');
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export class PgCluster {
  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly bin: string,
    private readonly asUser: string | null,
  ) {}

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  static async create(bin: string): Promise<PgCluster> {
    const dir = mkdtempSync(join(tmpdir(), 'sdktrace-pg-'));
    const root = process.getuid?.() === 0;
    let user: string | null = null;
    if (root) {
      const id = spawnSync('id', ['-u', 'postgres']);
      if (id.status !== 0) throw new Error('running as root and there is no postgres system user to run the server as (install the postgresql package)');
      user = 'postgres';
      const uid = Number(id.stdout.toString().trim());
      chownSync(dir, uid, -1);
      chmodSync(dir, 0o700);
    }
    const c = new PgCluster(dir, await freePort(), bin, user);
    c.run('initdb', ['-D', c.data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
    c.start();
    return c;
  }

  private get data(): string {
    return join(this.dir, 'data');
  }

  private run(tool: string, args: string[]): void {
    const file = join(this.bin, tool);
    const [cmd, argv] = this.asUser === null ? [file, args] : ['runuser', ['-u', this.asUser, '--', file, ...args]];
    execFileSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 90_000 });
  }

  start(): void {
    // fsync off: a test cluster, faster on a shared disk; the socket directory is the temp dir.
    const opts = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60`;
    this.run('pg_ctl', ['-D', this.data, '-o', opts, '-l', join(this.dir, 'server.log'), '-w', '-t', '60', 'start']);
  }

  /** fast: disconnects every client (as a restart of the server does). */
  stop(mode: 'fast' | 'immediate' = 'fast'): void {
    this.run('pg_ctl', ['-D', this.data, '-m', mode, '-w', '-t', '60', 'stop']);
  }

  restart(): void {
    this.stop('fast');
    this.start();
  }

  destroy(): void {
    try {
      this.stop('immediate');
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
