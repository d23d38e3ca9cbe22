/**
 * The embedded database belongs to the one process that opened it: a second process must not open its files while the
 * server runs. So a running server on PGlite leaves `<data dir>/karta.pid` (its pid, address and a random token, mode
 * 0600) and takes a backup when `npm run backup` asks it with that token — whoever can read the file can read the
 * database files anyway, so the token gives nothing more.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface ControlFile { pid: number; host: string; port: number; token: string }

const fileOf = (dataDir: string) => path.join(dataDir, 'karta.pid');

export function writeControlFile(dataDir: string, address: { host: string; port: number }): void {
  // Listening on every interface, it is reached on loopback; an IPv6 address goes in brackets in a URL.
  const host = address.host === '0.0.0.0' || address.host === '' ? '127.0.0.1' : address.host === '::' ? '[::1]' : address.host.includes(':') ? `[${address.host}]` : address.host;
  const control: ControlFile = { pid: process.pid, host, port: address.port, token: randomBytes(24).toString('base64url') };
  writeFileSync(fileOf(dataDir), JSON.stringify(control), { mode: 0o600 });
}

export function removeControlFile(dataDir: string): void {
  try {
    const c = JSON.parse(readFileSync(fileOf(dataDir), 'utf8')) as ControlFile;
    if (c.pid === process.pid) rmSync(fileOf(dataDir), { force: true });
  } catch { /* none */ }
}

const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch (err) { return (err as NodeJS.ErrnoException).code === 'EPERM'; } };

/** The running server on this data directory, if there is one (a file left by a server that died is ignored). */
export function runningServer(dataDir: string): ControlFile | null {
  try {
    const c = JSON.parse(readFileSync(fileOf(dataDir), 'utf8')) as ControlFile;
    return c.pid !== process.pid && alive(c.pid) ? c : null;
  } catch {
    return null;
  }
}

/** Stops a command that would open the embedded database while a server has it open. */
export function refuseWhileRunning(dataDir: string, what: string): void {
  const server = runningServer(dataDir);
  if (server) throw new Error(`Karta is running on ${dataDir} (pid ${server.pid}): stop it before ${what} — the embedded database belongs to one process at a time.`);
}

/** Whether a request carries this server's token. */
export function isLocalToken(dataDir: string, given: unknown): boolean {
  try {
    const c = JSON.parse(readFileSync(fileOf(dataDir), 'utf8')) as ControlFile;
    const a = Buffer.from(String(given ?? '')), b = Buffer.from(c.token);
    return c.pid === process.pid && a.length === b.length && timingSafeEqual(a, b);
  } catch {
    return false;
  }
}
