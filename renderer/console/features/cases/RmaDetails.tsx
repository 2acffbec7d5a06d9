// What a return is at this point: eligibility and return-by date, the authorization (RMA number,
// return address, label), the parcel on its way, the inspection, and the money.
import { useTranslation } from 'react-i18next';
import { requestKindOf, shipBy, type RmaData } from '../../../../shared/domain/cases';
import type { EligibilityReason, RejectionReason } from '../../../../shared/domain/returns';
import type { CaseDetail } from '../../../../shared/protocol/cases';
import { tr } from '../../../common/i18n';
import { daysUntil } from './caseText';
import { aroundSlot, dayText, listText, moneyText, orderCurrency, whenText } from './returnsFormat';

/** A deduction's sign: a symbol, the same in every language. */
const MINUS = '\u2212';

/** Why a return is not eligible, as a list in the console's language. */
export const ineligibleText = (reasons: readonly EligibilityReason[]) => listText(reasons.map((reason) => tr('returns.ineligible', { reason })));

/** What the inspection found wrong, as a list in the console's language. */
export const rejectionText = (reasons: readonly RejectionReason[]) => listText(reasons.map((reason) => tr('returns.rejection', { reason })));

export function RmaDetails({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const d = detail.data as RmaData;
  const currency = orderCurrency(detail.order);
  return (
    <>
      <RequestKindLine data={d} />
      <Eligibility data={d} />
      <ReturnReasonLine data={d} />
      {!d.settlement && d.terms ? <ReturnTermsView data={d} currency={currency} /> : null}
      {d.authorizedAt ? <Authorization detail={detail} data={d} /> : detail.number ? (
        <dl className="facts">
          <NumberFact number={detail.number} />
        </dl>
      ) : (
        <LabelStatus data={d} />
      )}
      {d.carrier || d.inspection ? <Shipment data={d} /> : null}
      {d.settlement ? <RefundSummary detail={detail} data={d} /> : null}
      {d.rejection ? (
        <p className="case-note case-note--stopped">
          {d.rejection.reasons.length ? t('rma.rejectedFound', { reason: d.rejection.reason, found: rejectionText(d.rejection.reasons) }) : t('rma.rejected', { reason: d.rejection.reason })}
        </p>
      ) : null}
      {d.cancellation ? <p className="case-note case-note--stopped">{t('rma.cancelled', { reason: d.cancellation.reason })}</p> : null}
    </>
  );
}

export function Eligibility({ data }: { data: RmaData }) {
  const { t } = useTranslation();
  const e = data.eligibility;
  // Only a return has a date to ship by; an authenticity concern's window was checked at opening.
  const returnBy = shipBy(data);
  const [before, after] = aroundSlot((date) => t(e.eligible ? 'rma.returnByCounts' : 'rma.returnBy', { date }));
  return (
    <div className={`eligibility eligibility--${e.eligible ? 'ok' : 'no'}`} data-testid="rma-eligibility" data-eligible={e.eligible}>
      <p className="eligibility__verdict">{t(e.eligible ? 'rma.eligible' : 'rma.notEligible', { kind: requestKindOf(data) })}</p>
      {!e.eligible ? <p>{t('rma.why', { reasons: ineligibleText(e.reasons) })}</p> : null}
      {returnBy ? (
        <p>
          {before}
          <strong data-testid="rma-return-by">{dayText(returnBy)}</strong>
          {after}
        </p>
      ) : null}
    </div>
  );
}

/** What a request other than a return is, and how it is settled (POLICY §1). */
export function RequestKindLine({ data }: { data: RmaData }) {
  const { t } = useTranslation();
  const kind = requestKindOf(data);
  if (kind === 'return') return null;
  return (
    <p className="case-note" data-testid="rma-request-kind" data-kind={kind}>
      {t('rma.requestKindNote', { kind })}
    </p>
  );
}

export function ReturnReasonLine({ data }: { data: RmaData }) {
  const { t } = useTranslation();
  if (!data.reason) return null;
  const reason = t('returns.reason', { reason: data.reason.code });
  return (
    <p className="case-note" data-testid="rma-reason">
      {data.reason.text ? t('rma.reasonQuoted', { reason, text: data.reason.text }) : t('rma.reason', { reason })}
    </p>
  );
}

/** Where the prepaid label stands before authorization: asked, approved or declined. */
export function LabelStatus({ data }: { data: RmaData }) {
  const { t } = useTranslation();
  const r = data.labelRequest;
  if (data.labelApproval) {
    return (
      <p className="case-note label-status" data-testid="label-status">
        {t('rma.label.approved', { by: data.labelApproval.by })}
      </p>
    );
  }
  if (!r) return null;
  const text =
    r.status === 'pending'
      ? r.note
        ? t('rma.label.pendingNote', { by: r.by, note: r.note })
        : t('rma.label.pending', { by: r.by })
      : r.decidedBy
        ? t('rma.label.declined', { by: r.decidedBy, reason: r.reason ?? '' })
        : t('rma.label.declinedBySupervisor', { reason: r.reason ?? '' });
  return (
    <p className={`case-note label-status${r.status === 'declined' ? ' case-note--stopped' : ''}`} data-testid="label-status" data-label-status={r.status}>
      {text}
    </p>
  );
}

/**
 * What the return will cost, as the customer was told before authorization (issue 9): the hub's
 * quote from the same engine that settles it, so the refund after inspection matches.
 */
export function ReturnTermsView({ data, currency }: { data: RmaData; currency: string }) {
  const { t } = useTranslation();
  const terms = data.terms;
  if (!terms) return null;
  const money = (cents: number) => moneyText(cents, currency);
  const shipDate = shipBy(data);
  const [before, after] = aroundSlot((date) => t('rma.terms.shipBy', { date, method: terms.method, days: terms.refundDueBusinessDays }));
  return (
    <div className="terms" data-testid="rma-terms">
      <p className="terms__title">{t('rma.terms.title')}</p>
      <table className="refund__table">
        <caption className="visually-hidden">{t('rma.terms.caption')}</caption>
        <tbody>
          <tr>
            <th scope="row">{t('rma.terms.items')}</th>
            <td>{money(terms.merchandiseCents)}</td>
          </tr>
          {terms.deductions.map((x) => (
            <tr key={x.code} className="refund__deduction" data-testid="terms-deduction">
              <th scope="row">{t('returns.deduction', { code: x.code })}</th>
              <td>{MINUS}{money(x.cents)}</td>
            </tr>
          ))}
          {terms.ifNoRmaOnBox.map((x) => (
            <tr key={x.code} data-testid="terms-conditional">
              <th scope="row">{t('rma.terms.ifNoRma', { deduction: t('returns.deductionInSentence', { code: x.code }) })}</th>
              <td>{MINUS}{money(x.cents)}</td>
            </tr>
          ))}
          {(data.waivers ?? []).map((w) => (
            <tr key={w.code} data-testid="terms-waived">
              <th scope="row">{t('rma.terms.waived', { by: w.by, deduction: t('returns.deductionInSentence', { code: w.code }), reason: w.reason })}</th>
              <td>{money(0)}</td>
            </tr>
          ))}
          <tr className="refund__total">
            <th scope="row">{t('rma.terms.refund')}</th>
            <td data-testid="terms-refund">{money(terms.refundCents)}</td>
          </tr>
        </tbody>
      </table>
      {shipDate ? (
        <p className="terms__told">
          {before}
          <strong>{dayText(shipDate)}</strong>
          {after}
        </p>
      ) : null}
      <p className="terms__told case-muted">{t('rma.terms.told')}</p>
    </div>
  );
}

/** The RMA number: given at authorization, or as a parcel that came back on its own is checked in. */
function NumberFact({ number }: { number: string | null }) {
  const { t } = useTranslation();
  return (
    <div>
      <dt>{t('rma.facts.number')}</dt>
      <dd className="facts__strong" data-testid="rma-number">
        {number}
      </dd>
    </div>
  );
}

function Authorization({ detail, data }: { detail: CaseDetail; data: RmaData }) {
  const { t } = useTranslation();
  return (
    <dl className="facts">
      <NumberFact number={detail.number} />
      <div>
        <dt>{t('rma.facts.authorized')}</dt>
        <dd>{data.authorizedAt ? whenText(data.authorizedAt) : ''}</dd>
      </div>
      <div className="facts__wide">
        <dt>{t('rma.facts.returnAddress')}</dt>
        <dd className="facts__address" data-testid="rma-return-address">
          {data.returnAddress}
        </dd>
      </div>
      <div className="facts__wide">
        <dt>{t('rma.facts.label')}</dt>
        <dd data-testid="rma-label">
          {!data.prepaidLabel ? t('returns.prepaid.no') : data.labelApproval ? t('rma.facts.labelYesApproved', { by: data.labelApproval.by }) : t('rma.facts.labelYes')}
        </dd>
      </div>
    </dl>
  );
}

function Shipment({ data }: { data: RmaData }) {
  const { t } = useTranslation();
  const i = data.inspection;
  return (
    <dl className="facts">
      {data.carrier ? (
        <div>
          <dt>{t('rma.facts.shippedWith')}</dt>
          <dd>
            {data.carrier} {data.tracking}
          </dd>
        </div>
      ) : null}
      {data.shippedAt ? (
        <div>
          <dt>{t('rma.facts.shipDate')}</dt>
          <dd>{dayText(data.shippedAt)}</dd>
        </div>
      ) : null}
      {i ? (
        <>
          <div>
            <dt>{t('rma.facts.received')}</dt>
            <dd>{whenText(i.receivedAt)}</dd>
          </div>
          <div className="facts__wide">
            <dt>{t('rma.facts.inspection')}</dt>
            <dd data-testid="rma-inspection">
              {t('rma.facts.inspectionLine', { onBox: i.rmaOnBox ? 'yes' : 'no', tags: i.tagsIntact ? 'yes' : 'no', condition: i.condition })}
            </dd>
          </div>
        </>
      ) : null}
    </dl>
  );
}

/** Merchandise, each deduction, the refund, its method and due date; a refund past due stands out. */
export function RefundSummary({ detail, data }: { detail: CaseDetail; data: RmaData }) {
  const { t } = useTranslation();
  const s = data.settlement;
  if (!s) return null;
  if (!s.accepted) {
    return (
      <div className="refund refund--rejected" data-testid="rma-settlement">
        <p className="refund__title">{t('rma.refund.notAcceptable')}</p>
        <p>{t('rma.refund.noneDue', { reasons: rejectionText(s.reasons) })}</p>
      </div>
    );
  }
  const money = (cents: number) => moneyText(cents, orderCurrency(detail.order));
  const refunded = data.refund;
  const overdue = !refunded && detail.overdue === 'refund_overdue';
  const left = s.dueBy ? daysUntil(s.dueBy) : null;
  const due = refunded || left === null ? 'rma.refund.dueBy' : overdue ? 'rma.refund.dueByOverdue' : left <= 0 ? 'rma.refund.dueByToday' : 'rma.refund.dueByLeft';
  const [dueBefore, dueAfter] = aroundSlot((date) => t(due, { date, days: left ?? 0 }));
  const [methodBefore, methodAfter] = aroundSlot((method) => t('rma.refund.method', { method }));
  return (
    <div className={`refund${overdue ? ' refund--overdue' : ''}`} data-testid="rma-settlement">
      <p className="refund__title">{refunded ? t('rma.refund.refunded') : t('rma.refund.due')}</p>
      <table className="refund__table">
        <caption className="visually-hidden">{t('rma.refund.caption')}</caption>
        <tbody>
          <tr>
            <th scope="row">{t('rma.refund.merchandise')}</th>
            <td>{money(s.merchandiseCents)}</td>
          </tr>
          {s.deductions.map((d) => (
            <tr key={d.code} className="refund__deduction" data-testid="refund-deduction">
              <th scope="row">{t('returns.deduction', { code: d.code })}</th>
              <td>{MINUS}{money(d.cents)}</td>
            </tr>
          ))}
          {(data.waivers ?? []).map((w) => (
            <tr key={w.code} data-testid="refund-waived">
              <th scope="row">{t('rma.refund.waived', { by: w.by, deduction: t('returns.deductionInSentence', { code: w.code }) })}</th>
              <td>{money(0)}</td>
            </tr>
          ))}
          <tr className="refund__total">
            <th scope="row">{t('rma.refund.amount')}</th>
            <td data-testid="refund-amount">{money(s.refundCents)}</td>
          </tr>
        </tbody>
      </table>
      {data.terms ? (
        <p className="terms__told" data-testid="refund-told">
          {data.terms.refundCents === s.refundCents
            ? t('rma.refund.asTold', { amount: money(data.terms.refundCents) })
            : t('rma.refund.toldOtherwise', { amount: money(data.terms.refundCents) })}
        </p>
      ) : null}
      <p>
        {methodBefore}
        <span data-testid="refund-method">{s.method ? t('returns.method', { method: s.method }) : '—'}</span>
        {methodAfter}
      </p>
      {s.dueBy ? (
        <p className={overdue ? 'refund__due refund__due--overdue' : 'refund__due'} data-testid="refund-due">
          {dueBefore}
          <strong>{dayText(s.dueBy)}</strong>
          {dueAfter}
        </p>
      ) : null}
      {refunded ? (
        <p>
          {refunded.reference
            ? t('rma.refund.refundedAtRef', { when: whenText(refunded.refundedAt), reference: refunded.reference })
            : t('rma.refund.refundedAt', { when: whenText(refunded.refundedAt) })}
        </p>
      ) : null}
    </div>
  );
}
