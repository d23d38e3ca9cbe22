/** The UI languages, their Intl locales and their names in themselves (for the switcher). */
export const UI_LANGUAGES = ['en', 'ru', 'uk', 'zh'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

export const LANGUAGE_NAMES: Record<UiLanguage, string> = { en: 'English', ru: 'Русский', uk: 'Українська', zh: '简体中文' };

const DEFAULT_LOCALES: Record<UiLanguage, string> = { en: 'en-US', ru: 'ru-RU', uk: 'uk-UA', zh: 'zh-CN' };

export function isUiLanguage(v: unknown): v is UiLanguage {
  return typeof v === 'string' && (UI_LANGUAGES as readonly string[]).includes(v);
}

/** The browser's preferred UI language among ours (used before login). */
export function browserLanguage(): UiLanguage {
  const stored = typeof localStorage !== 'undefined' ? localStorage.getItem('karta.lang') : null;
  if (isUiLanguage(stored)) return stored;
  for (const l of typeof navigator !== 'undefined' ? navigator.languages ?? [] : []) {
    const base = l.slice(0, 2).toLowerCase();
    if (isUiLanguage(base)) return base;
  }
  return 'en';
}

/** Intl locale for a UI language: the browser's own regional variant when it matches (en-GB), else a default. */
export function localeFor(lang: string): string {
  const base = isUiLanguage(lang) ? lang : 'en';
  const nav = typeof navigator !== 'undefined' ? navigator.languages ?? [] : [];
  const regional = nav.find((l) => l.toLowerCase().startsWith(base + '-') && !(base === 'zh' && /hant|tw|hk/i.test(l)));
  return regional ?? DEFAULT_LOCALES[base];
}
