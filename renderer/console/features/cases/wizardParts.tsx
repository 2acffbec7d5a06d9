// What the case wizard and its step files share: the steps of each kind, the step's props, its
// focused heading and the hub's refusal line. Its own module so the steps need not import the
// wizard that renders them (issue 9: no import cycles).
import { useTranslation } from 'react-i18next';
import type { Conversation } from '../../../../shared/protocol/schemas';
import type { MessageKey } from '../../../common/i18n';
import { useCases, type WizardState, type WizardStep } from './casesStore';
import { useFocusOn } from './useFocusOn';

export const STEPS: Record<WizardState['kind'], { step: WizardStep; label: MessageKey }[]> = {
  rma: [
    { step: 'order', label: 'wizard.step.order' },
    { step: 'items', label: 'wizard.step.items' },
    { step: 'review', label: 'wizard.step.review' },
    { step: 'done', label: 'wizard.step.authorized' },
  ],
  claim: [
    { step: 'order', label: 'wizard.step.order' },
    { step: 'items', label: 'wizard.step.items' },
    { step: 'details', label: 'wizard.step.details' },
    { step: 'done', label: 'wizard.step.opened' },
  ],
};

/** The last step's way out: the wizard closes onto the case. */
export function FinishActions({ label, onFinish }: { label: string; onFinish(): void }) {
  return (
    <div className="wizard__actions">
      <button type="button" className="btn btn--primary" onClick={onFinish}>
        {label}
      </button>
    </div>
  );
}

export interface WizardStepProps {
  conversation: Conversation;
  wizard: WizardState;
  /** Leaves the wizard; with a case id, the panel opens that case. */
  onFinish(caseId: string | null): void;
}

/** "Step 2 of 4: Pick the items", focused when the step appears. */
export function StepHeading({ wizard, children }: { wizard: WizardState; children: string }) {
  const steps = STEPS[wizard.kind];
  const n = steps.findIndex((s) => s.step === wizard.step) + 1;
  const ref = useFocusOn<HTMLHeadingElement>(wizard.step);
  const { t } = useTranslation();
  return (
    <h4 ref={ref} tabIndex={-1} className="wizard__title">
      <span className="wizard__count">{t('wizard.stepCount', { n, total: steps.length })}</span>{' '}
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
  const { t } = useTranslation();
  const proof = wizard.proof!;
  const order = wizard.order?.id ?? '';
  return (
    <div className="order-proof" data-testid="order-proof" data-state={proof.state}>
      {proof.state === 'proved' ? (
        <p role="status">{t('wizard.proof.proved', { order })}</p>
      ) : proof.state === 'sent' ? (
        <p role="status">{t('wizard.proof.sent', { email: proof.sentTo ?? '' })}</p>
      ) : (
        <button type="button" className="btn" disabled={proof.state === 'sending'} onClick={() => void requestOrderCode(conversationId)}>
          {proof.state === 'sending' ? t('wizard.proof.sending') : t('wizard.proof.send', { order })}
        </button>
      )}
      {proof.error ? <p className="form__error">{proof.error}</p> : null}
    </div>
  );
}
