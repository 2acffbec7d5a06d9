import { useTranslation } from 'react-i18next';
import { tr, type MessageKey } from '../../../common/i18n';
import type { StepError } from './casesStore';

const HEADLINE: Partial<Record<NonNullable<StepError['code']>, MessageKey>> = {
  forbidden: 'returns.refusal.forbidden',
  conflict: 'returns.refusal.conflict',
  not_found: 'returns.refusal.notFound',
  invalid_payload: 'returns.refusal.invalid',
};

/** What the hub refused and why, next to the step that was refused. Nothing changed on the case. */
export function StepRefusal({ error, hint, onDismiss }: { error: StepError; hint?: string | null; onDismiss?: () => void }) {
  const { t } = useTranslation();
  // The hub's own sentence follows the headline: it is written by the hub, in English.
  return (
    <div className="case-refusal" role="alert" data-testid="case-refusal" data-code={error.code ?? ''}>
      <p>
        <strong>{t((error.code && HEADLINE[error.code]) || 'returns.refusal.other')}</strong> {error.message}
      </p>
      {hint ? <p className="case-refusal__hint">{hint}</p> : null}
      {onDismiss ? (
        <button type="button" className="btn btn--link" onClick={onDismiss}>
          {t('common.msg.dismiss')}
        </button>
      ) : null}
    </div>
  );
}

/** What to do about a refusal, where the desk knows a way on. */
export function refusalHint(error: StepError): string | null {
  if (error.action === 'authorize' && error.code === 'forbidden') return tr('returns.refusal.askLabel');
  // The hub says why in English; "supervisor" in it is how it names the role a step needs.
  if (error.code === 'forbidden' && /supervisor/i.test(error.message)) return tr('returns.refusal.askSupervisor');
  return null;
}
