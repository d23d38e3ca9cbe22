import path from 'node:path';

/** Runtime configuration, read once from the environment (API.md "Health and configuration"). */
export interface Config {
  port: number;
  host: string;
  databaseUrl?: string;
  /** A streaming replica of that database for reports and search, `DATABASE_READ_URL` (docs/scaling.md). */
  databaseReadUrl?: string;
  dataDir: string;
  /** Months of audit log kept, `KARTA_AUDIT_RETENTION_MONTHS` (0: for ever); older monthly partitions are dropped. */
  auditRetentionMonths: number;
  /** PGlite's buffer cache, `KARTA_PGLITE_SHARED_BUFFERS` (e.g. `64MB`; default 32MB). */
  pgliteSharedBuffers?: string;
  /**
   * Keep a connection's frequent inserts and reads by id prepared (`KARTA_PG_NAMED_STATEMENTS`, default on; `0` behind
   * a pooler that cannot keep them, such as PgBouncer before 1.21 in transaction mode).
   */
  pgNamedStatements: boolean;
  adminPassword?: string;
  demo: boolean;
  /** Largest JSON body accepted (bytes). */
  bodyLimit: number;
  /** Largest uploaded file (bytes), `KARTA_MAX_UPLOAD_MB` (default 25). */
  maxUpload: number;
  /** How often the job worker looks for due jobs (ms), `KARTA_JOBS_INTERVAL_MS` (default 5000). */
  jobsIntervalMs: number;
  /** Job pollers side by side on PostgreSQL, `KARTA_JOB_WORKERS` (default 3; PGlite always runs one). */
  jobWorkers: number;
  /** Session idle and absolute lifetimes (ms). */
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  /** Failed logins of one user name within a minute before its logins answer 429 (`KARTA_LOGIN_MAX_ATTEMPTS`). */
  loginMaxAttempts: number;
  /**
   * Failed logins from one address within a minute before that address is throttled (`KARTA_LOGIN_MAX_PER_ADDRESS`):
   * high, because a whole office may sit behind one address.
   */
  loginMaxPerAddress: number;
  logLevel: string;
  webDist?: string;
  /** The address users reach Karta at (`KARTA_PUBLIC_URL`); https there turns on HSTS and secure cookies. */
  publicUrl?: string;
  /** Trust `X-Forwarded-*` from a reverse proxy (`KARTA_TRUST_PROXY=1`). */
  trustProxy: boolean;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    databaseReadUrl: (env.DATABASE_URL && env.DATABASE_READ_URL) || undefined,
    dataDir: path.resolve(env.KARTA_DATA_DIR ?? './data'),
    auditRetentionMonths: Math.max(0, Math.floor(Number(env.KARTA_AUDIT_RETENTION_MONTHS ?? 0)) || 0),
    pgliteSharedBuffers: /^\d+(kB|MB|GB)$/.test(env.KARTA_PGLITE_SHARED_BUFFERS ?? '') ? env.KARTA_PGLITE_SHARED_BUFFERS : undefined,
    pgNamedStatements: env.KARTA_PG_NAMED_STATEMENTS !== '0',
    adminPassword: env.KARTA_ADMIN_PASSWORD || undefined,
    demo: env.KARTA_DEMO === '1',
    bodyLimit: Number(env.KARTA_BODY_LIMIT_MB ?? 5) * 1024 * 1024,
    maxUpload: Number(env.KARTA_MAX_UPLOAD_MB ?? 25) * 1024 * 1024,
    jobsIntervalMs: Number(env.KARTA_JOBS_INTERVAL_MS ?? 5000),
    jobWorkers: Math.min(16, Math.max(1, Number(env.KARTA_JOB_WORKERS ?? 3) || 3)),
    sessionIdleMs: Number(env.KARTA_SESSION_IDLE_MINUTES ?? 120) * 60_000,
    sessionAbsoluteMs: Number(env.KARTA_SESSION_MAX_HOURS ?? 24) * 3_600_000,
    loginMaxAttempts: Number(env.KARTA_LOGIN_MAX_ATTEMPTS ?? 10),
    loginMaxPerAddress: Number(env.KARTA_LOGIN_MAX_PER_ADDRESS ?? 60),
    logLevel: env.LOG_LEVEL ?? 'info',
    webDist: env.KARTA_WEB_DIST,
    publicUrl: env.KARTA_PUBLIC_URL || undefined,
    trustProxy: env.KARTA_TRUST_PROXY === '1',
  };
}

/** Where links Karta sends out point (portal invitations, web forms, unsubscribe links): the public URL, else the listening address. */
export function publicBase(config: Pick<Config, 'publicUrl' | 'host' | 'port'>): string {
  return (config.publicUrl ?? `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`).replace(/\/$/, '');
}
