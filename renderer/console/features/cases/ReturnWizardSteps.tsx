// Return wizard, steps 3 and 4: the hub's eligibility verdict with the return-by date, then the
// authorization (prepaid label or not) and what it produced: the RMA number and return address.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { cameBack, requestKindOf, shipBy, type RmaData } from '../../../../shared/domain/cases';
import { caseUi, useCases } from './casesStore';
import { dayText, moneyText, orderCurrency } from './returnsFormat';
import { FinishActions, StepHeading, type WizardStepProps } from './wizardParts';
import { Eligibility, LabelStatus, RequestKindLine, ReturnReasonLine, ReturnTermsView, ineligibleText } from './RmaDetails';
import { PrepaidLabelChoice } from './StepForm';
import { StepRefusal, refusalHint } from './StepRefusal';

export function EligibilityStep({ conversation, wizard, onFinish }: WizardStepProps) {
  const { t } = useTranslation();
  const detail = useCases((s) => (wizard.caseId ? s.details[wizard.caseId] : undefined));
  const ui = useCases((s) => caseUi(s, wizard.caseId ?? ''));
  const authorize = useCases((s) => s.authorizeFromWizard);
  const transition = useCases((s) => s.transition);
  const [prepaid, setPrepaid] = useState(false);
  if (!detail) return null;
  const d = detail.data as RmaData;
  const currency = orderCurrency(detail.order);
  const refusal = ui.error && (ui.error.action === 'authorize' || ui.error.action === 'cancel' || ui.error.action === 'request_label') ? ui.error : null;
  // Refused a label above the limit: the agent asks a supervisor from here (issue 9).
  const mayAsk = prepaid && refusal?.code === 'forbidden' && refusal.action === 'authorize' && !d.labelApproval && d.labelRequest?.status !== 'pending' && d.labelRequest?.status !== 'declined';
  const askLabel = () => void transition(detail.id, 'request_label');
  const busy = wizard.busy || ui.busy !== null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void authorize(conversation.id, prepaid);
  };
  const cancelRequest = async () => {
    // The customer reads this reason: written in the agent's language, as anything the agent types.
    if (await transition(detail.id, 'cancel', { reason: t('wizard.review.cancelReason', { kind: requestKindOf(d), reasons: ineligibleText(d.eligibility.reasons) }) })) onFinish(detail.id);
  };

  return (
    <div className="wizard__body">
      <StepHeading wizard={wizard}>{t('wizard.review.heading')}</StepHeading>
      <RequestKindLine data={d} />
      <Eligibility data={d} />
      <ReturnReasonLine data={d} />
      <ReturnTermsView data={d} currency={currency} />
      <ul className="wizard__items">
        {detail.items.map((i) => (
          <li key={i.sku}>
            {i.name} <span className="case-muted">({i.sku})</span> {moneyText(i.priceCents, currency)}
          </li>
        ))}
      </ul>
      <LabelStatus data={d} />
      {cameBack(d) ? (
        <div className="wizard__form">
          <p>{t('wizard.review.cameBack')}</p>
          <FinishActions label={t('wizard.done.done')} onFinish={() => onFinish(detail.id)} />
        </div>
      ) : d.eligibility.eligible ? (
        <form className="wizard__form" onSubmit={submit}>
          <PrepaidLabelChoice name={`wizard-label-${detail.id}`} value={prepaid} onChange={setPrepaid} />
          {refusal ? <StepRefusal error={refusal} hint={mayAsk ? null : refusalHint(refusal)} /> : null}
          <div className="wizard__actions">
            <button type="submit" className="btn btn--primary" disabled={busy}>
              {busy ? t('wizard.review.authorizing') : t('rma.authorize.submit')}
            </button>
            {mayAsk ? (
              <button type="button" className="btn" disabled={busy} onClick={askLabel}>
                {t('wizard.review.askSupervisor')}
              </button>
            ) : null}
            <button type="button" className="btn btn--ghost" disabled={busy} onClick={() => onFinish(detail.id)}>
              {t('wizard.review.finishLater')}
            </button>
          </div>
          <p className="case-muted">{t('rma.authorize.explain')}</p>
        </form>
      ) : (
        <div className="wizard__form">
          <p>{t('wizard.review.cannot', { kind: requestKindOf(d) })}</p>
          {refusal ? <StepRefusal error={refusal} /> : null}
          <div className="wizard__actions">
            <button type="button" className="btn btn--danger" disabled={busy} onClick={() => void cancelRequest()}>
              {t('wizard.review.cancel')}
            </button>
            <button type="button" className="btn btn--ghost" disabled={busy} onClick={() => onFinish(detail.id)}>
              {t('wizard.review.keep')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

export function AuthorizedStep({ wizard, onFinish }: WizardStepProps) {
  const { t } = useTranslation();
  const detail = useCases((s) => (wizard.caseId ? s.details[wizard.caseId] : undefined));
  if (!detail) return null;
  const d = detail.data as RmaData;
  const shipDate = shipBy(d);
  return (
    <div className="wizard__body">
      <StepHeading wizard={wizard}>{t('wizard.done.heading')}</StepHeading>
      <p className="wizard__result">
        {t('rma.facts.number')} <strong data-testid="wizard-rma-number">{detail.number}</strong>
      </p>
      <dl className="facts">
        <div className="facts__wide">
          <dt>{t('rma.facts.returnAddress')}</dt>
          <dd className="facts__address">{d.returnAddress}</dd>
        </div>
        <div>
          <dt>{t('rma.facts.label')}</dt>
          <dd>{d.prepaidLabel ? t('wizard.done.labelYes') : t('wizard.done.labelNo')}</dd>
        </div>
        {shipDate ? (
          <div>
            <dt>{t('rma.facts.shipBy')}</dt>
            <dd>{dayText(shipDate)}</dd>
          </div>
        ) : null}
      </dl>
      <p>{t('wizard.done.sent')}</p>
      <FinishActions label={t('wizard.done.done')} onFinish={() => onFinish(detail.id)} />
    </div>
  );
}
