/**
 * A throwaway PostgreSQL server of the test's own (initdb in a temporary directory, on a free loopback port), so a
 * test may stop and restart it under traffic — or a streaming standby of one (read replicas). Needs the Debian `postgresql` binaries; as root the server runs as
 * the `postgres` system user, which initdb requires.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface PgCluster { url: string; port: number; restart(): void; pause(): void; resume(): void; stop(): void }

export function postgresBinaries(): string | null {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const versions = fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin/initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0], 'bin') : null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address() as net.AddressInfo; s.close(() => resolve(port)); });
    s.on('error', reject);
  });
}

/** A new server: initdb into a fresh directory, or `fromPrimary` — a streaming standby of it (pg_basebackup -R). */
export async function startCluster(fromPrimary?: PgCluster): Promise<PgCluster> {
  const bin = postgresBinaries();
  if (!bin) throw new Error('PostgreSQL binaries not found (Debian package postgresql)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'karta-pg-'));
  const root = process.getuid?.() === 0;
  if (root) fs.chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
  const as = (cmd: string) => (root ? execFileSync('su', ['postgres', '-c', cmd], { stdio: 'pipe' }) : execFileSync('sh', ['-c', cmd], { stdio: 'pipe' }));
  const port = await freePort();
  const data = path.join(dir, 'data');
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  if (fromPrimary) as(`${bin}/pg_basebackup -h 127.0.0.1 -p ${fromPrimary.port} -U karta -D ${data} -R -X stream`);
  else as(`${bin}/initdb -D ${data} -U karta --auth=trust -E UTF8 --locale=C.UTF-8`);
  as(`${bin}/pg_ctl -D ${data} -o '${opts}' -l ${dir}/log -w start`);
  return {
    url: `postgres://karta@127.0.0.1:${port}/postgres`, port,
    restart: () => { as(`${bin}/pg_ctl -D ${data} -o '${opts}' -l ${dir}/log -m fast -w restart`); },
    pause: () => { as(`${bin}/pg_ctl -D ${data} -m fast -w stop`); },
    resume: () => { as(`${bin}/pg_ctl -D ${data} -o '${opts}' -l ${dir}/log -w start`); },
    stop: () => {
      try { as(`${bin}/pg_ctl -D ${data} -m immediate -w stop`); } catch { /* already stopped */ }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
