import type { Lang } from '@karta/shared';
import { sql } from 'kysely';
import type { Tx } from '../db.js';
import { enqueue, type JobHandler } from '../jobs.js';
import { sendMail, senderAddress } from '../mail.js';

const TEXT: Record<Lang, { subject: string; body: (ip: string) => string }> = {
  en: { subject: 'Karta: sign-in to your account was blocked', body: (ip) => `Someone made too many failed attempts to sign in to your Karta account (last from ${ip}). Sign-in is paused for a minute.\n\nIf it was not you, change your password and tell your administrator.` },
  ru: { subject: 'Karta: вход в вашу учётную запись заблокирован', body: (ip) => `Слишком много неудачных попыток войти в вашу учётную запись Karta (последняя — с адреса ${ip}). Вход приостановлен на минуту.\n\nЕсли это были не вы, смените пароль и сообщите администратору.` },
  uk: { subject: 'Karta: вхід до вашого облікового запису заблоковано', body: (ip) => `Забагато невдалих спроб увійти до вашого облікового запису Karta (остання — з адреси ${ip}). Вхід призупинено на хвилину.\n\nЯкщо це були не ви, змініть пароль і повідомте адміністратора.` },
  zh: { subject: 'Karta：您的账户登录已被暂停', body: (ip) => `有人多次尝试登录您的 Karta 账户均失败（最近一次来自 ${ip}）。登录已暂停一分钟。\n\n如果不是您本人，请修改密码并告知管理员。` },
};

/** Tells the user their account was locked — once per lockout window, after the sign-in answer, through the job queue. */
export async function queueLockoutMail(db: Tx, userId: string, ip: string): Promise<void> {
  const minute = Math.floor(Date.now() / 60_000);
  await enqueue(db, { kind: 'access.lockout_mail', payload: { user_id: userId, ip }, runAt: new Date(), key: `lockout:${userId}:${minute}`, ifAbsent: true, maxAttempts: 3 });
}

export const accessJobs: Record<string, JobHandler> = {
  'access.lockout_mail': async (trx, payload) => {
    const r = await sql<{ email: string | null; language: Lang }>`select email, language from users where id = ${String(payload.user_id)}`.execute(trx);
    const user = r.rows[0];
    // No address or no mail server: the sign-in audit still has the lockout.
    if (!user?.email || !process.env.SMTP_URL) return;
    const text = TEXT[user.language] ?? TEXT.en;
    return async () => { await sendMail({ from: senderAddress(), to: [user.email!], subject: text.subject, text: text.body(String(payload.ip)) }); };
  },
};
