// Export the transcript as a file: a disclosure with one button per format (Escape closes it and
// gives focus back to the toggle).
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportFormat } from '../../../../shared/protocol/transcripts';
import type { MessageKey } from '../../../common/i18n';
import { useTranscripts } from './transcriptsStore';

const FORMATS: { format: ExportFormat; label: MessageKey }[] = [
  { format: 'txt', label: 'transcripts.export.txt' },
  { format: 'html', label: 'transcripts.export.html' },
  { format: 'json', label: 'transcripts.export.json' },
  { format: 'pdf', label: 'transcripts.export.pdf' },
];

export function ExportMenu({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const [open, setOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const exportAs = useTranscripts((s) => s.exportAs);
  return (
    <div
      className="tx-export"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          setOpen(false);
          toggle.current?.focus();
        }
      }}
    >
      <button type="button" ref={toggle} className="btn" aria-expanded={open} aria-controls={`${id}-list`} onClick={() => setOpen((o) => !o)}>
        {t('transcripts.export.toggle')}
      </button>
      {open ? (
        <ul id={`${id}-list`} className="tx-export__list">
          {FORMATS.map((f) => (
            <li key={f.format}>
              <button
                type="button"
                className="btn btn--ghost tx-export__item"
                disabled={disabled}
                onClick={() => {
                  setOpen(false);
                  void exportAs(f.format);
                }}
              >
                {t(f.label)}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
