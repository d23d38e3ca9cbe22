/**
 * A fuzz run over the OpenAPI description: requests generated from it (fast-check, fixed seed) for every operation,
 * as an administrator and as a sales person. It fails on any 5xx, any status the operation does not document and any
 * JSON answer that breaks its own documented schema.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsPkg from 'ajv-formats';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestsFor, type Pools } from '../../../testing/openapi-arbitraries.js';
import { createTestApp, type Client, type TestApp } from '../../../testing/test-app.js';

const addFormats = addFormatsPkg as unknown as (ajv: Ajv2020) => Ajv2020;
/** Operations a fuzzer must not call: one ends its own session, one never ends (a stream). */
const SKIP = new Set(['post /api/v1/auth/logout', 'get /api/v1/notifications/stream']);
const SEED = 20261203;

let t: TestApp;
let admin: Client, sales1: Client;
let spec: any;
const pools: Pools = { ids: [], byModule: {} };
let ajv: Ajv2020;

beforeAll(async () => {
  t = await createTestApp();
  [admin, sales1] = await Promise.all([t.login('admin'), t.login('sales1')]);
  const made = async (module: string, body: Record<string, unknown>) => {
    const r = await sales1.post(`/api/v1/records/${module}`, body);
    if (r.status !== 201) throw new Error(`${module}: ${r.raw}`);
    pools.ids.push(r.body.data.id);
    return r.body.data.id as string;
  };
  const account = await made('accounts', { name: 'Фаззинг', website: 'fuzz.example' });
  await made('contacts', { last_name: 'Тестов', account_id: account, email: 'fuzz@example.com' });
  await made('deals', { name: 'Сделка', account_id: account, close_date: '2026-12-31', amount: '1000' });
  await made('leads', { last_name: 'Лид', company: 'Компания' });
  await made('events', { subject: 'Встреча', start_at: '2026-12-03T10:00:00Z', recurrence: 'FREQ=WEEKLY;BYDAY=TH' });
  await made('tasks', { subject: 'Задача', due_date: '2026-12-04' });
  await made('comments', { body: 'Комментарий', related_to: account });
  pools.ids.push(...Object.values(t.users));
  spec = (await admin.get('/api/v1/openapi.json')).body;
  for (const m of t.app.meta.registry.list()) {
    pools.byModule[m.name] = (await admin.get(`/api/v1/records/${m.name}?limit=5&fields=id`)).body.data.map((r: { id: string }) => r.id);
  }
  ajv = addFormats(new Ajv2020({ strict: false, allErrors: false }));
  ajv.addFormat('binary', true);
  ajv.addSchema({ $id: 'karta', components: spec.components });
});
afterAll(() => t.close());

const validators = new Map<string, ValidateFunction>();
function validatorFor(schema: unknown): ValidateFunction {
  const key = JSON.stringify(schema);
  let v = validators.get(key);
  if (!v) validators.set(key, (v = ajv.compile(JSON.parse(key.replaceAll('"#/components/', '"karta#/components/')))));
  return v;
}

/** The JSON schema documented for a status of an operation, `null` for a body that is not JSON, undefined if undocumented. */
function documented(op: any, status: number): unknown {
  let r = op.responses[String(status)];
  if (!r) return undefined;
  if (r.$ref) r = spec.components.responses[r.$ref.split('/').pop()];
  return r.content?.['application/json']?.schema ?? null;
}

async function fuzz(who: Client, label: string, runs: (path: string) => number) {
  const problems: string[] = [];
  let requests = 0;
  const statuses = new Map<number, number>();
  for (const [path, ops] of Object.entries<any>(spec.paths)) {
    for (const [method, op] of Object.entries<any>(ops)) {
      if (SKIP.has(`${method} ${path}`)) continue;
      await fc.assert(fc.asyncProperty(requestsFor(path, method, op, spec, pools), async (req) => {
        requests++;
        const r = await who.request(req.method, req.url, req.body);
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        const where = `${label} ${req.method} ${req.url} ${req.body === undefined ? '' : JSON.stringify(req.body).slice(0, 200)} → ${r.status}`;
        if (r.status >= 500) { problems.push(`${where}: ${r.raw.slice(0, 300)}`); return; }
        const schema = documented(op, r.status);
        if (schema === undefined) { problems.push(`${where}: undocumented status`); return; }
        if (schema && String(r.headers['content-type'] ?? '').includes('json')) {
          const check = validatorFor(schema);
          if (!check(r.body)) problems.push(`${where}: ${ajv.errorsText(check.errors)} in ${r.raw.slice(0, 200)}`);
        }
      }), { numRuns: runs(path), seed: SEED, endOnFailure: true });
    }
  }
  if (process.env.FUZZ_DEBUG) console.log(label, requests, [...statuses].sort());
  return { problems, requests };
}

// One module's record routes stand for the generic engine; every other path is an area's own.
const isRecordPath = (p: string) => /^\/api\/v1\/records\/[a-z_]+(\/|$)/.test(p) && !p.includes('{module}');
const KEEP = new Set(['accounts', 'deals', 'events', 'comments', 'quotes']);

describe('fuzz over the OpenAPI description', () => {
  it('as an administrator: no 5xx, every status documented, every answer fits its schema', async () => {
    const { problems, requests } = await fuzz(admin, 'admin', (p) => (isRecordPath(p) ? (KEEP.has(p.split('/')[4]) ? 12 : 3) : 15));
    expect(problems.slice(0, 20)).toEqual([]);
    expect(requests).toBeGreaterThan(1500);
  }, 600_000);

  it('as a sales person: the same', async () => {
    const { problems } = await fuzz(sales1, 'sales1', (p) => (isRecordPath(p) ? (KEEP.has(p.split('/')[4]) ? 5 : 2) : 8));
    expect(problems.slice(0, 20)).toEqual([]);
  }, 600_000);
});
