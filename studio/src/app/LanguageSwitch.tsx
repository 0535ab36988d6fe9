import { useTranslation } from 'react-i18next';
import { LANGUAGES, currentLanguage } from '../i18n/index.ts';

/** EN / 中文: the choice is kept in localStorage by the language detector. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const active = currentLanguage();
  return (
    <div className="lang-switch" role="group" aria-label={t('language.label')}>
      {LANGUAGES.map((lng) => (
        <button
          key={lng}
          type="button"
          className={`lang-switch__option${lng === active ? ' lang-switch__option--on' : ''}`}
          aria-pressed={lng === active}
          lang={lng === 'zh' ? 'zh-CN' : 'en'}
          title={t(lng === 'zh' ? 'language.zhFull' : 'language.enFull')}
          onClick={() => void i18n.changeLanguage(lng)}
          data-testid={`lang-${lng}`}
        >
          {t(`language.${lng}`)}
        </button>
      ))}
    </div>
  );
}
