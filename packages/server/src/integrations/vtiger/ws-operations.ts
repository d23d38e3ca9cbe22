import type { AppContext } from '../../app-context.js';
import type { RequestContext } from '../../engine/context.js';
import { callerContext } from '../../engine/system-context.js';
import { wsIds } from './ws-ids.js';
import { wsQuery, wsSync } from './ws-query.js';
import { wsAddRelated, wsCreate, wsDelete, wsDescribe, wsListTypes, wsRelatedTypes, wsRetrieve, wsRetrieveRelated, wsUpdate } from './ws-records.js';
import { getChallenge, login, logout, sessionUser } from './ws-session.js';
import { WsError, wsErrorOf } from './ws-error.js';
import { AppError } from '../../platform/errors.js';

type Params = Record<string, unknown>;
type Op = { method: 'GET' | 'POST'; run: (ctx: RequestContext, p: Params, session: string) => Promise<unknown> | unknown };

/** The operations and the HTTP method each is registered with (reference §8.4): writes only by POST. */
const OPERATIONS: Record<string, Op> = {
  listtypes: { method: 'GET', run: (ctx) => wsListTypes(ctx) },
  describe: { method: 'GET', run: (ctx, p) => wsDescribe(ctx, p.elementType) },
  create: { method: 'POST', run: (ctx, p) => wsCreate(ctx, p.elementType, p.element) },
  retrieve: { method: 'GET', run: (ctx, p) => wsRetrieve(ctx, p.id) },
  update: { method: 'POST', run: (ctx, p) => wsUpdate(ctx, p.element, true) },
  revise: { method: 'POST', run: (ctx, p) => wsUpdate(ctx, p.element, false) },
  delete: { method: 'POST', run: (ctx, p) => wsDelete(ctx, p.id) },
  query: { method: 'GET', run: (ctx, p) => wsQuery(ctx, p.query) },
  sync: { method: 'GET', run: (ctx, p, session) => wsSync(ctx, session, p.modifiedTime, p.elementType) },
  retrieve_related: { method: 'GET', run: (ctx, p) => wsRetrieveRelated(ctx, p.id, p.relatedType, p.relatedLabel) },
  relatedtypes: { method: 'GET', run: (ctx, p) => wsRelatedTypes(ctx, p.elementType) },
  add_related: { method: 'POST', run: (ctx, p) => wsAddRelated(ctx, p.sourceRecordId, p.relatedRecordId, p.relationIdLabel) },
};

/** One webservice call: the operation's result, or a WsError to put in vTiger's error envelope. */
export async function runOperation(app: AppContext, method: string, params: Params): Promise<{ result: unknown; ctx?: RequestContext }> {
  const name = String(params.operation ?? '').toLowerCase();
  const db = app.database.db;
  if (name === 'getchallenge') return { result: await getChallenge(db, params.username) };
  if (name === 'login') {
    if (method !== 'POST') throw new WsError('OPERATION_NOT_SUPPORTED', 'Operation login is only supported by POST');
    const s = await login(db, params.username, params.accessKey);
    const userId = (await wsIds(db, 'users', [s.userId])).get(s.userId);
    return { result: { sessionName: s.sessionName, userId, version: '0.22', vtigerVersion: '7.1.0' } };
  }
  const op = Object.hasOwn(OPERATIONS, name) ? OPERATIONS[name] : undefined; // not `constructor` and the like
  if (!op && name !== 'logout') throw new WsError('UNKNOWN_OPERATION', 'Unknown operation requested');
  const session = await sessionUser(db, params.sessionName);
  if (!op) {
    if (method !== 'POST') throw new WsError('OPERATION_NOT_SUPPORTED', 'Operation logout is only supported by POST');
    await logout(db, String(params.sessionName));
    return { result: { message: 'successfull' } };
  }
  if (op.method === 'POST' && method !== 'POST') throw new WsError('OPERATION_NOT_SUPPORTED', `Operation ${name} is only supported by POST`);
  // Who the caller is, as a REST request finds it: the user kept per instance under the session's access version.
  const ctx = await callerContext(app, session.userId, session.accessVersion);
  if (!ctx) throw new WsError('AUTHENTICATION_REQUIRED', 'Given user is inactive');
  try {
    return { result: await op.run(ctx, params, String(params.sessionName)), ctx };
  } catch (err) {
    // Karta's own messages in the user's language, under vTiger's codes; anything else reaches the route as it is.
    throw err instanceof AppError ? wsErrorOf(err, ctx.lang) : err;
  }
}
