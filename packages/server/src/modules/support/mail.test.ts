import nodemailer from 'nodemailer';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startImap, type TestImap } from '../../testing/imap.js';
import { startSmtp, type TestSmtp } from '../../testing/smtp.js';
import { createTestApp, USER_PASSWORD, type Client, type TestApp } from '../../testing/test-app.js';
import { seal, unseal } from '../../platform/secrets.js';
import { answeredIds, automaticReason, messageKey, senderName, ticketNumberIn } from './mail-rules.js';
import { MAILBOX_JOB, pollOnce } from './mail-poll.js';

/** A message as a mail client would write it (nodemailer's composer, CRLF). */
async function compose(mail: Parameters<ReturnType<typeof nodemailer.createTransport>['sendMail']>[0]): Promise<string> {
  const t = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return String((await t.sendMail({ to: 'support@karta.test', ...mail })).message);
}

describe('incoming mail rules (pure)', () => {
  it('finds the ticket number, the answered messages, and keys a mail by its Message-ID or its bytes', () => {
    expect(ticketNumberIn('Re: [tt123] Не печатается')).toBe('TT123');
    expect(ticketNumberIn('Re: TT123 without brackets')).toBeNull();
    expect(answeredIds('<b@x>', ['<a@x>', '<b@x>'])).toEqual(['<b@x>', '<a@x>']);
    expect(answeredIds(undefined, '<a@x> <c@x>')).toEqual(['<c@x>', '<a@x>']);
    expect(messageKey('<m@x>', Buffer.from('x'))).toBe('<m@x>');
    expect(messageKey(undefined, Buffer.from('x'))).toBe(messageKey('', Buffer.from('x')));
    expect(messageKey(undefined, Buffer.from('x'))).not.toBe(messageKey(undefined, Buffer.from('y')));
  });

  it('knows machine mail: auto-replies, bulk, bounces and our own address; a person\'s mail passes', () => {
    const h = (o: Record<string, string>) => new Map(Object.entries(o));
    expect(automaticReason(h({ 'auto-submitted': 'auto-replied' }), 'a@x.ru', [])).toBe('auto_submitted');
    expect(automaticReason(h({ 'auto-submitted': 'no' }), 'a@x.ru', [])).toBeNull();
    expect(automaticReason(h({ precedence: 'bulk' }), 'a@x.ru', [])).toBe('precedence');
    expect(automaticReason(h({ 'x-autoreply': 'yes' }), 'a@x.ru', [])).toBe('auto_responder');
    expect(automaticReason(h({}), 'MAILER-DAEMON@x.ru', [])).toBe('bounce');
    expect(automaticReason(h({}), 'support@karta.test', ['Support@Karta.test'])).toBe('own_address');
    expect(automaticReason(h({}), 'a@x.ru', ['support@karta.test'])).toBeNull();
  });

  it('names a new contact from the sender', () => {
    expect(senderName('Дмитрий Иванович Менделеев', 'd@x.ru')).toEqual(['Дмитрий Иванович', 'Менделеев']);
    expect(senderName('王伟', 'w@x.cn')).toEqual([null, '王伟']);
    expect(senderName(undefined, 'petrov@x.ru')).toEqual([null, 'petrov']);
  });

  it('seals a password so it reads back only with the same key', () => {
    const key = Buffer.alloc(32, 1);
    const sealed = seal('пароль-1', key);
    expect(sealed).not.toContain('пароль');
    expect(seal('пароль-1', key)).not.toBe(sealed);
    expect(unseal(sealed, key)).toBe('пароль-1');
    expect(() => unseal(sealed, Buffer.alloc(32, 2))).toThrow(/KARTA_SECRET_KEY/);
  });
});

describe('mail to ticket over a real IMAP server', () => {
  let t: TestApp;
  let imap: TestImap;
  let smtp: TestSmtp;
  let admin: Client, agent: Client;
  let contact: string, account: string, box: string;

  beforeAll(async () => {
    imap = await startImap({ support: 'imap-secret', triage: 'imap-secret2' });
    smtp = await startSmtp();
    t = await createTestApp();
    [admin, agent] = await Promise.all([t.login('admin'), t.login('support')]);
    account = (await admin.post('/api/v1/records/accounts', { name: 'ООО «Почтовик»', assigned_to: agent.userId })).body.data.id;
    contact = (await admin.post('/api/v1/records/contacts', { last_name: 'Попов', first_name: 'Александр', email: 'Popov@Radio.ru', account_id: account, assigned_to: agent.userId })).body.data.id;
  }, 60_000);
  afterAll(async () => {
    await t.close();
    await smtp.close();
    await imap.close();
  });

  const poll = async (id = box) => {
    const r = await admin.post(`/api/v1/settings/mailboxes/${id}/poll`);
    if (r.status !== 200) throw new Error(`poll: ${r.status} ${r.raw}`);
    return r.body.data;
  };
  const ticketsOf = async (where: unknown) => (await admin.post('/api/v1/records/tickets/query', { where, limit: 500 })).body.data;

  it('mailboxes are administrators\' settings: validated in the caller\'s language, password sealed and never shown', async () => {
    const settings = { name: 'Поддержка', host: imap.host, port: imap.port, tls: false, username: 'support', password: 'imap-secret', address: 'support@karta.test', assign_to: agent.userId };
    expect((await agent.post('/api/v1/settings/mailboxes', settings)).status).toBe(403);
    const bad = await admin.post('/api/v1/settings/mailboxes', { ...settings, port: 0, host: 'a b', unknown_senders: 'drop', password: '' }, { 'accept-language': 'ru' });
    // (The admin's own language is English, and a known user's language wins over the header.)
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toMatchObject({ port: 'must be a port from 1 to 65535', host: 'must be a host name or address', password: 'is required' });
    expect(bad.body.error.fields.unknown_senders).toContain('create_contact');
    const created = await admin.post('/api/v1/settings/mailboxes', settings);
    expect(created.status).toBe(201);
    box = created.body.data.id;
    expect(created.body.data).toMatchObject({ has_password: true, folder: 'INBOX', interval_minutes: 5, unknown_senders: 'create_contact' });
    expect(JSON.stringify(created.body.data)).not.toContain('imap-secret');
    const stored = (await sql<{ password_sealed: string }>`select password_sealed from mailboxes where id = ${box}`.execute(t.app.database.db)).rows[0];
    expect(stored.password_sealed).not.toContain('imap-secret');
    const listed = (await admin.get('/api/v1/settings/mailboxes')).body.data;
    expect(JSON.stringify(listed)).not.toContain('imap-secret');
    // A change without the password keeps it; the audit names the change, never the secret.
    expect((await admin.put(`/api/v1/settings/mailboxes/${box}`, { interval_minutes: 2, password: '' })).body.data.interval_minutes).toBe(2);
    expect((await admin.post(`/api/v1/settings/mailboxes/${box}/test`)).body.data).toMatchObject({ ok: true, messages: 0 });
    const audit = await sql<{ changes: unknown }>`select changes from admin_audit where record_id = ${box}`.execute(t.app.database.db).catch(() => ({ rows: [] }));
    expect(JSON.stringify(audit.rows)).not.toContain('imap-secret');
  });

  it('a wrong password or a dead server is a clear 503, recorded on the mailbox', async () => {
    const wrong = await admin.post('/api/v1/settings/mailboxes', { name: 'Wrong', host: imap.host, port: imap.port, tls: false, username: 'support', password: 'nope', active: false });
    const tested = await admin.post(`/api/v1/settings/mailboxes/${wrong.body.data.id}/test`);
    expect(tested.status).toBe(503);
    expect(tested.body.error.message).toMatch(/mail server refused/i);
    expect((await admin.post(`/api/v1/settings/mailboxes/${wrong.body.data.id}/poll`)).status).toBe(503);
    const listed = (await admin.get('/api/v1/settings/mailboxes')).body.data.find((m: { id: string }) => m.id === wrong.body.data.id);
    expect(listed.last_error).toBeTruthy();
    expect((await admin.del(`/api/v1/settings/mailboxes/${wrong.body.data.id}`)).status).toBe(204);
  });

  it('new mail from a known contact opens a ticket with its attachment; HTML is text without its script; the mail is marked read', async () => {
    await imap.append('support', await compose({
      from: '"Александр Попов" <popov@radio.ru>', subject: 'Не работает приёмник', messageId: '<m1@radio.ru>',
      html: '<p>Приёмник <b>молчит</b> с утра, <a href="https://track.example/click?id=1">схема</a>.</p><img src="https://track.example/pixel.gif"><script>alert("xss")</script>',
      attachments: [{ filename: 'схема.txt', content: 'антенна → земля' }],
    }));
    expect(await poll()).toMatchObject({ fetched: 1, ticket: 1, failed: 0 });
    const [tk] = await ticketsOf({ field: 'title', op: 'eq', value: 'Не работает приёмник' });
    expect(tk).toMatchObject({ contact_id: contact, account_id: account, channel: 'email', status: 'open', assigned_to: agent.userId, requester_email: 'popov@radio.ru' });
    expect(tk.description).toContain('молчит');
    expect(tk.description).not.toContain('alert');
    expect(tk.description).toContain('схема');
    expect(tk.description).not.toContain('track.example'); // neither a link's address nor an image's
    const docs = (await admin.get(`/api/v1/records/tickets/${tk.id}/related/documents`)).body.data;
    expect(docs.map((d: { title: string }) => d.title)).toEqual(['схема.txt']);
    const file = await admin.get(`/api/v1/files/${docs[0].file_id}`);
    expect(file.raw).toBe('антенна → земля');
    expect(await imap.flags('support')).toEqual([['\\Seen']]);
    // Polling again takes nothing new.
    expect(await poll()).toMatchObject({ fetched: 0 });
  });

  it('attachments past the 20th are named in a private comment on the ticket, not lost unsaid', async () => {
    const attachments = Array.from({ length: 21 }, (_, i) => ({ filename: `скан-${i + 1}.txt`, content: `стр. ${i + 1}` }));
    await imap.append('support', await compose({ from: 'popov@radio.ru', subject: 'Много сканов', messageId: '<many@radio.ru>', text: 'Сканы во вложении', attachments }));
    expect(await poll()).toMatchObject({ fetched: 1, ticket: 1, failed: 0 });
    const [tk] = await ticketsOf({ field: 'title', op: 'eq', value: 'Много сканов' });
    expect((await admin.get(`/api/v1/records/tickets/${tk.id}/related/documents?limit=100`)).body.data).toHaveLength(20);
    const notes = (await admin.get(`/api/v1/records/comments?filter[related_to]=${tk.id}`)).body.data;
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ is_private: true });
    expect(notes[0].body).toContain('скан-21.txt');
  });

  it('a reply by [number] or by In-Reply-To becomes a comment on the ticket and reopens it; an auto-reply is ignored', async () => {
    const [tk] = await ticketsOf({ field: 'title', op: 'eq', value: 'Не работает приёмник' });
    // The agent answers from Karta: the mail carries the number and a Message-ID the customer's client will quote.
    expect((await agent.post(`/api/v1/records/tickets/${tk.id}/actions/reply`, { body: 'Проверьте антенну.' })).status).toBeLessThan(300);
    const sent = smtp.inbox[smtp.inbox.length - 1];
    expect(sent.subject).toContain(`[${tk.number}]`);
    await agent.patch(`/api/v1/records/tickets/${tk.id}`, { status: 'closed', solution: 'Антенна' });
    await imap.append('support', await compose({ from: 'popov@radio.ru', subject: 'Спасибо', inReplyTo: sent.messageId, references: [sent.messageId!], messageId: '<m2@radio.ru>', text: 'Опять молчит!' }));
    await imap.append('support', await compose({ from: 'popov@radio.ru', subject: `Re: [${tk.number}] ещё`, messageId: '<m3@radio.ru>', text: 'И ещё вопрос' }));
    await imap.append('support', await compose({ from: 'popov@radio.ru', subject: `Re: [${tk.number}] Out of office`, messageId: '<m4@radio.ru>', text: 'I am away', headers: { 'Auto-Submitted': 'auto-replied' } }));
    // Someone else naming the ticket's number gets a ticket of their own: a guessed number writes into no one's conversation.
    await imap.append('support', await compose({ from: 'intruder@evil.example', subject: `Re: [${tk.number}] Срочно оплатите`, messageId: '<m4b@evil.example>', text: 'Реквизиты изменились' }));
    // An address no contact could have is set aside, not retried forever.
    await imap.append('support', await compose({ from: 'root@localhost', subject: `Re: [${tk.number}] cron`, messageId: '<m4c@localhost>', text: 'cron output' }));
    expect(await poll()).toMatchObject({ fetched: 5, comment: 2, ignored: 2, ticket: 1, failed: 0 });
    const [intruder] = await ticketsOf({ field: 'requester_email', op: 'eq', value: 'intruder@evil.example' });
    expect(intruder.id).not.toBe(tk.id);
    const comments = (await admin.post('/api/v1/records/comments/query', { where: { field: 'related_to', op: 'eq', value: tk.id } })).body.data.map((c: { body: string }) => c.body);
    expect(comments.some((b: string) => b.includes('Опять молчит!'))).toBe(true);
    expect(comments.some((b: string) => b.includes('И ещё вопрос'))).toBe(true);
    expect(comments.some((b: string) => b.includes('I am away'))).toBe(false);
    expect(comments.some((b: string) => b.includes('Реквизиты'))).toBe(false);
    // The customer's mail is theirs in the portal's conversation (author_contact_id), not the desk's.
    const fromCustomer = (await admin.post('/api/v1/records/comments/query', { where: { field: 'related_to', op: 'eq', value: tk.id } })).body.data;
    expect(fromCustomer.every((c: { author_contact_id: string }) => c.author_contact_id === contact)).toBe(true);
    expect((await admin.get(`/api/v1/records/tickets/${tk.id}`)).body.data.status).toBe('open');
    expect((await imap.flags('support')).every((f) => f.includes('\\Seen'))).toBe(true);
  });

  it('an unknown sender gets a new contact, or waits in triage and is answered at the address it wrote from', async () => {
    await imap.append('support', await compose({ from: '"Иван Кулибин" <kulibin@example.org>', subject: 'Вопрос о лифте', messageId: '<m5@example.org>', text: 'Как заказать?' }));
    expect(await poll()).toMatchObject({ ticket: 1 });
    const [withContact] = await ticketsOf({ field: 'title', op: 'eq', value: 'Вопрос о лифте' });
    const newContact = (await admin.get(`/api/v1/records/contacts/${withContact.contact_id}`)).body.data;
    expect(newContact).toMatchObject({ first_name: 'Иван', last_name: 'Кулибин', email: 'kulibin@example.org' });

    const triage = (await admin.post('/api/v1/settings/mailboxes', { name: 'Triage', host: imap.host, port: imap.port, tls: false, username: 'triage', password: 'imap-secret2', unknown_senders: 'triage', move_to: 'Processed' })).body.data.id;
    await imap.append('triage', await compose({ from: 'stranger@example.net', subject: 'Кто вы?', messageId: '<m6@example.net>', text: 'Здравствуйте' }));
    expect(await poll(triage)).toMatchObject({ ticket: 1 });
    const [stranger] = await ticketsOf({ field: 'title', op: 'eq', value: 'Кто вы?' });
    expect(stranger.contact_id).toBeNull();
    expect(stranger.requester_email).toBe('stranger@example.net');
    const queue = (await admin.get('/api/v1/support/queue')).body.data.triage;
    expect(queue.count).toBeGreaterThanOrEqual(1);
    expect((await ticketsOf(queue.where)).map((x: { id: string }) => x.id)).toContain(stranger.id);
    // Processed mail moved out of the inbox into the chosen folder.
    expect(await imap.flags('triage')).toEqual([]);
    expect((await imap.flags('triage', 'Processed')).length).toBe(1);
    expect((await admin.post(`/api/v1/records/tickets/${stranger.id}/actions/reply`, { body: 'Мы — поддержка.' })).status).toBeLessThan(300);
    expect(smtp.inbox[smtp.inbox.length - 1].to).toMatchObject({ text: 'stranger@example.net' });
  });

  it('exactly one ticket per message: two pollers side by side, and a crash between the commit and the read flag', async () => {
    for (let i = 0; i < 4; i++) await imap.append('support', await compose({ from: 'popov@radio.ru', subject: `Параллельно ${i}`, messageId: `<p${i}@radio.ru>`, text: 'x' }));
    const [a, b] = await Promise.all([pollOnce(t.app, box), pollOnce(t.app, box)]);
    expect(a.ticket + b.ticket).toBe(4);
    expect((await ticketsOf({ field: 'title', op: 'starts_with', value: 'Параллельно' })).length).toBe(4);

    await imap.append('support', await compose({ from: 'popov@radio.ru', subject: 'Сбой 1', messageId: '<c1@radio.ru>', text: 'x' }));
    await imap.append('support', await compose({ from: 'popov@radio.ru', subject: 'Сбой 2', messageId: '<c2@radio.ru>', text: 'x' }));
    await expect(pollOnce(t.app, box, { afterCommit: () => { throw new Error('killed'); } })).rejects.toThrow('killed');
    // The first mail's ticket committed, but the mail was never flagged: the next poll sees it again and leaves it be.
    expect((await ticketsOf({ field: 'title', op: 'eq', value: 'Сбой 1' })).length).toBe(1);
    expect(await pollOnce(t.app, box)).toMatchObject({ fetched: 2, duplicate: 1, ticket: 1 });
    expect((await ticketsOf({ field: 'title', op: 'starts_with', value: 'Сбой' })).length).toBe(2);
    expect((await imap.flags('support')).every((f) => f.includes('\\Seen'))).toBe(true);
  });

  it('mail still opens tickets when the mailbox\'s assignee has left: the mailbox\'s owner takes them', async () => {
    const roleId = (await admin.get(`/api/v1/users/${agent.userId}`)).body.data.role_id;
    const leaver = (await admin.post('/api/v1/users', { username: 'deskleaver', password: USER_PASSWORD, role_id: roleId })).body.data;
    expect((await admin.put(`/api/v1/settings/mailboxes/${box}`, { assign_to: leaver.id })).status).toBe(200);
    expect((await admin.patch(`/api/v1/users/${leaver.id}`, { active: false })).status).toBe(200);
    try {
      await imap.append('support', await compose({ from: 'newcomer@example.org', subject: 'После увольнения', messageId: '<l1@example.org>', text: 'x', attachments: [{ filename: 'a.txt', content: 'a' }] }));
      expect(await poll()).toMatchObject({ ticket: 1, failed: 0 });
      const [tk] = await ticketsOf({ field: 'title', op: 'eq', value: 'После увольнения' });
      expect(tk.assigned_to).not.toBe(leaver.id);
      expect((await admin.get(`/api/v1/records/tickets/${tk.id}/related/documents`)).body.data).toHaveLength(1);
    } finally {
      await admin.put(`/api/v1/settings/mailboxes/${box}`, { assign_to: agent.userId });
    }
  });

  it('the job queue polls each active mailbox and books its next poll by the interval', async () => {
    await imap.append('support', await compose({ from: 'popov@radio.ru', subject: 'По расписанию', messageId: '<j1@radio.ru>', text: 'x' }));
    await sql`update jobs set run_at = now() where key = ${`${MAILBOX_JOB}:${box}`}`.execute(t.app.database.db);
    await t.runJobs();
    for (let i = 0; i < 100 && !(await ticketsOf({ field: 'title', op: 'eq', value: 'По расписанию' })).length; i++) await new Promise((r) => setTimeout(r, 100));
    expect((await ticketsOf({ field: 'title', op: 'eq', value: 'По расписанию' })).length).toBe(1);
    const next = (await sql<{ run_at: Date }>`select run_at from jobs where key = ${`${MAILBOX_JOB}:${box}`} and done_at is null`.execute(t.app.database.db)).rows[0];
    expect(new Date(next.run_at).getTime() - Date.now()).toBeGreaterThan(60_000);
  });
});
