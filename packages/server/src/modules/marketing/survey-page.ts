/**
 * The public page of a survey link (no script: a question shown only after a given answer is hidden by CSS `:has()`
 * until that answer is picked, and the server ignores answers to questions that were not shown).
 */
import type { Lang } from '@karta/shared';
import type { AnswerProblem } from './survey-answers.js';
import { localised, SCALE_MAX, SCALE_MIN, type Condition, type Question } from './survey-design.js';
import { escapeHtml as esc, PUBLIC_STYLE } from './web-form-page.js';

export const SURVEY_TEXT: Record<Lang, Record<'send' | 'thanks' | 'thanks_text' | 'gone' | 'expired' | 'answered' | 'closed' | 'fix' | AnswerProblem | 'low' | 'high', string>> = {
  en: { send: 'Send answers', thanks: 'Thank you!', thanks_text: 'Your answers have been received.', gone: 'This link is not valid.', expired: 'This link has expired.', answered: 'This survey has already been answered through this link.', closed: 'This survey is closed.', fix: 'Please answer the marked questions.', required: 'Please answer this question', option: 'Choose one of the options', scale: 'Choose a score from 1 to 10', text: 'The answer is too long', low: 'not at all likely', high: 'extremely likely' },
  ru: { send: 'Отправить ответы', thanks: 'Спасибо!', thanks_text: 'Ваши ответы получены.', gone: 'Эта ссылка недействительна.', expired: 'Срок действия ссылки истёк.', answered: 'По этой ссылке уже ответили на опрос.', closed: 'Опрос завершён.', fix: 'Ответьте на отмеченные вопросы.', required: 'Ответьте на этот вопрос', option: 'Выберите один из вариантов', scale: 'Выберите оценку от 1 до 10', text: 'Слишком длинный ответ', low: 'совсем маловероятно', high: 'очень вероятно' },
  uk: { send: 'Надіслати відповіді', thanks: 'Дякуємо!', thanks_text: 'Ваші відповіді отримано.', gone: 'Це посилання недійсне.', expired: 'Термін дії посилання минув.', answered: 'За цим посиланням уже відповіли на опитування.', closed: 'Опитування завершено.', fix: 'Дайте відповідь на позначені запитання.', required: 'Дайте відповідь на це запитання', option: 'Виберіть один із варіантів', scale: 'Виберіть оцінку від 1 до 10', text: 'Задовга відповідь', low: 'зовсім малоймовірно', high: 'дуже ймовірно' },
  zh: { send: '提交答案', thanks: '谢谢！', thanks_text: '我们已收到您的答案。', gone: '此链接无效。', expired: '此链接已过期。', answered: '此链接已提交过答案。', closed: '此调查已结束。', fix: '请回答标记的问题。', required: '请回答此问题', option: '请选择一个选项', scale: '请选择 1 到 10 的评分', text: '答案过长', low: '完全不可能', high: '非常可能' },
};

/** A value inside a CSS string in a <style> element: no entity decoding there, so CSS escapes (and never a `<`). */
export const cssString = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/</g, '\\3c ').replace(/>/g, '\\3e ').replace(/[\n\r\f]/g, '\\a ');

/** CSS selectors that show question `target` once an answer to `q` satisfying its show-if is checked. */
function showSelectors(c: Condition, q: Question, target: string): string[] {
  const values = q.type === 'scale' ? Array.from({ length: SCALE_MAX - SCALE_MIN + 1 }, (_, i) => i + SCALE_MIN) : (q.options ?? []).map((o) => o.value);
  const wanted = values.filter((v) => {
    const t = c.value;
    switch (c.op) {
      case 'eq': return v === t;
      case 'ne': return v !== t;
      case 'in': return (t as unknown[]).includes(v);
      case 'lte': return typeof v === 'number' && v <= (t as number);
      case 'gte': return typeof v === 'number' && v >= (t as number);
      default: return false;
    }
  });
  return wanted.map((v) => `form:has(input[name="${q.key}"][value="${cssString(String(v))}"]:checked) .q-${target}`);
}

function input(q: Question, lang: Lang, value: unknown): string {
  const checked = (v: string | number) => (Array.isArray(value) ? value.map(String).includes(String(v)) : String(value ?? '') === String(v)) ? ' checked' : '';
  switch (q.type) {
    case 'single': case 'multiple': {
      const type = q.type === 'single' ? 'radio' : 'checkbox';
      return (q.options ?? []).map((o) => `<label class="karta-choice-line"><input type="${type}" name="${q.key}" value="${esc(o.value)}"${checked(o.value)}> ${esc(localised(o.label, lang))}</label>`).join('');
    }
    case 'scale': {
      const t = SURVEY_TEXT[lang];
      const boxes = Array.from({ length: SCALE_MAX - SCALE_MIN + 1 }, (_, i) => i + SCALE_MIN)
        .map((n) => `<label class="karta-scale"><input type="radio" name="${q.key}" value="${n}"${checked(n)}><span>${n}</span></label>`).join('');
      return `<div class="karta-scale-row">${boxes}</div><div class="karta-scale-ends"><span>${esc(t.low)}</span><span>${esc(t.high)}</span></div>`;
    }
    default: return `<textarea name="${q.key}" rows="4" maxlength="5000">${esc(value)}</textarea>`;
  }
}

const SURVEY_STYLE = `.karta-q{border:0;padding:0;margin:1.4rem 0}.karta-q legend{font-weight:600;margin-bottom:.4rem}.karta-choice-line{display:block;font-weight:400;margin:.25rem 0}
.karta-scale-row{display:flex;gap:.25rem;flex-wrap:wrap}.karta-scale{display:inline-block;position:relative}.karta-scale input{position:absolute;inset:0;width:100%;height:100%;margin:0;opacity:0;cursor:pointer}
.karta-scale span{display:inline-block;min-width:2.2rem;text-align:center;padding:.4rem 0;border:1px solid #cbd5e1;border-radius:6px;cursor:pointer}
.karta-scale input:checked+span{background:#2563eb;color:#fff;border-color:#2563eb}.karta-scale input:focus-visible+span{outline:2px solid #1d4ed8}
.karta-scale-ends{display:flex;justify-content:space-between;font-size:.85em;color:#64748b;max-width:28rem}`;

export function surveyPage(o: { name: string; intro: string | null; questions: Question[]; lang: Lang; action: string; values?: Record<string, unknown>; problems?: Record<string, AnswerProblem> }): string {
  const t = SURVEY_TEXT[o.lang];
  const byKey = new Map(o.questions.map((q) => [q.key, q]));
  const hiddenRules: string[] = [];
  const blocks = o.questions.map((q) => {
    if (q.show_if) {
      const source = byKey.get(q.show_if.question);
      const selectors = source ? showSelectors(q.show_if, source, q.key) : [];
      hiddenRules.push(`.q-${q.key}{display:none}${selectors.length ? `${selectors.join(',')}{display:block}` : ''}`);
    }
    const problem = o.problems?.[q.key] ? `<span class="karta-error" role="alert" data-question="${q.key}">${esc(t[o.problems[q.key]])}</span>` : '';
    return `<fieldset class="karta-q q-${q.key}"${q.show_if ? ' data-conditional="true"' : ''}><legend>${esc(localised(q.text, o.lang))}${q.required ? ' *' : ''}</legend>${input(q, o.lang, o.values?.[q.key])}${problem}</fieldset>`;
  }).join('\n');
  const alert = o.problems && Object.keys(o.problems).length ? `<p class="karta-error" role="alert">${esc(t.fix)}</p>` : '';
  return `<!doctype html><html lang="${o.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(o.name)}</title><style>${PUBLIC_STYLE}${SURVEY_STYLE}${hiddenRules.join('')}</style></head><body><h1>${esc(o.name)}</h1>
${o.intro ? `<p>${esc(o.intro)}</p>` : ''}${alert}<form method="post" action="${esc(o.action)}" accept-charset="utf-8">
${blocks}
<p><button type="submit">${esc(t.send)}</button></p></form></body></html>`;
}
