// Wizard step 2: which items of the order the case is for, with what the policy reads from them
// (final sale, return window, serial numbers).
import { useId } from 'react';
import { CLAIM_NOT_RETURN, CLAIM_NOT_RETURN_TEXT, RETURN_REASONS, RETURN_REASON_TEXT, isOpenStatus, type ReturnReason } from '../../../../shared/domain/cases';
import type { Order } from '../../../../shared/protocol/cases';
import { useCases } from './casesStore';
import { STATUS_LABEL, caseName, formatCents, formatDay } from './caseText';
import { StepHeading, WizardError, type WizardStepProps } from './CaseWizard';
import { Field } from './StepForm';

export function ItemsStep({ conversation, wizard }: WizardStepProps) {
  const patchWizard = useCases((s) => s.patchWizard);
  const submitWizard = useCases((s) => s.submitWizard);
  const reasonId = useId();
  const order = wizard.order;
  if (!order) return null;
  const rma = wizard.kind === 'rma';
  // A parcel that arrived damaged is the carrier's insurance: the wizard turns into a damage claim.
  const toClaim = rma && wizard.reason !== '' && CLAIM_NOT_RETURN.has(wizard.reason);
  const switchToClaim = () =>
    patchWizard(conversation.id, { kind: 'claim', step: 'details', claimKind: order.deliveredAt ? 'damaged' : 'overdue', text: wizard.reasonText || wizard.text, error: null });
  const open = wizard.orderCases.filter((c) => isOpenStatus(c.status));
  const toggle = (sku: string, on: boolean) => patchWizard(conversation.id, { skus: on ? [...wizard.skus, sku] : wizard.skus.filter((s) => s !== sku), error: null });
  const next = () => {
    if (rma) void submitWizard(conversation.id);
    else patchWizard(conversation.id, { step: 'details', claimKind: order.deliveredAt ? 'damaged' : 'overdue', error: null });
  };

  return (
    <div className="wizard__body">
      <StepHeading wizard={wizard}>{rma ? 'Pick the items to return' : 'Pick the items the claim is for'}</StepHeading>
      <OrderFacts order={order} />
      {open.length ? (
        <p className="case-note">
          Already open on this order: {open.map((c) => `${caseName(c)} (${STATUS_LABEL[c.status].toLowerCase()})`).join('; ')}.
        </p>
      ) : null}
      <fieldset className="case-choice item-choice">
        <legend>Items of order {order.id}</legend>
        {order.items.map((i) => (
          <label key={i.sku} className="item-choice__item">
            <input type="checkbox" checked={wizard.skus.includes(i.sku)} onChange={(e) => toggle(i.sku, e.target.checked)} />
            <span>
              <span className="item-choice__name">{i.name}</span>{' '}
              <span className="case-muted">
                {i.sku} · {formatCents(i.priceCents)}
                {rma ? ` · ${i.returnWindowDays ?? 7}-day window` : ''}
              </span>
              {i.finalSale ? <span className="tag tag--warn">Final sale</span> : null}
              {i.serialRequired ? <span className="tag">Serial number</span> : null}
            </span>
          </label>
        ))}
      </fieldset>
      {rma ? (
        <div className="case-field">
          <label htmlFor={reasonId}>Reason for the return</label>
          <select id={reasonId} required value={wizard.reason} onChange={(e) => patchWizard(conversation.id, { reason: e.target.value as ReturnReason | '', error: null })}>
            <option value="">Choose…</option>
            {RETURN_REASONS.map((r) => (
              <option key={r} value={r}>
                {RETURN_REASON_TEXT[r]}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {toClaim ? (
        <p className="case-note" role="note" data-testid="damage-to-claim">
          {CLAIM_NOT_RETURN_TEXT}
        </p>
      ) : null}
      {rma ? <Field label="In the customer’s words" value={wizard.reasonText} onChange={(reasonText) => patchWizard(conversation.id, { reasonText })} multiline maxLength={500} /> : null}
      {rma && !toClaim ? <Field label="Internal note" value={wizard.text} onChange={(text) => patchWizard(conversation.id, { text })} multiline maxLength={2000} help="On the case’s timeline; the customer does not see it." /> : null}
      <WizardError wizard={wizard} />
      <div className="wizard__actions">
        {toClaim ? (
          <button type="button" className="btn btn--primary" disabled={wizard.busy || wizard.skus.length === 0} onClick={switchToClaim}>
            Open a damage claim instead
          </button>
        ) : (
          <button type="button" className="btn btn--primary" disabled={wizard.busy || wizard.skus.length === 0 || (rma && !wizard.reason)} onClick={next}>
            {rma ? (wizard.busy ? 'Checking…' : 'Check eligibility') : 'Next'}
          </button>
        )}
        <button type="button" className="btn btn--ghost" disabled={wizard.busy} onClick={() => patchWizard(conversation.id, { step: 'order', error: null })}>
          Back
        </button>
      </div>
      {rma && !toClaim ? (
        <p className="case-muted">Checking opens a return request on the case list and tells the customer in the chat what the return will cost: the return-by date, every deduction and the refund to expect.</p>
      ) : null}
    </div>
  );
}

function OrderFacts({ order: o }: { order: Order }) {
  return (
    <dl className="facts facts--compact">
      <div>
        <dt>Delivered</dt>
        <dd>{o.deliveredAt ? formatDay(o.deliveredAt) : 'Not yet'}</dd>
      </div>
      <div>
        <dt>Shipping</dt>
        <dd>{o.shipping === 'paid' ? 'Paid by the customer' : o.shipping === 'overnight_free' ? 'Free overnight' : 'Free standard'}</dd>
      </div>
      <div>
        <dt>Payment</dt>
        <dd>{o.paymentMethod === 'card' ? 'Card' : 'Wire transfer'}</dd>
      </div>
      <div>
        <dt>Carrier</dt>
        <dd>{o.carrier ? `${o.carrier} ${o.tracking ?? ''}` : '—'}</dd>
      </div>
    </dl>
  );
}
