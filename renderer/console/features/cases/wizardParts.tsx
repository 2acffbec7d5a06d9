// What the case wizard and its step files share: the steps of each kind, the step's props, its
// focused heading and the hub's refusal line. Its own module so the steps need not import the
// wizard that renders them (issue 9: no import cycles).
import type { Conversation } from '../../../../shared/protocol/schemas';
import type { WizardState, WizardStep } from './casesStore';
import { useFocusOn } from './useFocusOn';

export const STEPS: Record<WizardState['kind'], { step: WizardStep; label: string }[]> = {
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
export function WizardError({ wizard }: { wizard: WizardState }) {
  if (!wizard.error) return null;
  return (
    <div className="case-refusal" role="alert" data-testid="case-refusal">
      <p>{wizard.error}</p>
    </div>
  );
}
