// The console's language, picked per account (issue 10) and kept by the hub, so it follows the
// agent to any computer. Customers' chats, copies and emails keep the customer's language.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LOCALE_NAMES, LOCALES, isLocale, type Locale } from '../../../../shared/i18n/locales';
import { FormError } from '../../../common/FormError';
import { errorMessage } from '../../../common/ack';
import { setupI18n } from '../../../common/i18n';
import { bridge } from '../../bridge';
import { useAuth } from '../auth/authStore';

export function LanguagePicker() {
  const id = useId();
  const { t, i18n } = useTranslation();
  const token = useAuth((s) => s.token);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const current = isLocale(i18n.language) ? i18n.language : 'en';
  const choose = async (locale: Locale) => {
    if (!token) return;
    setError(null);
    setSaved(false);
    try {
      setupI18n(await bridge.hub.setConsoleLocale(token, locale));
      setSaved(true);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <div className="compact-field language-picker">
      <label htmlFor={`${id}-lang`}>{t('console.language.label')}</label>
      <select id={`${id}-lang`} value={current} onChange={(e) => void choose(e.target.value as Locale)} aria-describedby={`${id}-help`}>
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
      <p id={`${id}-help`} className="page__lead">
        {t('console.language.help')}
      </p>
      <p role="status" data-testid="language-saved">
        {saved ? t('console.language.saved') : ''}
      </p>
      <FormError error={error} />
    </div>
  );
}
