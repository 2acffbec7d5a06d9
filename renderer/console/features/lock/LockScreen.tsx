// In place of the desk while locked: nothing of the desk is rendered underneath, so no customer
// data is on screen or in the accessibility tree. The live link stays up; arrivals are counted.
import { useEffect, useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { PRODUCT_NAME } from '../../desk/consoleLocale';
import { AuthScreen } from '../auth/AuthScreen';
import { useAuth } from '../auth/authStore';
import { useQueue } from '../queue/queueStore';
import { useLock } from './lockStore';
import { FormError } from '../../../common/FormError';
import { formatCount } from '../../../common/format';

export function LockScreen() {
  const { t } = useTranslation();
  const user = useAuth((s) => s.user);
  const busy = useAuth((s) => s.busy);
  const error = useAuth((s) => s.error);
  const { unlock, signOut } = useAuth.getState();
  const [password, setPassword] = useState('');
  useLockedTitle();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!password) return;
    void unlock(password).then(() => setPassword(''));
  };

  return (
    <AuthScreen title={t('lock.title')}>
      <p className="lead">
        <Trans i18nKey="lock.lead" values={{ name: user?.name ?? '', email: user?.email ?? '' }} components={{ strong: <strong /> }} />
      </p>
      <Arrivals />
      <form className="form" onSubmit={submit} aria-describedby={error ? 'unlock-error' : undefined}>
        <div className="field">
          <label htmlFor="unlock-password">{t('auth.password')}</label>
          <input
            id="unlock-password"
            type="password"
            autoComplete="current-password"
            autoFocus
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <FormError error={error} id="unlock-error" testId="unlock-error" />
        <button type="submit" className="btn btn--primary btn--block" disabled={busy}>
          {busy ? t('lock.busy') : t('lock.submit')}
        </button>
      </form>
      <p className="lock__other">
        {t('lock.notYou', { name: user?.name ?? '' })}{' '}
        <button type="button" className="btn btn--link" onClick={() => void signOut()}>
          {t('auth.signOut')}
        </button>
      </p>
    </AuthScreen>
  );
}

/** Counts only: who wrote and what stays hidden until the desk is unlocked. */
function Arrivals() {
  const { t } = useTranslation();
  const waiting = useQueue((s) => s.conversations.filter((c) => c.status === 'waiting').length);
  const arrived = useLock((s) => s.arrived);
  return (
    <p className="lock__arrivals" role="status" data-testid="lock-arrivals">
      {t('lock.arrivals', { waiting, arrived })}
    </p>
  );
}

function useLockedTitle(): void {
  const { t } = useTranslation();
  const waiting = useQueue((s) => s.conversations.filter((c) => c.status === 'waiting').length);
  useEffect(() => {
    const title = t('lock.windowTitle', { product: PRODUCT_NAME });
    document.title = waiting > 0 ? `(${formatCount(waiting)}) ${title}` : title;
    return () => {
      document.title = PRODUCT_NAME;
    };
  }, [waiting, t]);
}
