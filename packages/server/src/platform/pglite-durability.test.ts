/**
 * The embedded database keeps every acknowledged write through a `kill -9` of the process (docs/operations.md,
 * "Durability"): a writer commits row after row and reports each commit; the test kills it at a random moment,
 * again and again, then finds every reported row. PGlite's file system never fsyncs, so this is what it promises —
 * the OS holds what the process wrote — not survival of a power cut.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './db.js';

const writer = path.join(import.meta.dirname, '../testing/pglite-writer.ts');

/** Runs the writer until it has acknowledged `atLeast` rows and a random moment more, then kill -9. */
function writeAndKill(dataDir: string, atLeast: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acked: number[] = [];
    let buffered = '';
    let stderr = '';
    let killAt = Infinity;
    child.stderr.on('data', (d) => { stderr += d; });
    child.stdout.on('data', (d: Buffer) => {
      const lines = (buffered + d.toString()).split('\n');
      buffered = lines.pop()!;
      for (const l of lines) acked.push(Number(l));
      if (acked.length >= atLeast && killAt === Infinity) {
        killAt = Date.now() + Math.floor(Math.random() * 40);
        setTimeout(() => child.kill('SIGKILL'), killAt - Date.now());
      }
    });
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(acked) : reject(new Error(`the writer stopped by itself: ${stderr}`))));
  });
}

describe('PGlite durability', () => {
  it('keeps every acknowledged write through repeated kill -9', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'karta-durability-'));
    try {
      const acked: number[] = [];
      for (let round = 0; round < 4; round++) {
        acked.push(...await writeAndKill(dir, 30 + round * 20));
      }
      expect(acked.length).toBeGreaterThanOrEqual(30 + 50 + 70 + 90);
      const database = await openDatabase({ dataDir: dir });
      try {
        const rows = await sql<{ id: number }>`select id from durability_probe`.execute(database.db);
        const stored = new Set(rows.rows.map((r) => r.id));
        expect(acked.filter((id) => !stored.has(id))).toEqual([]);
        const check = await sql<{ n: number }>`select count(*)::int as n from durability_probe where length(payload) < 200`.execute(database.db);
        expect(check.rows[0].n).toBe(0);
      } finally {
        await database.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
