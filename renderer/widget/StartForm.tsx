import { useState, type FormEvent } from 'react';
import { FormError } from '../common/FormError';
import { RetentionNotice } from './RetentionNotice';
import { WhoIsHere } from './Verification';
import { useWidget } from './widgetStore';

export function StartForm() {
  const { start, busy, error, notice, customer } = useWidget();
  const greeting = useWidget((s) => s.config?.brand.greeting);
  const [name, setName] = useState(customer?.name ?? '');
  const [email, setEmail] = useState(customer?.email ?? '');
  const [remember, setRemember] = useState(false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void start(name.trim(), email.trim(), remember);
  };

  return (
    <section className="start" aria-labelledby="start-title">
      <h2 id="start-title">Start a chat</h2>
      {greeting ? (
        <p className="start__greeting" data-testid="brand-greeting">
          {greeting}
        </p>
      ) : null}
      <p className="start__intro">Tell us who you are and a member of our care team will be with you shortly.</p>
      <RetentionNotice />
      <WhoIsHere />
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      <form className="form" onSubmit={submit}>
        <div className="field">
          <label htmlFor="start-name">Name</label>
          <input id="start-name" autoComplete="name" required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="start-email">Email</label>
          <input id="start-email" type="email" autoComplete="email" required maxLength={254} value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        {/* Off by default: on a shared computer the next person must not find this chat (issue 12). */}
        <div className="start__remember">
          <input id="start-remember" type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} />
          <label htmlFor="start-remember">Remember me on this device</label>
        </div>
        <FormError error={error} />
        <button type="submit" className="btn btn--primary btn--block" disabled={busy}>
          {busy ? 'Starting…' : 'Start chat'}
        </button>
      </form>
    </section>
  );
}
