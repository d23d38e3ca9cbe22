import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtp, type TestSmtp } from '../../testing/smtp.js';
import { createTestApp, USER_PASSWORD, type Client, type TestApp } from '../../testing/test-app.js';
import { salesProfile } from '../../testing/sales-profile.js';

let t: TestApp;
let admin: Client, manager: Client, sales1: Client, sales2: Client;
let smtp: TestSmtp;
let account: string;
let process: any;

beforeAll(async () => {
  smtp = await startSmtp();
  t = await createTestApp();
  [admin, manager, sales1, sales2] = await Promise.all(['admin', 'manager', 'sales1', 'sales2'].map((u) => t.login(u)));
  account = (await sales1.post('/api/v1/records/accounts', { name: 'ООО «Согласие»' })).body.data.id;
  const r = await admin.post('/api/v1/records/approval_processes', {
    name: 'Discount over 15 %', module: 'quotes', where: { field: 'discount_percent', op: 'gt', value: '15' },
    steps: [{ approver: 'manager' }, { approver: t.users.admin }],
    unlocks: { field: 'status', values: ['accepted'], actions: ['convert'] },
  });
  expect(r.status, r.raw).toBe(201);
  process = r.body.data;
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const quote = async (discount: string) => (await sales1.post('/api/v1/records/quotes', { subject: 'Ноутбуки', account_id: account, status: 'created', currency: 'RUB', discount_percent: discount })).body.data;
const act = (c: Client, id: string, action: string, body: unknown = {}) => c.post(`/api/v1/records/quotes/${id}/actions/${action}`, body);

describe('approvals', () => {
  it('a discounted quote: submit → locked (423) → the manager, then the admin approve → accepted and converted', async () => {
    const q = await quote('20');
    // Accepting or converting it needs the approval first.
    expect((await sales1.patch(`/api/v1/records/quotes/${q.id}`, { status: 'accepted' })).status).toBe(423);
    expect((await act(sales1, q.id, 'convert', { to: 'sales_orders' })).status).toBe(423);
    const before = smtp.inbox.length;
    const sub = await act(sales1, q.id, 'submit_for_approval', { comment: 'Big customer' });
    expect(sub.status, sub.raw).toBe(201);
    expect(sub.body.data).toMatchObject({ state: 'pending', step: 0, approver_ids: [t.users.manager], process_name: 'Discount over 15 %' });
    // The manager hears of it in the app and by e-mail.
    const inbox = (await manager.get('/api/v1/approvals?state=pending&mine=1')).body.data;
    expect(inbox.map((a: any) => [a.record_id, a.label])).toEqual([[q.id, q.subject]]);
    expect((await manager.get('/api/v1/notifications')).body.data.some((n: any) => n.kind === 'approval_request' && n.record?.id === q.id)).toBe(true);
    const mailed = () => smtp.inbox.slice(before).some((m) => (m.to as { text: string }).text.includes('manager@example.com'));
    for (let i = 0; i < 50 && !mailed(); i++) await new Promise((r) => setTimeout(r, 100)); // the e-mail copy is sent after the write
    expect(mailed()).toBe(true);
    // Locked for everyone, in the caller's language.
    const locked = await sales1.patch(`/api/v1/records/quotes/${q.id}`, { subject: 'changed' });
    expect(locked.status).toBe(423);
    expect(locked.body.error).toMatchObject({ code: 'LOCKED', message: 'Запись ожидает согласования и не может быть изменена, пока её не согласуют или не отклонят' });
    expect((await sales1.del(`/api/v1/records/quotes/${q.id}`)).status).toBe(423);
    // Comments are still welcome.
    expect((await manager.post('/api/v1/records/comments', { body: 'Looks fine', related_to: q.id })).status).toBe(201);
    // Only the step's approver decides.
    expect((await act(sales1, q.id, 'approve')).status).toBe(403);
    expect((await act(sales2, q.id, 'approve')).status).toBe(403);
    // A decision made on a step the approval has left (a second click) changes nothing.
    expect((await act(manager, q.id, 'approve', { step: 1 })).status).toBe(409);
    const step1 = await act(manager, q.id, 'approve', { comment: 'ok', step: 0 });
    expect(step1.body.data).toMatchObject({ state: 'pending', step: 1, approver_ids: [t.users.admin] });
    expect((await act(manager, q.id, 'approve')).status).toBe(403);
    const done = await act(admin, q.id, 'approve');
    expect(done.body.data.state).toBe('approved');
    expect(done.body.data.history.map((h: any) => h.decision)).toEqual(['submitted', 'approved', 'approved']);
    expect((await sales1.get('/api/v1/notifications')).body.data.some((n: any) => n.kind === 'approval_decided' && n.record?.id === q.id)).toBe(true);
    // Approved: editable, accepted, converted.
    expect((await sales1.patch(`/api/v1/records/quotes/${q.id}`, { status: 'accepted' })).status).toBe(200);
    expect((await act(sales1, q.id, 'convert', { to: 'sales_orders' })).status).toBe(201);
    const history = (await sales1.get(`/api/v1/approvals?module=quotes&record_id=${q.id}`)).body.data;
    expect(history.map((a: any) => a.state)).toEqual(['approved']);
  });

  it('rejected: editable again, and may be submitted again', async () => {
    const q = await quote('30');
    await act(sales1, q.id, 'submit_for_approval');
    const r = await act(manager, q.id, 'reject', { comment: 'Too much' });
    expect(r.body.data).toMatchObject({ state: 'rejected', comment: null });
    expect(r.body.data.history.at(-1)).toMatchObject({ decision: 'rejected', comment: 'Too much' });
    expect((await sales1.patch(`/api/v1/records/quotes/${q.id}`, { discount_percent: '25' })).status).toBe(200);
    expect((await sales1.patch(`/api/v1/records/quotes/${q.id}`, { status: 'accepted' })).status).toBe(423);
    expect((await act(sales1, q.id, 'submit_for_approval')).status).toBe(201);
    expect((await act(sales1, q.id, 'submit_for_approval')).status).toBe(409);
  });

  it('a record no process applies to cannot be submitted; a colleague cannot submit what they cannot see', async () => {
    const small = await quote('5');
    expect((await act(sales1, small.id, 'submit_for_approval')).status).toBe(400);
    expect((await sales1.patch(`/api/v1/records/quotes/${small.id}`, { subject: 'free to edit' })).status).toBe(200);
    const big = await quote('40');
    expect((await act(sales2, big.id, 'submit_for_approval')).status).toBe(404);
  });

  it("a process's condition counts days on the company's clock, not the submitter's", async () => {
    const iso = (zone: string) => new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date());
    const companyZone = (await admin.get('/api/v1/settings/company')).body.data?.time_zone ?? null;
    // 26 hours apart: the company's today is never the submitter's.
    expect((await admin.put('/api/v1/settings/company', { time_zone: 'Pacific/Kiritimati' })).status).toBe(200);
    expect((await sales1.patch(`/api/v1/users/${t.users.sales1}`, { time_zone: 'Etc/GMT+12' })).status).toBe(200);
    const expiring = (await admin.post('/api/v1/records/approval_processes', {
      name: 'Expires today', module: 'quotes', where: { field: 'valid_until_date', op: 'in_period', value: 'today' }, steps: [{ approver: 'manager' }],
    })).body.data;
    try {
      const companyToday = (await sales1.post('/api/v1/records/quotes', { subject: 'Срочно', account_id: account, status: 'created', currency: 'RUB', valid_until_date: iso('Pacific/Kiritimati') })).body.data;
      const sub = await act(sales1, companyToday.id, 'submit_for_approval');
      expect(sub.status, sub.raw).toBe(201);
      expect(sub.body.data.process_name).toBe('Expires today');
      const submitterToday = (await sales1.post('/api/v1/records/quotes', { subject: 'Не срочно', account_id: account, status: 'created', currency: 'RUB', valid_until_date: iso('Etc/GMT+12') })).body.data;
      expect((await act(sales1, submitterToday.id, 'submit_for_approval')).status).toBe(400);
    } finally {
      await admin.patch(`/api/v1/records/approval_processes/${expiring.id}`, { active: false });
      await sales1.patch(`/api/v1/users/${t.users.sales1}`, { time_zone: null });
      await admin.put('/api/v1/settings/company', { time_zone: companyZone });
    }
  });

  it('a process switched off no longer guards its actions, and guards them again from the next request when back on', async () => {
    expect((await admin.patch(`/api/v1/records/approval_processes/${process.id}`, { active: false })).status).toBe(200);
    const free = await quote('30');
    expect((await act(sales1, free.id, 'convert', { to: 'sales_orders' })).status).toBe(201);
    expect((await admin.patch(`/api/v1/records/approval_processes/${process.id}`, { active: true })).status).toBe(200);
    const guarded = await quote('30');
    expect((await act(sales1, guarded.id, 'convert', { to: 'sales_orders' })).status).toBe(423);
  });

  it('guards only records its process applies to, as they are written; a change after approval voids it', async () => {
    // No process applies to a small discount: nothing needs approving.
    const small = await quote('5');
    expect((await sales1.patch(`/api/v1/records/quotes/${small.id}`, { status: 'accepted' })).status).toBe(200);
    expect((await act(sales1, small.id, 'convert', { to: 'sales_orders' })).status).toBe(201);
    // Raising the discount and accepting in one change is guarded by the record as written.
    const sneaky = await quote('5');
    expect((await sales1.patch(`/api/v1/records/quotes/${sneaky.id}`, { discount_percent: '40', status: 'accepted' })).status).toBe(423);
    expect(Number((await sales1.get(`/api/v1/records/quotes/${sneaky.id}`)).body.data.discount_percent)).toBe(5);
    // Accepted at 5 %, then raised to 40 %: refused like doing both at once.
    const later = await quote('5');
    expect((await sales1.patch(`/api/v1/records/quotes/${later.id}`, { status: 'accepted' })).status).toBe(200);
    expect((await sales1.patch(`/api/v1/records/quotes/${later.id}`, { discount_percent: '40' })).status).toBe(423);
    // Approved at 20 %: accepted with it; the same discount sent again (as "20") changes nothing.
    const q = await quote('20');
    expect((await act(sales1, q.id, 'submit_for_approval')).status).toBe(201);
    expect((await act(manager, q.id, 'approve')).status).toBe(200);
    expect((await act(admin, q.id, 'approve')).body.data.state).toBe('approved');
    const stateOf = async () => (await sales1.get(`/api/v1/approvals?module=quotes&record_id=${q.id}`)).body.data.map((a: any) => a.state);
    expect((await sales1.patch(`/api/v1/records/quotes/${q.id}`, { status: 'accepted' })).status).toBe(200);
    expect((await sales1.patch(`/api/v1/records/quotes/${q.id}`, { discount_percent: '20' })).status).toBe(200);
    expect(await stateOf()).toEqual(['approved']);
    // Accepted, its discount cannot change without a new approval (nothing is written).
    expect((await sales1.patch(`/api/v1/records/quotes/${q.id}`, { discount_percent: '95' })).status).toBe(423);
    expect(await stateOf()).toEqual(['approved']);
    // Any other change of what people enter voids it: the approval covered the record as approved.
    expect((await sales1.patch(`/api/v1/records/quotes/${q.id}`, { description: 'Доставка включена' })).status).toBe(200);
    expect(await stateOf()).toEqual(['voided']);
    expect((await act(sales1, q.id, 'convert', { to: 'sales_orders' })).status).toBe(423);
    expect((await sales1.patch(`/api/v1/records/quotes/${q.id}`, { status: 'created' })).status).toBe(200);
    expect((await sales1.patch(`/api/v1/records/quotes/${q.id}`, { status: 'accepted' })).status).toBe(423);
    // Submitted again, it goes through the process anew.
    expect((await act(sales1, q.id, 'submit_for_approval')).body.data).toMatchObject({ state: 'pending', step: 0 });
  });

  it('an approver decides only what they may read, never their own submission; a step with nobody left is refused', async () => {
    const mk = (subject: string) => sales1.post('/api/v1/records/quotes', { subject, account_id: account, status: 'created', currency: 'RUB', discount_percent: '1' }).then((r) => r.body.data);
    const made: string[] = [];
    const proc = async (subject: string, steps: { approver: string }[]) => {
      const r = await admin.post('/api/v1/records/approval_processes', { name: subject, module: 'quotes', where: { field: 'subject', op: 'eq', value: subject }, steps });
      expect(r.status, r.raw).toBe(201);
      made.push(r.body.data.id);
    };
    try {
      // Someone who may not read the record is no approver of it: nobody left, refused; named among others, left out.
      await proc('Blind', [{ approver: t.users.sales2 }]);
      const blind = await mk('Blind');
      expect((await act(sales1, blind.id, 'submit_for_approval')).status).toBe(400);
      expect((await act(sales2, blind.id, 'approve')).status).toBe(404);

      await proc('Own', [{ approver: t.users.sales1 }]);
      const own = await mk('Own');
      const refused = await act(sales1, own.id, 'submit_for_approval');
      expect([refused.status, refused.body.error.message]).toEqual([400, 'Некому согласовать запись: первый шаг не указывает ни одного активного пользователя, кроме отправившего на согласование, которому она доступна']);

      await proc('Then me', [{ approver: 'manager' }, { approver: t.users.sales1 }]);
      const then = await mk('Then me');
      expect((await act(sales1, then.id, 'submit_for_approval')).status).toBe(201);
      expect((await act(manager, then.id, 'approve')).status).toBe(400);
      expect((await sales1.get(`/api/v1/approvals?module=quotes&record_id=${then.id}`)).body.data[0]).toMatchObject({ state: 'pending', step: 0 });

      // Each step another pair of eyes where there is one: who approved the first is no approver of the second while
      // it names someone else; a step naming only them again is theirs (a small company: the manager is the director).
      const managers = (await admin.get(`/api/v1/users/${t.users.manager}`)).body.data.role_id;
      const deputy = (await admin.post('/api/v1/users', { username: 'deputy.manager', password: USER_PASSWORD, role_id: managers })).body.data.id;
      try {
        await proc('Others', [{ approver: t.users.manager }, { approver: `role:${managers}` }]);
        const others = await mk('Others');
        expect((await act(sales1, others.id, 'submit_for_approval')).status).toBe(201);
        const second = await act(manager, others.id, 'approve', { step: 0 });
        expect(second.status, second.raw).toBe(200);
        expect(second.body.data.step).toBe(1);
        expect(second.body.data.approver_ids).toEqual([deputy]);
      } finally {
        expect((await admin.patch(`/api/v1/users/${deputy}`, { active: false })).status).toBe(200);
      }
      await proc('Twice', [{ approver: 'manager' }, { approver: t.users.manager }]);
      const twice = await mk('Twice');
      expect((await act(sales1, twice.id, 'submit_for_approval')).status).toBe(201);
      expect((await act(manager, twice.id, 'approve', { step: null })).body.data).toMatchObject({ step: 1, approver_ids: [t.users.manager] });
      expect((await act(manager, twice.id, 'approve', { step: 1 })).body.data.state).toBe('approved');
    } finally {
      for (const id of made) await admin.patch(`/api/v1/records/approval_processes/${id}`, { active: false });
    }
  });

  it('a condition that no longer compiles still guards: what it guards needs an approval until it is fixed', async () => {
    const r = await admin.post('/api/v1/records/approval_processes', { name: 'Broken', module: 'sales_orders', where: { field: 'subject', op: 'eq', value: 'x' }, steps: [{ approver: 'manager' }], unlocks: { actions: ['convert'] } });
    expect(r.status, r.raw).toBe(201);
    await sql`update approval_processes set "where" = '{"field":"gone_field","op":"eq","value":"x"}'::jsonb where id = ${r.body.data.id}`.execute(t.app.database.db);
    try {
      const order = (await sales1.post('/api/v1/records/sales_orders', { subject: 'Заказ', account_id: account, status: 'created', currency: 'RUB' })).body.data;
      expect((await sales1.post(`/api/v1/records/sales_orders/${order.id}/actions/convert`, { to: 'invoices' })).status).toBe(423);
      // Other writes of the module go on.
      expect((await sales1.patch(`/api/v1/records/sales_orders/${order.id}`, { description: 'ok' })).status).toBe(200);
      // Nothing to submit to (the broken process is skipped), and an administrator can still switch it off.
      expect((await sales1.post(`/api/v1/records/sales_orders/${order.id}/actions/submit_for_approval`, {})).status).toBe(400);
    } finally {
      expect((await admin.patch(`/api/v1/records/approval_processes/${r.body.data.id}`, { active: false })).status).toBe(200);
    }
  });

  it("a process's condition reads fields the submitter's profile hides", async () => {
    const profile = await salesProfile(admin);
    expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: { quotes: { discount_percent: 'hidden' } } })).status).toBe(200);
    try {
      const q = (await admin.post('/api/v1/records/quotes', { subject: 'Скрытая скидка', account_id: account, status: 'created', currency: 'RUB', discount_percent: '25', assigned_to: t.users.sales1 })).body.data;
      const sub = await act(sales1, q.id, 'submit_for_approval');
      expect(sub.status, sub.raw).toBe(201);
      expect(sub.body.data.process_name).toBe('Discount over 15 %');
    } finally {
      expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: {} })).status).toBe(200);
    }
  });

  it('refuse bad processes; only administrators define them', async () => {
    const bad = await admin.post('/api/v1/records/approval_processes', { name: 'x', module: 'quotes', steps: [{ approver: 'someone' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields['steps[0].approver']).toBeTruthy();
    expect((await admin.post('/api/v1/records/approval_processes', { name: 'x', module: 'quotes', steps: [] })).status).toBe(400);
    expect((await admin.post('/api/v1/records/approval_processes', { name: 'x', module: 'nope', steps: [{ approver: 'manager' }] })).status).toBe(400);
    expect((await manager.post('/api/v1/records/approval_processes', { name: 'x', module: 'quotes', steps: [{ approver: 'manager' }] })).status).toBe(403);
    expect(process.id).toBeTruthy();
  });
});
