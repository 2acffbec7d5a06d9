// The frame every step form shares: a titled form that takes focus when it opens, sends one
// cases:transition, shows the hub's refusal next to its button, and closes only when the hub took it.
import { useId, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseAction } from '../../../../shared/domain/cases';
import type { CaseDetail } from '../../../../shared/protocol/cases';
import { caseUi, useCases } from './casesStore';
import { StepRefusal, refusalHint } from './StepRefusal';
import { useFocusOn } from './useFocusOn';
import { FormError } from '../../../common/FormError';

export interface StepFormProps {
  detail: CaseDetail;
  /** Called with true once the hub has taken the step, false when the agent backs out. */
  onClose(done: boolean): void;
}

interface FrameProps extends StepFormProps {
  action: CaseAction;
  title: string;
  submitLabel: string;
  /** The step's data, or a sentence saying what is missing or wrong. */
  collect(): Record<string, unknown> | string | undefined;
  danger?: boolean;
  children?: ReactNode;
}

export function StepForm({ detail, action, title, submitLabel, collect, danger, onClose, children }: FrameProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const transition = useCases((s) => s.transition);
  const clearError = useCases((s) => s.clearError);
  const ui = useCases((s) => caseUi(s, detail.id));
  const [invalid, setInvalid] = useState<string | null>(null);
  const heading = useFocusOn<HTMLHeadingElement>(action);
  const busy = ui.busy === action;
  const refusal = ui.error?.action === action ? ui.error : null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const data = collect();
    if (typeof data === 'string') {
      setInvalid(data);
      return;
    }
    setInvalid(null);
    if (await transition(detail.id, action, data)) onClose(true);
  };
  const back = () => {
    if (refusal) clearError(detail.id);
    onClose(false);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && !busy) {
      e.stopPropagation();
      back();
    }
  };

  return (
    <form className="step-form" aria-labelledby={titleId} onSubmit={(e) => void submit(e)} onKeyDown={onKeyDown} data-testid="step-form" data-action={action}>
      <h5 id={titleId} ref={heading} tabIndex={-1} className="step-form__title">
        {title}
      </h5>
      {children}
      <FormError error={invalid} />
      {refusal ? <StepRefusal error={refusal} hint={refusalHint(refusal)} /> : null}
      <div className="step-form__actions">
        <button type="submit" className={`btn ${danger ? 'btn--danger' : 'btn--primary'}`} disabled={busy}>
          {busy ? t('returns.saving') : submitLabel}
        </button>
        <button type="button" className="btn btn--ghost" onClick={back} disabled={busy}>
          {t('returns.back')}
        </button>
      </div>
    </form>
  );
}

interface FieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  help?: string;
  required?: boolean;
  maxLength?: number;
  multiline?: boolean;
  type?: 'text' | 'date';
  inputMode?: 'decimal' | 'text';
  list?: string;
  max?: string;
  placeholder?: string;
}

/** A labelled input (or textarea) with its help text tied to it for screen readers. */
export function Field({ label, value, onChange, help, required, maxLength = 500, multiline, type = 'text', inputMode, list, max, placeholder }: FieldProps) {
  const { t } = useTranslation();
  const id = useId();
  const helpId = help ? `${id}-help` : undefined;
  const common = { id, value, required, maxLength, placeholder, 'aria-describedby': helpId, onChange: (e: { target: { value: string } }) => onChange(e.target.value) };
  return (
    <div className="case-field">
      <label htmlFor={id}>
        {label}
        {required ? null : <span className="case-field__optional"> {t('returns.optional')}</span>}
      </label>
      {multiline ? <textarea rows={2} {...common} /> : <input type={type} inputMode={inputMode} list={list} max={max} autoComplete="off" {...common} />}
      {help ? (
        <span id={helpId} className="case-field__help">
          {help}
        </span>
      ) : null}
    </div>
  );
}

/** Carriers the desk knows deadlines for, offered as suggestions (any carrier may be typed). */
export function CarrierSuggestions({ id }: { id: string }) {
  // Carriers' own names, the same in every language.
  return (
    <datalist id={id}>
      {['UPS', 'FedEx', 'DHL', 'USPS'].map((c) => (
        <option key={c} value={c} />
      ))}
    </datalist>
  );
}

export function PrepaidLabelChoice({ value, onChange, name }: { value: boolean; onChange(value: boolean): void; name: string }) {
  const { t } = useTranslation();
  return (
    <fieldset className="case-choice">
      <legend>{t('returns.prepaid.legend')}</legend>
      <label>
        <input type="radio" name={name} checked={!value} onChange={() => onChange(false)} /> {t('returns.prepaid.no')}
      </label>
      <label>
        <input type="radio" name={name} checked={value} onChange={() => onChange(true)} /> {t('returns.prepaid.yes')}
      </label>
    </fieldset>
  );
}

/** Today as `YYYY-MM-DD` (UTC, like every date the hub stores). */
export const todayIso = () => new Date().toISOString().slice(0, 10);

/** A picked calendar day as the timestamp the hub takes: its start, so a same-day shipment is in time. */
export const dayToTimestamp = (day: string) => `${day}T00:00:00.000Z`;
