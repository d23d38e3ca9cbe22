import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { refuseWhileRunning } from './local-control.js';

/** A command that opens the embedded database (restore, migrate, the vTiger migration) refuses while a server has it. */
describe('one process at a time on the embedded database', () => {
  const dir = () => mkdtempSync(path.join(os.tmpdir(), 'karta-control-'));
  const control = (d: string, pid: number) => writeFileSync(path.join(d, 'karta.pid'), JSON.stringify({ pid, host: '127.0.0.1', port: 1, token: 'x' }));

  it('refuses while the server named in the data directory lives, and not after it died or without one', () => {
    const running = dir();
    control(running, process.ppid);
    expect(() => refuseWhileRunning(running, 'migrating')).toThrow(`(pid ${process.ppid}): stop it before migrating`);
    const died = dir();
    control(died, 4_194_305); // above Linux's largest pid: no such process
    expect(() => refuseWhileRunning(died, 'migrating')).not.toThrow();
    expect(() => refuseWhileRunning(dir(), 'migrating')).not.toThrow();
  });
});
