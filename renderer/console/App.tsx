import { useTranslation } from 'react-i18next';
import { Desk } from './Desk';
import { PRODUCT_NAME } from './desk/consoleLocale';
import { AuthScreen } from './features/auth/AuthScreen';
import { SetupForm } from './features/auth/SetupForm';
import { SignInForm } from './features/auth/SignInForm';
import { useAuth } from './features/auth/authStore';
import { LockScreen } from './features/lock/LockScreen';
import { useLock } from './features/lock/lockStore';

export function App() {
  const { t } = useTranslation();
  const phase = useAuth((s) => s.phase);
  switch (phase) {
    case 'starting':
      return (
        <AuthScreen title={PRODUCT_NAME}>
          <p role="status">{t('connection.connecting')}</p>
        </AuthScreen>
      );
    case 'unreachable':
      return <Unreachable />;
    case 'setup':
      return <SetupForm />;
    case 'signedOut':
      return <SignInForm />;
    case 'signedIn':
      return <SignedIn />;
  }
}

/** Locked, the desk is not rendered at all: nothing of it can be read, on screen or by a screen reader. */
function SignedIn() {
  const locked = useLock((s) => s.locked);
  return locked ? <LockScreen /> : <Desk />;
}

function Unreachable() {
  const { t } = useTranslation();
  const error = useAuth((s) => s.error);
  const init = useAuth((s) => s.init);
  return (
    <AuthScreen title={t('auth.unreachable.title')}>
      <p className="form__error" role="alert">
        {error}
      </p>
      <button type="button" className="btn btn--primary" onClick={() => void init()}>
        {t('desk.tryAgain')}
      </button>
    </AuthScreen>
  );
}
