// What a return is at this point: eligibility and return-by date, the authorization (RMA number,
// return address, label), the parcel on its way, the inspection, and the money.
import { RETURN_REASON_TEXT, eligibilityText, type RmaData } from '../../../../shared/domain/cases';
import type { CaseDetail } from '../../../../shared/protocol/cases';
import { CONDITION_LABEL, DEDUCTION_LABEL, METHOD_LABEL, REJECTION_LABEL, daysUntil, formatCents, formatDay, formatWhen } from './caseText';

export function RmaDetails({ detail }: { detail: CaseDetail }) {
  const d = detail.data as RmaData;
  return (
    <>
      <Eligibility data={d} />
      <ReturnReasonLine data={d} />
      {!d.settlement && d.terms ? <ReturnTermsView data={d} /> : null}
      {d.authorizedAt ? <Authorization detail={detail} data={d} /> : <LabelStatus data={d} />}
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

/** "Free standard shipping" in the middle of a sentence: only the first letter lowered (RMA stays RMA). */
const sentenceCase = (label: string) => label.charAt(0).toLowerCase() + label.slice(1);
const deductionInSentence = (code: string) => sentenceCase(DEDUCTION_LABEL[code] ?? code);

export function ReturnReasonLine({ data }: { data: RmaData }) {
  if (!data.reason) return null;
  return (
    <p className="case-note" data-testid="rma-reason">
      Reason: {RETURN_REASON_TEXT[data.reason.code]}
      {data.reason.text ? ` — “${data.reason.text}”` : ''}
    </p>
  );
}

/** Where the prepaid label stands before authorization: asked, approved or declined. */
export function LabelStatus({ data }: { data: RmaData }) {
  const r = data.labelRequest;
  if (data.labelApproval) return <p className="case-note label-status" data-testid="label-status">Prepaid label approved by {data.labelApproval.by}.</p>;
  if (!r) return null;
  return (
    <p className={`case-note label-status${r.status === 'declined' ? ' case-note--stopped' : ''}`} data-testid="label-status" data-label-status={r.status}>
      {r.status === 'pending'
        ? `Prepaid label asked for by ${r.by}${r.note ? ` (“${r.note}”)` : ''}: waiting for a supervisor.`
        : `Prepaid label declined by ${r.decidedBy ?? 'a supervisor'}: ${r.reason ?? ''}`}
    </p>
  );
}

/**
 * What the return will cost, as the customer was told before authorization (issue 9): the hub's
 * quote from the same engine that settles it, so the refund after inspection matches.
 */
export function ReturnTermsView({ data }: { data: RmaData }) {
  const t = data.terms;
  if (!t) return null;
  return (
    <div className="terms" data-testid="rma-terms">
      <p className="terms__title">What the customer was told</p>
      <table className="refund__table">
        <caption className="visually-hidden">Expected refund</caption>
        <tbody>
          <tr>
            <th scope="row">Items</th>
            <td>{formatCents(t.merchandiseCents)}</td>
          </tr>
          {t.deductions.map((x) => (
            <tr key={x.code} className="refund__deduction" data-testid="terms-deduction">
              <th scope="row">{DEDUCTION_LABEL[x.code] ?? x.code}</th>
              <td>−{formatCents(x.cents)}</td>
            </tr>
          ))}
          {t.ifNoRmaOnBox.map((x) => (
            <tr key={x.code} data-testid="terms-conditional">
              <th scope="row">Only if the box lacks the RMA number: {deductionInSentence(x.code)}</th>
              <td>−{formatCents(x.cents)}</td>
            </tr>
          ))}
          {(data.waivers ?? []).map((w) => (
            <tr key={w.code} data-testid="terms-waived">
              <th scope="row">
                Waived by {w.by}: {deductionInSentence(w.code)} ({w.reason})
              </th>
              <td>{formatCents(0)}</td>
            </tr>
          ))}
          <tr className="refund__total">
            <th scope="row">Refund expected</th>
            <td data-testid="terms-refund">{formatCents(t.refundCents)}</td>
          </tr>
        </tbody>
      </table>
      {t.returnBy ? (
        <p className="terms__told">
          Ship by <strong>{formatDay(t.returnBy)}</strong>; refund {t.method ? sentenceCase(METHOD_LABEL[t.method] ?? '') : ''} within {t.refundDueBusinessDays} business days of receipt.
        </p>
      ) : null}
      <p className="terms__told case-muted">Told to the customer in the chat when the request was opened, and again in the RMA email.</p>
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
          {(data.waivers ?? []).map((w) => (
            <tr key={w.code} data-testid="refund-waived">
              <th scope="row">
                Waived by {w.by}: {deductionInSentence(w.code)}
              </th>
              <td>{formatCents(0)}</td>
            </tr>
          ))}
          <tr className="refund__total">
            <th scope="row">Refund</th>
            <td data-testid="refund-amount">{formatCents(s.refundCents)}</td>
          </tr>
        </tbody>
      </table>
      {data.terms ? (
        <p className="terms__told" data-testid="refund-told">
          {data.terms.refundCents === s.refundCents
            ? `As told to the customer before authorization: ${formatCents(data.terms.refundCents)}.`
            : `Told before authorization: ${formatCents(data.terms.refundCents)} if the parcel came back as required; the inspection found otherwise.`}
        </p>
      ) : null}
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
