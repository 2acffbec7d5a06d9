// The guided way to open a case from a chat. A return: order → items → eligibility (the hub
// quotes it when the request is opened) → authorized. A claim: order → items → kind → opened.
// Each step's heading takes focus; Escape or "Close" leaves (an opened case stays on the list).
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ClaimKindStep, ClaimOpenedStep } from './ClaimWizardSteps';
import { ItemsStep } from './ItemsStep';
import { OrderStep } from './OrderStep';
import { AuthorizedStep, EligibilityStep } from './ReturnWizardSteps';
import { STEPS, type WizardStepProps } from './wizardParts';

export function CaseWizard({ conversation, wizard, onFinish }: WizardStepProps) {
  const { t } = useTranslation();
  const steps = STEPS[wizard.kind];
  const at = steps.findIndex((s) => s.step === wizard.step);
  const title = wizard.kind === 'rma' ? t('wizard.title.rma') : t('wizard.title.claim');
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && !wizard.busy && !e.defaultPrevented) onFinish(wizard.caseId);
  };
  const props = { conversation, wizard, onFinish };

  return (
    <section className="wizard" aria-labelledby="case-wizard-title" onKeyDown={onKeyDown} data-testid="case-wizard" data-kind={wizard.kind} data-step={wizard.step}>
      <div className="wizard__head">
        <h3 id="case-wizard-title">{title}</h3>
        <button type="button" className="btn btn--ghost btn--small" onClick={() => onFinish(wizard.caseId)} disabled={wizard.busy}>
          {t('wizard.close')}
          <span className="visually-hidden"> {title}</span>
        </button>
      </div>
      <ol className="wizard__steps" aria-label={t('wizard.steps')}>
        {steps.map((s, i) => (
          <li key={s.step} className={i < at ? 'wizard__step wizard__step--done' : 'wizard__step'} aria-current={i === at ? 'step' : undefined}>
            <span className="wizard__num" aria-hidden="true">
              {i < at ? '✓' : i + 1}
            </span>
            {t(s.label)}
            {i < at ? <span className="visually-hidden"> {t('wizard.stepDone')}</span> : null}
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
