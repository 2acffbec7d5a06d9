// Adding a staff account: name, email, role and a first password the admin passes on.
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../../shared/protocol/schemas';
import { errorMessage } from '../../../common/ack';
import { useAccounts } from './accountsStore';
import { MIN_PASSWORD, ROLES } from './roles';

export function AddAccountForm() {
  const id = useId();
  const create = useAccounts((s) => s.create);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('agent');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { t } = useTranslation();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await create({ name: name.trim(), email: email.trim(), role, password });
      setName('');
      setEmail('');
      setRole('agent');
      setPassword('');
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('accounts.add.title')}</h3>
      <form className="form form--grid" onSubmit={(e) => void submit(e)} aria-describedby={error ? `${id}-error` : undefined}>
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('accounts.col.name')}</label>
          <input id={`${id}-name`} autoComplete="off" required value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-email`}>{t('accounts.col.email')}</label>
          <input id={`${id}-email`} type="email" dir="ltr" autoComplete="off" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-role`}>{t('accounts.col.role')}</label>
          <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r.value} value={r.value}>
                {t(r.label)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-password`}>{t('accounts.add.password')}</label>
          <input
            id={`${id}-password`}
            type="password"
            autoComplete="new-password"
            required
            minLength={MIN_PASSWORD}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-describedby={`${id}-password-help`}
          />
          <p id={`${id}-password-help`} className="field__help">
            {t('accounts.add.passwordHelp', { min: MIN_PASSWORD })}
          </p>
        </div>
        {error ? (
          <p id={`${id}-error`} className="form__error form--grid__wide" role="alert">
            {error}
          </p>
        ) : null}
        <div className="form--grid__wide">
          <button type="submit" className="btn btn--primary" disabled={busy}>
            {busy ? t('accounts.add.busy') : t('accounts.add.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
