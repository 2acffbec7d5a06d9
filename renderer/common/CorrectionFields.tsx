// What a correction changes (POLICY §3a), typed by the customer in the widget or by staff logging it
// for them in the console: a request without it could never be carried out (the hub checks that at
// least one field is given).
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Correction } from '../../shared/protocol/privacy';

export const CORRECTION_FIELDS = ['name', 'phone', 'address'] as const;
export type CorrectionDraft = Record<(typeof CORRECTION_FIELDS)[number], string>;
export const EMPTY_CORRECTION: CorrectionDraft = { name: '', phone: '', address: '' };

/** The fields filled in, trimmed; undefined when none is. */
export function correctionOf(draft: CorrectionDraft): Correction | undefined {
  const filled = Object.fromEntries(Object.entries(draft).filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, v.trim()]));
  return Object.keys(filled).length > 0 ? (filled as Correction) : undefined;
}

export function CorrectionFields({ value, onChange }: { value: CorrectionDraft; onChange(next: CorrectionDraft): void }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <>
      {CORRECTION_FIELDS.map((f) => (
        <div className="field" key={f}>
          <label htmlFor={`${id}-${f}`}>{t(`widget.privacy.correct.${f}`)}</label>
          <input id={`${id}-${f}`} value={value[f]} onChange={(e) => onChange({ ...value, [f]: e.target.value })} />
        </div>
      ))}
    </>
  );
}
