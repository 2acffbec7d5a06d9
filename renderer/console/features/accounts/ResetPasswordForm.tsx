// An admin sets a new password for someone (forgotten, or possibly known to others). Their other
// sessions end, so whoever knew the old one is signed out.
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Account } from '../../../../shared/protocol/staff';
import { errorMessage } from '../../../common/ack';
import { useAccounts } from './accountsStore';
import { MIN_PASSWORD } from './roles';
import { FormError } from '../../../common/FormError';

export function ResetPasswordForm({ user, onDone }: { user: Account; onDone: () => void }) {
  const id = useId();
  const resetPassword = useAccounts((s) => s.resetPassword);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { t } = useTranslation();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await resetPassword(user.id, password);
      onDone();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={(e) => void submit(e)} aria-describedby={error ? `${id}-error` : undefined}>
      <div className="field">
        <label htmlFor={`${id}-password`}>{t('accounts.reset.label', { name: user.name })}</label>
        <input
          id={`${id}-password`}
          type="password"
          autoComplete="new-password"
          autoFocus
          required
          minLength={MIN_PASSWORD}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-describedby={`${id}-help`}
        />
        <p id={`${id}-help`} className="field__help">
          {t('accounts.reset.help', { min: MIN_PASSWORD, name: user.name })}
        </p>
      </div>
      <FormError error={error} id={`${id}-error`} />
      <div className="form__actions">
        <button type="submit" className="btn btn--primary" disabled={busy}>
          {busy ? t('accounts.saving') : t('accounts.reset.submit')}
        </button>
        <button type="button" className="btn" onClick={onDone}>
          {t('accounts.cancel')}
        </button>
      </div>
    </form>
  );
}
