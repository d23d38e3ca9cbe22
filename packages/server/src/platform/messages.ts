/**
 * Messages the server says to people, in the four languages. Code names a message by key (with `{name}`
 * parameters); the error envelope is rendered in the caller's language (platform/errors.ts). A message that is
 * missing a language fails the type check; `messages.test.ts` fails on a key used in code but not defined here.
 */
import { t, type I18nText, type Lang } from '@karta/shared';

export const MESSAGES = {
  db_unavailable: t('The database cannot be reached right now; try again in a moment', 'База данных сейчас недоступна; повторите через минуту', 'База даних зараз недоступна; повторіть за хвилину', '数据库暂时无法访问，请稍后重试'),
  body_too_large: t('The request body is too large', 'Тело запроса слишком большое', 'Тіло запиту занадто велике', '请求内容过大'),
  send_json: t('Send JSON (Content-Type: application/json)', 'Отправьте JSON (Content-Type: application/json)', 'Надішліть JSON (Content-Type: application/json)', '请发送 JSON（Content-Type: application/json）'),
  invalid_json: t('The body is not valid JSON', 'Тело запроса — не корректный JSON', 'Тіло запиту — некоректний JSON', '请求内容不是有效的 JSON'),
  invalid_utf8: t('The body is not valid UTF-8 text', 'Тело запроса — не корректный текст UTF-8', 'Тіло запиту — некоректний текст UTF-8', '请求内容不是有效的 UTF-8 文本'),
  invalid_request: t('The request is not valid', 'Некорректный запрос', 'Некоректний запит', '请求无效'),
  too_many_requests: t('Too many requests; wait a moment and try again', 'Слишком много запросов; подождите и повторите', 'Забагато запитів; зачекайте й повторіть', '请求过多，请稍后再试'),
  out_of_range: t('A value is out of range or malformed', 'Значение вне допустимого диапазона или некорректно', 'Значення поза допустимим діапазоном або некоректне', '某个值超出范围或格式不正确'),
  duplicate_value: t('A record with this value already exists', 'Запись с таким значением уже существует', 'Запис із таким значенням уже існує', '已存在具有该值的记录'),
  internal: t('Internal error (request {id})', 'Внутренняя ошибка (запрос {id})', 'Внутрішня помилка (запит {id})', '内部错误（请求 {id}）'),
  no_route: t('No route {method} {path}', 'Нет маршрута {method} {path}', 'Немає маршруту {method} {path}', '没有路由 {method} {path}'),
  bad_header: t('A request header is not valid', 'Некорректный заголовок запроса', 'Некоректний заголовок запиту', '请求头无效'),
} satisfies Record<string, I18nText>;

export type MessageKey = keyof typeof MESSAGES;

/** The message in `lang` with `{name}` parameters filled in. */
export function tr(key: MessageKey, lang: Lang, params: Record<string, string | number> = {}): string {
  const text: I18nText = MESSAGES[key];
  return (text[lang] || text.en).replace(/\{(\w+)\}/g, (all, name: string) => (name in params ? String(params[name]) : all));
}
