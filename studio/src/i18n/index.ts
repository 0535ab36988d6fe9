/**
 * i18next with one namespace per feature (`locales/{en,zh}/<namespace>.json`). The language follows the
 * browser (`zh-CN`, `zh-TW`… → 中文) until the person picks one with the header's switch, which is kept in
 * localStorage. Resources are bundled: the studio has two small languages and no network round trip.
 */
import i18n from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import enAccount from './locales/en/account.json';
import enAuth from './locales/en/auth.json';
import enCommon from './locales/en/common.json';
import enCompose from './locales/en/compose.json';
import enLibrary from './locales/en/library.json';
import enStoryboard from './locales/en/storyboard.json';
import enVideo from './locales/en/video.json';
import zhAccount from './locales/zh/account.json';
import zhAuth from './locales/zh/auth.json';
import zhCommon from './locales/zh/common.json';
import zhCompose from './locales/zh/compose.json';
import zhLibrary from './locales/zh/library.json';
import zhStoryboard from './locales/zh/storyboard.json';
import zhVideo from './locales/zh/video.json';

export const LANGUAGES = ['en', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];
export const NAMESPACES = ['common', 'auth', 'compose', 'library', 'account', 'video', 'storyboard'] as const;
/** Where the header's switch keeps the choice. */
export const LANGUAGE_STORAGE_KEY = 'kino.lang';

export const resources = {
  en: {
    common: enCommon,
    auth: enAuth,
    compose: enCompose,
    library: enLibrary,
    account: enAccount,
    video: enVideo,
    storyboard: enStoryboard,
  },
  zh: {
    common: zhCommon,
    auth: zhAuth,
    compose: zhCompose,
    library: zhLibrary,
    account: zhAccount,
    video: zhVideo,
    storyboard: zhStoryboard,
  },
} as const;

void i18n
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    resources,
    ns: [...NAMESPACES],
    defaultNS: 'common',
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    nonExplicitSupportedLngs: true,
    load: 'languageOnly',
    interpolation: { escapeValue: false },
    detection: {
      order: ['localStorage', 'navigator'],
      lookupLocalStorage: LANGUAGE_STORAGE_KEY,
      caches: ['localStorage'],
    },
  });

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng.startsWith('zh') ? 'zh-CN' : 'en';
});

/** The UI language as one of ours (`zh-CN` → `zh`). */
export const currentLanguage = (): Language => (i18n.resolvedLanguage === 'zh' ? 'zh' : 'en');

export default i18n;
