// What a claim is at this point: the carrier and its filing deadline (a countdown until filed),
// the reference, the carrier's decision and payment, and the customer's refund.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClaimData } from '../../../../shared/domain/cases';
import type { CaseDetail } from '../../../../shared/protocol/cases';
import { claimKindLabel, daysUntil, formatDate, formatMoney, formatWhen, methodLabel } from './caseText';

export function ClaimDetails({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const d = detail.data as ClaimData;
  return (
    <>
      <dl className="facts">
        <div>
          <dt>{t('cases.kind')}</dt>
          <dd>{claimKindLabel(d.claimKind)}</dd>
        </div>
        <div>
          <dt>{t('claims.carrier')}</dt>
          <dd>
            {d.carrier ?? t('claims.carrierNone')}
            {d.tracking ? ` · ${d.tracking}` : ''}
          </dd>
        </div>
        {d.carrierReference ? (
          <div>
            <dt>{t('claims.reference')}</dt>
            <dd data-testid="claim-reference">{d.carrierReference}</dd>
          </div>
        ) : null}
        {d.description ? (
          <div className="facts__wide">
            <dt>{t('claims.whatHappened')}</dt>
            <dd>{d.description}</dd>
          </div>
        ) : null}
      </dl>
      <DeadlineCountdown detail={detail} />
      <Decision data={d} />
      {d.cancellation ? <p className="case-note case-note--stopped">{t('claims.cancelled', { reason: d.cancellation.reason })}</p> : null}
    </>
  );
}

/** `text` with the first `part` in it bold: a date inside a translated sentence, wherever the language puts it. */
function withStrong(text: string, part: string): ReactNode {
  const at = text.indexOf(part);
  if (at < 0) return text;
  return (
    <>
      {text.slice(0, at)}
      <strong>{part}</strong>
      {text.slice(at + part.length)}
    </>
  );
}

/** Carriers' claim deadlines vary (POLICY §2): until the claim is filed, the days left to file it. */
export function DeadlineCountdown({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const dl = detail.deadline;
  const d = detail.data as ClaimData;
  if (!dl) return null;
  // Each language words "the carrier" its own way where none is on record (du, al, beim…).
  const carrier = { carrier: dl.carrier ?? '', known: dl.carrier ? 'yes' : 'no' };
  if (!dl.deadline) {
    return <p className="deadline deadline--unknown">{t('claims.deadline.unknown', { ...carrier, days: dl.days })}</p>;
  }
  if (d.filedAt) {
    const late = Date.parse(d.filedAt) > Date.parse(dl.deadline);
    return (
      <p className="deadline deadline--done" data-testid="claim-deadline">
        {t(late ? 'claims.deadline.filedLate' : 'claims.deadline.filed', { ...carrier, date: formatDate(d.filedAt), deadline: formatDate(dl.deadline) })}
      </p>
    );
  }
  const left = dl.daysLeft ?? daysUntil(dl.deadline);
  const tone = left < 0 ? 'late' : left <= 7 ? 'soon' : 'ok';
  const date = formatDate(dl.deadline);
  const fileBy = t(detail.order?.deliveredAt ? 'claims.deadline.fileByDelivered' : 'claims.deadline.fileByScheduled', { ...carrier, date, days: dl.days });
  return (
    <p className={`deadline deadline--${tone}`} data-testid="claim-deadline" data-days-left={left}>
      <span className="deadline__count">{left < 0 ? t('claims.deadline.late', { days: -left }) : left === 0 ? t('claims.deadline.lastDay') : t('claims.deadline.left', { days: left })}</span>
      <span>{withStrong(fileBy, date)}</span>
    </p>
  );
}

function Decision({ data: d }: { data: ClaimData }) {
  const { t } = useTranslation();
  if (!d.decision && !d.payment && !d.refund) return null;
  return (
    <dl className="facts">
      {d.decision ? (
        <div className="facts__wide">
          <dt>{t('claims.decision')}</dt>
          <dd data-testid="claim-decision">
            {d.decision.approved ? t('claims.decision.approved', { amount: formatMoney(d.decision.amountCents ?? 0) }) : t('claims.decision.denied', { reason: d.decision.reason ?? '' })}
            {!d.decision.approved && d.escalation && !d.escalation.resolvedAt ? (
              <>
                {' '}
                <strong className="case-escalated">{t('cases.escalated')}</strong>
              </>
            ) : null}
          </dd>
        </div>
      ) : null}
      {d.escalation?.resolvedAt ? (
        <div className="facts__wide">
          <dt>{t('claims.escalation')}</dt>
          <dd>{t('claims.escalation.resolved', { name: d.escalation.resolvedBy, when: formatWhen(d.escalation.resolvedAt) })}</dd>
        </div>
      ) : null}
      {d.payment ? (
        <div className="facts__wide">
          <dt>{t('claims.paid')}</dt>
          <dd>
            {t(d.payment.reference ? 'claims.paid.withReference' : 'claims.paid.text', {
              amount: formatMoney(d.payment.amountCents),
              date: formatDate(d.payment.paidAt),
              reference: d.payment.reference ?? '',
              due: formatDate(d.payment.refundDueBy),
            })}
          </dd>
        </div>
      ) : null}
      {d.refund ? (
        <div className="facts__wide">
          <dt>{t('claims.refunded')}</dt>
          <dd data-testid="claim-refund">
            {[formatMoney(d.refund.refundCents), methodLabel(d.refund.method), formatWhen(d.refund.refundedAt), ...(d.refund.reference ? [t('claims.refunded.reference', { reference: d.refund.reference })] : [])].join(' · ')}
          </dd>
        </div>
      ) : null}
    </dl>
  );
}
