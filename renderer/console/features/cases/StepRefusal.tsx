import type { StepError } from './casesStore';

const HEADLINE: Partial<Record<NonNullable<StepError['code']>, string>> = {
  forbidden: 'Not allowed',
  conflict: 'Not possible now',
  not_found: 'Not found',
  invalid_payload: 'Check the form',
};

/** What the hub refused and why, next to the step that was refused. Nothing changed on the case. */
export function StepRefusal({ error, hint, onDismiss }: { error: StepError; hint?: string | null; onDismiss?: () => void }) {
  return (
    <div className="case-refusal" role="alert" data-testid="case-refusal" data-code={error.code ?? ''}>
      <p>
        <strong>{(error.code && HEADLINE[error.code]) ?? 'Refused'}:</strong> {error.message}
      </p>
      {hint ? <p className="case-refusal__hint">{hint}</p> : null}
      {onDismiss ? (
        <button type="button" className="btn btn--link" onClick={onDismiss}>
          Dismiss
        </button>
      ) : null}
    </div>
  );
}

/** What to do about a refusal, where the desk knows a way on. */
export function refusalHint(error: StepError): string | null {
  if (error.action === 'authorize' && error.code === 'forbidden') {
    return 'Ask a supervisor to approve the prepaid label (“Ask for a prepaid label” in the case’s next steps); you will be told their decision. Or authorize the return without a prepaid label.';
  }
  if (error.code === 'forbidden' && /supervisor/i.test(error.message)) return 'Ask a supervisor to take this step.';
  return null;
}
