// Wizard step 1: find the order, by default among a verified customer's own (searched by their
// email); a guest's typed email lists nothing (issue 12).
import { useEffect, useId } from 'react';
import type { Order } from '../../../../shared/protocol/cases';
import { useCases } from './casesStore';
import { formatCents, formatDay } from './caseText';
import { StepHeading, WizardError, type WizardStepProps } from './wizardParts';

export function OrderStep({ conversation, wizard }: WizardStepProps) {
  const inputId = useId();
  const patchWizard = useCases((s) => s.patchWizard);
  const searchOrders = useCases((s) => s.searchOrders);
  const pickOrder = useCases((s) => s.pickOrder);
  const results = wizard.results;

  useEffect(() => {
    // The customer's orders straight away; the agent can search for any other.
    const w = useCases.getState().wizards[conversation.id];
    if (w?.results === null && w.query.trim()) void searchOrders(conversation.id);
  }, [conversation.id, searchOrders]);

  return (
    <div className="wizard__body">
      <StepHeading wizard={wizard}>Find the order</StepHeading>
      <form
        className="order-search"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          void searchOrders(conversation.id);
        }}
      >
        <label htmlFor={inputId}>Order number, email, name or tracking number</label>
        <div className="order-search__row">
          <input id={inputId} type="search" value={wizard.query} maxLength={120} onChange={(e) => patchWizard(conversation.id, { query: e.target.value })} />
          <button type="submit" className="btn btn--small" disabled={wizard.busy}>
            Search
          </button>
        </div>
      </form>
      {conversation.customer.verified ? null : (
        <p className="case-muted" data-testid="guest-orders-note">
          This customer is a guest: the email they typed proves nothing, so their orders are not listed. Search by the order number they give you; a case on it needs the
          code sent to the order&rsquo;s email.
        </p>
      )}
      <p className="case-muted" role="status">
        {wizard.busy ? 'Searching…' : results ? (results.length === 0 ? 'No orders found.' : `${results.length} order${results.length === 1 ? '' : 's'} found.`) : ''}
      </p>
      <WizardError wizard={wizard} />
      {results && results.length > 0 ? (
        <ul className="order-list" aria-label="Orders found">
          {results.map((o) => (
            <li key={o.id}>
              <OrderChoice order={o} disabled={wizard.busy} onChoose={() => void pickOrder(conversation.id, o)} />
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function OrderChoice({ order: o, disabled, onChoose }: { order: Order; disabled: boolean; onChoose(): void }) {
  const total = o.items.reduce((sum, i) => sum + i.priceCents, 0);
  return (
    <div className="order-choice" data-testid="order-choice" data-order-id={o.id}>
      <div className="order-choice__text">
        <p className="order-choice__id">
          {o.id} <span className="case-muted">· {o.customerName ?? o.customerEmail}</span>
        </p>
        <p className="case-muted">
          {o.deliveredAt ? `Delivered ${formatDay(o.deliveredAt)}` : o.scheduledDeliveryAt ? `Not delivered (due ${formatDay(o.scheduledDeliveryAt)})` : 'Not delivered'}
          {o.carrier ? ` · ${o.carrier}` : ''} · {o.items.length} item{o.items.length === 1 ? '' : 's'} · {formatCents(total)}
        </p>
      </div>
      <button type="button" className="btn btn--small" disabled={disabled} onClick={onChoose}>
        Choose<span className="visually-hidden"> order {o.id}</span>
      </button>
    </div>
  );
}
