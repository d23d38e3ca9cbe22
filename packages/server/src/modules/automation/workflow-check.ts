/**
 * A workflow is checked against the registry when it is saved: its module and fields exist, its filter compiles,
 * its cron is at most hourly, every action has what it needs. 400 at the path of what is wrong; nothing saved.
 */
import { CronExpressionParser } from 'cron-parser';
import type { Where } from '@karta/shared';
import type { RequestContext } from '../../engine/context.js';
import { compileWhere } from '../../engine/query/filter-sql.js';
import { AppError } from '../../platform/errors.js';
import { msg, nested, type Said } from '../../platform/messages/say.js';
import {
  ACTION_TYPES, MAX_ACTIONS, PERSON, TRIGGER_TYPES, splitWhere, type Action, type Trigger,
} from './workflow-definition.js';
import { checkUrl } from './webhooks.js';

export function invalidWorkflow(key: string, problem: Said): AppError {
  return new AppError('VALIDATION_FAILED', msg('Invalid workflow: {key} {problem}', { key, problem: nested(problem) }), { [key]: problem });
}
const fail = invalidWorkflow;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Next run of a five-field cron in a zone; throws on a malformed one. */
export function nextCron(cron: string, zone: string, after: Date): Date {
  return CronExpressionParser.parse(cron, { currentDate: after, tz: zone }).next().toDate();
}

function checkCron(cron: unknown): void {
  if (typeof cron !== 'string' || cron.trim().split(/\s+/).length !== 5) throw fail('trigger.cron', 'must be a cron expression of five fields (minute hour day month weekday)');
  let runs: Date[];
  try {
    const it = CronExpressionParser.parse(cron, { currentDate: new Date('2026-01-05T00:00:00Z'), tz: 'UTC' });
    runs = [it.next().toDate(), it.next().toDate(), it.next().toDate()];
  } catch (err) {
    throw fail('trigger.cron', msg('is not a valid cron expression: {problem}', { problem: String((err as Error).message).slice(0, 200) }));
  }
  // A schedule walks every matching record: more often than hourly would keep the server busy for nothing.
  if (runs[1].getTime() - runs[0].getTime() < 3_600_000 || runs[2].getTime() - runs[1].getTime() < 3_600_000) throw fail('trigger.cron', 'may run at most once an hour');
}

function checkField(ctx: RequestContext, module: string, key: string, name: unknown, types?: string[]): void {
  const f = typeof name === 'string' ? ctx.registry.module(module).fieldMap.get(name) : undefined;
  if (!f) throw fail(key, msg('"{field}" is not a field of {module}', { field: String(name), module }));
  if (types && !types.includes(f.type)) throw fail(key, msg('must be a field of type {types}', { types: types.join(', ') }));
}

export function checkTrigger(ctx: RequestContext, module: string, t: unknown): Trigger {
  if (!isObject(t)) throw fail('trigger', 'must be an object');
  if (!TRIGGER_TYPES.includes(t.type as never)) throw fail('trigger.type', msg('must be one of {values}', { values: TRIGGER_TYPES.join(', ') }));
  if (t.type === 'field_change') checkField(ctx, module, 'trigger.field', t.field);
  if (t.type === 'schedule') checkCron(t.cron);
  if (t.type === 'date') {
    checkField(ctx, module, 'trigger.field', t.field, ['date', 'datetime']);
    for (const k of ['offset_days', 'offset_hours'] as const) {
      if (t[k] !== undefined && (!Number.isInteger(t[k]) || Math.abs(t[k] as number) > 3660)) throw fail(`trigger.${k}`, 'must be a whole number between -3660 and 3660');
    }
  }
  return t as unknown as Trigger;
}

export function checkWhere(ctx: RequestContext, module: string, where: unknown, trigger?: string): void {
  if (where == null) return;
  if (!isObject(where)) throw fail('where', 'must be an object');
  const { filter, change } = splitWhere(where as unknown as Where);
  compileWhere(ctx.registry.module(module), filter, ctx.lang);
  // Change conditions are only understood at the top level: elsewhere the filter compiler refuses them.
  change.forEach((c, i) => checkField(ctx, module, `where.change[${i}].field`, c.field));
  // A time trigger fires with no write, so nothing has changed: such a workflow would never run.
  if (change.length && (trigger === 'schedule' || trigger === 'date')) throw fail('where', 'changed, changed_to and changed_from apply only to triggers on a save');
}

function checkPerson(key: string, v: unknown): void {
  if (typeof v !== 'string' || !PERSON.test(v)) throw fail(key, 'must be owner, manager, a user id, role:<id> or group:<id>');
}

function checkText(key: string, v: unknown, max: number, required = true): void {
  if (v === undefined && !required) return;
  if (typeof v !== 'string' || !v.trim() || v.length > max) throw fail(key, msg('must be text of 1 to {max} characters', { max }));
}

function checkAction(ctx: RequestContext, module: string, a: unknown, i: number, changed: boolean): Action {
  const key = `actions[${i}]`;
  if (!isObject(a)) throw fail(key, 'must be an object');
  if (!ACTION_TYPES.includes(a.type as never)) throw fail(`${key}.type`, msg('must be one of {values}', { values: ACTION_TYPES.join(', ') }));
  switch (a.type) {
    case 'create_task':
    case 'create_event':
      checkText(`${key}.subject`, a.subject, 255);
      for (const k of ['due_in_days', 'start_in_days', 'start_in_hours', 'duration_minutes']) {
        if (a[k] !== undefined && (!Number.isInteger(a[k]) || Math.abs(a[k] as number) > 3660)) throw fail(`${key}.${k}`, 'must be a whole number between -3660 and 3660');
      }
      if (a.assigned_to !== undefined) checkPerson(`${key}.assigned_to`, a.assigned_to);
      break;
    case 'update_fields':
      if (!isObject(a.values) || !Object.keys(a.values).length) throw fail(`${key}.values`, 'must name at least one field');
      // Fields named when the actions were written (one deleted since does not keep a stored workflow from being switched off).
      if (changed) for (const f of Object.keys(a.values)) checkField(ctx, module, `${key}.values.${f}`, f);
      break;
    case 'create_record':
      if (typeof a.module !== 'string' || !ctx.registry.has(a.module)) throw fail(`${key}.module`, msg('{module} is not a module', { module: String(a.module) }));
      if (!isObject(a.values)) throw fail(`${key}.values`, 'must be an object');
      if (changed) for (const f of Object.keys(a.values)) checkField(ctx, a.module, `${key}.values.${f}`, f);
      if (changed && a.link_field !== undefined) checkField(ctx, a.module, `${key}.link_field`, a.link_field, ['reference']);
      break;
    case 'send_email':
      if (typeof a.template_id !== 'string' || !/^[0-9a-f-]{36}$/i.test(a.template_id)) throw fail(`${key}.template_id`, 'must be a template id');
      checkRecipients(`${key}.to`, a.to);
      break;
    case 'notify':
      if (!Array.isArray(a.users) || !a.users.length || a.users.length > 50) throw fail(`${key}.users`, 'must list 1 to 50 people');
      a.users.forEach((u, j) => checkPerson(`${key}.users[${j}]`, u));
      checkText(`${key}.message`, a.message, 1000);
      break;
    case 'webhook':
      if (typeof a.url !== 'string' || a.url.length > 2000) throw fail(`${key}.url`, 'must be an http(s) URL');
      checkUrl(`${key}.url`, a.url, fail);
      break;
    case 'sms':
      checkRecipients(`${key}.to`, a.to);
      // Users have no phone number in Karta: an SMS goes to a field of the record or a number.
      if (changed && (Array.isArray(a.to) ? a.to : [a.to]).some((x) => typeof x === 'string' && PERSON.test(x.trim()))) throw fail(`${key}.to`, 'an SMS goes to a field of the record or a phone number, not to users');
      checkText(`${key}.text`, a.text, 1000);
      break;
  }
  return a as Action;
}

/** `to`: owner, manager, a field of the record, an address or number, `role:<id>` — one or a list of up to 20. */
function checkRecipients(key: string, to: unknown): void {
  const list = Array.isArray(to) ? to : [to];
  if (!list.length || list.length > 20 || list.some((x) => typeof x !== 'string' || !x.trim() || x.length > 254)) throw fail(key, 'must name 1 to 20 recipients');
}

/** `changed`: the actions are being written (a rule added later does not stop a stored workflow from being switched off). */
export function checkActions(ctx: RequestContext, module: string, actions: unknown, changed = true): Action[] {
  if (!Array.isArray(actions) || !actions.length) throw fail('actions', 'needs at least one action');
  if (actions.length > MAX_ACTIONS) throw fail('actions', msg('has more than {max} entries', { max: MAX_ACTIONS }));
  return actions.map((a, i) => checkAction(ctx, module, a, i, changed));
}
