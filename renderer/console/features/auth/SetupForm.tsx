import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { AuthScreen } from './AuthScreen';
import { useAuth } from './authStore';
import { FormError } from '../../../common/FormError';

const MIN_PASSWORD = 10;
/** What a setup code looks like, in the help text (the hub prints the real one). */
const EXAMPLE_CODE = 'ABCD-1234-EF56';

export function SetupForm() {
  const { t } = useTranslation();
  const { claimSetup, busy, error } = useAuth();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void claimSetup({ code: code.trim(), name: name.trim(), email: email.trim(), password });
  };

  return (
    <AuthScreen title={t('auth.setup.title')}>
      <p className="lead">{t('auth.setup.lead')}</p>
      <form className="form" onSubmit={submit}>
        <div className="field">
          <label htmlFor="setup-code">{t('auth.setup.code')}</label>
          <input
            id="setup-code"
            autoComplete="off"
            spellCheck={false}
            required
            value={code}
            onChange={(e) => setCode(e.target.value)}
            aria-describedby="setup-code-help"
            className="input--mono"
          />
          <p id="setup-code-help" className="field__help">
            {t('auth.setup.codeHelp', { example: EXAMPLE_CODE })}
          </p>
        </div>
        <div className="field">
          <label htmlFor="setup-name">{t('auth.name')}</label>
          <input id="setup-name" autoComplete="name" required value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="setup-email">{t('auth.email')}</label>
          <input id="setup-email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="setup-password">{t('auth.password')}</label>
          <input
            id="setup-password"
            type="password"
            autoComplete="new-password"
            required
            minLength={MIN_PASSWORD}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-describedby="setup-password-help"
          />
          <p id="setup-password-help" className="field__help">
            {t('auth.setup.passwordHelp', { min: MIN_PASSWORD })}
          </p>
        </div>
        <FormError error={error} />
        <button type="submit" className="btn btn--primary btn--block" disabled={busy}>
          {busy ? t('auth.setup.busy') : t('auth.setup.submit')}
        </button>
      </form>
    </AuthScreen>
  );
}
