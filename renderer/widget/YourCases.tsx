// The customer's returns and claims, above the chat: where each stands (the steps that concern
// them), what to do (the return address, the ship-by date), the refund, and — for a damage claim
// that still takes them — a way to add photos. The details also arrive as messages in the chat.
import { useId, useRef, useState } from 'react';
import { formatCents, formatDay } from '../../shared/domain/caseNotices';
import type { CaseStatus } from '../../shared/domain/cases';
import type { CustomerCase } from '../../shared/protocol/cases';
import { PhotoUpload } from './PhotoUpload';
import { useWidget } from './widgetStore';
import './cases.css';

const RMA_STEPS = ['Requested', 'Authorized', 'On its way back', 'Received', 'Refunded'];
const RMA_AT: Partial<Record<CaseStatus, number>> = { requested: 0, authorized: 1, instructions_sent: 1, in_transit: 2, received: 3, refunded: 4, closed: 4 };
const CLAIM_STEPS = ['Claim opened', 'Filed with the carrier', 'Approved', 'Refunded'];
const CLAIM_AT: Partial<Record<CaseStatus, number>> = { opened: 0, evidence_complete: 0, filed_with_carrier: 1, approved: 2, paid: 2, refunded: 3, closed: 3 };

/** Where the case stopped, for a customer: said plainly, without the desk's internal words. */
const ENDED: Partial<Record<CaseStatus, string>> = {
  rejected: 'Your return could not be accepted. Customer care will contact you.',
  cancelled: 'This case is cancelled.',
  expired: 'This return has expired: nothing was shipped by the return-by date.',
  denied: 'The carrier declined the claim. A customer-care supervisor is reviewing it.',
};

const METHOD_TEXT: Record<string, string> = {
  original_card: 'to the card you paid with',
  wire_or_check: 'by wire transfer or check',
};

/** A case the customer has something to do for: send the parcel, or add photos. */
const needsAction = (c: CustomerCase) => c.status === 'authorized' || c.status === 'instructions_sent' || !!c.photos?.canUpload;

export function YourCases() {
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
        <h2 id={`${listId}-title`}>Your returns and claims</h2>
        <button type="button" className="btn btn--link" aria-expanded={open} aria-controls={listId} onClick={() => setOpen(!open)}>
          {open ? 'Hide' : `Show (${cases.length})`}
          <span className="visually-hidden"> your returns and claims</span>
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
  const rma = c.kind === 'rma';
  const title = rma ? (c.number ? `Return ${c.number}` : 'Return request') : `Claim ${c.number ?? ''}`;
  // A closed case that was never refunded ended somewhere else: say so instead of the steps.
  const ended = ENDED[c.status] ?? (c.status === 'closed' && !c.refund ? 'This case is closed.' : null);
  return (
    <article className="your-case" aria-label={title} data-testid="your-case" data-case-id={c.id} data-status={c.status}>
      <p className="your-case__title">
        <strong>{title}</strong>{' '}
        <span className="your-case__order">
          · {c.items.map((i) => i.name).join(', ')} (order {c.orderId})
        </span>
      </p>
      {ended ? (
        <p className="your-case__ended" data-testid="your-case-status">
          {ended}
        </p>
      ) : (
        <Steps steps={rma ? RMA_STEPS : CLAIM_STEPS} at={(rma ? RMA_AT : CLAIM_AT)[c.status] ?? 0} />
      )}
      {rma && c.returnAddress ? <ReturnInstructions c={c} /> : null}
      {c.refund ? (
        <p className="your-case__refund" data-testid="your-case-refund">
          Refund of <strong>{formatCents(c.refund.refundCents)}</strong> {METHOD_TEXT[c.refund.method] ?? ''}
          {c.refund.dueBy ? `, by ${formatDay(c.refund.dueBy)}` : ''}.
        </p>
      ) : null}
      {/* Photos matter while the claim is being put together and just after it was filed. */}
      {c.photos && (c.photos.canUpload || c.status === 'filed_with_carrier') ? <PhotoUpload c={c} /> : null}
    </article>
  );
}

/** The steps that concern the customer, the current one marked for screen readers too. */
function Steps({ steps, at }: { steps: string[]; at: number }) {
  return (
    <ol className="case-progress" aria-label="Progress" data-testid="your-case-status">
      {steps.map((label, i) => (
        <li key={label} className={i < at ? 'case-progress__step case-progress__step--done' : 'case-progress__step'} aria-current={i === at ? 'step' : undefined}>
          {label}
          {i < at ? <span className="visually-hidden"> (done)</span> : null}
        </li>
      ))}
    </ol>
  );
}

/** Folded once the parcel is on its way: by then the address is history, and the chat keeps it. */
function ReturnInstructions({ c }: { c: CustomerCase }) {
  const waiting = c.status === 'authorized' || c.status === 'instructions_sent';
  return (
    <details className="your-case__return" open={waiting}>
      <summary>Where and how to send it</summary>
      <p>Send the items to:</p>
      <p className="your-case__address">{c.returnAddress}</p>
      <p>
        Write <strong>{c.number}</strong> on the box{c.returnBy ? `, and ship it by ${formatDay(c.returnBy)}` : ''}.{' '}
        {c.prepaidLabel ? 'We will send you a prepaid return label.' : 'The return shipping is at your cost.'}
      </p>
    </details>
  );
}
