// Claim wizard, steps 3 and 4: the kind of claim (damaged, overdue, lost) and the customer's
// account; then the opened claim with the carrier's deadline and what evidence it still needs.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { CLAIM_KINDS, type ClaimKind } from '../../../../shared/domain/cases';
import { useCases } from './casesStore';
import { checklistLabel, claimKindLabel } from './caseText';
import { FinishActions, StepHeading, WizardError, type WizardStepProps } from './wizardParts';
import { DeadlineCountdown } from './ClaimDetails';
import { Field } from './StepForm';

const kindHint = (k: ClaimKind) => `claims.kind.${k}.hint` as const;

export function ClaimKindStep({ conversation, wizard }: WizardStepProps) {
  const patchWizard = useCases((s) => s.patchWizard);
  const submitWizard = useCases((s) => s.submitWizard);
  const name = useId();
  const { t } = useTranslation();
  return (
    <div className="wizard__body">
      <StepHeading wizard={wizard}>{t('claims.whatHappened')}</StepHeading>
      <fieldset className="case-choice">
        <legend>{t('claims.wizard.kind')}</legend>
        {CLAIM_KINDS.map((k) => (
          <label key={k} className="case-choice__option">
            <input type="radio" name={name} checked={wizard.claimKind === k} onChange={() => patchWizard(conversation.id, { claimKind: k, error: null })} />
            <span>
              {claimKindLabel(k)}
              <span className="case-choice__hint">{t(kindHint(k))}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <Field label={t('claims.wizard.text')} value={wizard.text} onChange={(text) => patchWizard(conversation.id, { text })} multiline maxLength={2000} />
      <WizardError wizard={wizard} conversationId={conversation.id} />
      <div className="wizard__actions">
        <button type="button" className="btn btn--primary" disabled={wizard.busy} onClick={() => void submitWizard(conversation.id)}>
          {wizard.busy ? t('claims.wizard.opening') : t('claims.wizard.open')}
        </button>
        <button type="button" className="btn btn--ghost" disabled={wizard.busy} onClick={() => patchWizard(conversation.id, { step: 'items', error: null })}>
          {t('claims.wizard.back')}
        </button>
      </div>
      <p className="case-muted">{t('claims.wizard.tellsCustomer')}</p>
    </div>
  );
}

export function ClaimOpenedStep({ wizard, onFinish }: WizardStepProps) {
  const detail = useCases((s) => (wizard.caseId ? s.details[wizard.caseId] : undefined));
  const { t } = useTranslation();
  if (!detail) return null;
  const missing = detail.checklist.filter((i) => !i.done);
  return (
    <div className="wizard__body">
      <StepHeading wizard={wizard}>{t('claims.wizard.opened')}</StepHeading>
      <p className="wizard__result">
        {t('claims.wizard.number')} <strong data-testid="wizard-claim-number">{detail.number}</strong>
      </p>
      <DeadlineCountdown detail={detail} />
      {missing.length ? (
        <>
          <p>{t('claims.wizard.stillNeeded')}</p>
          <ul className="wizard__items">
            {missing.map((i) => (
              <li key={i.key}>{checklistLabel(i, detail)}</li>
            ))}
          </ul>
        </>
      ) : null}
      <p>{detail.claimKind === 'damaged' ? t('claims.wizard.toldPhotos') : t('claims.wizard.told')}</p>
      <FinishActions label={t('claims.wizard.done')} onFinish={() => onFinish(detail.id)} />
    </div>
  );
}
