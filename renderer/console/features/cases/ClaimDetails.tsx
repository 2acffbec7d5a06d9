// What a claim is at this point: the carrier and its filing deadline (a countdown until filed),
// the reference, the carrier's decision and payment, and the customer's refund.
import type { ClaimData } from '../../../../shared/domain/cases';
import type { CaseDetail } from '../../../../shared/protocol/cases';
import { CLAIM_KIND_LABEL, METHOD_LABEL, daysUntil, formatCents, formatDay, formatWhen } from './caseText';

export function ClaimDetails({ detail }: { detail: CaseDetail }) {
  const d = detail.data as ClaimData;
  return (
    <>
      <dl className="facts">
        <div>
          <dt>Kind</dt>
          <dd>{CLAIM_KIND_LABEL[d.claimKind]}</dd>
        </div>
        <div>
          <dt>Carrier</dt>
          <dd>
            {d.carrier ?? 'not on record'}
            {d.tracking ? ` · ${d.tracking}` : ''}
          </dd>
        </div>
        {d.carrierReference ? (
          <div>
            <dt>Carrier’s reference</dt>
            <dd data-testid="claim-reference">{d.carrierReference}</dd>
          </div>
        ) : null}
        {d.description ? (
          <div className="facts__wide">
            <dt>What happened</dt>
            <dd>{d.description}</dd>
          </div>
        ) : null}
      </dl>
      <DeadlineCountdown detail={detail} />
      <Decision data={d} />
      {d.cancellation ? <p className="case-note case-note--stopped">Cancelled: {d.cancellation.reason}</p> : null}
    </>
  );
}

/** Carriers' claim deadlines vary (POLICY §2): until the claim is filed, the days left to file it. */
export function DeadlineCountdown({ detail }: { detail: CaseDetail }) {
  const dl = detail.deadline;
  const d = detail.data as ClaimData;
  if (!dl) return null;
  const carrier = dl.carrier ?? 'the carrier';
  if (!dl.deadline) {
    return <p className="deadline deadline--unknown">No delivery date on record: check {carrier}’s claim deadline ({dl.days} days).</p>;
  }
  if (d.filedAt) {
    const late = Date.parse(d.filedAt) > Date.parse(dl.deadline);
    return (
      <p className="deadline deadline--done" data-testid="claim-deadline">
        Filed with {carrier} on {formatDay(d.filedAt)}
        {late ? ', after the deadline' : ''} (deadline {formatDay(dl.deadline)}).
      </p>
    );
  }
  const left = dl.daysLeft ?? daysUntil(dl.deadline);
  const tone = left < 0 ? 'late' : left <= 7 ? 'soon' : 'ok';
  return (
    <p className={`deadline deadline--${tone}`} data-testid="claim-deadline" data-days-left={left}>
      <span className="deadline__count">{left < 0 ? `${-left} day${left === -1 ? '' : 's'} late` : left === 0 ? 'Last day' : `${left} day${left === 1 ? '' : 's'} left`}</span>
      <span>
        File with {carrier} by <strong>{formatDay(dl.deadline)}</strong> ({dl.days} days after {detail.order?.deliveredAt ? 'delivery' : 'scheduled delivery'}).
      </span>
    </p>
  );
}

function Decision({ data: d }: { data: ClaimData }) {
  if (!d.decision && !d.payment && !d.refund) return null;
  return (
    <dl className="facts">
      {d.decision ? (
        <div className="facts__wide">
          <dt>Carrier’s decision</dt>
          <dd data-testid="claim-decision">
            {d.decision.approved ? `Approved: ${formatCents(d.decision.amountCents ?? 0)}` : `Denied: ${d.decision.reason ?? ''}`}
            {!d.decision.approved && d.escalation && !d.escalation.resolvedAt ? (
              <>
                {' '}
                <strong className="case-escalated">Escalated to a supervisor</strong>
              </>
            ) : null}
          </dd>
        </div>
      ) : null}
      {d.escalation?.resolvedAt ? (
        <div className="facts__wide">
          <dt>Escalation</dt>
          <dd>
            Resolved by {d.escalation.resolvedBy} ({formatWhen(d.escalation.resolvedAt)})
          </dd>
        </div>
      ) : null}
      {d.payment ? (
        <div className="facts__wide">
          <dt>Carrier paid</dt>
          <dd>
            {formatCents(d.payment.amountCents)} on {formatDay(d.payment.paidAt)}
            {d.payment.reference ? `, reference ${d.payment.reference}` : ''}; refund the customer by {formatDay(d.payment.refundDueBy)}
          </dd>
        </div>
      ) : null}
      {d.refund ? (
        <div className="facts__wide">
          <dt>Refunded</dt>
          <dd data-testid="claim-refund">
            {formatCents(d.refund.refundCents)} · {METHOD_LABEL[d.refund.method] ?? d.refund.method} · {formatWhen(d.refund.refundedAt)}
            {d.refund.reference ? ` · reference ${d.refund.reference}` : ''}
          </dd>
        </div>
      ) : null}
    </dl>
  );
}
