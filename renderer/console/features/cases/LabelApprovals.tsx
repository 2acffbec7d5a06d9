// Prepaid-label approvals (issue 9): supervisors see how many returns wait for their decision (a
// badge on Cases, pushed live); the agent who asked sees the decision as a visible notice that
// stays until dismissed, with the way to the case.
import { useEffect } from 'react';
import { useCases } from './casesStore';

export function LabelApprovalsBadge() {
  const n = useCases((s) => Object.values(s.summaries).filter((c) => c.labelPending).length);
  const load = useCases((s) => s.loadPendingLabels);
  useEffect(() => {
    void load();
  }, [load]);
  if (n === 0) return null;
  return (
    <span className="badge badge--attention" data-testid="label-approvals-badge">
      {n}
      <span className="visually-hidden"> prepaid {n === 1 ? 'label' : 'labels'} to approve</span>
    </span>
  );
}

export function LabelDecisionNotices({ onOpenCases }: { onOpenCases(): void }) {
  const decisions = useCases((s) => s.labelDecisions);
  const dismiss = useCases((s) => s.dismissLabelDecision);
  const select = useCases((s) => s.select);
  if (decisions.length === 0) return null;
  return (
    <section className="label-notices" aria-label="Prepaid label decisions">
      <ul className="label-notices__list">
        {decisions.map((d) => (
          <li key={d.caseId} className={`label-notice label-notice--${d.approved ? 'ok' : 'no'}`} data-testid="label-decision" data-approved={d.approved}>
            <p className="label-notice__text">
              <strong>{d.approved ? 'Prepaid label approved' : 'Prepaid label declined'}</strong> by {d.by} for the return {d.number ?? `request on order ${d.orderId}`}
              {d.reason ? `: ${d.reason}` : '.'} {d.approved ? 'You can authorize it with the label now.' : 'Authorize it without a label, or talk to the customer.'}
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
              Open the case
            </button>
            <button type="button" className="btn btn--small btn--ghost" onClick={() => dismiss(d.caseId)}>
              Dismiss<span className="visually-hidden"> the label decision</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
