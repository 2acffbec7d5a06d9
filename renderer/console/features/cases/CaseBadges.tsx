import { useTranslation } from 'react-i18next';
import type { CaseSummary } from '../../../../shared/protocol/cases';
import { overdueLabel, statusLabel, statusSentence, statusTone } from './caseText';

const STATUS_TONE: Record<ReturnType<typeof statusTone>, string> = { open: 'pill--accent', attention: 'pill--warn', done: 'pill--ok', stopped: '' };

export function StatusBadge({ status }: { status: CaseSummary['status'] }) {
  return (
    <span className={`pill pill--status ${STATUS_TONE[statusTone(status)]}`} data-testid="case-status" data-status={status} title={statusSentence(status)}>
      {statusLabel(status)}
    </span>
  );
}

/** The desk is late on this case: a refund past its due date, or a claim past the carrier's deadline. */
export function OverdueMarker({ overdue }: { overdue: CaseSummary['overdue'] }) {
  if (!overdue) return null;
  return (
    <span className="case-overdue" data-testid="case-overdue" data-overdue={overdue}>
      <span aria-hidden="true">!</span> {overdueLabel(overdue)}
    </span>
  );
}

export function EscalatedMarker({ escalated }: { escalated: boolean }) {
  const { t } = useTranslation();
  if (!escalated) return null;
  return <span className="case-escalated">{t('cases.escalated')}</span>;
}

/** A return whose prepaid label an agent asked for and no supervisor has decided yet (issue 9). */
export function LabelPendingMarker({ pending }: { pending: boolean }) {
  const { t } = useTranslation();
  if (!pending) return null;
  return (
    <span className="case-escalated" data-testid="case-label-pending">
      {t('cases.labelPending')}
    </span>
  );
}
