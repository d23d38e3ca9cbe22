/** The Karta server as a child process (as `npm start` runs it), and its resident memory over time. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ROOT } from './setup.js';
import { SERVER_BUNDLE, SERVER_NODE_ARGS, ensureServerBuilt } from '../scripts/server-build.mjs';

export interface Server {
  url: URL;
  pid: number;
  log: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startServer(env: NodeJS.ProcessEnv, logName: string, nodeArgs: string[] = []): Promise<Server> {
  const port = await freePort();
  const logDir = path.join(ROOT, 'bench/.data');
  mkdirSync(logDir, { recursive: true });
  const log = path.join(logDir, logName);
  const out = createWriteStream(log);
  // The server as `npm start` runs it: the bundle, not the sources through tsx.
  if (!(await ensureServerBuilt(ROOT))) throw new Error('the server bundle did not build');
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, ...SERVER_NODE_ARGS, SERVER_BUNDLE], {
    cwd: ROOT, env: { ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: env.LOG_LEVEL ?? 'warn' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = new URL(`http://127.0.0.1:${port}`);
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}; see ${log}`);
    try {
      const r = await fetch(new URL('/api/v1/health', url));
      if (r.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not become healthy in 180 s; see ${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url, pid: child.pid!, log,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
      out.end();
    },
  };
}

/** VmRSS of a process in MB (Linux /proc), or NaN where /proc is missing. */
export function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Samples a process's RSS every `everyMs`; `window()` gives peak and mean since the last `mark()`. */
export class RssSampler {
  private timer: NodeJS.Timeout;
  private samples: number[] = [];
  peak = 0;

  constructor(private readonly pid: number, everyMs = 100) {
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
    this.sample();
  }

  private sample(): void {
    const v = rssMb(this.pid);
    if (!Number.isFinite(v)) return;
    this.samples.push(v);
    this.peak = Math.max(this.peak, v);
  }

  mark(): void {
    this.samples = [];
    this.sample();
  }

  window(): { peak_mb: number; mean_mb: number } {
    this.sample();
    const s = this.samples;
    const r = (x: number) => Math.round(x * 10) / 10;
    return { peak_mb: r(Math.max(...s)), mean_mb: r(s.reduce((a, b) => a + b, 0) / (s.length || 1)) };
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
