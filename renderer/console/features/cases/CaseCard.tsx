// One case, whole: what it is, where it stands, what can be done next, and its timeline. In the
// chat's side panel it folds to a single line; in the Cases view it is always open.
import { useEffect, useId, useRef } from 'react';
import type { CaseDetail } from '../../../../shared/protocol/cases';
import { CaseActions } from './CaseActions';
import { EscalatedMarker, OverdueMarker, StatusBadge } from './CaseBadges';
import { CaseTimeline } from './CaseTimeline';
import { ClaimDetails } from './ClaimDetails';
import { ClaimEvidence } from './ClaimEvidence';
import { CLAIM_KIND_LABEL, caseName, formatCents, formatDay } from './caseText';
import { RmaDetails } from './RmaDetails';

interface Props {
  detail: CaseDetail;
  /** Folded: only the head line, with a button to open it. Undefined: not foldable. */
  expanded?: boolean;
  onToggle?(): void;
  /** Take focus (its heading) when shown: after a wizard finished, or a case picked from a list. */
  autoFocus?: boolean;
}

export function CaseCard({ detail, expanded, onToggle, autoFocus }: Props) {
  const titleId = useId();
  const bodyId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const open = expanded ?? true;
  useEffect(() => {
    if (autoFocus) heading.current?.focus();
  }, [autoFocus, detail.id]);

  return (
    <article
      className={`case-card case-card--${detail.kind}${detail.overdue ? ' case-card--overdue' : ''}`}
      aria-labelledby={titleId}
      data-testid="case-card"
      data-case-id={detail.id}
      data-status={detail.status}
    >
      <header className="case-card__head">
        <h3 id={titleId} ref={heading} tabIndex={-1} className="case-card__title">
          {caseName(detail)}
        </h3>
        <StatusBadge status={detail.status} />
        <OverdueMarker overdue={detail.overdue} />
        <EscalatedMarker escalated={detail.escalated} />
        {onToggle ? (
          <button type="button" className="btn btn--link case-card__toggle" aria-expanded={open} aria-controls={bodyId} onClick={onToggle}>
            {open ? 'Hide details' : 'Show details'}
            <span className="visually-hidden"> of {caseName(detail)}</span>
          </button>
        ) : null}
      </header>
      <p className="case-card__sub">
        Order {detail.orderId} · {detail.items.map((i) => i.name).join(', ')} · {formatCents(detail.merchandiseCents)}
        {detail.claimKind ? ` · ${CLAIM_KIND_LABEL[detail.claimKind]}` : ''}
      </p>
      {open ? (
        <div id={bodyId} className="case-card__body">
          <p className="case-card__meta">
            Opened {formatDay(detail.createdAt)} for {detail.order?.customerName ?? detail.customerEmail}
            {detail.conversations.length ? ` · ${detail.conversations.length} linked chat${detail.conversations.length === 1 ? '' : 's'}` : ''}
          </p>
          {detail.kind === 'rma' ? <RmaDetails detail={detail} /> : <ClaimDetails detail={detail} />}
          {detail.kind === 'claim' ? <ClaimEvidence detail={detail} /> : null}
          <CaseActions detail={detail} />
          <CaseTimeline detail={detail} />
        </div>
      ) : null}
    </article>
  );
}
