// Wizard step 2: which items of the order the case is for, with what the policy reads from them
// (final sale, return window, serial numbers).
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { CLAIM_NOT_RETURN, RETURN_REASONS, isOpenStatus, type ReturnReason } from '../../../../shared/domain/cases';
import { REQUEST_KINDS, type RequestKind } from '../../../../shared/domain/returns';
import type { Order } from '../../../../shared/protocol/cases';
import { useCases } from './casesStore';
import { caseName, statusLabel } from './caseText';
import { dayText, listText, moneyText, orderCurrency } from './returnsFormat';
import { StepHeading, WizardError, type WizardStepProps } from './wizardParts';
import { Field } from './StepForm';

export function ItemsStep({ conversation, wizard }: WizardStepProps) {
  const { t } = useTranslation();
  const patchWizard = useCases((s) => s.patchWizard);
  const submitWizard = useCases((s) => s.submitWizard);
  const reasonId = useId();
  const requestKindId = useId();
  const order = wizard.order;
  if (!order) return null;
  const rma = wizard.kind === 'rma';
  // Only a return asks why: the other requests of POLICY §1 are what they say.
  const asReturn = rma && wizard.requestKind === 'return';
  const money = (cents: number) => moneyText(cents, orderCurrency(order));
  // A parcel that arrived damaged is the carrier's insurance: the wizard turns into a damage claim.
  const toClaim = asReturn && wizard.reason !== '' && CLAIM_NOT_RETURN.has(wizard.reason);
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
      <StepHeading wizard={wizard}>{rma ? t('wizard.items.headingRma') : t('wizard.items.headingClaim')}</StepHeading>
      <OrderFacts order={order} />
      {open.length ? (
        <p className="case-note">{t('wizard.items.alreadyOpen', { cases: listText(open.map((c) => t('wizard.items.openCase', { name: caseName(c), status: statusLabel(c.status) }))) })}</p>
      ) : null}
      <fieldset className="case-choice item-choice">
        <legend>{t('wizard.items.legend', { order: order.id })}</legend>
        {order.items.map((i) => (
          <label key={i.sku} className="item-choice__item">
            <input type="checkbox" checked={wizard.skus.includes(i.sku)} onChange={(e) => toggle(i.sku, e.target.checked)} />
            <span>
              <span className="item-choice__name">{i.name}</span>{' '}
              <span className="case-muted">
                {i.sku} · {money(i.priceCents)}
                {asReturn ? ` · ${t('wizard.items.window', { days: i.returnWindowDays ?? order.defaultReturnWindowDays })}` : ''}
              </span>
              {i.finalSale ? <span className="tag tag--warn">{t('wizard.items.finalSale')}</span> : null}
              {i.serialRequired ? <span className="tag">{t('wizard.items.serial')}</span> : null}
            </span>
          </label>
        ))}
      </fieldset>
      {rma ? (
        <div className="case-field">
          <label htmlFor={requestKindId}>{t('wizard.items.requestKind')}</label>
          <select id={requestKindId} value={wizard.requestKind} onChange={(e) => patchWizard(conversation.id, { requestKind: e.target.value as RequestKind, error: null })}>
            {REQUEST_KINDS.filter((k) => offered(k, order)).map((k) => (
              <option key={k} value={k}>
                {t('rma.requestKind', { kind: k })}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {asReturn ? (
        <div className="case-field">
          <label htmlFor={reasonId}>{t('wizard.items.reason')}</label>
          <select id={reasonId} required value={wizard.reason} onChange={(e) => patchWizard(conversation.id, { reason: e.target.value as ReturnReason | '', error: null })}>
            <option value="">{t('returns.choose')}</option>
            {RETURN_REASONS.map((r) => (
              <option key={r} value={r}>
                {t('returns.reason', { reason: r })}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {toClaim ? (
        <p className="case-note" role="note" data-testid="damage-to-claim">
          {t('wizard.items.damageIsClaim')}
        </p>
      ) : null}
      {asReturn ? <Field label={t('wizard.items.customerWords')} value={wizard.reasonText} onChange={(reasonText) => patchWizard(conversation.id, { reasonText })} multiline maxLength={500} /> : null}
      {rma && !toClaim ? <Field label={t('wizard.items.note')} value={wizard.text} onChange={(text) => patchWizard(conversation.id, { text })} multiline maxLength={2000} help={t('wizard.items.noteHelp')} /> : null}
      <WizardError wizard={wizard} conversationId={conversation.id} />
      <div className="wizard__actions">
        {toClaim ? (
          <button type="button" className="btn btn--primary" disabled={wizard.busy || wizard.skus.length === 0} onClick={switchToClaim}>
            {t('wizard.items.toClaim')}
          </button>
        ) : (
          <button type="button" className="btn btn--primary" disabled={wizard.busy || wizard.skus.length === 0 || (asReturn && !wizard.reason)} onClick={next}>
            {rma ? (wizard.busy ? t('wizard.items.checking') : t('wizard.items.check')) : t('wizard.items.next')}
          </button>
        )}
        <button type="button" className="btn btn--ghost" disabled={wizard.busy} onClick={() => patchWizard(conversation.id, { step: 'order', error: null })}>
          {t('returns.back')}
        </button>
      </div>
      {rma && !toClaim ? (
        <p className="case-muted">{t('wizard.items.checkExplain')}</p>
      ) : null}
    </div>
  );
}

/** A parcel comes back on its own only if it never reached the customer; an authenticity concern needs the items in hand. */
const offered = (k: RequestKind, order: Order) => k === 'return' || (k === 'authenticity') === Boolean(order.deliveredAt);

function OrderFacts({ order: o }: { order: Order }) {
  const { t } = useTranslation();
  return (
    <dl className="facts facts--compact">
      <div>
        <dt>{t('wizard.facts.delivered')}</dt>
        <dd>{o.deliveredAt ? dayText(o.deliveredAt) : t('wizard.facts.notYet')}</dd>
      </div>
      <div>
        <dt>{t('wizard.facts.shipping')}</dt>
        <dd>{t('wizard.facts.shippingValue', { shipping: o.shipping })}</dd>
      </div>
      <div>
        <dt>{t('wizard.facts.payment')}</dt>
        <dd>{t('wizard.facts.paymentValue', { method: o.paymentMethod })}</dd>
      </div>
      <div>
        <dt>{t('wizard.facts.carrier')}</dt>
        <dd>{o.carrier ? `${o.carrier} ${o.tracking ?? ''}` : '—'}</dd>
      </div>
    </dl>
  );
}
