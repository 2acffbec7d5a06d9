// Return wizard, steps 3 and 4: the hub's eligibility verdict with the return-by date, then the
// authorization (prepaid label or not) and what it produced: the RMA number and return address.
import { useState, type FormEvent } from 'react';
import { eligibilityText, type RmaData } from '../../../../shared/domain/cases';
import { caseUi, useCases } from './casesStore';
import { formatCents, formatDay } from './caseText';
import { StepHeading, type WizardStepProps } from './CaseWizard';
import { Eligibility, LabelStatus, ReturnReasonLine, ReturnTermsView } from './RmaDetails';
import { PrepaidLabelChoice } from './StepForm';
import { StepRefusal, refusalHint } from './StepRefusal';

export function EligibilityStep({ conversation, wizard, onFinish }: WizardStepProps) {
  const detail = useCases((s) => (wizard.caseId ? s.details[wizard.caseId] : undefined));
  const ui = useCases((s) => caseUi(s, wizard.caseId ?? ''));
  const authorize = useCases((s) => s.authorizeFromWizard);
  const transition = useCases((s) => s.transition);
  const [prepaid, setPrepaid] = useState(false);
  if (!detail) return null;
  const d = detail.data as RmaData;
  const refusal = ui.error && (ui.error.action === 'authorize' || ui.error.action === 'cancel' || ui.error.action === 'request_label') ? ui.error : null;
  // Refused a label above the limit: the agent asks a supervisor from here (issue 9).
  const mayAsk = prepaid && refusal?.code === 'forbidden' && refusal.action === 'authorize' && !d.labelApproval && d.labelRequest?.status !== 'pending' && d.labelRequest?.status !== 'declined';
  const askLabel = () => void transition(detail.id, 'request_label');
  const busy = wizard.busy || ui.busy !== null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void authorize(conversation.id, prepaid);
  };
  const cancelRequest = async () => {
    if (await transition(detail.id, 'cancel', { reason: `This return cannot be accepted: ${eligibilityText(d.eligibility.reasons)}.` })) onFinish(detail.id);
  };

  return (
    <div className="wizard__body">
      <StepHeading wizard={wizard}>Eligibility and authorization</StepHeading>
      <Eligibility data={d} />
      <ReturnReasonLine data={d} />
      <ReturnTermsView data={d} />
      <ul className="wizard__items">
        {detail.items.map((i) => (
          <li key={i.sku}>
            {i.name} <span className="case-muted">({i.sku})</span> {formatCents(i.priceCents)}
          </li>
        ))}
      </ul>
      <LabelStatus data={d} />
      {d.eligibility.eligible ? (
        <form className="wizard__form" onSubmit={submit}>
          <PrepaidLabelChoice name={`wizard-label-${detail.id}`} value={prepaid} onChange={setPrepaid} />
          {refusal ? <StepRefusal error={refusal} hint={mayAsk ? null : refusalHint(refusal)} /> : null}
          <div className="wizard__actions">
            <button type="submit" className="btn btn--primary" disabled={busy}>
              {busy ? 'Authorizing…' : 'Authorize return'}
            </button>
            {mayAsk ? (
              <button type="button" className="btn" disabled={busy} onClick={askLabel}>
                Ask a supervisor to approve the label
              </button>
            ) : null}
            <button type="button" className="btn btn--ghost" disabled={busy} onClick={() => onFinish(detail.id)}>
              Finish later
            </button>
          </div>
          <p className="case-muted">Authorizing gives the RMA number and sends the customer the return instructions and address, in the chat and by email.</p>
        </form>
      ) : (
        <div className="wizard__form">
          <p>The desk cannot authorize this return. Cancel the request (the customer is told why), or keep it on record.</p>
          {refusal ? <StepRefusal error={refusal} /> : null}
          <div className="wizard__actions">
            <button type="button" className="btn btn--danger" disabled={busy} onClick={() => void cancelRequest()}>
              Cancel the request
            </button>
            <button type="button" className="btn btn--ghost" disabled={busy} onClick={() => onFinish(detail.id)}>
              Keep on record
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

export function AuthorizedStep({ wizard, onFinish }: WizardStepProps) {
  const detail = useCases((s) => (wizard.caseId ? s.details[wizard.caseId] : undefined));
  if (!detail) return null;
  const d = detail.data as RmaData;
  return (
    <div className="wizard__body">
      <StepHeading wizard={wizard}>Return authorized</StepHeading>
      <p className="wizard__result">
        RMA number <strong data-testid="wizard-rma-number">{detail.number}</strong>
      </p>
      <dl className="facts">
        <div className="facts__wide">
          <dt>Return address</dt>
          <dd className="facts__address">{d.returnAddress}</dd>
        </div>
        <div>
          <dt>Prepaid label</dt>
          <dd>{d.prepaidLabel ? 'Yes' : 'No: the customer pays'}</dd>
        </div>
        {d.eligibility.returnBy ? (
          <div>
            <dt>Ship by</dt>
            <dd>{formatDay(d.eligibility.returnBy)}</dd>
          </div>
        ) : null}
      </dl>
      <p>The customer has been sent the return instructions in this chat (and by email, where the desk sends email).</p>
      <div className="wizard__actions">
        <button type="button" className="btn btn--primary" onClick={() => onFinish(detail.id)}>
          Done
        </button>
      </div>
    </div>
  );
}
