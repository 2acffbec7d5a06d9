import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../common/FormError';
import { RetentionNotice } from './RetentionNotice';
import { WhoIsHere } from './Verification';
import { useWidget } from './widgetStore';

export function StartForm() {
  const { start, busy, error, notice, customer } = useWidget();
  const greeting = useWidget((s) => s.config?.brand.greeting);
  const { t } = useTranslation();
  const [name, setName] = useState(customer?.name ?? '');
  const [email, setEmail] = useState(customer?.email ?? '');
  const [remember, setRemember] = useState(false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void start(name.trim(), email.trim(), remember);
  };

  return (
    <section className="start" aria-labelledby="start-title">
      <h2 id="start-title">{t('widget.start.title')}</h2>
      {greeting ? (
        <p className="start__greeting" data-testid="brand-greeting">
          {greeting}
        </p>
      ) : null}
      <p className="start__intro">{t('widget.start.intro')}</p>
      <RetentionNotice />
      <WhoIsHere />
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      <form className="form" onSubmit={submit}>
        <div className="field">
          <label htmlFor="start-name">{t('widget.field.name')}</label>
          <input id="start-name" autoComplete="name" required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="start-email">{t('widget.field.email')}</label>
          <input id="start-email" type="email" autoComplete="email" required maxLength={254} value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        {/* Off by default: on a shared computer the next person must not find this chat (issue 12). */}
        <div className="start__remember">
          <input id="start-remember" type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} />
          <label htmlFor="start-remember">{t('widget.start.remember')}</label>
        </div>
        <FormError error={error} />
        <button type="submit" className="btn btn--primary btn--block" disabled={busy}>
          {busy ? t('widget.start.starting') : t('widget.start.submit')}
        </button>
      </form>
    </section>
  );
}
