// Wizard step 1: find the order, by default among a verified customer's own (searched by their
// email); a guest's typed email lists nothing (issue 12).
import { useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Order } from '../../../../shared/protocol/cases';
import { useCases } from './casesStore';
import { dayText, moneyText, orderCurrency } from './returnsFormat';
import { StepHeading, WizardError, type WizardStepProps } from './wizardParts';

export function OrderStep({ conversation, wizard }: WizardStepProps) {
  const { t } = useTranslation();
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
      <StepHeading wizard={wizard}>{t('wizard.order.heading')}</StepHeading>
      <form
        className="order-search"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          void searchOrders(conversation.id);
        }}
      >
        <label htmlFor={inputId}>{t('wizard.order.searchLabel')}</label>
        <div className="order-search__row">
          <input id={inputId} type="search" value={wizard.query} maxLength={120} onChange={(e) => patchWizard(conversation.id, { query: e.target.value })} />
          <button type="submit" className="btn btn--small" disabled={wizard.busy}>
            {t('wizard.order.search')}
          </button>
        </div>
      </form>
      {conversation.customer.verified ? null : (
        <p className="case-muted" data-testid="guest-orders-note">
          {t('wizard.order.guest')}
        </p>
      )}
      <p className="case-muted" role="status">
        {wizard.busy ? t('wizard.order.searching') : results ? t('wizard.order.found', { count: results.length }) : ''}
      </p>
      <WizardError wizard={wizard} />
      {results && results.length > 0 ? (
        <ul className="order-list" aria-label={t('wizard.order.list')}>
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
  const { t } = useTranslation();
  const total = o.items.reduce((sum, i) => sum + i.priceCents, 0);
  const delivery = o.deliveredAt
    ? t('wizard.order.delivered', { date: dayText(o.deliveredAt) })
    : o.scheduledDeliveryAt
      ? t('wizard.order.due', { date: dayText(o.scheduledDeliveryAt) })
      : t('wizard.order.notDelivered');
  const facts = [delivery, ...(o.carrier ? [o.carrier] : []), t('wizard.order.items', { count: o.items.length }), moneyText(total, orderCurrency(o))];
  return (
    <div className="order-choice" data-testid="order-choice" data-order-id={o.id}>
      <div className="order-choice__text">
        <p className="order-choice__id">
          {o.id} <span className="case-muted">· {o.customerName ?? o.customerEmail}</span>
        </p>
        <p className="case-muted">{facts.join(' · ')}</p>
      </div>
      <button type="button" className="btn btn--small" disabled={disabled} onClick={onChoose}>
        {t('wizard.order.choose')}
        <span className="visually-hidden"> {t('wizard.order.chooseWhich', { order: o.id })}</span>
      </button>
    </div>
  );
}
