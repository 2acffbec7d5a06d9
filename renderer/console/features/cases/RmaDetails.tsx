// What a return is at this point: eligibility and return-by date, the authorization (RMA number,
// return address, label), the parcel on its way, the inspection, and the money.
import { eligibilityText, type RmaData } from '../../../../shared/domain/cases';
import type { CaseDetail } from '../../../../shared/protocol/cases';
import { CONDITION_LABEL, DEDUCTION_LABEL, METHOD_LABEL, REJECTION_LABEL, daysUntil, formatCents, formatDay, formatWhen } from './caseText';

export function RmaDetails({ detail }: { detail: CaseDetail }) {
  const d = detail.data as RmaData;
  return (
    <>
      <Eligibility data={d} />
      {d.authorizedAt ? <Authorization detail={detail} data={d} /> : d.labelApproval ? <p className="case-note">Prepaid label approved by {d.labelApproval.by}.</p> : null}
      {d.carrier || d.inspection ? <Shipment data={d} /> : null}
      {d.settlement ? <RefundSummary detail={detail} data={d} /> : null}
      {d.rejection ? (
        <p className="case-note case-note--stopped">
          Rejected: {d.rejection.reason}
          {d.rejection.reasons.length ? ` (${d.rejection.reasons.map((r) => REJECTION_LABEL[r] ?? r).join(', ')})` : ''}
        </p>
      ) : null}
      {d.cancellation ? <p className="case-note case-note--stopped">Cancelled: {d.cancellation.reason}</p> : null}
    </>
  );
}

export function Eligibility({ data }: { data: RmaData }) {
  const e = data.eligibility;
  return (
    <div className={`eligibility eligibility--${e.eligible ? 'ok' : 'no'}`} data-testid="rma-eligibility" data-eligible={e.eligible}>
      <p className="eligibility__verdict">{e.eligible ? 'Eligible for return' : 'Not eligible for return'}</p>
      {!e.eligible ? <p>Why: {eligibilityText(e.reasons)}.</p> : null}
      {e.returnBy ? (
        <p>
          Return by <strong data-testid="rma-return-by">{formatDay(e.returnBy)}</strong>
          {e.eligible ? ' (the ship date counts)' : ''}
        </p>
      ) : null}
    </div>
  );
}

function Authorization({ detail, data }: { detail: CaseDetail; data: RmaData }) {
  return (
    <dl className="facts">
      <div>
        <dt>RMA number</dt>
        <dd className="facts__strong" data-testid="rma-number">
          {detail.number}
        </dd>
      </div>
      <div>
        <dt>Authorized</dt>
        <dd>{data.authorizedAt ? formatWhen(data.authorizedAt) : ''}</dd>
      </div>
      <div className="facts__wide">
        <dt>Return address</dt>
        <dd className="facts__address" data-testid="rma-return-address">
          {data.returnAddress}
        </dd>
      </div>
      <div className="facts__wide">
        <dt>Prepaid label</dt>
        <dd data-testid="rma-label">
          {data.prepaidLabel ? 'Yes: the desk sends a prepaid return label' : 'No: the customer pays return shipping'}
          {data.prepaidLabel && data.labelApproval ? ` (approved by ${data.labelApproval.by})` : ''}
        </dd>
      </div>
    </dl>
  );
}

function Shipment({ data }: { data: RmaData }) {
  const i = data.inspection;
  return (
    <dl className="facts">
      {data.carrier ? (
        <div>
          <dt>Shipped with</dt>
          <dd>
            {data.carrier} {data.tracking}
          </dd>
        </div>
      ) : null}
      {data.shippedAt ? (
        <div>
          <dt>Ship date</dt>
          <dd>{formatDay(data.shippedAt)}</dd>
        </div>
      ) : null}
      {i ? (
        <>
          <div>
            <dt>Received</dt>
            <dd>{formatWhen(i.receivedAt)}</dd>
          </div>
          <div className="facts__wide">
            <dt>Inspection</dt>
            <dd data-testid="rma-inspection">
              RMA number on the box: {i.rmaOnBox ? 'yes' : 'no'} · tags intact: {i.tagsIntact ? 'yes' : 'no'} · condition: {CONDITION_LABEL[i.condition].toLowerCase()}
            </dd>
          </div>
        </>
      ) : null}
    </dl>
  );
}

/** Merchandise, each deduction, the refund, its method and due date; a refund past due stands out. */
export function RefundSummary({ detail, data }: { detail: CaseDetail; data: RmaData }) {
  const s = data.settlement;
  if (!s) return null;
  if (!s.accepted) {
    return (
      <div className="refund refund--rejected" data-testid="rma-settlement">
        <p className="refund__title">Inspection: not acceptable</p>
        <p>{s.reasons.map((r) => REJECTION_LABEL[r] ?? r).join('; ')}. No refund is due: reject the return with the reason.</p>
      </div>
    );
  }
  const refunded = data.refund;
  const overdue = !refunded && detail.overdue === 'refund_overdue';
  const left = s.dueBy ? daysUntil(s.dueBy) : null;
  return (
    <div className={`refund${overdue ? ' refund--overdue' : ''}`} data-testid="rma-settlement">
      <p className="refund__title">{refunded ? 'Refunded' : 'Refund due'}</p>
      <table className="refund__table">
        <caption className="visually-hidden">Refund calculation</caption>
        <tbody>
          <tr>
            <th scope="row">Merchandise</th>
            <td>{formatCents(s.merchandiseCents)}</td>
          </tr>
          {s.deductions.map((d) => (
            <tr key={d.code} className="refund__deduction" data-testid="refund-deduction">
              <th scope="row">{DEDUCTION_LABEL[d.code] ?? d.code}</th>
              <td>−{formatCents(d.cents)}</td>
            </tr>
          ))}
          <tr className="refund__total">
            <th scope="row">Refund</th>
            <td data-testid="refund-amount">{formatCents(s.refundCents)}</td>
          </tr>
        </tbody>
      </table>
      <p>
        Method: <span data-testid="refund-method">{s.method ? METHOD_LABEL[s.method] : '—'}</span>
      </p>
      {s.dueBy ? (
        <p className={overdue ? 'refund__due refund__due--overdue' : 'refund__due'} data-testid="refund-due">
          Due by <strong>{formatDay(s.dueBy)}</strong>
          {refunded ? '' : overdue ? ' — overdue: refund now' : left !== null ? ` (${left <= 0 ? 'today' : `${left} day${left === 1 ? '' : 's'} left`})` : ''}
        </p>
      ) : null}
      {refunded ? (
        <p>
          Refunded {formatWhen(refunded.refundedAt)}
          {refunded.reference ? `, reference ${refunded.reference}` : ''}.
        </p>
      ) : null}
    </div>
  );
}
