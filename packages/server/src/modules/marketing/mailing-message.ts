/**
 * What one recipient of a mailing receives: the template rendered for their record, links made trackable when the
 * mailing asks (each signed, so the redirect cannot be used to send people elsewhere), an unsubscribe footer in the
 * mailing's language, an optional open pixel, and the one-click unsubscribe headers of RFC 8058.
 */
import type { Lang } from '@karta/shared';
import { signText } from '../../platform/signing.js';

const UNSUBSCRIBE: Record<Lang, string> = {
  en: 'You receive this because you are our customer or asked us to write. Unsubscribe',
  ru: 'Вы получили это письмо как наш клиент или по своей просьбе. Отписаться',
  uk: 'Ви отримали цей лист як наш клієнт або на власне прохання. Відписатися',
  zh: '您收到此邮件是因为您是我们的客户或曾要求我们联系您。退订',
};

export const unsubscribeUrl = (base: string, token: string) => `${base}/u/${token}`;
export const clickUrl = (base: string, key: Buffer, token: string, url: string) =>
  `${base}/u/${token}/click?url=${encodeURIComponent(url)}&s=${signText(key, `${token}:${url}`)}`;

/** Every http(s) link of the body through the click redirect. */
export function trackLinks(html: string, wrap: (url: string) => string): string {
  return html.replace(/(<a\b[^>]*?\bhref\s*=\s*)(["'])(https?:\/\/[^"']+)\2/gi, (_all, head: string, q: string, url: string) => {
    const plain = url.replace(/&amp;/g, '&');
    return `${head}${q}${wrap(plain).replace(/&/g, '&amp;')}${q}`;
  });
}

export interface Personalised { html: string; headers: Record<string, string>; unsubscribe: string }

export function personalise(o: { html: string; base: string; token: string; key: Buffer; lang: Lang; trackOpens: boolean; trackClicks: boolean }): Personalised {
  const unsubscribe = unsubscribeUrl(o.base, o.token);
  const [before, link] = [UNSUBSCRIBE[o.lang].slice(0, UNSUBSCRIBE[o.lang].lastIndexOf('.') + 1), UNSUBSCRIBE[o.lang].slice(UNSUBSCRIBE[o.lang].lastIndexOf('.') + 1).trim()];
  let html = o.trackClicks ? trackLinks(o.html, (url) => clickUrl(o.base, o.key, o.token, url)) : o.html;
  html += `\n<p style="font-size:12px;color:#6b7280">${before} <a href="${unsubscribe}">${link}</a></p>`;
  if (o.trackOpens) html += `<img src="${o.base}/u/${o.token}/open.gif" width="1" height="1" alt="" style="display:none">`;
  return { html, unsubscribe, headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } };
}
