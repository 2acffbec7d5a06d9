// Prepaid-label approvals (issue 9): supervisors see how many returns wait for their decision (a
// badge on Cases, pushed live); the agent who asked sees the decision as a visible notice that
// stays until dismissed, with the way to the case.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useCases } from './casesStore';

export function LabelApprovalsBadge() {
  const { t } = useTranslation();
  const n = useCases((s) => Object.values(s.summaries).filter((c) => c.labelPending).length);
  const load = useCases((s) => s.loadPendingLabels);
  useEffect(() => {
    void load();
  }, [load]);
  if (n === 0) return null;
  return (
    <span className="badge badge--attention" data-testid="label-approvals-badge">
      {n}
      <span className="visually-hidden"> {t('rma.labels.toApprove', { count: n })}</span>
    </span>
  );
}

export function LabelDecisionNotices({ onOpenCases }: { onOpenCases(): void }) {
  const { t } = useTranslation();
  const decisions = useCases((s) => s.labelDecisions);
  const dismiss = useCases((s) => s.dismissLabelDecision);
  const select = useCases((s) => s.select);
  if (decisions.length === 0) return null;
  return (
    <section className="label-notices" aria-label={t('rma.labels.decisions')}>
      <ul className="label-notices__list">
        {decisions.map((d) => (
          <li key={d.caseId} className={`label-notice label-notice--${d.approved ? 'ok' : 'no'}`} data-testid="label-decision" data-approved={d.approved}>
            <p className="label-notice__text">
              <strong>{d.approved ? t('rma.labels.approved') : t('rma.labels.declined')}</strong>{' '}
              {t('rma.labels.decided', { by: d.by, numbered: d.number ? 'yes' : 'no', number: d.number ?? '', order: d.orderId, withReason: d.reason ? 'yes' : 'no', reason: d.reason ?? '' })}{' '}
              {d.approved ? t('rma.labels.canAuthorize') : t('rma.labels.withoutLabel')}
            </p>
            <button
              type="button"
              className="btn btn--small"
              onClick={() => {
                select(d.caseId);
                dismiss(d.caseId);
                onOpenCases();
              }}
            >
              {t('rma.labels.open')}
            </button>
            <button type="button" className="btn btn--small btn--ghost" onClick={() => dismiss(d.caseId)}>
              {t('common.msg.dismiss')}
              <span className="visually-hidden"> {t('rma.labels.dismissWhich')}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
