// Outside the brand's hours: say so, say when the desk opens again, and take a message the desk
// answers by email (it becomes a ticket in the console).
import { useTranslation } from 'react-i18next';
import { intlLocale } from '../common/i18n';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { FormError } from '../common/FormError';
import { openingText } from './openingText';
import { checkDraft, useOfflineMessage, type OfflineDraft, type OfflineField } from './offlineMessage';
import { useWidget } from './widgetStore';

export function ClosedView() {
  const brand = useWidget((s) => s.config?.brand);
  const notice = useWidget((s) => s.closedNotice);
  const sent = useOfflineMessage((s) => s.sent);
  const { t } = useTranslation();
  const when = brand?.nextOpening ? openingText(brand.nextOpening, new Date(), brand.timeZone, intlLocale()) : null;

  return (
    <section className="closed" aria-labelledby="closed-title" data-testid="widget-closed">
      <h2 id="closed-title">{t('widget.closed.title')}</h2>
      <p className="closed__when" data-testid="next-opening">
        {when ? t('widget.closed.when', { when }) : t('widget.closed.away')}
      </p>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      {sent ? <Sent name={sent.name} email={sent.email} reference={sent.ref} /> : <OfflineForm />}
    </section>
  );
}

function Sent({ name, email, reference }: { name: string; email: string; reference: string | null }) {
  const again = useOfflineMessage((s) => s.again);
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), []);
  return (
    <div className="closed__sent" ref={box} tabIndex={-1} role="status" data-testid="offline-sent">
      <p>
        <strong>{t('widget.closed.sentThanks', { name })}</strong> {t('widget.closed.sentBody', { email })}
        {reference ? <> {t('widget.closed.reference', { ref: reference })}</> : null}
      </p>
      <button type="button" className="btn" onClick={again}>
        {t('widget.closed.another')}
      </button>
    </div>
  );
}

const FIELDS: OfflineField[] = ['name', 'email', 'body'];

function OfflineForm() {
  const customer = useWidget((s) => s.customer);
  const maxChars = useWidget((s) => s.config?.messageMaxChars ?? 4000);
  const { busy, error, send } = useOfflineMessage();
  const { t } = useTranslation();
  const [draft, setDraft] = useState<OfflineDraft>({ name: customer?.name ?? '', email: customer?.email ?? '', body: '' });
  const [errors, setErrors] = useState<Partial<Record<OfflineField, string>>>({});
  const refs = { name: useRef<HTMLInputElement>(null), email: useRef<HTMLInputElement>(null), body: useRef<HTMLTextAreaElement>(null) };
  const set = (patch: Partial<OfflineDraft>) => setDraft((d) => ({ ...d, ...patch }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = checkDraft(draft, maxChars);
    setErrors(found);
    const first = FIELDS.find((f) => found[f]);
    if (first) {
      refs[first].current?.focus();
      return;
    }
    void send(draft, maxChars);
  };

  const described = (f: OfflineField, extra?: string) => [errors[f] ? `offline-${f}-error` : null, extra].filter(Boolean).join(' ') || undefined;
  const length = draft.body.trim().length;

  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="offline-title">
      <h3 id="offline-title">{t('widget.closed.formTitle')}</h3>
      <p className="start__intro">{t('widget.closed.formIntro')}</p>
      <div className="field">
        <label htmlFor="offline-name">{t('widget.field.name')}</label>
        <input
          id="offline-name"
          ref={refs.name}
          autoComplete="name"
          maxLength={120}
          value={draft.name}
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={described('name')}
          onChange={(e) => set({ name: e.target.value })}
        />
        <FieldError field="name" text={errors.name} />
      </div>
      <div className="field">
        <label htmlFor="offline-email">{t('widget.field.email')}</label>
        <input
          id="offline-email"
          ref={refs.email}
          type="email"
          autoComplete="email"
          maxLength={254}
          value={draft.email}
          aria-invalid={errors.email ? true : undefined}
          aria-describedby={described('email')}
          onChange={(e) => set({ email: e.target.value })}
        />
        <FieldError field="email" text={errors.email} />
      </div>
      <div className="field">
        <label htmlFor="offline-body">{t('widget.field.message')}</label>
        <textarea
          id="offline-body"
          className="control"
          ref={refs.body}
          rows={5}
          value={draft.body}
          aria-invalid={errors.body ? true : undefined}
          aria-describedby={described('body', 'offline-body-count')}
          onChange={(e) => set({ body: e.target.value })}
        />
        <p id="offline-body-count" className={`field__count${length > maxChars ? ' field__count--over' : ''}`}>
          {t('widget.closed.count', { length, max: maxChars })}
        </p>
        <FieldError field="body" text={errors.body} />
      </div>
      <FormError error={error} testId="offline-error" />
      <button type="submit" className="btn btn--primary btn--block" disabled={busy}>
        {busy ? t('widget.closed.sending') : t('widget.closed.send')}
      </button>
    </form>
  );
}

function FieldError({ field, text }: { field: OfflineField; text: string | undefined }) {
  if (!text) return null;
  return (
    <p id={`offline-${field}-error`} className="field__error" role="alert" data-testid={`offline-${field}-error`}>
      {text}
    </p>
  );
}
