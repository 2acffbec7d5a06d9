// The carrier's evidence checklist for a claim: the customer's photos (thumbnails), the original
// packaging kept, serial numbers for watches. Packaging and serials are recorded here, as steps.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { availableActions } from '../../../../shared/domain/cases';
import type { CaseDetail, CaseEvidence } from '../../../../shared/protocol/cases';
import { caseUi, useCases } from './casesStore';
import { checklistLabel, formatWhen } from './caseText';
import { StepRefusal } from './StepRefusal';

export function ClaimEvidence({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const titleId = useId();
  const photos = detail.evidence.filter((e) => e.kind === 'photo');
  const steps = availableActions(detail, detail.viewerRole);
  const may = (a: string) => steps.some((s) => s.action === a && s.allowed);
  const ui = useCases((s) => caseUi(s, detail.id));
  const clearError = useCases((s) => s.clearError);
  const error = ui.error && (ui.error.action === 'record_packaging' || ui.error.action === 'record_serial') ? ui.error : null;
  if (detail.checklist.length === 0 && photos.length === 0) return null;

  return (
    <section className="case-section" aria-labelledby={titleId}>
      <h4 id={titleId} className="case-section__title">
        {t('claims.evidence.title')}
      </h4>
      <ul className="checklist" data-testid="claim-checklist">
        {detail.checklist.map((item) => (
          <li key={item.key} className={item.done ? 'checklist__item checklist__item--done' : 'checklist__item'} data-key={item.key} data-done={item.done}>
            <span className="checklist__mark" aria-hidden="true">
              {item.done ? '✓' : ''}
            </span>
            <span>
              <span className="visually-hidden">{item.done ? t('claims.evidence.done') : t('claims.evidence.needed')}</span>
              {checklistLabel(item, detail)}
            </span>
          </li>
        ))}
      </ul>
      {detail.claimKind === 'damaged' ? <PhotoGrid photos={photos} /> : null}
      {detail.checklist.some((i) => i.key === 'packaging_kept') ? <Packaging detail={detail} editable={may('record_packaging')} /> : null}
      {detail.items
        .filter((i) => i.serialRequired)
        .map((i) => (
          <SerialNumber key={i.sku} detail={detail} sku={i.sku} name={i.name} editable={may('record_serial')} />
        ))}
      {error ? <StepRefusal error={error} onDismiss={() => clearError(detail.id)} /> : null}
    </section>
  );
}

function PhotoGrid({ photos }: { photos: CaseEvidence[] }) {
  const { t } = useTranslation();
  if (photos.length === 0) {
    return <p className="case-muted">{t('claims.photos.none')}</p>;
  }
  return (
    <ul className="photo-grid" aria-label={t('claims.photos.label')} data-testid="claim-photos">
      {photos.map((p) => (
        <li key={p.id}>
          <EvidencePhoto evidence={p} />
        </li>
      ))}
    </ul>
  );
}

/** A thumbnail fetched with the staff token (as a blob, shown by object URL); enlarges in a dialog. */
function EvidencePhoto({ evidence }: { evidence: CaseEvidence }) {
  const photo = useCases((s) => s.photos[evidence.id]);
  const loadPhoto = useCases((s) => s.loadPhoto);
  const dialog = useRef<HTMLDialogElement>(null);
  const { t } = useTranslation();
  const name = evidence.name ?? t('claims.photo.unnamed');
  useEffect(() => {
    void loadPhoto(evidence);
  }, [evidence, loadPhoto]);

  return (
    <figure className="photo" data-testid="claim-photo" data-evidence-id={evidence.id}>
      {photo?.status === 'ready' ? (
        <>
          <button type="button" className="photo__open" onClick={() => dialog.current?.showModal()} aria-label={t('claims.photo.enlarge', { name })}>
            <img src={photo.url} alt={t('claims.photo.alt', { name })} className="photo__thumb" />
          </button>
          <dialog ref={dialog} className="photo-dialog" aria-label={t('claims.photo.dialog', { name })}>
            <img src={photo.url} alt={t('claims.photo.alt', { name })} />
            <form method="dialog">
              <button type="submit" className="btn">
                {t('claims.photo.close')}
              </button>
            </form>
          </dialog>
        </>
      ) : (
        <div className="photo__placeholder" role={photo?.status === 'error' ? 'alert' : undefined}>
          {photo?.status === 'error' ? photo.message : t('claims.photo.loading')}
        </div>
      )}
      <figcaption>
        <span className="photo__name">{name}</span>
        <span className="case-muted photo__meta">
          {evidence.size ? `${t('claims.photo.size', { kb: Math.max(1, Math.round(evidence.size / 1024)) })} · ` : ''}
          {formatWhen(evidence.createdAt)}
        </span>
      </figcaption>
    </figure>
  );
}

function Packaging({ detail, editable }: { detail: CaseDetail; editable: boolean }) {
  const transition = useCases((s) => s.transition);
  const busy = useCases((s) => caseUi(s, detail.id).busy === 'record_packaging');
  const latest = detail.evidence.filter((e) => e.kind === 'packaging_kept').at(-1);
  const { t } = useTranslation();
  const state = latest ? (latest.value === 'yes' ? t('claims.packaging.kept') : t('claims.packaging.notKept')) : t('claims.packaging.notAsked');
  const groupId = useId();
  return (
    <div className="evidence-row" role="group" aria-labelledby={groupId}>
      <span id={groupId} className="evidence-row__label">
        {t('claims.packaging')}
      </span>
      <span className="evidence-row__value" data-testid="packaging-state">
        {state}
      </span>
      {editable ? (
        <span className="evidence-row__actions">
          <button type="button" className="btn btn--small" disabled={busy} onClick={() => void transition(detail.id, 'record_packaging', { kept: true })}>
            {t('claims.packaging.keeps')}
          </button>
          <button type="button" className="btn btn--small" disabled={busy} onClick={() => void transition(detail.id, 'record_packaging', { kept: false })}>
            {t('claims.packaging.notKept')}
          </button>
        </span>
      ) : null}
    </div>
  );
}

function SerialNumber({ detail, sku, name, editable }: { detail: CaseDetail; sku: string; name: string; editable: boolean }) {
  const transition = useCases((s) => s.transition);
  const busy = useCases((s) => caseUi(s, detail.id).busy === 'record_serial');
  const recorded = detail.evidence.filter((e) => e.kind === 'serial' && e.sku === sku).at(-1)?.value ?? null;
  const [serial, setSerial] = useState('');
  const inputId = useId();
  const { t } = useTranslation();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (serial.trim() && (await transition(detail.id, 'record_serial', { sku, serial: serial.trim() }))) setSerial('');
  };
  return (
    <form className="evidence-row" onSubmit={(e) => void submit(e)}>
      {editable ? (
        <label htmlFor={inputId} className="evidence-row__label">
          {t('claims.serial.of', { name })}
        </label>
      ) : (
        <span className="evidence-row__label">{t('claims.serial.of', { name })}</span>
      )}
      <span className="evidence-row__value">{recorded ?? t('claims.serial.none')}</span>
      {editable ? (
        <span className="evidence-row__actions">
          <input id={inputId} className="input input--small" value={serial} maxLength={80} required onChange={(e) => setSerial(e.target.value)} />
          <button type="submit" className="btn btn--small" disabled={busy}>
            {t('claims.serial.record')}
          </button>
        </span>
      ) : null}
    </form>
  );
}
