// The forms for a claim's steps (docs/PROTOCOL.md, "The steps"): file with the carrier, the
// carrier's decision (approved with an amount, or denied: escalated), refile, paid, refund, close.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClaimData } from '../../../../shared/domain/cases';
import { centsToInput, formatMoney, methodLabel, parseDollars } from './caseText';
import { CarrierSuggestions, Field, StepForm, type StepFormProps } from './StepForm';

export function FileForm({ detail, onClose }: StepFormProps) {
  const { t } = useTranslation();
  const d = detail.data as ClaimData;
  const [reference, setReference] = useState('');
  const [carrier, setCarrier] = useState(d.carrier ?? '');
  const [tracking, setTracking] = useState(d.tracking ?? '');
  const carriers = useId();
  return (
    <StepForm
      detail={detail}
      action="file"
      title={t('claims.file.title')}
      submitLabel={t('claims.file.submit')}
      collect={() => {
        if (!reference.trim()) return t('claims.file.referenceMissing');
        if (!carrier.trim()) return t('claims.file.carrierMissing');
        return { carrierReference: reference.trim(), carrier: carrier.trim(), ...(tracking.trim() ? { tracking: tracking.trim() } : {}) };
      }}
      onClose={onClose}
    >
      <Field label={t('claims.file.reference')} value={reference} onChange={setReference} required maxLength={80} />
      <Field label={t('claims.carrier')} value={carrier} onChange={setCarrier} required maxLength={40} list={carriers} />
      <CarrierSuggestions id={carriers} />
      <Field label={t('claims.file.tracking')} value={tracking} onChange={setTracking} maxLength={80} />
    </StepForm>
  );
}

export function ApproveForm({ detail, onClose }: StepFormProps) {
  const { t } = useTranslation();
  const [amount, setAmount] = useState(centsToInput(detail.merchandiseCents));
  return (
    <StepForm
      detail={detail}
      action="approve"
      title={t('claims.approve.title')}
      submitLabel={t('claims.approve.submit')}
      collect={() => {
        const cents = parseDollars(amount);
        return cents && cents > 0 ? { amountCents: cents } : t('claims.approve.amountMissing');
      }}
      onClose={onClose}
    >
      <Field label={t('claims.approve.amount')} value={amount} onChange={setAmount} required inputMode="decimal" maxLength={16} help={t('claims.amountHelp')} />
    </StepForm>
  );
}

export function DenyForm({ detail, onClose }: StepFormProps) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  return (
    <StepForm
      detail={detail}
      action="deny"
      title={t('claims.deny.title')}
      submitLabel={t('claims.deny.submit')}
      danger
      collect={() => (reason.trim() ? { reason: reason.trim() } : t('claims.deny.reasonMissing'))}
      onClose={onClose}
    >
      <Field label={t('claims.deny.reason')} value={reason} onChange={setReason} required multiline maxLength={500} />
      <p className="case-muted">{t('claims.deny.explain')}</p>
    </StepForm>
  );
}

export function RefileForm({ detail, onClose }: StepFormProps) {
  const { t } = useTranslation();
  const [reference, setReference] = useState('');
  const [note, setNote] = useState('');
  return (
    <StepForm
      detail={detail}
      action="refile"
      title={t('claims.refile.title')}
      submitLabel={t('claims.refile.submit')}
      collect={() => (reference.trim() ? { carrierReference: reference.trim(), ...(note.trim() ? { note: note.trim() } : {}) } : t('claims.refile.referenceMissing'))}
      onClose={onClose}
    >
      <Field label={t('claims.refile.reference')} value={reference} onChange={setReference} required maxLength={80} />
      <Field label={t('claims.refile.grounds')} value={note} onChange={setNote} multiline maxLength={500} />
    </StepForm>
  );
}

export function CarrierPaidForm({ detail, onClose }: StepFormProps) {
  const { t } = useTranslation();
  const d = detail.data as ClaimData;
  const [amount, setAmount] = useState(d.decision?.amountCents ? centsToInput(d.decision.amountCents) : '');
  const [reference, setReference] = useState('');
  return (
    <StepForm
      detail={detail}
      action="carrier_paid"
      title={t('claims.paid.title')}
      submitLabel={t('claims.paid.submit')}
      collect={() => {
        const cents = amount.trim() ? parseDollars(amount) : null;
        if (amount.trim() && !cents) return t('claims.paid.amountInvalid');
        return { ...(cents ? { amountCents: cents } : {}), ...(reference.trim() ? { reference: reference.trim() } : {}) };
      }}
      onClose={onClose}
    >
      <Field label={t('claims.paid.amount')} value={amount} onChange={setAmount} inputMode="decimal" maxLength={16} help={`${t('claims.amountHelp')} ${t('claims.paid.amountHelp')}`} />
      <Field label={t('claims.paymentReference')} value={reference} onChange={setReference} maxLength={80} />
    </StepForm>
  );
}

export function RefundClaimForm({ detail, onClose }: StepFormProps) {
  const { t } = useTranslation();
  const d = detail.data as ClaimData;
  // Never more than the items cost (the hub refuses it); the carrier's payment if it was less.
  const suggested = Math.min(detail.merchandiseCents, d.payment?.amountCents ?? detail.merchandiseCents);
  const [amount, setAmount] = useState(centsToInput(suggested));
  const [reference, setReference] = useState('');
  const method = detail.order?.paymentMethod === 'wire' ? 'wire_or_check' : 'original_card';
  const cents = parseDollars(amount);
  return (
    <StepForm
      detail={detail}
      action="refund"
      title={t('claims.refund.title')}
      submitLabel={cents ? t('claims.refund.submitAmount', { amount: formatMoney(cents) }) : t('claims.refund.submit')}
      collect={() => (cents && cents > 0 ? { amountCents: cents, ...(reference.trim() ? { reference: reference.trim() } : {}) } : t('claims.refund.amountMissing'))}
      onClose={onClose}
    >
      <Field
        label={t('claims.refund.amount')}
        value={amount}
        onChange={setAmount}
        required
        inputMode="decimal"
        maxLength={16}
        help={t('claims.refund.amountHelp', { max: formatMoney(detail.merchandiseCents) })}
      />
      <p className="case-muted">{t('claims.refund.method', { method: methodLabel(method) })}</p>
      <Field label={t('claims.paymentReference')} value={reference} onChange={setReference} maxLength={80} />
    </StepForm>
  );
}

/** Closing a denied claim (a supervisor's decision): a note the customer reads. */
export function CloseDeniedForm({ detail, onClose }: StepFormProps) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  return (
    <StepForm
      detail={detail}
      action="close"
      title={t('claims.close.title')}
      submitLabel={t('claims.close.submit')}
      collect={() => (note.trim() ? { note: note.trim() } : {})}
      onClose={onClose}
    >
      <Field label={t('claims.close.note')} value={note} onChange={setNote} multiline maxLength={500} help={t('claims.close.noteHelp')} />
    </StepForm>
  );
}
