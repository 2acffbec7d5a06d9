import { Desk } from './Desk';
import { AuthScreen } from './features/auth/AuthScreen';
import { SetupForm } from './features/auth/SetupForm';
import { SignInForm } from './features/auth/SignInForm';
import { useAuth } from './features/auth/authStore';
import { LockScreen } from './features/lock/LockScreen';
import { useLock } from './features/lock/lockStore';

export function App() {
  const phase = useAuth((s) => s.phase);
  switch (phase) {
    case 'starting':
      return (
        <AuthScreen title="Care desk">
          <p role="status">Connecting to the desk…</p>
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
  const error = useAuth((s) => s.error);
  const init = useAuth((s) => s.init);
  return (
    <AuthScreen title="Cannot reach the desk">
      <p className="form__error" role="alert">
        {error}
      </p>
      <button type="button" className="btn btn--primary" onClick={() => void init()}>
        Try again
      </button>
    </AuthScreen>
  );
}
