// In place of the desk while locked: nothing of the desk is rendered underneath, so no customer
// data is on screen or in the accessibility tree. The live link stays up; arrivals are counted.
import { useEffect, useState, type FormEvent } from 'react';
import { AuthScreen } from '../auth/AuthScreen';
import { useAuth } from '../auth/authStore';
import { useQueue } from '../queue/queueStore';
import { useLock } from './lockStore';
import { FormError } from '../../../common/FormError';
import { plural } from '../../../common/format';

export function LockScreen() {
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
    <AuthScreen title="Desk locked">
      <p className="lead">
        The desk locked because it was left idle. To carry on, enter the password for <strong>{user?.name}</strong> ({user?.email}).
      </p>
      <Arrivals />
      <form className="form" onSubmit={submit} aria-describedby={error ? 'unlock-error' : undefined}>
        <div className="field">
          <label htmlFor="unlock-password">Password</label>
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
          {busy ? 'Unlocking…' : 'Unlock'}
        </button>
      </form>
      <p className="lock__other">
        Not {user?.name}?{' '}
        <button type="button" className="btn btn--link" onClick={() => void signOut()}>
          Sign out
        </button>
      </p>
    </AuthScreen>
  );
}

/** Counts only: who wrote and what stays hidden until the desk is unlocked. */
function Arrivals() {
  const waiting = useQueue((s) => s.conversations.filter((c) => c.status === 'waiting').length);
  const arrived = useLock((s) => s.arrived);
  return (
    <p className="lock__arrivals" role="status" data-testid="lock-arrivals">
      {plural(waiting, 'customer', 'customers')} waiting · {plural(arrived, 'new message', 'new messages')} since the desk locked
    </p>
  );
}

function useLockedTitle(): void {
  const waiting = useQueue((s) => s.conversations.filter((c) => c.status === 'waiting').length);
  useEffect(() => {
    document.title = waiting > 0 ? `(${waiting}) Locked · Care desk` : 'Locked · Care desk';
    return () => {
      document.title = 'Care desk';
    };
  }, [waiting]);
}
