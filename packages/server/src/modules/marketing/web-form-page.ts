/**
 * What a web form looks like to a visitor: the hosted page (plain HTML, no script, styles inline), the snippet an
 * administrator pastes into a site (the same form plus a small script) and that script. Every text is escaped; labels
 * are in the visitor's language.
 */
import type { FieldDef, Lang } from '@karta/shared';
import { fieldLabel, type FormField } from './web-form-design.js';

export const HONEYPOT = 'homepage';
export const UTM_KEYS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'] as const;

export interface FormView {
  key: string; name: string; action: string; lang: Lang;
  fields: { f: FormField; def: FieldDef }[];
}

export const escapeHtml = (v: unknown) => String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const esc = escapeHtml;

const SEND: Record<Lang, string> = { en: 'Send', ru: 'Отправить', uk: 'Надіслати', zh: '提交' };
const LEAVE_EMPTY: Record<Lang, string> = { en: 'Leave this empty', ru: 'Оставьте пустым', uk: 'Залиште порожнім', zh: '请留空' };

function input(x: FormView['fields'][number], lang: Lang, value: unknown): string {
  const { f, def } = x;
  const name = esc(def.name);
  const req = f.required || def.required ? ' required' : '';
  const v = esc(value);
  switch (def.type) {
    case 'textarea': return `<textarea name="${name}" rows="4"${req}>${v}</textarea>`;
    case 'boolean': return `<input type="checkbox" name="${name}" value="true"${value === true || value === 'true' ? ' checked' : ''}>`;
    case 'picklist': return `<select name="${name}"${req}><option value=""></option>${(def.options ?? []).map((o) =>
      `<option value="${esc(o.value)}"${o.value === value ? ' selected' : ''}>${esc(o.label[lang] || o.label.en)}</option>`).join('')}</select>`;
    case 'multipicklist': return (def.options ?? []).map((o) =>
      `<label class="karta-choice"><input type="checkbox" name="${name}" value="${esc(o.value)}"> ${esc(o.label[lang] || o.label.en)}</label>`).join(' ');
    default: {
      const type = ({ email: 'email', phone: 'tel', url: 'url', date: 'date', integer: 'number', decimal: 'number', money: 'number', percent: 'number' } as Record<string, string>)[def.type] ?? 'text';
      const step = type === 'number' ? ` step="${def.type === 'integer' ? '1' : 'any'}"` : '';
      const max = def.maxLength ? ` maxlength="${def.maxLength}"` : '';
      return `<input type="${type}" name="${name}" value="${v}"${step}${max}${req}>`;
    }
  }
}

/** The form's fields and its honeypot, as HTML (the hosted page and the snippet share it). */
export function formFields(view: FormView, values: Record<string, unknown> = {}, errors: Record<string, string> = {}): string {
  const rows = view.fields.map((x) => {
    const error = errors[x.def.name] ? `<span class="karta-error" data-field="${esc(x.def.name)}">${esc(errors[x.def.name])}</span>` : '';
    const star = x.f.required || x.def.required ? ' *' : '';
    return `<p class="karta-field"><label>${esc(fieldLabel(x.f, x.def, view.lang))}${star}<br>${input(x, view.lang, values[x.def.name])}</label>${error}</p>`;
  }).join('\n');
  // People never see the honeypot; form-filling robots fill it.
  const trap = `<p style="position:absolute;left:-10000px" aria-hidden="true"><label>${LEAVE_EMPTY[view.lang]}<input type="text" name="${HONEYPOT}" tabindex="-1" autocomplete="off"></label></p>`;
  return `${rows}\n${trap}\n<p><button type="submit">${SEND[view.lang]}</button></p>`;
}

export const PUBLIC_STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","PingFang SC","Microsoft YaHei",sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#1f2937}
label{display:block;font-weight:500}input:not([type=checkbox]),select,textarea{width:100%;box-sizing:border-box;padding:.45rem;margin-top:.25rem;border:1px solid #cbd5e1;border-radius:6px;font:inherit}
button{padding:.55rem 1.4rem;border:0;border-radius:6px;background:#2563eb;color:#fff;font:inherit;cursor:pointer}.karta-error{color:#b91c1c;font-size:.9em}.karta-choice{display:inline;font-weight:400}`;

/** The hosted page: `hidden` carries the fill-time token, the UTM parameters and where the visitor came from. */
export function formPage(view: FormView, hidden: Record<string, string>, values: Record<string, unknown> = {}, errors: Record<string, string> = {}, problem?: string): string {
  const hiddenInputs = Object.entries(hidden).map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`).join('');
  const alert = problem ? `<p class="karta-error" role="alert">${esc(problem)}</p>` : '';
  return `<!doctype html><html lang="${view.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(view.name)}</title><style>${PUBLIC_STYLE}</style></head><body><h1>${esc(view.name)}</h1>${alert}
<form method="post" action="${esc(view.action)}" accept-charset="utf-8">${hiddenInputs}
${formFields(view, values, errors)}
</form></body></html>`;
}

export function thanksPage(title: string, message: string, lang: Lang): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><style>${PUBLIC_STYLE}</style></head><body><h1>${esc(title)}</h1><p>${esc(message)}</p></body></html>`;
}

/** What an administrator pastes into a site: the form, and the script that sends it without leaving the page. */
export function formSnippet(view: FormView, scriptUrl: string): string {
  return `<form data-karta-form="${esc(view.key)}" method="post" action="${esc(view.action)}" accept-charset="utf-8">
${formFields(view)}
</form>
<script src="${esc(scriptUrl)}" async></script>`;
}

/**
 * The embed script: adds the fill-time token, the UTM parameters, the referrer and the page, then sends the form as
 * JSON and shows the answer in place (the thank-you text, a redirect, or the errors beside their fields).
 */
export function formScript(key: string, token: string): string {
  return `(function () {
  var form = document.querySelector('form[data-karta-form=${JSON.stringify(key)}]');
  if (!form) return;
  function put(name, value) {
    var el = form.querySelector('input[name="' + name + '"]');
    if (!el) { el = document.createElement('input'); el.type = 'hidden'; el.name = name; form.appendChild(el); }
    el.value = value;
  }
  put('_ts', ${JSON.stringify(token)});
  put('_referrer', document.referrer || '');
  put('_landing', location.href);
  var query = new URLSearchParams(location.search);
  ${JSON.stringify(UTM_KEYS)}.forEach(function (k) { if (query.get(k)) put(k, query.get(k)); });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var data = {};
    new FormData(form).forEach(function (v, k) {
      if (k in data) data[k] = [].concat(data[k], v); else data[k] = v;
    });
    var button = form.querySelector('[type=submit]');
    if (button) button.disabled = true;
    Array.prototype.forEach.call(form.querySelectorAll('.karta-error'), function (e) { e.remove(); });
    function say(text, field) {
      var el = document.createElement('span'); el.className = 'karta-error'; el.setAttribute('role', 'alert'); el.textContent = text;
      var input = field && form.querySelector('[name="' + field + '"]');
      (input && input.parentNode ? input.parentNode : form).appendChild(el);
    }
    fetch(form.action, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(data) })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (res) {
        if (button) button.disabled = false;
        if (res.ok) {
          if (res.body.data.redirect) { location.href = res.body.data.redirect; return; }
          var p = document.createElement('p'); p.className = 'karta-thanks'; p.textContent = res.body.data.message;
          form.replaceWith(p);
          return;
        }
        var err = res.body.error || {};
        say(err.message || 'Error');
        Object.keys(err.fields || {}).forEach(function (f) { say(err.fields[f], f); });
      })
      .catch(function () { if (button) button.disabled = false; say('Network error'); });
  });
})();
`;
}
