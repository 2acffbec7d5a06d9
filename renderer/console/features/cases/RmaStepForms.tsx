// The forms for a return's steps (docs/PROTOCOL.md, "The steps"): authorize, in transit, receive
// with the inspection checklist, refund, reject, cancel.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CONDITIONS, WAIVABLE_DEDUCTIONS, cameBack, type RmaData } from '../../../../shared/domain/cases';
import type { CaseDetail } from '../../../../shared/protocol/cases';
import { RefundSummary, rejectionText } from './RmaDetails';
import { moneyText, orderCurrency } from './returnsFormat';
import { CarrierSuggestions, Field, PrepaidLabelChoice, StepForm, dayToTimestamp, todayIso, type StepFormProps } from './StepForm';

export function AuthorizeForm({ detail, onClose }: StepFormProps) {
  const { t } = useTranslation();
  const [prepaid, setPrepaid] = useState(false);
  return (
    <StepForm detail={detail} action="authorize" title={t('rma.authorize.title')} submitLabel={t('rma.authorize.submit')} collect={() => ({ prepaidLabel: prepaid })} onClose={onClose}>
      <PrepaidLabelChoice name={`label-${detail.id}`} value={prepaid} onChange={setPrepaid} />
      <p className="case-muted">{t('rma.authorize.explain')}</p>
    </StepForm>
  );
}

export function ShipForm({ detail, onClose }: StepFormProps) {
  const { t } = useTranslation();
  const [carrier, setCarrier] = useState('');
  const [tracking, setTracking] = useState('');
  const [shipped, setShipped] = useState('');
  const carriers = useId();
  return (
    <StepForm
      detail={detail}
      action="ship"
      title={t('rma.ship.title')}
      submitLabel={t('rma.ship.submit')}
      collect={() => {
        if (!carrier.trim() || !tracking.trim()) return t('rma.ship.missing');
        return { carrier: carrier.trim(), tracking: tracking.trim(), ...(shipped ? { shippedAt: dayToTimestamp(shipped) } : {}) };
      }}
      onClose={onClose}
    >
      <Field label={t('rma.ship.carrier')} value={carrier} onChange={setCarrier} required maxLength={40} list={carriers} />
      <CarrierSuggestions id={carriers} />
      <Field label={t('rma.ship.tracking')} value={tracking} onChange={setTracking} required maxLength={80} />
      <Field label={t('rma.facts.shipDate')} type="date" value={shipped} onChange={setShipped} max={todayIso()} help={t('rma.ship.dateHelp')} />
    </StepForm>
  );
}

type Condition = (typeof CONDITIONS)[number];

/** The inspection checklist: what the policy settles the refund on (POLICY §1, Settlement). */
export function ReceiveForm({ detail, onClose }: StepFormProps) {
  const { t } = useTranslation();
  const d = detail.data as RmaData;
  // A parcel that came back on its own never had an RMA number to write on its box.
  const back = cameBack(d);
  const [rmaOnBox, setRmaOnBox] = useState(false);
  const [tagsIntact, setTagsIntact] = useState(false);
  const [condition, setCondition] = useState<Condition | ''>('');
  const [shipped, setShipped] = useState(d.shippedAt ? d.shippedAt.slice(0, 10) : '');
  const conditionId = useId();
  return (
    <StepForm
      detail={detail}
      action="receive"
      title={t('rma.receive.title')}
      submitLabel={t('rma.receive.submit')}
      collect={() => {
        if (!condition) return t('rma.receive.noCondition');
        return { rmaOnBox, tagsIntact, condition, ...(shipped ? { shippedAt: dayToTimestamp(shipped) } : {}) };
      }}
      onClose={onClose}
    >
      <fieldset className="case-choice">
        <legend>{t('rma.receive.checklist')}</legend>
        {back ? null : (
          <label>
            <input type="checkbox" checked={rmaOnBox} onChange={(e) => setRmaOnBox(e.target.checked)} /> {t('rma.receive.onBox', { number: detail.number ?? '' })}
          </label>
        )}
        <label>
          <input type="checkbox" checked={tagsIntact} onChange={(e) => setTagsIntact(e.target.checked)} /> {t('rma.receive.tags')}
        </label>
      </fieldset>
      <div className="case-field">
        <label htmlFor={conditionId}>{t('rma.receive.condition')}</label>
        <select id={conditionId} value={condition} required onChange={(e) => setCondition(e.target.value as Condition | '')}>
          <option value="">{t('returns.choose')}</option>
          {CONDITIONS.map((c) => (
            <option key={c} value={c}>
              {t('returns.condition', { condition: c })}
            </option>
          ))}
        </select>
      </div>
      {back ? null : <Field label={t('rma.facts.shipDate')} type="date" value={shipped} onChange={setShipped} max={todayIso()} help={t('rma.receive.dateHelp')} />}
    </StepForm>
  );
}

export function RefundRmaForm({ detail, onClose }: StepFormProps) {
  const { t } = useTranslation();
  const d = detail.data as RmaData;
  const [reference, setReference] = useState('');
  const amount = d.settlement?.refundCents ?? 0;
  return (
    <StepForm
      detail={detail}
      action="refund"
      title={t('rma.refundForm.title')}
      submitLabel={t('rma.refundForm.submit', { amount: moneyText(amount, orderCurrency(detail.order)) })}
      collect={() => (reference.trim() ? { reference: reference.trim() } : {})}
      onClose={onClose}
    >
      <RefundSummary detail={detail} data={d} />
      <Field label={t('rma.refundForm.reference')} value={reference} onChange={setReference} maxLength={80} help={t('rma.refundForm.referenceHelp')} />
    </StepForm>
  );
}

export function RejectForm({ detail, onClose }: StepFormProps) {
  const { t } = useTranslation();
  const d = detail.data as RmaData;
  // A draft for the agent to edit; the customer reads what is sent, in the agent's words.
  const found = d.settlement && !d.settlement.accepted && d.settlement.reasons.length ? rejectionText(d.settlement.reasons) : '';
  const [reason, setReason] = useState(found ? t('rma.reject.found', { reasons: found }) : '');
  return (
    <StepForm
      detail={detail}
      action="reject"
      title={t('rma.reject.title')}
      submitLabel={t('rma.reject.submit')}
      danger
      collect={() => (reason.trim() ? { reason: reason.trim() } : t('rma.reject.missing'))}
      onClose={onClose}
    >
      <Field label={t('rma.reasonForCustomer')} value={reason} onChange={setReason} required multiline maxLength={500} />
    </StepForm>
  );
}

export function CancelForm({ detail, onClose }: StepFormProps) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const title = t('rma.cancel.title', { kind: detail.kind });
  return (
    <StepForm
      detail={detail}
      action="cancel"
      title={title}
      submitLabel={title}
      danger
      collect={() => (reason.trim() ? { reason: reason.trim() } : t('rma.cancel.missing'))}
      onClose={onClose}
    >
      <Field label={t('rma.reasonForCustomer')} value={reason} onChange={setReason} required multiline maxLength={500} />
    </StepForm>
  );
}

/** An agent asks a supervisor to approve a prepaid label (issue 9); the supervisors' badge shows it. */
export function RequestLabelForm({ detail, onClose }: StepFormProps) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  return (
    <StepForm
      detail={detail}
      action="request_label"
      title={t('rma.requestLabel.title')}
      submitLabel={t('rma.requestLabel.submit')}
      collect={() => (note.trim() ? { note: note.trim() } : {})}
      onClose={onClose}
    >
      <Field label={t('rma.requestLabel.note')} value={note} onChange={setNote} multiline maxLength={500} help={t('rma.requestLabel.help')} />
    </StepForm>
  );
}

export function DeclineLabelForm({ detail, onClose }: StepFormProps) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const asked = (detail.data as RmaData).labelRequest;
  return (
    <StepForm
      detail={detail}
      action="decline_label"
      title={t('rma.declineLabel.title')}
      submitLabel={t('rma.declineLabel.submit')}
      danger
      collect={() => (reason.trim() ? { reason: reason.trim() } : t('rma.declineLabel.missing'))}
      onClose={onClose}
    >
      {asked ? <p className="case-muted">{asked.note ? t('rma.declineLabel.askedNote', { by: asked.by, note: asked.note }) : t('rma.declineLabel.asked', { by: asked.by })}</p> : null}
      <Field label={t('rma.reasonLabel')} value={reason} onChange={setReason} required multiline maxLength={500} help={t('rma.declineLabel.help')} />
    </StepForm>
  );
}

/** A supervisor waives one deduction the terms or the settlement carry, with a reason (audited). */
export function WaiveForm({ detail, onClose }: StepFormProps) {
  const { t } = useTranslation();
  const options = waivable(detail);
  const [code, setCode] = useState(options[0]?.code ?? '');
  const [reason, setReason] = useState('');
  const codeId = useId();
  return (
    <StepForm
      detail={detail}
      action="waive"
      title={t('rma.waive.title')}
      submitLabel={t('rma.waive.submit')}
      collect={() => (!code ? t('rma.waive.noCode') : reason.trim() ? { code, reason: reason.trim() } : t('rma.waive.noReason'))}
      onClose={onClose}
    >
      <div className="case-field">
        <label htmlFor={codeId}>{t('rma.waive.deduction')}</label>
        <select id={codeId} value={code} onChange={(e) => setCode(e.target.value)}>
          {options.map((o) => (
            <option key={o.code} value={o.code}>
              {t('rma.waive.option', { deduction: t('returns.deduction', { code: o.code }), amount: moneyText(o.cents, orderCurrency(detail.order)) })}
            </option>
          ))}
        </select>
      </div>
      <Field label={t('rma.reasonLabel')} value={reason} onChange={setReason} required multiline maxLength={500} help={t('rma.waive.help')} />
    </StepForm>
  );
}

/** The deductions still standing that a waiver could remove. */
export function waivable(detail: CaseDetail): { code: string; cents: number }[] {
  const d = detail.data as RmaData;
  if (d.refund) return [];
  const s = d.settlement;
  // Only what the hub takes: a parcel's undelivered or incorrect-address fee is not waived.
  const mayWaive = (x: { code: string }) => (WAIVABLE_DEDUCTIONS as readonly string[]).includes(x.code);
  if (s) return s.accepted ? s.deductions.filter(mayWaive) : [];
  return d.terms ? [...d.terms.deductions, ...d.terms.ifNoRmaOnBox].filter(mayWaive) : [];
}
