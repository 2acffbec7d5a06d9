// The customer's returns and claims, above the chat: where each stands (the steps that concern
// them), what to do (the return address, the ship-by date), the refund, and — for a damage claim
// that still takes them — a way to add photos. The details also arrive as messages in the chat.
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseStatus } from '../../shared/domain/cases';
import type { CustomerCase } from '../../shared/protocol/cases';
import type { MessageKey } from '../common/i18n';
import { Emphasis, MARK } from './Emphasis';
import { PhotoUpload } from './PhotoUpload';
import { formatDay, formatMoney } from './widgetFormat';
import { useWidget } from './widgetStore';
import './cases.css';

const RMA_STEPS: MessageKey[] = ['widget.cases.step.requested', 'widget.cases.step.authorized', 'widget.cases.step.onItsWay', 'widget.cases.step.received', 'widget.cases.step.refunded'];
const RMA_AT: Partial<Record<CaseStatus, number>> = { requested: 0, authorized: 1, instructions_sent: 1, in_transit: 2, received: 3, refunded: 4, closed: 4 };
// A parcel that came back on its own (undelivered, wrong address) was never asked for or sent back.
const CAME_BACK_STEPS: MessageKey[] = ['widget.cases.step.cameBack', 'widget.cases.step.checkedIn', 'widget.cases.step.refunded'];
const CAME_BACK_AT: Partial<Record<CaseStatus, number>> = { requested: 0, received: 1, refunded: 2, closed: 2 };
const CLAIM_STEPS: MessageKey[] = ['widget.cases.step.claimOpened', 'widget.cases.step.filed', 'widget.cases.step.approved', 'widget.cases.step.claimRefunded'];
const CLAIM_AT: Partial<Record<CaseStatus, number>> = { opened: 0, evidence_complete: 0, filed_with_carrier: 1, approved: 2, paid: 2, refunded: 3, closed: 3 };

/** Where the case stopped, for a customer: said plainly, without the desk's internal words. */
const ENDED: Partial<Record<CaseStatus, MessageKey>> = {
  rejected: 'widget.cases.ended.rejected',
  cancelled: 'widget.cases.ended.cancelled',
  expired: 'widget.cases.ended.expired',
  denied: 'widget.cases.ended.denied',
};

/** A case the customer has something to do for: send the parcel, or add photos. */
const needsAction = (c: CustomerCase) => c.status === 'authorized' || c.status === 'instructions_sent' || !!c.photos?.canUpload;

export function YourCases() {
  const { t } = useTranslation();
  const cases = useWidget((s) => s.cases);
  // Folded unless there is something to do (issue 9): the conversation keeps the room.
  const [chosen, setOpen] = useState<boolean | null>(null);
  // Once open for something to do, it stays open: it never folds away under the customer's eyes.
  const opened = useRef(false);
  if (cases.some(needsAction)) opened.current = true;
  const listId = useId();
  if (cases.length === 0) return null;
  const open = chosen ?? opened.current;
  return (
    <section className="your-cases" aria-labelledby={`${listId}-title`} data-testid="your-cases">
      <div className="your-cases__head">
        <h2 id={`${listId}-title`}>{t('widget.cases.title')}</h2>
        <button type="button" className="btn btn--link" aria-expanded={open} aria-controls={listId} onClick={() => setOpen(!open)}>
          {open ? t('widget.more.hide') : t('widget.cases.show', { count: cases.length })}
          <span className="visually-hidden"> {t('widget.cases.what')}</span>
        </button>
      </div>
      {open ? (
        <ul id={listId} className="your-cases__list">
          {cases.map((c) => (
            <li key={c.id}>
              <CaseSummary c={c} />
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function CaseSummary({ c }: { c: CustomerCase }) {
  const { t } = useTranslation();
  const rma = c.kind === 'rma';
  const back = c.requestKind === 'undelivered' || c.requestKind === 'incorrect_address';
  const title = back
    ? c.number
      ? t('widget.cases.parcel', { number: c.number })
      : t('widget.cases.parcelBack')
    : rma
      ? c.number
        ? t('widget.cases.return', { number: c.number })
        : t('widget.cases.returnRequest')
      : t('widget.cases.claim', { number: c.number ?? '' });
  const [steps, at] = back ? [CAME_BACK_STEPS, CAME_BACK_AT] : rma ? [RMA_STEPS, RMA_AT] : [CLAIM_STEPS, CLAIM_AT];
  // A closed case that was never refunded ended somewhere else: say so instead of the steps.
  const endedKey = ENDED[c.status] ?? (c.status === 'closed' && !c.refund ? 'widget.cases.ended.closed' : null);
  const ended = endedKey ? t(endedKey) : null;
  return (
    <article className="your-case" aria-label={title} data-testid="your-case" data-case-id={c.id} data-status={c.status}>
      <p className="your-case__title">
        <strong>{title}</strong>{' '}
        <span className="your-case__order">
          · {t('widget.cases.items', { items: c.items.map((i) => i.name).join(', '), order: c.orderId })}
        </span>
      </p>
      {ended ? (
        <p className="your-case__ended" data-testid="your-case-status">
          {ended}
        </p>
      ) : (
        <Steps steps={steps} at={at[c.status] ?? 0} />
      )}
      {rma && c.returnAddress ? <ReturnInstructions c={c} /> : null}
      {c.refund ? (
        <p className="your-case__refund" data-testid="your-case-refund">
          <Emphasis
            text={t('widget.cases.refund', { amount: MARK, method: c.refund.method, dueBy: c.refund.dueBy ? formatDay(c.refund.dueBy) : 'none' })}
            value={formatMoney(c.refund.refundCents)}
          />
        </p>
      ) : null}
      {/* Photos matter while the claim is being put together and just after it was filed. */}
      {c.photos && (c.photos.canUpload || c.status === 'filed_with_carrier') ? <PhotoUpload c={c} /> : null}
    </article>
  );
}

/** The steps that concern the customer, the current one marked for screen readers too. */
function Steps({ steps, at }: { steps: MessageKey[]; at: number }) {
  const { t } = useTranslation();
  return (
    <ol className="case-progress" aria-label={t('widget.cases.progress')} data-testid="your-case-status">
      {steps.map((label, i) => (
        <li key={label} className={i < at ? 'case-progress__step case-progress__step--done' : 'case-progress__step'} aria-current={i === at ? 'step' : undefined}>
          {t(label)}
          {i < at ? <span className="visually-hidden"> {t('widget.cases.done')}</span> : null}
        </li>
      ))}
    </ol>
  );
}

/** Folded once the parcel is on its way: by then the address is history, and the chat keeps it. */
function ReturnInstructions({ c }: { c: CustomerCase }) {
  const { t } = useTranslation();
  const waiting = c.status === 'authorized' || c.status === 'instructions_sent';
  return (
    <details className="your-case__return" open={waiting}>
      <summary>{t('widget.cases.howToSend')}</summary>
      <p>{t('widget.cases.sendTo')}</p>
      <p className="your-case__address">{c.returnAddress}</p>
      <p>
        <Emphasis text={t('widget.cases.writeOnBox', { number: MARK, shipBy: c.returnBy ? formatDay(c.returnBy) : 'none' })} value={c.number} />{' '}
        {c.prepaidLabel ? t('widget.cases.prepaid') : t('widget.cases.atYourCost')}
      </p>
    </details>
  );
}
