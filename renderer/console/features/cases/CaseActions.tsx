// "Next steps": the legal steps from the case's status for the signed-in role, from the same
// helper the hub uses (availableActions). A step the role may not take is shown, disabled, with
// who may. Steps needing details open their form; the rest run at once.
import { useEffect, useId, useRef, useState, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { availableActions, type CaseAction, type RmaData } from '../../../../shared/domain/cases';
import type { CaseDetail } from '../../../../shared/protocol/cases';
import { ApproveForm, CarrierPaidForm, CloseDeniedForm, DenyForm, FileForm, RefileForm, RefundClaimForm } from './ClaimStepForms';
import { caseUi, useCases } from './casesStore';
import { actionLabel, statusSentence } from './caseText';
import { tr } from '../../../common/i18n';
import { AuthorizeForm, CancelForm, DeclineLabelForm, ReceiveForm, RefundRmaForm, RejectForm, RequestLabelForm, ShipForm, WaiveForm, waivable } from './RmaStepForms';
import type { StepFormProps } from './StepForm';
import { StepRefusal, refusalHint } from './StepRefusal';

/** Recorded from the evidence checklist instead (ClaimEvidence). */
const EVIDENCE_STEPS = new Set<CaseAction>(['record_packaging', 'record_serial']);

function formFor(detail: CaseDetail, action: CaseAction): ComponentType<StepFormProps> | null {
  if (detail.kind === 'rma') {
    const forms: Partial<Record<CaseAction, ComponentType<StepFormProps>>> = {
      authorize: AuthorizeForm,
      ship: ShipForm,
      receive: ReceiveForm,
      refund: RefundRmaForm,
      reject: RejectForm,
      cancel: CancelForm,
      request_label: RequestLabelForm,
      decline_label: DeclineLabelForm,
      waive: WaiveForm,
    };
    return forms[action] ?? null;
  }
  const forms: Partial<Record<CaseAction, ComponentType<StepFormProps>>> = {
    file: FileForm,
    approve: ApproveForm,
    deny: DenyForm,
    refile: RefileForm,
    carrier_paid: CarrierPaidForm,
    refund: RefundClaimForm,
    cancel: CancelForm,
    // Closing after a denial takes a note for the customer; closing a refunded claim does not.
    ...(detail.status === 'denied' ? { close: CloseDeniedForm } : {}),
  };
  return forms[action] ?? null;
}

/**
 * Label and waiver steps only where they mean something: a label already approved needs no second
 * approval, one already asked for is not asked again, only a pending request can be declined, and
 * an agent is not shown the supervisor's label and waiver buttons (they ask instead).
 */
function shownStep(detail: CaseDetail, s: { action: CaseAction; allowed: boolean }): boolean {
  if (detail.kind !== 'rma') return true;
  const d = detail.data as RmaData;
  switch (s.action) {
    case 'request_label':
      return s.allowed && !d.labelApproval && d.labelRequest?.status !== 'pending' && d.eligibility.eligible && detail.viewerRole === 'agent';
    case 'approve_label':
      return s.allowed && !d.labelApproval;
    case 'decline_label':
      return s.allowed && detail.labelPending;
    case 'waive':
      return s.allowed && waivable(detail).length > 0;
    default:
      return true;
  }
}

function buttonLabel(detail: CaseDetail, action: CaseAction): string {
  if (action === 'cancel') return detail.kind === 'rma' ? tr('cases.steps.cancelReturn', { kind: detail.requestKind }) : tr('cases.steps.cancelClaim');
  if (action === 'refund') return tr('cases.steps.refundCustomer');
  return actionLabel(action);
}

export function CaseActions({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const titleId = useId();
  const steps = availableActions(detail, detail.viewerRole).filter((s) => !EVIDENCE_STEPS.has(s.action) && shownStep(detail, s));
  const transition = useCases((s) => s.transition);
  const clearError = useCases((s) => s.clearError);
  const ui = useCases((s) => caseUi(s, detail.id));
  const [open, setOpen] = useState<CaseAction | null>(null);
  const [focus, setFocus] = useState<CaseAction | 'heading' | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const buttons = useRef(new Map<CaseAction, HTMLButtonElement>());

  // A form for a step that is no longer possible (the case moved on, here or at another desk) goes.
  const current = open && steps.some((s) => s.action === open && s.allowed) ? open : null;
  const Form = current ? formFor(detail, current) : null;

  useEffect(() => {
    if (!focus) return;
    // After a step the buttons change: land on the heading; after backing out, on the step's button.
    (focus === 'heading' ? heading.current : (buttons.current.get(focus) ?? heading.current))?.focus();
    setFocus(null);
  }, [focus]);

  const start = async (action: CaseAction) => {
    if (formFor(detail, action)) {
      clearError(detail.id);
      setOpen(action);
    } else if (await transition(detail.id, action)) setFocus('heading');
  };
  const closeForm = (done: boolean) => {
    const was = open;
    setOpen(null);
    setFocus(done ? 'heading' : was);
  };

  const refusal = ui.error && !EVIDENCE_STEPS.has(ui.error.action as CaseAction) && ui.error.action !== current && steps.some((s) => s.action === ui.error?.action) ? ui.error : null;

  return (
    <section className="case-section case-steps" aria-labelledby={titleId} data-testid="case-steps">
      <h4 id={titleId} ref={heading} tabIndex={-1} className="case-section__title">
        {t('cases.steps.title')}
      </h4>
      {steps.length === 0 ? (
        <p className="case-muted">{t('cases.steps.none', { state: statusSentence(detail.status) })}</p>
      ) : (
        <ul className="case-steps__list">
          {steps.map((s) => {
            const whyId = `${titleId}-${s.action}-why`;
            const hasForm = formFor(detail, s.action) !== null;
            return (
              <li key={s.action}>
                <button
                  type="button"
                  ref={(el) => {
                    if (el) buttons.current.set(s.action, el);
                    else buttons.current.delete(s.action);
                  }}
                  className={`btn btn--small${s.action === 'cancel' || s.action === 'reject' || s.action === 'deny' ? ' btn--danger' : current === s.action ? ' btn--current' : ''}`}
                  disabled={!s.allowed || ui.busy !== null}
                  aria-expanded={hasForm && s.allowed ? current === s.action : undefined}
                  aria-describedby={s.allowed ? undefined : whyId}
                  data-action={s.action}
                  onClick={() => void start(s.action)}
                >
                  {ui.busy === s.action && !hasForm ? t('cases.saving') : buttonLabel(detail, s.action)}
                </button>
                {s.allowed ? null : (
                  <span id={whyId} className="case-steps__why">
                    {/* The step's authority is a supervisor's: the only one a person at the console can lack. */}
                    {t('cases.steps.needsSupervisor')}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {refusal ? <StepRefusal error={refusal} hint={refusalHint(refusal)} onDismiss={() => clearError(detail.id)} /> : null}
      {Form ? <Form key={current} detail={detail} onClose={closeForm} /> : null}
    </section>
  );
}
