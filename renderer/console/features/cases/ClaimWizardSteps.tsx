// Claim wizard, steps 3 and 4: the kind of claim (damaged, overdue, lost) and the customer's
// account; then the opened claim with the carrier's deadline and what evidence it still needs.
import { useId } from 'react';
import { CLAIM_KINDS, type ClaimKind } from '../../../../shared/domain/cases';
import { useCases } from './casesStore';
import { CLAIM_KIND_LABEL } from './caseText';
import { StepHeading, WizardError, type WizardStepProps } from './wizardParts';
import { DeadlineCountdown } from './ClaimDetails';
import { Field } from './StepForm';

const KIND_HINT: Record<ClaimKind, string> = {
  damaged: 'The parcel was delivered and an item arrived damaged. The customer keeps the packaging and sends photos.',
  overdue: 'The parcel has not been delivered by its scheduled date.',
  lost: 'The carrier has lost the parcel.',
};

export function ClaimKindStep({ conversation, wizard }: WizardStepProps) {
  const patchWizard = useCases((s) => s.patchWizard);
  const submitWizard = useCases((s) => s.submitWizard);
  const name = useId();
  return (
    <div className="wizard__body">
      <StepHeading wizard={wizard}>What happened</StepHeading>
      <fieldset className="case-choice">
        <legend>Kind of claim</legend>
        {CLAIM_KINDS.map((k) => (
          <label key={k} className="case-choice__option">
            <input type="radio" name={name} checked={wizard.claimKind === k} onChange={() => patchWizard(conversation.id, { claimKind: k, error: null })} />
            <span>
              {CLAIM_KIND_LABEL[k]}
              <span className="case-choice__hint">{KIND_HINT[k]}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <Field label="What happened, in the customer’s words" value={wizard.text} onChange={(text) => patchWizard(conversation.id, { text })} multiline maxLength={2000} />
      <WizardError wizard={wizard} conversationId={conversation.id} />
      <div className="wizard__actions">
        <button type="button" className="btn btn--primary" disabled={wizard.busy} onClick={() => void submitWizard(conversation.id)}>
          {wizard.busy ? 'Opening…' : 'Open claim'}
        </button>
        <button type="button" className="btn btn--ghost" disabled={wizard.busy} onClick={() => patchWizard(conversation.id, { step: 'items', error: null })}>
          Back
        </button>
      </div>
      <p className="case-muted">Opening the claim tells the customer, in the chat and by email, what the carrier needs.</p>
    </div>
  );
}

export function ClaimOpenedStep({ wizard, onFinish }: WizardStepProps) {
  const detail = useCases((s) => (wizard.caseId ? s.details[wizard.caseId] : undefined));
  if (!detail) return null;
  const missing = detail.checklist.filter((i) => !i.done);
  return (
    <div className="wizard__body">
      <StepHeading wizard={wizard}>Claim opened</StepHeading>
      <p className="wizard__result">
        Claim number <strong data-testid="wizard-claim-number">{detail.number}</strong>
      </p>
      <DeadlineCountdown detail={detail} />
      {missing.length ? (
        <>
          <p>Still needed before filing:</p>
          <ul className="wizard__items">
            {missing.map((i) => (
              <li key={i.key}>{i.label}</li>
            ))}
          </ul>
        </>
      ) : null}
      <p>
        The customer has been told in the chat what the carrier needs
        {detail.claimKind === 'damaged' ? '; they can add photos from their chat window.' : '.'}
      </p>
      <div className="wizard__actions">
        <button type="button" className="btn btn--primary" onClick={() => onFinish(detail.id)}>
          Done
        </button>
      </div>
    </div>
  );
}
