import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { AppContext } from './app-context.js';
import { exportRoutes } from './engine/http/export-routes.js';
import { importRoutes } from './engine/http/import-routes.js';
import { metaRoutes } from './engine/http/meta-routes.js';
import { generateOpenApi } from './engine/http/openapi.js';
import { recordsRoutes } from './engine/http/records-routes.js';
import { searchRoutes } from './engine/http/search-routes.js';
import { viewsRoutes } from './engine/http/views-routes.js';
import { companyRoutes } from './admin/company-routes.js';
import { groupsRoutes } from './admin/groups-routes.js';
import { rolesRoutes } from './admin/roles-routes.js';
import { settingsRoutes } from './admin/settings-routes.js';
import { usersRoutes } from './admin/users-routes.js';
import { registerNotificationListeners } from './modules/activities/notifications.js';
import { registerFollowListeners } from './modules/collaboration/follow.js';
import { publicFeedRoutes } from './modules/activities/ical.js';
import { moduleRoutes } from './modules/routes.js';
import { loginRoutes, sessionRoutes } from './platform/auth/auth-routes.js';
import { authenticate } from './platform/auth/authenticate.js';
import { AppError } from './platform/errors.js';
import { serveWeb } from './platform/web.js';

/** Builds the HTTP application without listening, so tests use inject(). */
export async function buildApp(app: AppContext, opts: { logger?: boolean } = {}): Promise<FastifyInstance> {
  await registerNotificationListeners(app);
  registerFollowListeners(app);
  const f = Fastify({
    logger: opts.logger ? { level: app.config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]'] } : false,
    bodyLimit: app.config.bodyLimit,
    genReqId: () => randomUUID(),
    trustProxy: process.env.KARTA_TRUST_PROXY === '1',
  });
  await f.register(cookie);
  await f.register(helmet, {
    contentSecurityPolicy: {
      directives: { 'img-src': ["'self'", 'data:', 'blob:'], 'script-src': ["'self'"], 'style-src': ["'self'", "'unsafe-inline'"] },
    },
  });
  f.setErrorHandler(errorHandler(f));
  f.setNotFoundHandler((req, reply) => {
    reply.code(404).send({ error: { code: 'NOT_FOUND', message: `No route ${req.method} ${req.url.split('?')[0]}` } });
  });

  f.get('/api/v1/health', async () => ({ status: 'ok', db: app.database.kind, version: app.version }));
  f.get('/api/v1/openapi.json', async () => generateOpenApi((await app.meta.fresh()).registry, app.version));
  await f.register(swagger, { openapi: { info: { title: 'Karta CRM API', version: app.version } } });
  await f.register(swaggerUi, {
    routePrefix: '/api/docs',
    transformSpecification: () => generateOpenApi(app.meta.registry, app.version),
    transformSpecificationClone: false,
  });

  await f.register(loginRoutes(app), { prefix: '/api/v1' });
  // Calendar clients fetch the feed with its secret token, not a session.
  await f.register(publicFeedRoutes(app), { prefix: '/api/v1' });
  await f.register(async (api) => {
    api.addHook('preHandler', authenticate(app));
    await api.register(sessionRoutes(app));
    await api.register(metaRoutes(app.meta));
    await api.register(exportRoutes);
    await api.register(importRoutes);
    await api.register(recordsRoutes);
    await api.register(searchRoutes);
    await api.register(viewsRoutes);
    await api.register(usersRoutes);
    await api.register(rolesRoutes);
    await api.register(groupsRoutes);
    await api.register(settingsRoutes(app.meta));
    await api.register(companyRoutes);
    for (const routes of moduleRoutes) await api.register((scope) => routes(scope, app));
  }, { prefix: '/api/v1' });
  await serveWeb(f, app.config.webDist);
  return f;
}

/** Every failure becomes the error envelope; unexpected ones are logged with a request id, never leaked. */
function errorHandler(f: FastifyInstance) {
  return (err: FastifyError | AppError, req: any, reply: any) => {
    if (err instanceof AppError) {
      return reply.code(err.status).send({ error: { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) } });
    }
    const fe = err as FastifyError;
    if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.code(413).send({ error: { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large' } });
    }
    if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.code(400).send({ error: { code: 'VALIDATION_FAILED', message: 'Send JSON (Content-Type: application/json)' } });
    }
    if (fe.statusCode === 429) {
      return reply.code(429).send({ error: { code: 'RATE_LIMITED', message: 'Too many requests' } });
    }
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      return reply.code(400).send({ error: { code: 'VALIDATION_FAILED', message: fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fe instanceof SyntaxError ? 'The body is not valid JSON' : 'The request is not valid' } });
    }
    // Invalid input values that reached the database (e.g. an out-of-range number) are the caller's fault.
    const pgCode = (err as any).code as string | undefined;
    if (pgCode && /^22/.test(pgCode)) {
      return reply.code(400).send({ error: { code: 'VALIDATION_FAILED', message: 'A value is out of range or malformed' } });
    }
    if (pgCode === '23505') {
      return reply.code(409).send({ error: { code: 'CONFLICT', message: 'A record with this value already exists' } });
    }
    f.log.error({ err, reqId: req.id }, 'request failed');
    if (!f.log.level || f.log.level === 'silent') console.error(`request ${req.id} failed`, err);
    return reply.code(500).send({ error: { code: 'INTERNAL', message: `Internal error (request ${req.id})`, request_id: req.id } });
  };
}
