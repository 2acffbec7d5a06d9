// Proving who you are in the widget (issue 12): confirming your own email with a code (needed for
// a copy by email), entering the code customer care sent to an order's email (needed for a return
// or a claim on it), and "Not you? Start again" for a shared computer.
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CodeChallenge } from '../../shared/protocol/identity';
import { FormError } from '../common/FormError';
import { Emphasis, MARK } from './Emphasis';
import { useWidget, type CodeCheck } from './widgetStore';

function minutesLeft(expiresAt: string): number {
  return Math.max(1, Math.round((Date.parse(expiresAt) - Date.now()) / 60_000));
}

/** One code from one email: typed and confirmed. */
export function CodeForm({ check, label, testId }: { check: CodeCheck & { challenge: CodeChallenge }; label: string; testId: string }) {
  const { t } = useTranslation();
  const confirmCode = useWidget((s) => s.confirmCode);
  const [code, setCode] = useState('');
  const id = useId();
  const hint = `${id}-hint`;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const digits = code.replace(/\s+/g, '');
    if (!digits) return;
    void confirmCode(check.challenge.challengeId, digits).then((done) => {
      if (done) setCode('');
    });
  };
  return (
    <form className="form code-form" onSubmit={submit} data-testid={testId} aria-describedby={hint}>
      <p id={hint} className="code-form__hint">
        <Emphasis text={t('widget.verify.sentTo', { email: MARK, minutes: minutesLeft(check.challenge.expiresAt) })} value={check.challenge.sentTo} />
      </p>
      <div className="field">
        <label htmlFor={`${id}-code`}>{label}</label>
        <input
          id={`${id}-code`}
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9 ]*"
          maxLength={14}
          required
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
      </div>
      <FormError error={check.error} />
      <button type="submit" className="btn btn--primary" disabled={check.busy}>
        {check.busy ? t('widget.verify.checking') : t('widget.verify.confirm')}
      </button>
    </form>
  );
}

/** For a guest: confirm the email they gave, by a code sent to it. */
export function VerifyEmail({ why }: { why: string }) {
  const { t } = useTranslation();
  const customer = useWidget((s) => s.customer);
  const check = useWidget((s) => s.emailCheck);
  const requestEmailCode = useWidget((s) => s.requestEmailCode);
  if (!customer || customer.verified) return null;
  return (
    <div className="verify" data-testid="verify-email">
      <p className="verify__why">{why}</p>
      {check.challenge ? (
        <>
          <CodeForm check={{ ...check, challenge: check.challenge }} label={t('widget.verify.emailCode')} testId="verify-email-form" />
          <button type="button" className="btn btn--link" disabled={check.busy} onClick={() => void requestEmailCode()}>
            {t('widget.verify.newCode')}
          </button>
        </>
      ) : (
        <>
          <button type="button" className="btn" disabled={check.busy} onClick={() => void requestEmailCode()}>
            {check.busy ? t('widget.verify.sending') : t('widget.verify.confirmEmail', { email: customer.email })}
          </button>
          <FormError error={check.error} />
        </>
      )}
    </div>
  );
}

/** Codes customer care sent to an order's email, to show the order is the customer's. */
export function OrderChecks() {
  const { t } = useTranslation();
  const checks = useWidget((s) => s.orderChecks);
  if (!checks.length) return null;
  return (
    <section className="verify verify--order" aria-label={t('widget.verify.orderLabel')} data-testid="order-checks">
      {checks.map((c) =>
        c.done ? (
          <p key={c.challenge.challengeId} role="status" data-testid="order-confirmed">
            {t('widget.verify.orderConfirmed', { order: c.challenge.orderId })}
          </p>
        ) : (
          <div key={c.challenge.challengeId}>
            <p className="verify__why">{t('widget.verify.orderWhy', { order: c.challenge.orderId })}</p>
            <CodeForm check={c} label={t('widget.verify.orderCode', { order: c.challenge.orderId })} testId="order-code-form" />
          </div>
        ),
      )}
    </section>
  );
}

/** Who the widget thinks is here, and the way out for the next person at a shared computer. */
export function WhoIsHere() {
  const { t } = useTranslation();
  const customer = useWidget((s) => s.customer);
  const forget = useWidget((s) => s.forget);
  if (!customer) return null;
  return (
    <div className="who" data-testid="who-is-here">
      <span>
        {customer.name} · {customer.verified ? <span data-testid="widget-verified">{t('widget.verify.emailConfirmed')}</span> : <span data-testid="widget-guest">{t('widget.verify.guest')}</span>}
      </span>
      <button type="button" className="btn btn--link" onClick={() => forget()}>
        {t('widget.verify.notYou')}
      </button>
    </div>
  );
}
