// One case, whole: what it is, where it stands, what can be done next, and its timeline. In the
// chat's side panel it folds to a single line; in the Cases view it is always open.
import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../../../shared/protocol/cases';
import { CaseActions } from './CaseActions';
import { EscalatedMarker, OverdueMarker, StatusBadge } from './CaseBadges';
import { CaseTimeline } from './CaseTimeline';
import { ClaimDetails } from './ClaimDetails';
import { ClaimEvidence } from './ClaimEvidence';
import { caseKindText, caseName, formatDate, formatMoney } from './caseText';
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
  const { t } = useTranslation();
  const titleId = useId();
  const bodyId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const open = expanded ?? true;
  const kindText = caseKindText(detail);
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
            {open ? t('cases.card.hide') : t('cases.card.show')}
            <span className="visually-hidden">{t('cases.card.toggleWhich', { name: caseName(detail) })}</span>
          </button>
        ) : null}
      </header>
      <p className="case-card__sub">
        {[t('cases.card.order', { orderId: detail.orderId }), detail.items.map((i) => i.name).join(t('cases.listSeparator')), formatMoney(detail.merchandiseCents), ...(kindText ? [kindText] : [])].join(' · ')}
      </p>
      {open ? (
        <div id={bodyId} className="case-card__body">
          <p className="case-card__meta">
            {t('cases.card.opened', { date: formatDate(detail.createdAt), name: detail.order?.customerName ?? detail.customerEmail })}
            {detail.conversations.length ? ` · ${t('cases.card.linkedChats', { count: detail.conversations.length })}` : ''}
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
