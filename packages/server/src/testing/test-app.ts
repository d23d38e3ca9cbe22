import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { jobHandlers } from '../job-handlers.js';
import { runDueJobs } from '../platform/jobs.js';
import type { FastifyInstance, InjectOptions } from 'fastify';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { buildApp } from '../app.js';
import type { AppContext } from '../app-context.js';
import { boot } from '../bootstrap.js';
import { createDemoUsers } from '../demo/demo-users.js';
import { standardBehaviours } from '../modules/behaviours.js';
import { standardModules } from '../modules/index.js';
import { readConfig, type Config } from '../platform/config.js';
import { openDatabase } from '../platform/db.js';
import type { ModuleDef } from '@karta/shared';

export const ADMIN_PASSWORD = 'admin-test-password';
export const USER_PASSWORD = 'user-test-password';

export interface Client {
  userId: string;
  csrf: string;
  request(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Record<string, unknown>; raw: string; bytes: Buffer }>;
  get(url: string): Promise<{ status: number; body: any; headers: Record<string, unknown>; raw: string; bytes: Buffer }>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Record<string, unknown>; raw: string; bytes: Buffer }>;
  patch(url: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Record<string, unknown>; raw: string; bytes: Buffer }>;
  put(url: string, body?: unknown): Promise<{ status: number; body: any; headers: Record<string, unknown>; raw: string; bytes: Buffer }>;
  del(url: string): Promise<{ status: number; body: any; headers: Record<string, unknown>; raw: string; bytes: Buffer }>;
}

export interface TestApp {
  app: AppContext;
  server: FastifyInstance;
  users: Record<string, string>;
  groups: Record<string, string>;
  login(username: string, password?: string): Promise<Client>;
  /** Runs the queued jobs that are due (imports, reminders…) until none is left; returns how many ran. */
  runJobs(): Promise<number>;
  close(): Promise<void>;
}

/**
 * A whole Karta on in-memory PGlite — or, with TEST_DATABASE_URL, in a fresh schema of that
 * PostgreSQL database — with the demo people (admin, manager, sales1, sales2, marketing, support).
 */
export async function createTestApp(opts: { modules?: ModuleDef[]; config?: Partial<Config>; databaseUrl?: string; databaseReadUrl?: string } = {}): Promise<TestApp> {
  const url = opts.databaseUrl ?? process.env.TEST_DATABASE_URL;
  let schema: string | undefined;
  if (url) {
    schema = `t_${randomBytes(6).toString('hex')}`;
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query('select pg_advisory_lock(7455302)');
      await c.query('create extension if not exists pg_trgm with schema public');
      await c.query(`create schema ${schema}`);
    } finally {
      await c.end();
    }
  }
  const database = await openDatabase(url ? { url, readUrl: opts.databaseReadUrl, searchPath: schema, poolSize: 5 } : { memory: true });
  // Uploaded files go to a directory of this test run, never into the working tree.
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'karta-test-files-'));
  const config = { ...readConfig({}), dataDir, adminPassword: ADMIN_PASSWORD, loginMaxAttempts: 5, loginMaxPerAddress: 20, ...opts.config };
  const { app } = await boot(config, database, { defs: opts.modules ?? standardModules, behaviours: standardBehaviours }, 'test');
  const prev = process.env.KARTA_DEMO_PASSWORD;
  process.env.KARTA_DEMO_PASSWORD = USER_PASSWORD;
  const demo = await database.db.transaction().execute((trx) => createDemoUsers(trx));
  if (prev === undefined) delete process.env.KARTA_DEMO_PASSWORD; else process.env.KARTA_DEMO_PASSWORD = prev;
  const admin = await database.db.selectFrom('users').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
  const server = await buildApp(app);
  const users = { admin: admin.id as string, ...Object.fromEntries(demo.users.map((u) => [u.username, u.id])) };
  return {
    app, server, users, groups: Object.fromEntries(demo.groups),
    login: (username, password) => login(server, username, password ?? (username === 'admin' ? ADMIN_PASSWORD : USER_PASSWORD)),
    runJobs: async () => {
      let total = 0;
      for (let n = await runDueJobs(database.db, jobHandlers(app)); n > 0; n = await runDueJobs(database.db, jobHandlers(app))) total += n;
      return total;
    },
    close: async () => {
      await server.close();
      await database.close();
      if (url && schema) {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`drop schema ${schema} cascade`);
        await c.end();
      }
    },
  };
}

async function login(server: FastifyInstance, username: string, password: string): Promise<Client> {
  const res = await server.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'karta_session')!;
  const { csrf_token: csrf, user } = res.json();
  const request: Client['request'] = async (method, url, body, headers = {}) => {
    const opts: InjectOptions = {
      method: method as any, url, cookies: { karta_session: cookie.value },
      headers: { 'x-csrf-token': csrf, ...headers },
      ...(body !== undefined ? { payload: body as any } : {}),
    };
    const r = await server.inject(opts);
    let parsed: any = null;
    try { parsed = r.body ? JSON.parse(r.body) : null; } catch { parsed = null; }
    return { status: r.statusCode, body: parsed, headers: r.headers, raw: r.body, bytes: r.rawPayload };
  };
  return {
    userId: user.id, csrf, request,
    get: (url) => request('GET', url),
    post: (url, body, headers) => request('POST', url, body, headers),
    patch: (url, body, headers) => request('PATCH', url, body, headers),
    put: (url, body) => request('PUT', url, body),
    del: (url) => request('DELETE', url),
  };
}
