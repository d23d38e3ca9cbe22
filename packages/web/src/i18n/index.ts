import dayjs from 'dayjs';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { setApiLanguage } from '../api/client';
import en from './en';
import { browserLanguage, type UiLanguage } from './languages';

/**
 * i18next with English bundled and the other languages loaded on demand (each is its own chunk).
 * Changing the language also switches Accept-Language for the API and dayjs for the date pickers.
 */
const loaders: Record<Exclude<UiLanguage, 'en'>, () => Promise<{ default: typeof en }>> = {
  ru: () => import('./ru'),
  uk: () => import('./uk'),
  zh: () => import('./zh'),
};
const dayjsLocales: Record<UiLanguage, () => Promise<unknown>> = {
  en: async () => undefined,
  ru: () => import('dayjs/locale/ru'),
  uk: () => import('dayjs/locale/uk'),
  zh: () => import('dayjs/locale/zh-cn'),
};
export const DAYJS_LOCALE: Record<UiLanguage, string> = { en: 'en', ru: 'ru', uk: 'uk', zh: 'zh-cn' };

export async function initI18n(): Promise<void> {
  await i18n.use(initReactI18next).init({
    resources: { en: { translation: en } },
    lng: 'en',
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  await setLanguage(browserLanguage());
}

export async function setLanguage(lang: UiLanguage): Promise<void> {
  if (lang !== 'en' && !i18n.hasResourceBundle(lang, 'translation')) {
    const [mod] = await Promise.all([loaders[lang](), dayjsLocales[lang]()]);
    i18n.addResourceBundle(lang, 'translation', mod.default);
  }
  dayjs.locale(DAYJS_LOCALE[lang]);
  setApiLanguage(lang);
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : lang;
  localStorage.setItem('karta.lang', lang);
  await i18n.changeLanguage(lang);
}

export { i18n };
