// The forms for a claim's steps (docs/PROTOCOL.md, "The steps"): file with the carrier, the
// carrier's decision (approved with an amount, or denied: escalated), refile, paid, refund, close.
import { useId, useState } from 'react';
import type { ClaimData } from '../../../../shared/domain/cases';
import { METHOD_LABEL, centsToInput, formatCents, parseDollars } from './caseText';
import { CarrierSuggestions, Field, StepForm, type StepFormProps } from './StepForm';

const AMOUNT_HELP = 'In dollars, e.g. 1200 or 1,200.00.';

export function FileForm({ detail, onClose }: StepFormProps) {
  const d = detail.data as ClaimData;
  const [reference, setReference] = useState('');
  const [carrier, setCarrier] = useState(d.carrier ?? '');
  const [tracking, setTracking] = useState(d.tracking ?? '');
  const carriers = useId();
  return (
    <StepForm
      detail={detail}
      action="file"
      title="File the claim with the carrier"
      submitLabel="File claim"
      collect={() => {
        if (!reference.trim()) return 'Give the carrier’s claim reference.';
        if (!carrier.trim()) return 'Give the carrier the claim is filed with.';
        return { carrierReference: reference.trim(), carrier: carrier.trim(), ...(tracking.trim() ? { tracking: tracking.trim() } : {}) };
      }}
      onClose={onClose}
    >
      <Field label="Carrier’s claim reference" value={reference} onChange={setReference} required maxLength={80} />
      <Field label="Carrier" value={carrier} onChange={setCarrier} required maxLength={40} list={carriers} />
      <CarrierSuggestions id={carriers} />
      <Field label="Tracking number" value={tracking} onChange={setTracking} maxLength={80} />
    </StepForm>
  );
}

export function ApproveForm({ detail, onClose }: StepFormProps) {
  const [amount, setAmount] = useState(centsToInput(detail.merchandiseCents));
  return (
    <StepForm
      detail={detail}
      action="approve"
      title="The carrier approved the claim"
      submitLabel="Record approval"
      collect={() => {
        const cents = parseDollars(amount);
        return cents && cents > 0 ? { amountCents: cents } : 'Give the amount the carrier approved, in dollars.';
      }}
      onClose={onClose}
    >
      <Field label="Amount approved" value={amount} onChange={setAmount} required inputMode="decimal" maxLength={16} help={AMOUNT_HELP} />
    </StepForm>
  );
}

export function DenyForm({ detail, onClose }: StepFormProps) {
  const [reason, setReason] = useState('');
  return (
    <StepForm
      detail={detail}
      action="deny"
      title="The carrier denied the claim"
      submitLabel="Record denial"
      danger
      collect={() => (reason.trim() ? { reason: reason.trim() } : 'Give the carrier’s reason.')}
      onClose={onClose}
    >
      <Field label="Carrier’s reason" value={reason} onChange={setReason} required multiline maxLength={500} />
      <p className="case-muted">A denial escalates the claim to a supervisor, who decides whether to appeal or close it. The customer is told a supervisor is reviewing it.</p>
    </StepForm>
  );
}

export function RefileForm({ detail, onClose }: StepFormProps) {
  const [reference, setReference] = useState('');
  const [note, setNote] = useState('');
  return (
    <StepForm
      detail={detail}
      action="refile"
      title="Appeal: refile with the carrier"
      submitLabel="Refile claim"
      collect={() => (reference.trim() ? { carrierReference: reference.trim(), ...(note.trim() ? { note: note.trim() } : {}) } : 'Give the new claim reference.')}
      onClose={onClose}
    >
      <Field label="New claim reference" value={reference} onChange={setReference} required maxLength={80} />
      <Field label="Grounds for the appeal" value={note} onChange={setNote} multiline maxLength={500} />
    </StepForm>
  );
}

export function CarrierPaidForm({ detail, onClose }: StepFormProps) {
  const d = detail.data as ClaimData;
  const [amount, setAmount] = useState(d.decision?.amountCents ? centsToInput(d.decision.amountCents) : '');
  const [reference, setReference] = useState('');
  return (
    <StepForm
      detail={detail}
      action="carrier_paid"
      title="The carrier paid the claim"
      submitLabel="Record payment"
      collect={() => {
        const cents = amount.trim() ? parseDollars(amount) : null;
        if (amount.trim() && !cents) return 'Give the amount paid, in dollars.';
        return { ...(cents ? { amountCents: cents } : {}), ...(reference.trim() ? { reference: reference.trim() } : {}) };
      }}
      onClose={onClose}
    >
      <Field label="Amount paid" value={amount} onChange={setAmount} inputMode="decimal" maxLength={16} help={`${AMOUNT_HELP} Left empty: the approved amount.`} />
      <Field label="Payment reference" value={reference} onChange={setReference} maxLength={80} />
    </StepForm>
  );
}

export function RefundClaimForm({ detail, onClose }: StepFormProps) {
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
      title="Refund the customer"
      submitLabel={cents ? `Refund ${formatCents(cents)}` : 'Refund'}
      collect={() => (cents && cents > 0 ? { amountCents: cents, ...(reference.trim() ? { reference: reference.trim() } : {}) } : 'Give the refund amount, in dollars.')}
      onClose={onClose}
    >
      <Field label="Refund amount" value={amount} onChange={setAmount} required inputMode="decimal" maxLength={16} help={`At most ${formatCents(detail.merchandiseCents)}, what the items cost.`} />
      <p className="case-muted">Method: {METHOD_LABEL[method]}.</p>
      <Field label="Payment reference" value={reference} onChange={setReference} maxLength={80} />
    </StepForm>
  );
}

/** Closing a denied claim (a supervisor's decision): a note the customer reads. */
export function CloseDeniedForm({ detail, onClose }: StepFormProps) {
  const [note, setNote] = useState('');
  return (
    <StepForm
      detail={detail}
      action="close"
      title="Close the denied claim"
      submitLabel="Close claim"
      collect={() => (note.trim() ? { note: note.trim() } : {})}
      onClose={onClose}
    >
      <Field label="Note to the customer" value={note} onChange={setNote} multiline maxLength={500} help="For example a goodwill gesture. Left empty: “The carrier declined the claim.”" />
    </StepForm>
  );
}
