import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipartBody } from '../../testing/multipart.js';
import { startSmtp, type TestSmtp } from '../../testing/smtp.js';
import { createTestApp, USER_PASSWORD, type Client, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let smtp: TestSmtp;
let admin: Client, agent: Client, sales1: Client;
const ids: Record<string, string> = {};

interface Portal { csrf: string; cookie: string; req(method: string, url: string, body?: unknown): Promise<{ status: number; body: any; raw: string; headers: Record<string, unknown> }> }

/** A browser of the portal: its cookie and CSRF token, nothing of the staff's. */
async function portalLogin(email: string, password: string): Promise<Portal> {
  const res = await t.server.inject({ method: 'POST', url: '/portal/api/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`portal login ${res.statusCode} ${res.body}`);
  return portalSession(res);
}
function portalSession(res: Awaited<ReturnType<TestApp['server']['inject']>>): Portal {
  const cookie = res.cookies.find((c) => c.name === 'karta_portal')!.value;
  const csrf = res.json().csrf_token as string;
  return {
    csrf, cookie,
    async req(method, url, body) {
      const r = await t.server.inject({ method: method as 'GET', url, cookies: { karta_portal: cookie }, headers: { 'x-csrf-token': csrf }, ...(body !== undefined ? { payload: body as object } : {}) });
      return { status: r.statusCode, body: r.body && r.headers['content-type']?.toString().includes('json') ? r.json() : undefined, raw: r.body, headers: r.headers };
    },
  };
}

/** Invites a contact and sets the password from the mailed link, as the customer would. */
async function onboard(contactId: string, password: string): Promise<Portal> {
  const sent = smtp.inbox.length;
  const invited = await admin.post(`/api/v1/records/contacts/${contactId}/actions/invite_to_portal`, { language: 'ru' });
  expect(invited.status).toBe(200);
  const mail = smtp.inbox[sent];
  const token = /set-password\?token=([\w%-]+)/.exec(String(mail.text))![1];
  const res = await t.server.inject({ method: 'POST', url: '/portal/api/auth/set_password', payload: { token: decodeURIComponent(token), password } });
  expect(res.statusCode).toBe(200);
  return portalSession(res);
}

beforeAll(async () => {
  smtp = await startSmtp();
  t = await createTestApp();
  [admin, agent, sales1] = await Promise.all(['admin', 'support', 'sales1'].map((u) => t.login(u)));
  const mk = async (c: Client, module: string, body: object) => (await c.post(`/api/v1/records/${module}`, body)).body.data.id as string;
  ids.accA = await mk(admin, 'accounts', { name: 'ООО «Альфа»', assigned_to: agent.userId });
  ids.accB = await mk(admin, 'accounts', { name: 'ООО «Бета»', assigned_to: agent.userId });
  ids.a1 = await mk(admin, 'contacts', { last_name: 'Альфов', first_name: 'Антон', email: 'anton@alfa.ru', account_id: ids.accA, assigned_to: agent.userId });
  ids.a2 = await mk(admin, 'contacts', { last_name: 'Альфова', email: 'boss@alfa.ru', account_id: ids.accA, portal_sees_account: true, assigned_to: agent.userId });
  ids.b1 = await mk(admin, 'contacts', { last_name: 'Бетов', email: 'b@beta.ru', account_id: ids.accB, assigned_to: agent.userId });
  ids.tA1 = await mk(agent, 'tickets', { title: 'Заявка Антона', contact_id: ids.a1, account_id: ids.accA });
  ids.tA2 = await mk(agent, 'tickets', { title: 'Заявка начальницы', contact_id: ids.a2, account_id: ids.accA });
  ids.tB1 = await mk(agent, 'tickets', { title: 'Заявка Бетова', contact_id: ids.b1, account_id: ids.accB });
  const lines = [{ description: 'Работа', quantity: 1, list_price: '100.00' }];
  ids.qA = await mk(admin, 'quotes', { subject: 'КП Альфе', account_id: ids.accA, status: 'delivered', currency: 'RUB', lines });
  ids.qAdraft = await mk(admin, 'quotes', { subject: 'Черновик Альфе', account_id: ids.accA, status: 'created', currency: 'RUB', lines });
  ids.iA = await mk(admin, 'invoices', { subject: 'Счёт Альфе', account_id: ids.accA, status: 'sent', currency: 'RUB', lines });
  ids.iB = await mk(admin, 'invoices', { subject: 'Счёт Бете', account_id: ids.accB, status: 'sent', currency: 'RUB', lines });
  ids.faqPub = await mk(admin, 'faqs', { question: 'Как сменить пароль?', answer: 'В портале: Профиль.', status: 'published' });
  ids.faqDraft = await mk(admin, 'faqs', { question: 'Секретный черновик', answer: 'Не для клиентов', status: 'draft' });
}, 60_000);
afterAll(async () => {
  await t.close();
  await smtp.close();
});

describe('customer portal', () => {
  let anton: Portal, boss: Portal, beta: Portal;

  it('staff invite a contact: a one-time, expiring link by e-mail in the chosen language; only its hash is stored', async () => {
    expect((await sales1.post(`/api/v1/records/contacts/${ids.a1}/actions/invite_to_portal`)).status).toBe(404); // sales1 cannot see the agent's contact
    const noEmail = (await admin.post('/api/v1/records/contacts', { last_name: 'Безпочтов', assigned_to: agent.userId })).body.data.id;
    const refused = await admin.post(`/api/v1/records/contacts/${noEmail}/actions/invite_to_portal`);
    expect(refused.status, refused.raw).toBe(400);
    expect(refused.body.error.fields).toHaveProperty('email');
    anton = await onboard(ids.a1, 'антон-пароль-1');
    const mail = smtp.inbox[smtp.inbox.length - 1];
    expect(mail.subject).toContain('клиентскому порталу');
    expect(mail.to).toMatchObject({ text: 'anton@alfa.ru' });
    const token = decodeURIComponent(/token=([\w%-]+)/.exec(String(mail.text))![1]);
    const stored = await sql<{ id: string }>`select id from portal_tokens`.execute(t.app.database.db);
    expect(stored.rows.map((r) => r.id)).not.toContain(token);
    // Used once: the same link does nothing the second time.
    const again = await t.server.inject({ method: 'POST', url: '/portal/api/auth/set_password', payload: { token, password: 'другой-пароль' } });
    expect(again.statusCode).toBe(400);
    expect((await admin.get(`/api/v1/records/contacts/${ids.a1}`)).body.data.is_portal_user).toBe(true);
    boss = await onboard(ids.a2, 'boss-password');
    beta = await onboard(ids.b1, 'beta-password');
  });

  it('an expired link is refused; a short password is refused at its field', async () => {
    const sent = smtp.inbox.length;
    const other = (await admin.post('/api/v1/records/contacts', { last_name: 'Поздний', email: 'late@alfa.ru', account_id: ids.accA, assigned_to: agent.userId })).body.data.id;
    await admin.post(`/api/v1/records/contacts/${other}/actions/invite_to_portal`);
    const token = decodeURIComponent(/token=([\w%-]+)/.exec(String(smtp.inbox[sent].text))![1]);
    const short = await t.server.inject({ method: 'POST', url: '/portal/api/auth/set_password', payload: { token, password: '123' } });
    expect(short.json().error.fields).toHaveProperty('password');
    await sql`update portal_tokens set expires_at = now() - interval '1 second'`.execute(t.app.database.db);
    expect((await t.server.inject({ method: 'POST', url: '/portal/api/auth/set_password', payload: { token, password: 'long-enough-1' } })).statusCode).toBe(400);
  });

  it('isolation: each customer sees only their tickets (the account\'s when marked so), documents and published FAQs — by list, by id, by guessing', async () => {
    const titles = async (p: Portal) => (await p.req('GET', '/portal/api/tickets')).body.data.map((x: { title: string }) => x.title).sort();
    expect(await titles(anton)).toEqual(['Заявка Антона']);
    expect(await titles(boss)).toEqual(['Заявка Антона', 'Заявка начальницы']);
    expect(await titles(beta)).toEqual(['Заявка Бетова']);
    for (const [p, id] of [[anton, ids.tA2], [anton, ids.tB1], [beta, ids.tA1], [boss, ids.tB1]] as const) {
      expect((await p.req('GET', `/portal/api/tickets/${id}`)).status).toBe(404);
      expect((await p.req('POST', `/portal/api/tickets/${id}/replies`, { body: 'чужая' })).status).toBe(404);
      expect((await p.req('POST', `/portal/api/tickets/${id}/close`)).status).toBe(404);
    }
    expect((await anton.req('GET', `/portal/api/tickets/${ids.qA}`)).status).toBe(404);
    expect((await anton.req('GET', '/portal/api/tickets/not-an-id')).status).toBe(404);

    const docs = (await anton.req('GET', '/portal/api/documents')).body.data.map((d: { subject: string }) => d.subject).sort();
    expect(docs).toEqual(['КП Альфе', 'Счёт Альфе']); // not the draft, not Beta's
    expect((await beta.req('GET', '/portal/api/documents')).body.data.map((d: { subject: string }) => d.subject)).toEqual(['Счёт Бете']);
    for (const id of [ids.iB, ids.qAdraft, ids.tA1]) expect((await anton.req('GET', `/portal/api/documents/${id}/pdf`)).status).toBe(404);
    const pdf = await anton.req('GET', `/portal/api/documents/${ids.iA}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.raw.startsWith('%PDF')).toBe(true);

    const faqs = (await anton.req('GET', '/portal/api/faqs')).body.data.map((f: { question: string }) => f.question);
    expect(faqs).toContain('Как сменить пароль?');
    expect(faqs).not.toContain('Секретный черновик');
    expect((await anton.req('GET', `/portal/api/faqs?q=${encodeURIComponent('черновик')}`)).body.data).toEqual([]);
    expect((await anton.req('GET', `/portal/api/faqs?q=${encodeURIComponent('пароль')}`)).body.data.length).toBe(1);

    // An invoice naming the customer at another company (where they worked before) is that company's, not theirs.
    const lines = [{ description: 'Работа', quantity: 1, list_price: '10.00' }];
    const former = (await admin.post('/api/v1/records/invoices', { subject: 'Счёт Альфе на Бетова', account_id: ids.accA, contact_id: ids.b1, status: 'sent', currency: 'RUB', lines })).body.data.id;
    expect((await beta.req('GET', '/portal/api/documents')).body.data.map((d: { subject: string }) => d.subject)).toEqual(['Счёт Бете']);
    expect((await beta.req('GET', `/portal/api/documents/${former}/pdf`)).status).toBe(404);
    expect((await beta.req('POST', '/portal/api/claims', { subject: 'Брак', related_to: former })).status).toBe(400);
    expect((await anton.req('GET', `/portal/api/documents/${former}/pdf`)).status).toBe(200);
    expect((await admin.del(`/api/v1/records/invoices/${former}`)).status).toBe(204);
  });

  it('a customer who moved to another company no longer reads or answers the old company\'s requests', async () => {
    const c = (await admin.post('/api/v1/records/contacts', { last_name: 'Переходов', email: 'mover@alfa.ru', account_id: ids.accA, assigned_to: agent.userId })).body.data.id;
    const mover = await onboard(c, 'mover-password-1');
    const asked = await mover.req('POST', '/portal/api/tickets', { title: 'Внутреннее Альфы' });
    expect(asked.status, asked.raw).toBe(201);
    const ticket = asked.body.data.id;
    expect((await admin.patch(`/api/v1/records/contacts/${c}`, { account_id: ids.accB })).status).toBe(200);
    const again = await portalLogin('mover@alfa.ru', 'mover-password-1');
    expect((await again.req('GET', '/portal/api/tickets')).body.data.map((x: { id: string }) => x.id)).not.toContain(ticket);
    expect((await again.req('GET', `/portal/api/tickets/${ticket}`)).status).toBe(404);
    expect((await again.req('POST', `/portal/api/tickets/${ticket}/replies`, { body: 'ещё здесь' })).status).toBe(404);
  });

  it('a portal session gets nothing from /api/v1, a staff session nothing from the portal; writes need the CSRF token', async () => {
    for (const url of ['/api/v1/records/tickets', `/api/v1/records/tickets/${ids.tA1}`, '/api/v1/auth/me', `/api/v1/records/invoices/${ids.iA}/pdf`]) {
      const r = await t.server.inject({ method: 'GET', url, cookies: { karta_portal: anton.cookie } });
      expect(r.statusCode).toBe(401);
    }
    // The administrator's own signed-in session (cookie and CSRF token) opens nothing of the portal.
    expect((await admin.get('/portal/api/tickets')).status).toBe(401);
    expect((await admin.get('/portal/api/me')).status).toBe(401);
    expect((await admin.post('/portal/api/tickets', { title: 'staff' })).status).toBe(401);
    const noCsrf = await t.server.inject({ method: 'POST', url: '/portal/api/tickets', cookies: { karta_portal: anton.cookie }, payload: { title: 'x' } });
    expect(noCsrf.statusCode).toBe(403);
    expect((await t.server.inject({ method: 'GET', url: '/portal/api/nothing-here', cookies: { karta_portal: anton.cookie } })).statusCode).toBe(404);
  });

  it('a customer opens a ticket with an attachment, staff answer it by e-mail, the customer sees the answer, replies and closes it', async () => {
    const opened = await anton.req('POST', '/portal/api/tickets', { title: 'Не открывается счёт', description: 'Пишет «ошибка 500»', attachments: [{ name: 'скрин.txt', content: Buffer.from('ошибка 500').toString('base64') }] });
    expect(opened.status).toBe(201);
    const staffView = (await agent.get(`/api/v1/records/tickets/${opened.body.data.id}`)).body.data;
    expect(staffView).toMatchObject({ contact_id: ids.a1, account_id: ids.accA, channel: 'portal', from_portal: true, assigned_to: agent.userId, status: 'open' });
    expect(staffView.due_at).toBeTruthy();
    expect((await agent.post(`/api/v1/records/tickets/${opened.body.data.id}/actions/reply`, { body: 'Обновите страницу, пожалуйста.' })).status).toBeLessThan(300);
    await agent.post('/api/v1/records/comments', { body: 'Внутренняя заметка: баг в модуле счетов', related_to: opened.body.data.id, is_private: true });
    // Staff comments (internal or not), mail to someone else, and documents staff linked are not the customer's.
    await agent.post('/api/v1/records/comments', { body: 'Коллегам: проверьте логи', related_to: opened.body.data.id });
    await agent.post(`/api/v1/records/tickets/${opened.body.data.id}/actions/reply`, { body: 'Поставщику: нужен патч', to: ['vendor@supplier.example'] });
    // An address that merely contains the customer's is someone else's.
    await agent.post(`/api/v1/records/tickets/${opened.body.data.id}/actions/reply`, { body: 'Тёзке: другой человек', to: ['santon@alfa.ru'] });
    const upload = multipartBody({ name: 'server.log', content: 'Журнал сервера' });
    const logFile = (await agent.request('POST', '/api/v1/files', upload.body, upload.headers)).body.id;
    const internal = (await agent.post('/api/v1/records/documents', { title: 'Журнал сервера', file_id: logFile })).body.data.id;
    expect((await agent.post(`/api/v1/records/tickets/${opened.body.data.id}/related/documents`, { id: internal })).status).toBeLessThan(300);

    const seen = (await anton.req('GET', `/portal/api/tickets/${opened.body.data.id}`)).body.data;
    expect(seen.status).toBe('wait_for_response');
    expect(seen.messages.map((m: { body: string }) => m.body).join('\n')).toContain('Обновите страницу');
    for (const hidden of ['Внутренняя заметка', 'Коллегам', 'Поставщику', 'Тёзке', 'Журнал сервера']) expect(JSON.stringify(seen)).not.toContain(hidden);
    expect(seen.files.map((f: { name: string }) => f.name)).toEqual(['скрин.txt']);
    const file = await anton.req('GET', `/portal/api/tickets/${opened.body.data.id}/files/${seen.files[0].id}`);
    expect(file.raw).toBe('ошибка 500');
    // Staff link that customer's file to another customer's ticket too: it stays the first ticket's, unseen by Beta.
    expect((await agent.post(`/api/v1/records/tickets/${ids.tB1}/related/documents`, { id: seen.files[0].id })).status).toBeLessThan(300);
    expect((await beta.req('GET', `/portal/api/tickets/${ids.tB1}`)).body.data.files).toEqual([]);
    expect((await beta.req('GET', `/portal/api/tickets/${ids.tB1}/files/${seen.files[0].id}`)).status).toBe(404);
    expect((await anton.req('GET', `/portal/api/tickets/${opened.body.data.id}`)).body.data.files).toHaveLength(1);

    expect((await anton.req('POST', `/portal/api/tickets/${opened.body.data.id}/replies`, { body: 'Не помогло' })).status).toBe(201);
    const after = (await agent.get(`/api/v1/records/tickets/${opened.body.data.id}`)).body.data;
    expect(after.status).toBe('open');
    const comment = (await agent.post('/api/v1/records/comments/query', { where: { field: 'body', op: 'eq', value: 'Не помогло' } })).body.data[0];
    expect(comment.author_contact_id).toBe(ids.a1);
    // The boss of the account sees it too; Beta does not.
    expect((await boss.req('GET', `/portal/api/tickets/${opened.body.data.id}`)).status).toBe(200);
    expect((await beta.req('GET', `/portal/api/tickets/${opened.body.data.id}`)).status).toBe(404);
    expect((await anton.req('POST', `/portal/api/tickets/${opened.body.data.id}/close`)).body.data.status).toBe('closed');
    expect((await agent.get(`/api/v1/records/tickets/${opened.body.data.id}`)).body.data.resolved_at).toBeTruthy();
  });

  it('a survey sent to the customer waits in the portal until answered, and only their own', async () => {
    const survey = (await admin.post('/api/v1/records/surveys', { name: 'Опрос после заявки', questions: [{ key: 'ok', type: 'scale', text: 'Оценка', required: true }] })).body.data;
    expect((await admin.post(`/api/v1/records/surveys/${survey.id}/actions/send`, { contact_ids: [ids.a1, ids.b1] })).body.data.invited).toBe(2);
    const waiting = (await anton.req('GET', '/portal/api/surveys')).body.data;
    expect(waiting).toHaveLength(1);
    expect(waiting[0]).toMatchObject({ name: 'Опрос после заявки', url: expect.stringMatching(/^\/s\/[0-9a-f]{64}$/) });
    const token = (await sql<{ token: string }>`select token from invitations where parent_id = ${survey.id} and record_id = ${ids.a1}`.execute(t.app.database.db)).rows[0].token;
    expect(waiting[0].url).toBe(`/s/${token}`);
    const answered = await t.server.inject({ method: 'POST', url: waiting[0].url, payload: { answers: { ok: 9 } } });
    expect(answered.statusCode).toBe(201);
    expect((await anton.req('GET', '/portal/api/surveys')).body.data).toHaveLength(0);
  });

  it('a customer submits a claim about their invoice and follows it to the decision; no other customer sees it', async () => {
    const listed = (await anton.req('GET', '/portal/api/claims')).body;
    expect(listed.data).toEqual([]);
    expect(listed.claim_types.map((o: { label: string }) => o.label)).toContain('Качество');
    // Only one of the customer's own invoices may be named; the type comes from its list.
    expect((await anton.req('POST', '/portal/api/claims', { subject: 'x', related_to: ids.qA })).body.error.fields.related_to).toBeTruthy();
    expect((await beta.req('POST', '/portal/api/claims', { subject: 'Чужой счёт', related_to: ids.iA })).body.error.fields.related_to).toBeTruthy();
    expect((await anton.req('POST', '/portal/api/claims', { subject: 'Брак', claim_type: 'nonsense' })).body.error.fields.claim_type).toBeTruthy();
    expect((await anton.req('POST', '/portal/api/claims', { subject: '  ' })).body.error.fields.subject).toBeTruthy();
    const made = await anton.req('POST', '/portal/api/claims', { subject: 'Брак в поставке', description: 'Два монитора с битыми пикселями', claim_type: 'quality', reason: 'defect', related_to: ids.iA });
    expect(made.status, made.raw).toBe(201);
    const claim = (await agent.get(`/api/v1/records/claims/${made.body.data.id}`)).body.data;
    expect(claim).toMatchObject({ subject: 'Брак в поставке', contact_id: ids.a1, account_id: ids.accA, related_to: ids.iA, status: 'registered', reason: 'defect', assigned_to: agent.userId });
    expect(claim.received_at).toBeTruthy();
    expect((await agent.patch(`/api/v1/records/claims/${claim.id}`, { status: 'in_progress' })).status).toBe(200);
    expect((await agent.patch(`/api/v1/records/claims/${claim.id}`, { status: 'satisfied', decision: 'Заменим мониторы' })).status).toBe(200);
    expect((await anton.req('GET', '/portal/api/claims')).body.data).toEqual([expect.objectContaining({ id: claim.id, status: 'satisfied', status_label: 'Удовлетворена', decision: 'Заменим мониторы' })]);
    // A follow-up a low survey score opened is the company's own; a colleague of the same account sees their own claims only.
    expect((await agent.post('/api/v1/records/claims', { subject: 'Опрос: низкая оценка', contact_id: ids.a1, account_id: ids.accA, claim_type: 'service', reason: 'survey' })).status).toBe(201);
    expect((await anton.req('GET', '/portal/api/claims')).body.data.map((c: { id: string }) => c.id)).toEqual([claim.id]);
    expect((await boss.req('GET', '/portal/api/claims')).body.data).toEqual([]);
    expect((await beta.req('GET', '/portal/api/claims')).body.data).toEqual([]);
  });

  it('a customer whose contact\'s owner has left still opens tickets (with files) and claims: the desk takes them', async () => {
    const roleId = (await admin.get(`/api/v1/users/${agent.userId}`)).body.data.role_id;
    const leaver = (await admin.post('/api/v1/users', { username: 'leaver', password: USER_PASSWORD, role_id: roleId })).body.data;
    const contactId = (await admin.post('/api/v1/records/contacts', { last_name: 'Ушедшего', email: 'left@alfa.ru', account_id: ids.accA, assigned_to: leaver.id })).body.data.id;
    const customer = await onboard(contactId, 'left-password-1');
    const earlier = (await customer.req('POST', '/portal/api/tickets', { title: 'До ухода' })).body.data.id;
    expect((await admin.get(`/api/v1/records/tickets/${earlier}`)).body.data.assigned_to).toBe(leaver.id);
    expect((await admin.patch(`/api/v1/users/${leaver.id}`, { active: false })).status).toBe(200);
    // A file on a ticket its owner left behind: the document falls to the desk, the reply goes through.
    expect((await customer.req('POST', `/portal/api/tickets/${earlier}/replies`, { body: 'Файл', attachments: [{ name: 'c.txt', content: Buffer.from('z').toString('base64') }] })).status).toBe(201);
    const opened = await customer.req('POST', '/portal/api/tickets', { title: 'Менеджер уволился', attachments: [{ name: 'a.txt', content: Buffer.from('x').toString('base64') }] });
    expect(opened.status, opened.raw).toBe(201);
    const ticket = (await admin.get(`/api/v1/records/tickets/${opened.body.data.id}`)).body.data;
    expect(ticket.assigned_to).not.toBe(leaver.id);
    expect((await customer.req('GET', `/portal/api/tickets/${ticket.id}`)).body.data.files).toHaveLength(1);
    expect((await customer.req('POST', `/portal/api/tickets/${ticket.id}/replies`, { body: 'Ещё файл', attachments: [{ name: 'b.txt', content: Buffer.from('y').toString('base64') }] })).status).toBe(201);
    const claim = await customer.req('POST', '/portal/api/claims', { subject: 'Брак' });
    expect(claim.status, claim.raw).toBe(201);
  });

  it('merging the customer\'s contact into a duplicate keeps their portal access and tickets', async () => {
    const dup = (await admin.post('/api/v1/records/contacts', { last_name: 'Дублёв', email: 'dup.old@alfa.ru', account_id: ids.accA, assigned_to: agent.userId })).body.data.id;
    // The survivor has an invitation of its own, never used: the access the customer does use wins.
    expect((await admin.post(`/api/v1/records/contacts/${dup}/actions/invite_to_portal`, { language: 'ru' })).status).toBe(200);
    const portalOne = (await admin.post('/api/v1/records/contacts', { last_name: 'Дублёв', email: 'dup@alfa.ru', account_id: ids.accA, assigned_to: agent.userId })).body.data.id;
    const customer = await onboard(portalOne, 'dup-password-1');
    const opened = (await customer.req('POST', '/portal/api/tickets', { title: 'До слияния' })).body.data.id;
    const merged = await admin.post('/api/v1/records/contacts/merge', { ids: [dup, portalOne] });
    expect(merged.status, merged.raw).toBe(200);
    expect(merged.body.data.is_portal_user).toBe(true);
    // The access that moved is audited on the survivor: besides the merged contact's own invitation, which moved with
    // its history, an entry saying the survivor signs in with it now.
    const history = (await admin.get(`/api/v1/records/contacts/${dup}/history`)).body.data as any[];
    expect(history.filter((h) => h.action === 'invite_to_portal' && JSON.stringify(h).includes('"dup@alfa.ru"'))).toHaveLength(2);
    const again = await portalLogin('dup@alfa.ru', 'dup-password-1');
    expect((await again.req('GET', `/portal/api/tickets/${opened}`)).status).toBe(200);
    const invited = await admin.post(`/api/v1/records/contacts/${dup}/actions/invite_to_portal`, { language: 'ru' });
    expect(invited.status, invited.raw).toBe(200);
  });

  it('the login follows the contact\'s e-mail: the old address signs in no more, the new one sets a password by "forgot"', async () => {
    const contactId = (await admin.post('/api/v1/records/contacts', { last_name: 'Сменщиков', email: 'old.one@alfa.ru', account_id: ids.accA, assigned_to: agent.userId })).body.data.id;
    const leaver = await onboard(contactId, 'old-password-1');
    expect((await admin.patch(`/api/v1/records/contacts/${contactId}`, { email: 'New.One@alfa.ru' })).status).toBe(200);
    expect((await leaver.req('GET', '/portal/api/me')).status).toBe(401);
    const login = (email: string, password: string) => t.server.inject({ method: 'POST', url: '/portal/api/auth/login', payload: { email, password } });
    expect((await login('old.one@alfa.ru', 'old-password-1')).statusCode).toBe(401);
    expect((await login('new.one@alfa.ru', 'old-password-1')).statusCode).toBe(401);
    const sent = smtp.inbox.length;
    expect((await t.server.inject({ method: 'POST', url: '/portal/api/auth/forgot', payload: { email: 'new.one@alfa.ru' } })).statusCode).toBe(204);
    await expect.poll(() => smtp.inbox.length).toBe(sent + 1);
    const mail = smtp.inbox[sent];
    expect(JSON.stringify(mail.to)).toContain('new.one@alfa.ru');
    const token = decodeURIComponent(/token=([\w%-]+)/.exec(String(mail.text))![1]);
    expect((await t.server.inject({ method: 'POST', url: '/portal/api/auth/set_password', payload: { token, password: 'new-password-2' } })).statusCode).toBe(200);
    expect((await login('new.one@alfa.ru', 'new-password-2')).statusCode).toBe(200);
    const history = (await admin.get(`/api/v1/records/contacts/${contactId}/history`)).body.data as any[];
    expect(history.find((h) => h.action === 'portal_email')?.changes.portal_email).toEqual(['old.one@alfa.ru', 'new.one@alfa.ru']);
    // An address another customer signs in with: this contact's portal closes until invited again.
    expect((await admin.patch(`/api/v1/records/contacts/${contactId}`, { email: 'anton@alfa.ru' })).status).toBe(200);
    expect((await login('new.one@alfa.ru', 'new-password-2')).statusCode).toBe(401);
    expect((await login('anton@alfa.ru', 'new-password-2')).statusCode).toBe(401);
    // Switching the portal off and on again does not reopen it on the address the contact no longer has.
    const portalRows = async () => (await sql<{ n: number }>`select count(*)::int as n from portal_users where contact_id = ${contactId}`.execute(t.app.database.db)).rows[0].n;
    expect(await portalRows()).toBe(0);
    expect((await admin.patch(`/api/v1/records/contacts/${contactId}`, { is_portal_user: false })).status).toBe(200);
    expect((await admin.patch(`/api/v1/records/contacts/${contactId}`, { is_portal_user: true })).status).toBe(200);
    expect(await portalRows()).toBe(0);
    const before = smtp.inbox.length;
    expect((await t.server.inject({ method: 'POST', url: '/portal/api/auth/forgot', payload: { email: 'new.one@alfa.ru' } })).statusCode).toBe(204);
    // An invitation opens it again, on the contact's address.
    expect((await admin.patch(`/api/v1/records/contacts/${contactId}`, { email: 'third.one@alfa.ru' })).status).toBe(200);
    expect((await admin.post(`/api/v1/records/contacts/${contactId}/actions/invite_to_portal`, { language: 'ru' })).status).toBe(200);
    await expect.poll(() => smtp.inbox.length).toBe(before + 1);
    expect(JSON.stringify(smtp.inbox[before].to)).toContain('third.one@alfa.ru');
    // The portal switched off before that link was used: the link dies with the access, and reopening does not revive it.
    const link = decodeURIComponent(/token=([\w%-]+)/.exec(String(smtp.inbox[before].text))![1]);
    expect((await admin.patch(`/api/v1/records/contacts/${contactId}`, { is_portal_user: false })).status).toBe(200);
    expect((await t.server.inject({ method: 'POST', url: '/portal/api/auth/set_password', payload: { token: link, password: 'taken-over-1' } })).statusCode).toBe(400);
    expect((await admin.patch(`/api/v1/records/contacts/${contactId}`, { is_portal_user: true })).status).toBe(200);
    expect((await login('third.one@alfa.ru', 'taken-over-1')).statusCode).toBe(401);
  });

  it('a customer whose account is in the recycle bin still opens requests and claims; a survey follow-up is not theirs to file', async () => {
    const acc = (await admin.post('/api/v1/records/accounts', { name: 'ООО «Закрытая»', assigned_to: agent.userId })).body.data.id;
    const contactId = (await admin.post('/api/v1/records/contacts', { last_name: 'Закрытов', email: 'z@closed.ru', account_id: acc, assigned_to: agent.userId })).body.data.id;
    const customer = await onboard(contactId, 'closed-password-1');
    expect((await admin.del(`/api/v1/records/accounts/${acc}`)).status).toBe(204);
    const ticket = await customer.req('POST', '/portal/api/tickets', { title: 'Помогите' });
    expect(ticket.status, ticket.raw).toBe(201);
    expect((await customer.req('POST', '/portal/api/claims', { subject: 'Брак' })).status).toBe(201);
    const list = (await customer.req('GET', '/portal/api/claims')).body;
    expect(list.reasons.map((r: { value: string }) => r.value)).not.toContain('survey');
    const internal = await customer.req('POST', '/portal/api/claims', { subject: 'x', reason: 'survey' });
    expect(internal.status).toBe(400);
    expect(internal.body.error.fields.reason).toMatch(/^должно быть одним из/);
    expect(list.data).toHaveLength(1);
  });

  it('password change signs out other sessions; logins are rate-limited; switching portal access off closes the portal', async () => {
    const second = await portalLogin('anton@alfa.ru', 'антон-пароль-1');
    const changed = await anton.req('POST', '/portal/api/auth/change_password', { current_password: 'антон-пароль-1', password: 'новый-пароль-2' });
    expect(changed.status).toBe(200);
    expect((await second.req('GET', '/portal/api/me')).status).toBe(401);
    anton = portalSession({ cookies: [{ name: 'karta_portal', value: changed.headers['set-cookie']!.toString().match(/karta_portal=([^;]+)/)![1] }], json: () => changed.body } as never);
    expect((await anton.req('GET', '/portal/api/me')).body.user.email).toBe('anton@alfa.ru');

    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push((await t.server.inject({ method: 'POST', url: '/portal/api/auth/login', payload: { email: 'b@beta.ru', password: 'wrong' } })).statusCode);
    expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(codes[6]).toBe(429);

    expect((await admin.patch(`/api/v1/records/contacts/${ids.a2}`, { is_portal_user: false })).status).toBe(200);
    expect((await boss.req('GET', '/portal/api/tickets')).status).toBe(401);
    expect((await t.server.inject({ method: 'POST', url: '/portal/api/auth/login', payload: { email: 'boss@alfa.ru', password: 'boss-password' } })).statusCode).toBe(401);
  });
});

describe('forgotten portal password', () => {
  it('mails a new one-time link to a portal user, says the same for an unknown address, and is throttled', async () => {
    const forgot = (email: string) => t.server.inject({ method: 'POST', url: '/portal/api/auth/forgot', payload: { email } });
    const before = smtp.inbox.length;
    expect((await forgot('nobody@nowhere.example')).statusCode).toBe(204);
    expect(smtp.inbox.length).toBe(before);
    expect((await forgot('Anton@Alfa.ru')).statusCode).toBe(204);
    // Sent after the answer (its time would tell a known address from an unknown one).
    await expect.poll(() => smtp.inbox.length).toBe(before + 1);
    const mail = smtp.inbox[smtp.inbox.length - 1];
    expect(mail.subject).toContain('Новый пароль'); // in the portal user's language
    const token = decodeURIComponent(/token=([\w%-]+)/.exec(String(mail.text))![1]);
    const set = await t.server.inject({ method: 'POST', url: '/portal/api/auth/set_password', payload: { token, password: 'забытый-пароль-3' } });
    expect(set.statusCode).toBe(200);
    expect((await t.server.inject({ method: 'POST', url: '/portal/api/auth/login', payload: { email: 'anton@alfa.ru', password: 'забытый-пароль-3' } })).statusCode).toBe(200);
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await forgot('anton@alfa.ru')).statusCode);
    expect(codes).toEqual([204, 204, 429]);
  });
});
