// The guided way to open a case from a chat. A return: order → items → eligibility (the hub
// quotes it when the request is opened) → authorized. A claim: order → items → kind → opened.
// Each step's heading takes focus; Escape or "Close" leaves (an opened case stays on the list).
import type { KeyboardEvent } from 'react';
import type { Conversation } from '../../../../shared/protocol/schemas';
import { ClaimKindStep, ClaimOpenedStep } from './ClaimWizardSteps';
import type { WizardState, WizardStep } from './casesStore';
import { ItemsStep } from './ItemsStep';
import { OrderStep } from './OrderStep';
import { AuthorizedStep, EligibilityStep } from './ReturnWizardSteps';
import { useFocusOn } from './useFocusOn';
import { useCases } from './casesStore';

const STEPS: Record<WizardState['kind'], { step: WizardStep; label: string }[]> = {
  rma: [
    { step: 'order', label: 'Order' },
    { step: 'items', label: 'Items' },
    { step: 'review', label: 'Eligibility' },
    { step: 'done', label: 'Authorized' },
  ],
  claim: [
    { step: 'order', label: 'Order' },
    { step: 'items', label: 'Items' },
    { step: 'details', label: 'Kind of claim' },
    { step: 'done', label: 'Opened' },
  ],
};

export interface WizardStepProps {
  conversation: Conversation;
  wizard: WizardState;
  /** Leaves the wizard; with a case id, the panel opens that case. */
  onFinish(caseId: string | null): void;
}

export function CaseWizard({ conversation, wizard, onFinish }: WizardStepProps) {
  const steps = STEPS[wizard.kind];
  const at = steps.findIndex((s) => s.step === wizard.step);
  const title = wizard.kind === 'rma' ? 'New return (RMA)' : 'New damage / overdue claim';
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && !wizard.busy && !e.defaultPrevented) onFinish(wizard.caseId);
  };
  const props = { conversation, wizard, onFinish };

  return (
    <section className="wizard" aria-labelledby="case-wizard-title" onKeyDown={onKeyDown} data-testid="case-wizard" data-kind={wizard.kind} data-step={wizard.step}>
      <div className="wizard__head">
        <h3 id="case-wizard-title">{title}</h3>
        <button type="button" className="btn btn--ghost btn--small" onClick={() => onFinish(wizard.caseId)} disabled={wizard.busy}>
          Close<span className="visually-hidden"> {title}</span>
        </button>
      </div>
      <ol className="wizard__steps" aria-label="Steps">
        {steps.map((s, i) => (
          <li key={s.step} className={i < at ? 'wizard__step wizard__step--done' : 'wizard__step'} aria-current={i === at ? 'step' : undefined}>
            <span className="wizard__num" aria-hidden="true">
              {i < at ? '✓' : i + 1}
            </span>
            {s.label}
            {i < at ? <span className="visually-hidden"> (done)</span> : null}
          </li>
        ))}
      </ol>
      {wizard.step === 'order' ? <OrderStep {...props} /> : null}
      {wizard.step === 'items' ? <ItemsStep {...props} /> : null}
      {wizard.step === 'review' ? <EligibilityStep {...props} /> : null}
      {wizard.step === 'details' ? <ClaimKindStep {...props} /> : null}
      {wizard.step === 'done' ? wizard.kind === 'rma' ? <AuthorizedStep {...props} /> : <ClaimOpenedStep {...props} /> : null}
    </section>
  );
}

/** "Step 2 of 4: Pick the items", focused when the step appears. */
export function StepHeading({ wizard, children }: { wizard: WizardState; children: string }) {
  const steps = STEPS[wizard.kind];
  const n = steps.findIndex((s) => s.step === wizard.step) + 1;
  const ref = useFocusOn<HTMLHeadingElement>(wizard.step);
  return (
    <h4 ref={ref} tabIndex={-1} className="wizard__title">
      <span className="wizard__count">
        Step {n} of {steps.length}:
      </span>{' '}
      {children}
    </h4>
  );
}

/** The hub's refusal on a wizard step, next to its buttons; it clears on the next try. */
export function WizardError({ wizard, conversationId }: { wizard: WizardState; conversationId?: string }) {
  if (!wizard.error && !wizard.proof) return null;
  return (
    <>
      {wizard.error ? (
        <div className="case-refusal" role="alert" data-testid="case-refusal">
          <p>{wizard.error}</p>
        </div>
      ) : null}
      {wizard.proof && conversationId ? <OrderProof wizard={wizard} conversationId={conversationId} /> : null}
    </>
  );
}

/** Issue 12: proof that the order is the chat's customer's, by a code sent to the order's email. */
function OrderProof({ wizard, conversationId }: { wizard: WizardState; conversationId: string }) {
  const requestOrderCode = useCases((s) => s.requestOrderCode);
  const proof = wizard.proof!;
  return (
    <div className="order-proof" data-testid="order-proof" data-state={proof.state}>
      {proof.state === 'proved' ? (
        <p role="status">The customer entered the code: order {wizard.order?.id} is theirs. Open the case again.</p>
      ) : proof.state === 'sent' ? (
        <p role="status">
          A code went to {proof.sentTo}. The customer is asked for it in the chat; this updates when they enter it.
        </p>
      ) : (
        <button type="button" className="btn" disabled={proof.state === 'sending'} onClick={() => void requestOrderCode(conversationId)}>
          {proof.state === 'sending' ? 'Sending a code…' : `Send a code to the email of order ${wizard.order?.id ?? ''}`}
        </button>
      )}
      {proof.error ? <p className="form__error">{proof.error}</p> : null}
    </div>
  );
}
