import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { AuthScreen } from './AuthScreen';
import { useAuth } from './authStore';
import { FormError } from '../../../common/FormError';

export function SignInForm() {
  const { t } = useTranslation();
  const { signIn, busy, error, notice } = useAuth();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void signIn(email.trim(), password);
  };

  return (
    <AuthScreen title={t('auth.signIn.title')}>
      {notice ? (
        <p className="notice" role="status" data-testid="auth-notice">
          {notice}
        </p>
      ) : null}
      <form className="form" onSubmit={submit} aria-describedby={error ? 'signin-error' : undefined}>
        <div className="field">
          <label htmlFor="signin-email">{t('auth.email')}</label>
          <input id="signin-email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="signin-password">{t('auth.password')}</label>
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
          {busy ? t('auth.signIn.busy') : t('auth.signIn.submit')}
        </button>
      </form>
    </AuthScreen>
  );
}
