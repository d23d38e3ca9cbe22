/** The four languages Karta speaks; every user-visible text in metadata carries all four. */
export const LANGUAGES = ['en', 'ru', 'uk', 'zh'] as const;
export type Lang = (typeof LANGUAGES)[number];

/** The Intl locale each language formats numbers and dates in. */
export const LOCALES: Record<Lang, string> = { en: 'en-US', ru: 'ru-RU', uk: 'uk-UA', zh: 'zh-CN' };

/** A text in every UI language. */
export type I18nText = Record<Lang, string>;

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** Picks the caller's language, falling back to English. */
export function pickText(text: I18nText | undefined, lang: Lang): string {
  if (!text) return '';
  return text[lang] || text.en;
}

/** Builds an I18nText; `t('Name', 'Имя', "Ім'я", '名称')`. */
export function t(en: string, ru: string, uk: string, zh: string): I18nText {
  return { en, ru, uk, zh };
}
