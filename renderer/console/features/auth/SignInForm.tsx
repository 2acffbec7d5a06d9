import { useState, type FormEvent } from 'react';
import { AuthScreen } from './AuthScreen';
import { useAuth } from './authStore';
import { FormError } from '../../../common/FormError';

export function SignInForm() {
  const { signIn, busy, error, notice } = useAuth();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void signIn(email.trim(), password);
  };

  return (
    <AuthScreen title="Sign in">
      {notice ? (
        <p className="notice" role="status" data-testid="auth-notice">
          {notice}
        </p>
      ) : null}
      <form className="form" onSubmit={submit} aria-describedby={error ? 'signin-error' : undefined}>
        <div className="field">
          <label htmlFor="signin-email">Email</label>
          <input id="signin-email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="signin-password">Password</label>
          <input
            id="signin-password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <FormError error={error} id="signin-error" />
        <button type="submit" className="btn btn--primary btn--block" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </AuthScreen>
  );
}
