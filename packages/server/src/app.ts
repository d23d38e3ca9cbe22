import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { AppContext } from './app-context.js';
import { exportRoutes } from './engine/http/export-routes.js';
import { importRoutes } from './engine/http/import-routes.js';
import { dedupeRoutes } from './engine/http/dedupe-routes.js';
import { webserviceRoutes } from './integrations/vtiger/ws-routes.js';
import { layoutRoutes } from './engine/http/layout-routes.js';
import { metaRoutes } from './engine/http/meta-routes.js';
import { generateOpenApi, type CollectedRoute } from './engine/http/openapi/openapi.js';
import { recordsRoutes } from './engine/http/records-routes.js';
import { searchRoutes } from './engine/http/search-routes.js';
import { viewsRoutes } from './engine/http/views-routes.js';
import { companyRoutes } from './admin/company-routes.js';
import { groupsRoutes } from './admin/groups-routes.js';
import { rolesRoutes } from './admin/roles-routes.js';
import { registerWriteMarks } from './platform/http/read-replica.js';
import { registerServerTiming, serverTimingOn } from './platform/http/server-timing.js';
import { twoFactorRoutes } from './platform/auth/two-factor-routes.js';
import { sessionsRoutes } from './platform/auth/sessions-routes.js';
import { auditRoutes } from './admin/audit-routes.js';
import { backupRoutes, localBackupRoute } from './ops/backup-routes.js';
import { profilesRoutes } from './admin/profiles-routes.js';
import { sharingRulesRoutes } from './admin/sharing-rules-routes.js';
import { settingsRoutes } from './admin/settings-routes.js';
import { usersRoutes } from './admin/users-routes.js';
import { registerNotificationListeners } from './modules/activities/notifications.js';
import { registerSegmentFilter, registerSegmentZoneListener } from './modules/marketing/segment-members.js';
import { registerFollowListeners } from './modules/collaboration/follow.js';
import { registerReportScheduleListeners } from './modules/reports/scheduled-reports.js';
import { announceZoneChangeAtStart, registerZoneRebook } from './modules/zone-rebook.js';
import { registerWorkflowZoneListener } from './modules/automation/workflow-schedule.js';
import { publicFeedRoutes } from './modules/activities/ical.js';
import { moduleRoutes } from './modules/routes.js';
import { portalRoutes } from './modules/portal/portal-routes.js';
import { webFormRoutes } from './modules/marketing/web-form-routes.js';
import { smsStatusRoutes, unsubscribeRoutes } from './modules/marketing/unsubscribe-routes.js';
import { surveyPublicRoutes } from './modules/marketing/survey-routes.js';
import { rsvpPublicRoutes } from './modules/marketing/event-routes.js';
import { loginRoutes, sessionRoutes } from './platform/auth/auth-routes.js';
import { CallerCache } from './platform/auth/caller-cache.js';
import { authenticate } from './platform/auth/authenticate.js';
import { clientErrorHandler, errorHandler, langOfRequest, notFoundHandler } from './platform/http/error-handler.js';
import { registerSecurityHeaders } from './platform/http/security-headers.js';
import { registerJsonBody } from './platform/http/json-body.js';
import { doc, obj, str } from './engine/http/openapi/schema.js';
import { serveWeb } from './platform/web.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every API route registered (method and URL pattern): the OpenAPI test checks each is described. */
    apiRoutes: { method: string; url: string }[];
  }
}

/** Builds the HTTP application without listening, so tests use inject(). */
export async function buildApp(app: AppContext, opts: { logger?: boolean } = {}): Promise<FastifyInstance> {
  await registerNotificationListeners(app);
  registerSegmentFilter();
  registerSegmentZoneListener(app);
  registerFollowListeners(app);
  registerReportScheduleListeners(app);
  registerZoneRebook(app);
  registerWorkflowZoneListener(app);
  await announceZoneChangeAtStart(app);
  const callers = await CallerCache.forDatabase(app.database);
  const f = Fastify({
    logger: opts.logger ? { level: app.config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]'] } : false,
    // A line per request only when asked for (LOG_LEVEL=debug): the terminal shows the banner, warnings and errors.
    logController: new LogController({ disableRequestLogging: !['debug', 'trace'].includes(app.config.logLevel) }),
    bodyLimit: app.config.bodyLimit,
    genReqId: () => randomUUID(),
    trustProxy: app.config.trustProxy,
    clientErrorHandler,
  });
  // Route schemas document the API (OpenAPI); Karta validates input itself, in the caller's language, and
  // answers are serialised as they are.
  f.setValidatorCompiler(() => () => true);
  f.setSerializerCompiler(() => (data) => JSON.stringify(data));
  const documented: CollectedRoute[] = [];
  if (serverTimingOn()) registerServerTiming(f);
  const apiRoutes: { method: string; url: string }[] = [];
  f.decorate('apiRoutes', apiRoutes);
  f.addHook('onRoute', (r) => {
    if (!r.url.startsWith('/api/v1')) return;
    for (const method of [r.method].flat()) {
      if (method === 'HEAD') continue;
      apiRoutes.push({ method, url: r.url });
      if (r.schema) documented.push({ method, url: r.url, schema: r.schema as CollectedRoute['schema'] });
    }
  });
  f.addHook('onClose', async () => { await callers.stop().catch(() => undefined); });
  await f.register(cookie);
  registerJsonBody(f);
  await registerSecurityHeaders(f, app.config.publicUrl);
  const langOf = langOfRequest(app.database.db);
  f.setErrorHandler(errorHandler(f, langOf));
  f.setNotFoundHandler(notFoundHandler(langOf));

  // Health asks the database, so a balancer sees an instance whose database is away as unavailable (503).
  f.get('/api/v1/health', doc({ tags: ['system'], summary: 'Is Karta and its database up?', public: true,
    response: { 200: obj({ status: str({ enum: ['ok'] }), db: str({ enum: ['pglite', 'postgres'] }), version: str() }, ['status', 'db', 'version']) } }), async () => {
    await sql`select 1`.execute(app.database.db);
    return { status: 'ok', db: app.database.kind, version: app.version };
  });
  f.get('/api/v1/openapi.json', doc({ tags: ['system'], summary: 'This description', public: true, response: { 200: obj({ openapi: str(), paths: obj({}) }, ['openapi', 'paths']) } }), async () => generateOpenApi((await app.meta.fresh()).registry, app.version, documented));
  await f.register(swagger, { openapi: { info: { title: 'Karta CRM API', version: app.version } } });
  await f.register(swaggerUi, {
    routePrefix: '/api/docs',
    transformSpecification: () => generateOpenApi(app.meta.registry, app.version, documented),
    transformSpecificationClone: false,
  });

  await f.register(loginRoutes(app), { prefix: '/api/v1' });
  await f.register(localBackupRoute(app));
  // Calendar clients fetch the feed with its secret token, not a session.
  await f.register(publicFeedRoutes(app), { prefix: '/api/v1' });
  await f.register(async (api) => {
    api.addHook('preHandler', authenticate(app, callers.cache));
    if (app.database.readDb) registerWriteMarks(api, app.database.db);
    await api.register(sessionRoutes(app));
    await api.register(twoFactorRoutes(app));
    await api.register(sessionsRoutes);
    await api.register(auditRoutes);
    await api.register(backupRoutes(app));
    await api.register(metaRoutes(app.meta));
    await api.register(layoutRoutes(app.meta));
    await api.register(exportRoutes);
    await api.register(importRoutes(app));
    await api.register(dedupeRoutes);
    await api.register(recordsRoutes);
    await api.register(searchRoutes);
    await api.register(viewsRoutes);
    await api.register(usersRoutes);
    await api.register(rolesRoutes);
    await api.register(groupsRoutes);
    await api.register(profilesRoutes);
    await api.register(sharingRulesRoutes);
    await api.register(settingsRoutes(app.meta));
    await api.register(companyRoutes);
    for (const routes of moduleRoutes) await api.register((scope) => routes(scope, app));
  }, { prefix: '/api/v1' });
  // vTiger's webservice for existing integrations: its own sessions (sessionName), never the cookie.
  await f.register(webserviceRoutes(app));
  // The customer portal: its own sign-in realm and API (never the staff session).
  await f.register(portalRoutes(app));
  // Web-to-lead forms: public pages, script and submissions (no sign-in).
  await f.register(webFormRoutes(app));
  // A mailing's unsubscribe, open and click links.
  await f.register(unsubscribeRoutes(app));
  // The SMS gateway's delivery reports (its own token).
  await f.register(smsStatusRoutes(app));
  await f.register(surveyPublicRoutes(app));
  await f.register(rsvpPublicRoutes(app));
  await serveWeb(f, app.config.webDist, notFoundHandler(langOf));
  return f;
}
