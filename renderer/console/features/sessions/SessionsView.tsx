// "Sessions": everywhere the signed-in person is signed in, so a forgotten shared computer can be
// signed out from here.
import { useTranslation } from 'react-i18next';
import { useFocusOnMount } from '../../desk/useFocusOnMount';
import { LanguagePicker } from './LanguagePicker';
import { SessionList } from './SessionList';

export function SessionsView() {
  const { t } = useTranslation();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <section className="page" aria-labelledby="sessions-title">
      <div className="page__head">
        <h2 id="sessions-title" ref={heading} tabIndex={-1}>
          {t('sessions.title')}
        </h2>
        <p className="page__lead">{t('sessions.lead')}</p>
      </div>
      <LanguagePicker />
      <SessionList label={t('sessions.title')} />
    </section>
  );
}
