/**
 * A marketing event's task plan: tasks at days relative to its start, from the plan of its type (pure). Checked on
 * save; the dates are calendar days from the planned start (a plan of −14 before a start on 1 March is 15 February).
 */
import type { Lang } from '@karta/shared';
import { AppError } from '../../platform/errors.js';
import { msg, nested, type Said } from '../../platform/messages/say.js';

export interface PlanItem { subject: string; offset_days: number }
export const MAX_PLAN_ITEMS = 30;
export const PARTNER_ROLES = ['partner', 'subcontractor', 'sponsor', 'venue', 'media'] as const;

type Row = [offset: number, en: string, ru: string, uk: string, zh: string];
const PLANS: Record<string, Row[]> = {
  exhibition: [
    [-60, 'Book the stand', 'Забронировать стенд', 'Забронювати стенд', '预订展位'],
    [-30, 'Prepare materials and samples', 'Подготовить материалы и образцы', 'Підготувати матеріали та зразки', '准备资料和样品'],
    [-14, 'Invite customers', 'Пригласить клиентов', 'Запросити клієнтів', '邀请客户'],
    [-1, 'Set up the stand', 'Смонтировать стенд', 'Змонтувати стенд', '搭建展位'],
    [3, 'Follow up the contacts made', 'Обработать полученные контакты', 'Опрацювати отримані контакти', '跟进获得的联系人'],
  ],
  presentation: [
    [-21, 'Prepare the presentation', 'Подготовить презентацию', 'Підготувати презентацію', '准备演示'],
    [-14, 'Send the invitations', 'Разослать приглашения', 'Розіслати запрошення', '发送邀请'],
    [-2, 'Remind those registered', 'Напомнить зарегистрировавшимся', 'Нагадати зареєстрованим', '提醒已报名者'],
    [2, 'Send materials to the participants', 'Отправить материалы участникам', 'Надіслати матеріали учасникам', '向参与者发送资料'],
  ],
  seminar: [
    [-30, 'Book the venue', 'Забронировать зал', 'Забронювати зал', '预订场地'],
    [-21, 'Send the invitations', 'Разослать приглашения', 'Розіслати запрошення', '发送邀请'],
    [-3, 'Remind those registered', 'Напомнить зарегистрировавшимся', 'Нагадати зареєстрованим', '提醒已报名者'],
    [2, 'Send materials and a survey', 'Отправить материалы и анкету', 'Надіслати матеріали та анкету', '发送资料和问卷'],
  ],
  webinar: [
    [-14, 'Set up the webinar room', 'Настроить вебинарную комнату', 'Налаштувати вебінарну кімнату', '设置网络研讨会会议室'],
    [-10, 'Send the invitations', 'Разослать приглашения', 'Розіслати запрошення', '发送邀请'],
    [-1, 'Rehearse', 'Провести репетицию', 'Провести репетицію', '彩排'],
    [1, 'Send the recording', 'Отправить запись', 'Надіслати запис', '发送录像'],
  ],
  promotion: [
    [-14, 'Prepare the offer and prices', 'Подготовить предложение и цены', 'Підготувати пропозицію та ціни', '准备优惠和价格'],
    [-7, 'Announce the promotion', 'Объявить о промоакции', 'Оголосити промоакцію', '宣布促销'],
    [7, 'Sum up the results', 'Подвести итоги', 'Підбити підсумки', '总结结果'],
  ],
};

const LANG_INDEX: Record<Lang, 1 | 2 | 3 | 4> = { en: 1, ru: 2, uk: 3, zh: 4 };

/** The plan of an event type in a language (empty for an unknown type). */
export function defaultPlan(type: string, lang: Lang): PlanItem[] {
  return (PLANS[type] ?? []).map((row) => ({ subject: row[LANG_INDEX[lang]], offset_days: row[0] }));
}

/** The due date of a plan item: the start plus the offset, in calendar days. */
export function planDate(start: string, offset: number): string {
  const d = new Date(`${start}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
}

export function invalidEvent(key: string, problem: Said): AppError {
  return new AppError('VALIDATION_FAILED', msg('Invalid marketing event: {key} {problem}', { key, problem: nested(problem) }), { [key]: problem });
}

export function checkPlan(raw: unknown): PlanItem[] | null {
  if (raw === null || raw === undefined) return null;
  if (!Array.isArray(raw) || raw.length > MAX_PLAN_ITEMS) throw invalidEvent('task_plan', msg('must list at most {max} tasks', { max: MAX_PLAN_ITEMS }));
  return raw.map((item, i) => {
    const o = (item ?? {}) as Record<string, unknown>;
    if (typeof o.subject !== 'string' || !o.subject.trim() || o.subject.length > 255) throw invalidEvent(`task_plan[${i}].subject`, 'must be a text of up to 255 characters');
    if (!Number.isInteger(o.offset_days) || Math.abs(o.offset_days as number) > 365) throw invalidEvent(`task_plan[${i}].offset_days`, msg('must be a whole number from {min} to {max}', { min: -365, max: 365 }));
    return { subject: o.subject.trim(), offset_days: o.offset_days as number };
  });
}

export interface Partner { account_id: string; role: (typeof PARTNER_ROLES)[number]; note?: string }

/** Partners' shape; that each account exists is checked by the caller. */
export function checkPartners(raw: unknown, isId: (v: unknown) => boolean): Partner[] | null {
  if (raw === null || raw === undefined) return null;
  if (!Array.isArray(raw) || raw.length > 50) throw invalidEvent('partners', 'must be a list of up to 50 partners');
  return raw.map((item, i) => {
    const o = (item ?? {}) as Record<string, unknown>;
    if (!isId(o.account_id)) throw invalidEvent(`partners[${i}].account_id`, 'must be a record id');
    if (!(PARTNER_ROLES as readonly string[]).includes(String(o.role))) throw invalidEvent(`partners[${i}].role`, msg('must be one of {values}', { values: PARTNER_ROLES.join(', ') }));
    const note = typeof o.note === 'string' && o.note.trim() ? { note: o.note.trim().slice(0, 500) } : {};
    return { account_id: String(o.account_id).toLowerCase(), role: o.role as Partner['role'], ...note };
  });
}
