import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtp, type TestSmtp } from '../../testing/smtp.js';
import { createTestApp, USER_PASSWORD, type Client, type TestApp } from '../../testing/test-app.js';
import { dueAt, isOverdue } from './ticket-sla.js';
import { suggestionWords } from './knowledge-base.js';
import { contractUsage } from './contract-usage.js';

let t: TestApp;
let admin: Client, agent: Client, sales1: Client;
let smtp: TestSmtp;
let contact: string, account: string;

beforeAll(async () => {
  smtp = await startSmtp();
  t = await createTestApp();
  [admin, agent, sales1] = await Promise.all(['admin', 'support', 'sales1'].map((u) => t.login(u)));
  // The customer is the support agent's (support may read accounts and contacts, not create them).
  account = (await admin.post('/api/v1/records/accounts', { name: 'ООО «Клиент»', assigned_to: agent.userId })).body.data.id;
  contact = (await admin.post('/api/v1/records/contacts', { last_name: 'Менделеев', first_name: 'Дмитрий', email: 'dmitry@example.ru', account_id: account, assigned_to: agent.userId })).body.data.id;
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const HOUR = 3_600_000;
const hoursBetween = (a: string, b: string) => Math.round((new Date(b).getTime() - new Date(a).getTime()) / HOUR * 100) / 100;

describe('service levels (pure)', () => {
  it('due by the priority\'s hours; overdue only while open, unanswered and past due', () => {
    const hours = { low: 72, normal: 24, high: 8, urgent: 2 };
    expect(dueAt(new Date('2026-12-03T10:00:00Z'), 'urgent', hours)).toBe('2026-12-03T12:00:00.000Z');
    expect(dueAt(new Date('2026-12-03T10:00:00Z'), 'nonsense', hours)).toBe('2026-12-04T10:00:00.000Z');
    const now = new Date('2026-12-03T13:00:00Z');
    expect(isOverdue({ status: 'open', due_at: '2026-12-03T12:00:00Z' }, now)).toBe(true);
    expect(isOverdue({ status: 'open', due_at: '2026-12-03T14:00:00Z' }, now)).toBe(false);
    expect(isOverdue({ status: 'closed', due_at: '2026-12-03T12:00:00Z' }, now)).toBe(false);
    expect(isOverdue({ status: 'open', due_at: '2026-12-03T12:00:00Z', first_response_at: '2026-12-03T11:00:00Z' }, now)).toBe(false);
  });
});

describe('ticket service levels', () => {
  it('response times are settings: everyone reads them, administrators change them, bad values are refused', async () => {
    expect((await agent.get('/api/v1/settings/support')).body.data.response_hours).toEqual({ low: 72, normal: 24, high: 8, urgent: 2 });
    expect((await agent.put('/api/v1/settings/support', { response_hours: { urgent: 1 } })).status).toBe(403);
    const bad = await admin.put('/api/v1/settings/support', { response_hours: { urgent: -1, soon: 3 } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields)).toEqual(['response_hours.urgent', 'response_hours.soon']);
    expect((await admin.put('/api/v1/settings/support', { response_hours: { urgent: 1 } })).body.data.response_hours).toMatchObject({ urgent: 1, normal: 24 });
  });

  it('due by from the priority, moved with it before an answer; resolved when closed, cleared when reopened; read-only', async () => {
    const tk = (await agent.post('/api/v1/records/tickets', { title: 'Не печатается счёт', priority: 'urgent', contact_id: contact, channel: 'phone' })).body.data;
    expect(hoursBetween(tk.created_at, tk.due_at)).toBe(1);
    expect(tk.resolved_at).toBeNull();
    const low = (await agent.patch(`/api/v1/records/tickets/${tk.id}`, { priority: 'low' })).body.data;
    expect(hoursBetween(tk.created_at, low.due_at)).toBe(72);
    const closed = (await agent.patch(`/api/v1/records/tickets/${tk.id}`, { status: 'closed' })).body.data;
    expect(closed.resolved_at).toBeTruthy();
    const reopened = (await agent.patch(`/api/v1/records/tickets/${tk.id}`, { status: 'open' })).body.data;
    expect(reopened.resolved_at).toBeNull();
    const forged = await agent.patch(`/api/v1/records/tickets/${tk.id}`, { due_at: '2030-01-01T00:00:00Z' });
    expect(forged.status).toBe(400);
  });
});

describe('reply by e-mail', () => {
  it('reaches SMTP with [TT…] and threading headers, is kept on the ticket, marks it answered; comments stay internal', async () => {
    const tk = (await agent.post('/api/v1/records/tickets', { title: 'CRM и Joomla', contact_id: contact, account_id: account })).body.data;
    const before = smtp.inbox.length;
    const first = await agent.post(`/api/v1/records/tickets/${tk.id}/actions/reply`, { body: 'Здравствуйте! Да, интеграция возможна.' });
    expect(first.status).toBe(201);
    const mail1 = smtp.inbox.at(-1)!;
    expect(mail1.subject).toBe(`[${tk.number}] CRM и Joomla`);
    expect((mail1.to as { text: string }).text).toContain('dmitry@example.ru');
    expect(mail1.messageId).toBe(first.body.data.message_id);
    expect(mail1.inReplyTo).toBeUndefined();
    const answered = (await agent.get(`/api/v1/records/tickets/${tk.id}`)).body.data;
    expect(answered.status).toBe('wait_for_response');
    expect(answered.first_response_at).toBeTruthy();

    // An internal comment is not mailed to the customer.
    await agent.post('/api/v1/records/comments', { body: 'Проверить версию Joomla', related_to: tk.id });
    expect(smtp.inbox.length).toBe(before + 1);

    const second = await agent.post(`/api/v1/records/tickets/${tk.id}/actions/reply`, { body: 'Инструкция во вложении.', subject: `Re: [${tk.number}] CRM и Joomla` });
    const mail2 = smtp.inbox.at(-1)!;
    expect(mail2.subject).toBe(`Re: [${tk.number}] CRM и Joomla`);
    expect(mail2.inReplyTo).toBe(first.body.data.message_id);
    expect([mail2.references].flat()).toContain(first.body.data.message_id);
    expect(second.body.data).toMatchObject({ related_to: tk.id, in_reply_to: first.body.data.message_id, contact_id: contact });
    expect((await agent.get(`/api/v1/records/tickets/${tk.id}`)).body.data.first_response_at).toBe(answered.first_response_at);
    const timeline = (await agent.get(`/api/v1/records/tickets/${tk.id}/timeline`)).body.data;
    expect(timeline.map((x: { title: string }) => x.title)).toEqual(expect.arrayContaining([`[${tk.number}] CRM и Joomla`, `Re: [${tk.number}] CRM и Joomla`]));
  });

  it('asks for a recipient and a body; only those who may edit the ticket reply', async () => {
    const tk = (await agent.post('/api/v1/records/tickets', { title: 'Без контакта' })).body.data;
    const noTo = await agent.post(`/api/v1/records/tickets/${tk.id}/actions/reply`, { body: 'x' });
    expect(noTo.status).toBe(400);
    expect(noTo.body.error.fields.to).toBeTruthy();
    expect((await agent.post(`/api/v1/records/tickets/${tk.id}/actions/reply`, { to: 'a@example.com' })).status).toBe(400);
    expect((await sales1.post(`/api/v1/records/tickets/${tk.id}/actions/reply`, { body: 'x', to: 'a@example.com' })).status).toBe(404);
    // sales1 sees a ticket of their own but may not edit tickets: refused before anything is mailed.
    const theirs = (await admin.post('/api/v1/records/tickets', { title: 'Для продавца', assigned_to: sales1.userId, contact_id: contact })).body.data;
    const before = smtp.inbox.length;
    expect((await sales1.post(`/api/v1/records/tickets/${theirs.id}/actions/reply`, { body: 'x' })).status).toBe(403);
    expect(smtp.inbox.length).toBe(before);
  });

  it('a colleague who may only read this ticket cannot answer it: refused before anything is mailed', async () => {
    const roleId = (await admin.get(`/api/v1/users/${agent.userId}`)).body.data.role_id;
    expect((await admin.post('/api/v1/users', { username: 'support2', password: USER_PASSWORD, role_id: roleId })).status).toBe(201);
    const rule = await admin.post('/api/v1/sharing_rules', { module: 'tickets', from: { role: roleId }, to: { role: roleId }, access: 'read' });
    expect(rule.status, rule.raw).toBe(201);
    try {
      const colleague = await t.login('support2');
      const tk = (await agent.post('/api/v1/records/tickets', { title: 'Только чтение', contact_id: contact })).body.data;
      expect((await colleague.get(`/api/v1/records/tickets/${tk.id}`)).status).toBe(200);
      const before = smtp.inbox.length;
      expect((await colleague.post(`/api/v1/records/tickets/${tk.id}/actions/reply`, { body: 'x' })).status).toBe(403);
      await new Promise((r) => setTimeout(r, 200));
      expect(smtp.inbox.length).toBe(before);
      expect((await agent.get(`/api/v1/records/tickets/${tk.id}`)).body.data.first_response_at).toBeNull();
    } finally {
      await admin.del(`/api/v1/sharing_rules/${rule.body.data.id}`);
    }
  });

  it('a ticket waiting for approval is not answered: 423 before anything is mailed', async () => {
    const proc = (await admin.post('/api/v1/records/approval_processes', { name: 'Tickets', module: 'tickets', where: { field: 'title', op: 'eq', value: 'Ждёт согласования' }, steps: [{ approver: t.users.admin }] })).body.data;
    try {
      const tk = (await agent.post('/api/v1/records/tickets', { title: 'Ждёт согласования', contact_id: contact })).body.data;
      expect((await agent.post(`/api/v1/records/tickets/${tk.id}/actions/submit_for_approval`, {})).status).toBe(201);
      const before = smtp.inbox.length;
      expect((await agent.post(`/api/v1/records/tickets/${tk.id}/actions/reply`, { body: 'x' })).status).toBe(423);
      await new Promise((r) => setTimeout(r, 200));
      expect(smtp.inbox.length).toBe(before);
    } finally {
      await admin.patch(`/api/v1/records/approval_processes/${proc.id}`, { active: false });
    }
  });

  it('an approval that unlocks replies stands through them: what a reply sets by itself is no change of the ticket', async () => {
    const proc = (await admin.post('/api/v1/records/approval_processes', { name: 'Replies', module: 'tickets', where: { field: 'title', op: 'eq', value: 'Ответы после согласования' }, steps: [{ approver: t.users.admin }], unlocks: { actions: ['reply'] } })).body.data;
    try {
      const tk = (await agent.post('/api/v1/records/tickets', { title: 'Ответы после согласования', contact_id: contact })).body.data;
      expect((await agent.post(`/api/v1/records/tickets/${tk.id}/actions/reply`, { body: 'x' })).status).toBe(423);
      expect((await agent.post(`/api/v1/records/tickets/${tk.id}/actions/submit_for_approval`, {})).status).toBe(201);
      expect((await admin.post(`/api/v1/records/tickets/${tk.id}/actions/approve`, {})).body.data.state).toBe('approved');
      expect((await agent.post(`/api/v1/records/tickets/${tk.id}/actions/reply`, { body: 'Первый ответ' })).status).toBe(201);
      expect((await agent.post(`/api/v1/records/tickets/${tk.id}/actions/reply`, { body: 'Второй ответ' })).status).toBe(201);
      expect((await agent.get(`/api/v1/approvals?module=tickets&record_id=${tk.id}`)).body.data[0].state).toBe('approved');
    } finally {
      await admin.patch(`/api/v1/records/approval_processes/${proc.id}`, { active: false });
    }
  });

  it('a ticket with a long title is answered with its title cut to fit the subject', async () => {
    const title = 'Очень длинный заголовок '.repeat(20).trim();
    const tk = (await agent.post('/api/v1/records/tickets', { title, contact_id: contact })).body.data;
    const r = await agent.post(`/api/v1/records/tickets/${tk.id}/actions/reply`, { body: 'Ответ' });
    expect(r.status).toBe(201);
    expect(smtp.inbox.at(-1)!.subject!.startsWith(`[${tk.number}] Очень длинный`)).toBe(true);
    expect(smtp.inbox.at(-1)!.subject!.length).toBeLessThanOrEqual(255);
  });
});

describe('queues', () => {
  it('mine, waiting in a group, overdue — counted as the caller sees them, with the filter that lists them', async () => {
    const group = (await admin.post('/api/v1/groups', { name: 'Первая линия', members: [] })).body.data.id;
    const q0 = (await agent.get('/api/v1/support/queue')).body.data;
    await agent.post('/api/v1/records/tickets', { title: 'Моя заявка' });
    const late = (await agent.post('/api/v1/records/tickets', { title: 'Просроченная', contact_id: contact })).body.data;
    await sql`update tickets set due_at = now() - interval '1 hour' where id = ${late.id}`.execute(t.app.database.db);
    await admin.post('/api/v1/records/tickets', { title: 'В очереди', assigned_to: group });
    const q1 = (await agent.get('/api/v1/support/queue')).body.data;
    expect(q1.mine.count).toBe(q0.mine.count + 2);
    expect(q1.overdue.count).toBe(q0.overdue.count + 1);
    const listed = await agent.get(`/api/v1/records/tickets?where=${encodeURIComponent(JSON.stringify(q1.overdue.where))}&fields=title`);
    expect(listed.body.data.map((x: { title: string }) => x.title)).toContain('Просроченная');
    const q2 = (await admin.get('/api/v1/support/queue')).body.data;
    expect(q2.unassigned.count).toBeGreaterThanOrEqual(1);
    // sales1 may read tickets but sees none of the agent's, so they are not in sales1's counts.
    expect((await sales1.get('/api/v1/support/queue')).body.data.overdue.count).toBe(0);
    // Answered: no longer overdue.
    await agent.post(`/api/v1/records/tickets/${late.id}/actions/reply`, { body: 'Ответ' });
    expect((await agent.get('/api/v1/support/queue')).body.data.overdue.count).toBe(q0.overdue.count);
  });
});

describe('knowledge base', () => {
  it('words of a text: 3+ letters, Chinese by pairs, at most eight', () => {
    expect(suggestionWords('Не работает CRM и Joomla!')).toEqual(['работает', 'crm', 'joomla']);
    expect(suggestionWords('发票导出')).toEqual(['发票', '票导', '导出']);
    expect(suggestionWords('один два три четыре пять шесть семь восемь девять десять').length).toBe(8);
  });

  it('a closed ticket with a solution becomes an FAQ draft; an open one or one without a solution does not', async () => {
    const tk = (await agent.post('/api/v1/records/tickets', { title: 'Как выгрузить счета в 1С?', description: 'Нужна выгрузка за месяц' })).body.data;
    const open = await agent.post(`/api/v1/records/tickets/${tk.id}/actions/convert_to_faq`, {});
    expect(open.status).toBe(400);
    await agent.patch(`/api/v1/records/tickets/${tk.id}`, { status: 'closed' });
    expect((await agent.post(`/api/v1/records/tickets/${tk.id}/actions/convert_to_faq`, {})).body.error.fields.solution).toBeTruthy();
    await agent.patch(`/api/v1/records/tickets/${tk.id}`, { solution: 'Отчёты → Экспорт → 1С.' });
    const faq = await agent.post(`/api/v1/records/tickets/${tk.id}/actions/convert_to_faq`, {});
    expect(faq.status).toBe(201);
    expect(faq.body.data).toMatchObject({ question: 'Как выгрузить счета в 1С?\n\nНужна выгрузка за месяц', answer: 'Отчёты → Экспорт → 1С.', status: 'draft' });
  });

  it('suggests published FAQs that share words with a ticket, in Russian and Chinese; drafts are not suggested', async () => {
    await agent.post('/api/v1/records/faqs', { question: 'Как интегрировать CRM с Joomla', answer: 'Через модуль веб-форм.', status: 'published' });
    await agent.post('/api/v1/records/faqs', { question: 'Joomla: черновик', answer: 'Ещё пишется.', status: 'draft' });
    await agent.post('/api/v1/records/faqs', { question: '如何导出发票', answer: '报表 → 导出。', status: 'published' });
    const ru = (await agent.get(`/api/v1/support/faq_suggestions?text=${encodeURIComponent('Не работает интеграция с Joomla')}`)).body.data;
    expect(ru.map((x: { question: string }) => x.question)).toEqual(['Как интегрировать CRM с Joomla']);
    const zh = (await agent.get(`/api/v1/support/faq_suggestions?text=${encodeURIComponent('发票导出失败')}`)).body.data;
    expect(zh[0].question).toBe('如何导出发票');
    expect((await agent.get('/api/v1/support/faq_suggestions?text=')).body.data).toEqual([]);
  });
});

describe('what the profile hides', () => {
  /** The agent's profile, its field rules set for the test and cleared after it. */
  async function hiding(fields: Record<string, Record<string, string>>, check: () => Promise<void>): Promise<void> {
    const roleId = (await admin.get(`/api/v1/users/${agent.userId}`)).body.data.role_id;
    const profile = ((await admin.get('/api/v1/roles')).body.data as { id: string; profile_ids: string[] }[]).find((r) => r.id === roleId)!.profile_ids[0];
    expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields })).status).toBe(200);
    try {
      await check();
    } finally {
      expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: {} })).status).toBe(200);
    }
  }

  it('FAQ suggestions match and show only what the profile shows', async () => {
    await agent.post('/api/v1/records/faqs', { question: 'Где настройки почты', answer: 'Раздел «Почтовые ящики» под аватаром.', status: 'published' });
    const ask = async (text: string) => (await agent.get(`/api/v1/support/faq_suggestions?text=${encodeURIComponent(text)}`)).body.data;
    expect((await ask('ящики аватаром')).map((x: any) => x.question)).toEqual(['Где настройки почты']);
    await hiding({ faqs: { answer: 'hidden', question: 'hidden' } }, async () => {
      expect(await ask('ящики аватаром')).toEqual([]);
      expect(await ask('настройки почты')).toEqual([]);
    });
    await hiding({ faqs: { answer: 'hidden' } }, async () => {
      expect(await ask('ящики аватаром')).toEqual([]);
      expect((await ask('настройки почты')).map((x: any) => x.question)).toEqual(['Где настройки почты']);
    });
  });

  it('a queue over a hidden field is left out; the others still count', async () => {
    await hiding({ tickets: { channel: 'hidden' } }, async () => {
      const q = await agent.get('/api/v1/support/queue');
      expect(q.status, q.raw).toBe(200);
      expect(Object.keys(q.body.data).sort()).toEqual(['mine', 'overdue', 'unassigned']);
    });
  });
});

describe('service contracts', () => {
  it('usage (pure): hours or days summed, incidents counted, progress capped at 100', () => {
    expect(contractUsage('hours', '10', [{ hours: '2.5' }, { hours: '1' }, {}])).toEqual({ used: '3.50', progress: '35.00' });
    expect(contractUsage('incidents', '4', [{}, {}, {}, {}, {}])).toEqual({ used: '5.00', progress: '100.00' });
    expect(contractUsage('days', null, [{ days: 2 }])).toEqual({ used: '2.00', progress: null });
  });

  it('used units follow the contract\'s tickets; the owner hears at 80 % and 100 %; moving a ticket recomputes both contracts; audited', async () => {
    const contract = (await agent.post('/api/v1/records/service_contracts', { subject: 'Поддержка 10 часов', account_id: account, tracking_unit: 'hours', total_units: '10', start_date: '2026-12-01', due_date: '2026-12-31' })).body.data;
    const usage = async (id: string) => {
      const d = (await agent.get(`/api/v1/records/service_contracts/${id}`)).body.data;
      return { used: Number(d.used_units), progress: d.progress === null ? null : Number(d.progress) };
    };
    expect(contract.planned_duration).toBe(30);
    expect(await usage(contract.id)).toEqual({ used: 0, progress: 0 });
    const other = (await agent.post('/api/v1/records/service_contracts', { subject: 'Другой', tracking_unit: 'hours', total_units: '5' })).body.data;
    // A cleared due date plans no duration any more.
    const open = (await agent.post('/api/v1/records/service_contracts', { subject: 'Без срока', start_date: '2024-03-01', due_date: '2024-04-01' })).body.data;
    expect(open.planned_duration).toBe(31);
    expect((await agent.patch(`/api/v1/records/service_contracts/${open.id}`, { due_date: null })).body.data.planned_duration).toBeNull();
    // A due date before the start is refused; completing it sets the day it ended and how long it took; reopened, neither.
    expect((await agent.patch(`/api/v1/records/service_contracts/${open.id}`, { due_date: '2024-02-01' })).body.error.fields.due_date).toBeTruthy();
    const done = (await agent.patch(`/api/v1/records/service_contracts/${open.id}`, { status: 'complete' })).body.data;
    expect(done.end_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(done.actual_duration).toBe(Math.round((Date.parse(done.end_date) - Date.parse('2024-03-01')) / 86_400_000));
    const reopened = (await agent.patch(`/api/v1/records/service_contracts/${open.id}`, { status: 'in_progress' })).body.data;
    expect([reopened.end_date, reopened.actual_duration]).toEqual([null, null]);
    // One brought in completed (a migration, an import) is not dated the day it came.
    expect((await agent.post('/api/v1/records/service_contracts', { subject: 'Старый', status: 'complete', start_date: '2020-01-01' })).body.data.end_date).toBeNull();
    const t1 = (await agent.post('/api/v1/records/tickets', { title: 'Настройка', service_contract_id: contract.id, hours: '6' })).body.data;
    expect(await usage(contract.id)).toEqual({ used: 6, progress: 60 });
    const notices = async () => (await agent.get('/api/v1/notifications')).body.data.filter((n: { record?: { id: string } }) => n.record?.id === contract.id).map((n: { kind: string }) => n.kind);
    expect(await notices()).toEqual([]);
    await agent.post('/api/v1/records/tickets', { title: 'Обучение', service_contract_id: contract.id, hours: '2.5' });
    expect(await usage(contract.id)).toEqual({ used: 8.5, progress: 85 });
    expect(await notices()).toEqual(['contract_80']);
    await agent.patch(`/api/v1/records/tickets/${t1.id}`, { hours: '8' });
    expect(await usage(contract.id)).toEqual({ used: 10.5, progress: 100 });
    expect((await notices()).sort()).toEqual(['contract_80', 'contract_used_up']);
    await agent.patch(`/api/v1/records/tickets/${t1.id}`, { service_contract_id: other.id });
    expect(await usage(contract.id)).toEqual({ used: 2.5, progress: 25 });
    expect(await usage(other.id)).toEqual({ used: 8, progress: 100 });
    const history = (await agent.get(`/api/v1/records/service_contracts/${contract.id}/history`)).body.data;
    expect(JSON.stringify(history)).toContain('used_units');
    expect((await agent.patch(`/api/v1/records/service_contracts/${contract.id}`, { used_units: '0' })).status).toBe(400);
  });

  it('a merged contract counts the tickets it took over; one back from the recycle bin counts what changed meanwhile and is due again', async () => {
    const mk = async (subject: string, hours: string) => {
      const c = (await admin.post('/api/v1/records/service_contracts', { subject, tracking_unit: 'hours', total_units: '20', due_date: '2027-03-01', assigned_to: agent.userId })).body.data;
      const tk = (await admin.post('/api/v1/records/tickets', { title: `${subject}: работа`, service_contract_id: c.id, hours })).body.data;
      return { c, tk };
    };
    const used = async (id: string) => Number((await admin.get(`/api/v1/records/service_contracts/${id}`)).body.data.used_units);
    const a = await mk('Слияние A', '5');
    const b = await mk('Слияние B', '3');
    const merged = await admin.post('/api/v1/records/service_contracts/merge', { ids: [a.c.id, b.c.id] });
    expect(merged.status, merged.raw).toBe(200);
    expect(await used(a.c.id)).toBe(8);

    const due = async (id: string) => (await sql`select 1 from jobs where key = ${`contract_due:${id}`} and done_at is null`.execute(t.app.database.db)).rows.length;
    expect(await due(a.c.id)).toBe(1);
    expect((await admin.del(`/api/v1/records/service_contracts/${a.c.id}`)).status).toBe(204);
    expect(await due(a.c.id)).toBe(0);
    // While it is in the recycle bin its ticket takes more hours.
    expect((await admin.patch(`/api/v1/records/tickets/${a.tk.id}`, { hours: '7' })).status).toBe(200);
    expect((await admin.post(`/api/v1/records/service_contracts/${a.c.id}/restore`)).status).toBe(200);
    expect(await used(a.c.id)).toBe(10);
    expect(await due(a.c.id)).toBe(1);
  });

  it('an asset (by account, product and serial number) lists the tickets about it', async () => {
    const product = (await admin.post('/api/v1/records/products', { name: 'Сервер X1', unit_price: '100000' })).body.data.id;
    const asset = (await agent.post('/api/v1/records/assets', { name: 'Сервер X1 у клиента', product_id: product, serial_no: 'SN-001', account_id: account, sold_date: '2026-11-01' })).body.data.id;
    const tk = (await agent.post('/api/v1/records/tickets', { title: 'Сервер не включается', asset_id: asset, account_id: account })).body.data.id;
    expect((await agent.get(`/api/v1/records/assets/${asset}/related/tickets`)).body.data.map((x: { id: string }) => x.id)).toEqual([tk]);
    expect((await agent.get(`/api/v1/records/accounts/${account}/related/assets`)).body.data.map((x: { id: string }) => x.id)).toContain(asset);
  });

  it('on its due date the owner hears that the contract ends', async () => {
    const due = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const contract = (await agent.post('/api/v1/records/service_contracts', { subject: 'Истекающий', tracking_unit: 'incidents', total_units: '3', due_date: due })).body.data;
    await t.runJobs();
    const notes = (await agent.get('/api/v1/notifications')).body.data.filter((n: { record?: { id: string } }) => n.record?.id === contract.id);
    expect(notes.map((n: { kind: string }) => n.kind)).toEqual(['contract_due']);
  });
});
