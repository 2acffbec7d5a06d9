// The forms for a return's steps (docs/PROTOCOL.md, "The steps"): authorize, in transit, receive
// with the inspection checklist, refund, reject, cancel.
import { useId, useState } from 'react';
import { CONDITIONS, type RmaData } from '../../../../shared/domain/cases';
import type { CaseDetail } from '../../../../shared/protocol/cases';
import { CONDITION_LABEL, DEDUCTION_LABEL, REJECTION_LABEL, formatCents } from './caseText';
import { RefundSummary } from './RmaDetails';
import { CarrierSuggestions, Field, PrepaidLabelChoice, StepForm, dayToTimestamp, todayIso, type StepFormProps } from './StepForm';

export function AuthorizeForm({ detail, onClose }: StepFormProps) {
  const [prepaid, setPrepaid] = useState(false);
  return (
    <StepForm detail={detail} action="authorize" title="Authorize the return" submitLabel="Authorize return" collect={() => ({ prepaidLabel: prepaid })} onClose={onClose}>
      <PrepaidLabelChoice name={`label-${detail.id}`} value={prepaid} onChange={setPrepaid} />
      <p className="case-muted">Authorizing gives the RMA number and sends the customer the return instructions and address, in the chat and by email.</p>
    </StepForm>
  );
}

export function ShipForm({ detail, onClose }: StepFormProps) {
  const [carrier, setCarrier] = useState('');
  const [tracking, setTracking] = useState('');
  const [shipped, setShipped] = useState('');
  const carriers = useId();
  return (
    <StepForm
      detail={detail}
      action="ship"
      title="The parcel is on its way"
      submitLabel="Mark in transit"
      collect={() => {
        if (!carrier.trim() || !tracking.trim()) return 'Give the carrier and the tracking number.';
        return { carrier: carrier.trim(), tracking: tracking.trim(), ...(shipped ? { shippedAt: dayToTimestamp(shipped) } : {}) };
      }}
      onClose={onClose}
    >
      <Field label="Carrier" value={carrier} onChange={setCarrier} required maxLength={40} list={carriers} />
      <CarrierSuggestions id={carriers} />
      <Field label="Tracking number" value={tracking} onChange={setTracking} required maxLength={80} />
      <Field label="Ship date" type="date" value={shipped} onChange={setShipped} max={todayIso()} help="From the customer’s receipt; today if left empty." />
    </StepForm>
  );
}

type Condition = (typeof CONDITIONS)[number];

/** The inspection checklist: what the policy settles the refund on (POLICY §1, Settlement). */
export function ReceiveForm({ detail, onClose }: StepFormProps) {
  const d = detail.data as RmaData;
  const [rmaOnBox, setRmaOnBox] = useState(false);
  const [tagsIntact, setTagsIntact] = useState(false);
  const [condition, setCondition] = useState<Condition | ''>('');
  const [shipped, setShipped] = useState(d.shippedAt ? d.shippedAt.slice(0, 10) : '');
  const conditionId = useId();
  return (
    <StepForm
      detail={detail}
      action="receive"
      title="Receive and inspect the parcel"
      submitLabel="Record inspection"
      collect={() => {
        if (!condition) return 'Choose the condition of the items.';
        return { rmaOnBox, tagsIntact, condition, ...(shipped ? { shippedAt: dayToTimestamp(shipped) } : {}) };
      }}
      onClose={onClose}
    >
      <fieldset className="case-choice">
        <legend>Inspection checklist</legend>
        <label>
          <input type="checkbox" checked={rmaOnBox} onChange={(e) => setRmaOnBox(e.target.checked)} /> RMA number {detail.number} written on the box
        </label>
        <label>
          <input type="checkbox" checked={tagsIntact} onChange={(e) => setTagsIntact(e.target.checked)} /> Every tag and the security tag intact
        </label>
      </fieldset>
      <div className="case-field">
        <label htmlFor={conditionId}>Condition of the items</label>
        <select id={conditionId} value={condition} required onChange={(e) => setCondition(e.target.value as Condition | '')}>
          <option value="">Choose…</option>
          {CONDITIONS.map((c) => (
            <option key={c} value={c}>
              {CONDITION_LABEL[c]}
            </option>
          ))}
        </select>
      </div>
      <Field label="Ship date" type="date" value={shipped} onChange={setShipped} max={todayIso()} help="A parcel sent after the return-by date is refused." />
    </StepForm>
  );
}

export function RefundRmaForm({ detail, onClose }: StepFormProps) {
  const d = detail.data as RmaData;
  const [reference, setReference] = useState('');
  const amount = d.settlement?.refundCents ?? 0;
  return (
    <StepForm
      detail={detail}
      action="refund"
      title="Refund the customer"
      submitLabel={`Refund ${formatCents(amount)}`}
      collect={() => (reference.trim() ? { reference: reference.trim() } : {})}
      onClose={onClose}
    >
      <RefundSummary detail={detail} data={d} />
      <Field label="Payment reference" value={reference} onChange={setReference} maxLength={80} help="The refund’s reference in the payment system." />
    </StepForm>
  );
}

export function RejectForm({ detail, onClose }: StepFormProps) {
  const d = detail.data as RmaData;
  const found = d.settlement && !d.settlement.accepted ? d.settlement.reasons.map((r) => REJECTION_LABEL[r] ?? r).join('; ') : '';
  const [reason, setReason] = useState(found ? `Not acceptable: ${found}` : '');
  return (
    <StepForm
      detail={detail}
      action="reject"
      title="Reject the return"
      submitLabel="Reject return"
      danger
      collect={() => (reason.trim() ? { reason: reason.trim() } : 'Say why the return is rejected: the customer is told.')}
      onClose={onClose}
    >
      <Field label="Reason (the customer reads it)" value={reason} onChange={setReason} required multiline maxLength={500} />
    </StepForm>
  );
}

export function CancelForm({ detail, onClose }: StepFormProps) {
  const [reason, setReason] = useState('');
  const noun = detail.kind === 'rma' ? 'return' : 'claim';
  return (
    <StepForm
      detail={detail}
      action="cancel"
      title={`Cancel the ${noun}`}
      submitLabel={`Cancel the ${noun}`}
      danger
      collect={() => (reason.trim() ? { reason: reason.trim() } : 'Say why: the customer is told.')}
      onClose={onClose}
    >
      <Field label="Reason (the customer reads it)" value={reason} onChange={setReason} required multiline maxLength={500} />
    </StepForm>
  );
}

/** An agent asks a supervisor to approve a prepaid label (issue 9); the supervisors' badge shows it. */
export function RequestLabelForm({ detail, onClose }: StepFormProps) {
  const [note, setNote] = useState('');
  return (
    <StepForm detail={detail} action="request_label" title="Ask a supervisor to approve a prepaid label" submitLabel="Ask for approval" collect={() => (note.trim() ? { note: note.trim() } : {})} onClose={onClose}>
      <Field label="Note for the supervisor" value={note} onChange={setNote} multiline maxLength={500} help="Why the desk should pay the return shipping. You will be told the decision here." />
    </StepForm>
  );
}

export function DeclineLabelForm({ detail, onClose }: StepFormProps) {
  const [reason, setReason] = useState('');
  const asked = (detail.data as RmaData).labelRequest;
  return (
    <StepForm
      detail={detail}
      action="decline_label"
      title="Decline the prepaid label"
      submitLabel="Decline label"
      danger
      collect={() => (reason.trim() ? { reason: reason.trim() } : 'Say why, for the agent who asked.')}
      onClose={onClose}
    >
      {asked ? (
        <p className="case-muted">
          Asked by {asked.by}
          {asked.note ? `: “${asked.note}”` : '.'}
        </p>
      ) : null}
      <Field label="Reason" value={reason} onChange={setReason} required multiline maxLength={500} help="The agent who asked is told at once." />
    </StepForm>
  );
}

/** A supervisor waives one deduction the terms or the settlement carry, with a reason (audited). */
export function WaiveForm({ detail, onClose }: StepFormProps) {
  const options = waivable(detail);
  const [code, setCode] = useState(options[0]?.code ?? '');
  const [reason, setReason] = useState('');
  const codeId = useId();
  return (
    <StepForm
      detail={detail}
      action="waive"
      title="Waive a deduction"
      submitLabel="Waive deduction"
      collect={() => (!code ? 'Choose the deduction to waive.' : reason.trim() ? { code, reason: reason.trim() } : 'Give the reason: it is told to the customer and kept in the audit log.')}
      onClose={onClose}
    >
      <div className="case-field">
        <label htmlFor={codeId}>Deduction</label>
        <select id={codeId} value={code} onChange={(e) => setCode(e.target.value)}>
          {options.map((o) => (
            <option key={o.code} value={o.code}>
              {DEDUCTION_LABEL[o.code] ?? o.code} ({formatCents(o.cents)})
            </option>
          ))}
        </select>
      </div>
      <Field label="Reason" value={reason} onChange={setReason} required multiline maxLength={500} help="The customer is told, with the refund they can now expect." />
    </StepForm>
  );
}

/** The deductions still standing that a waiver could remove. */
export function waivable(detail: CaseDetail): { code: string; cents: number }[] {
  const d = detail.data as RmaData;
  if (d.refund) return [];
  const s = d.settlement;
  if (s) return s.accepted ? s.deductions.filter((x) => x.code !== 'undelivered_fee' && x.code !== 'incorrect_address_fee') : [];
  return d.terms ? [...d.terms.deductions, ...d.terms.ifNoRmaOnBox] : [];
}
