// "Add photos" for a damage claim: files go to the hub one by one with their progress; a refused
// file (wrong type, too large, too many) shows the hub's reason and the rest carry on.
import { useEffect, useId, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerCase } from '../../shared/protocol/cases';
import { useWidget, type PhotoUpload as Upload } from './widgetStore';

// What the hub takes (settings.uploads.types); the picker filters, the hub decides by the bytes.
const ACCEPT = 'image/jpeg,image/png,image/webp,image/heic,.heic,.heif';

export function PhotoUpload({ c }: { c: CustomerCase }) {
  const { t } = useTranslation();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const uploads = useWidget((s) => s.uploads[c.id]);
  const uploadPhotos = useWidget((s) => s.uploadPhotos);
  const photos = c.photos;
  if (!photos) return null;
  const busy = uploads?.some((u) => u.state === 'uploading' || u.state === 'waiting') ?? false;
  const [over, setOver] = useState(false);
  // Dropping photos on the zone does what choosing them does (issue 9: a proper upload control).
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const files = Array.from(e.dataTransfer.files ?? []);
    if (files.length && !busy) void uploadPhotos(c.id, files);
  };
  const enough = photos.uploaded >= photos.required;

  return (
    <div className="photo-upload" data-testid="photo-upload">
      <p className="photo-upload__count" data-testid="photo-count">
        {t('widget.photo.count', { uploaded: photos.uploaded, required: photos.required, enough: enough ? 'yes' : 'no' })}
      </p>
      {photos.canUpload ? (
        <div
          className={`photo-upload__zone${over ? ' photo-upload__zone--over' : ''}`}
          data-testid="photo-drop"
          onDragOver={(e) => {
            e.preventDefault();
            setOver(true);
          }}
          onDragLeave={() => setOver(false)}
          onDrop={onDrop}
        >
          <p id={`${id}-help`} className="photo-upload__help">
            {t('widget.photo.help')}
          </p>
          <label htmlFor={id} className={`btn btn--primary photo-upload__button${busy ? ' photo-upload__button--busy' : ''}`}>
            {t('widget.photo.add')}
          </label>
          <span className="photo-upload__or" aria-hidden="true">
            {t('widget.photo.orDrop')}
          </span>
          <input
            ref={input}
            id={id}
            type="file"
            accept={ACCEPT}
            multiple
            disabled={busy}
            aria-describedby={`${id}-help`}
            className="photo-upload__input"
            onChange={(e) => {
              const files = Array.from(e.target.files ?? []);
              // Cleared at once, so picking the same file again after an error works.
              if (input.current) input.current.value = '';
              if (files.length) void uploadPhotos(c.id, files);
            }}
          />
        </div>
      ) : (
        <p className="photo-upload__help">{t('widget.photo.closed')}</p>
      )}
      {uploads?.length ? (
        <ul className="photo-upload__list" aria-live="polite" data-testid="upload-list">
          {uploads.map((u) => (
            <UploadRow key={u.id} upload={u} />
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function UploadRow({ upload: u }: { upload: Upload }) {
  const { t } = useTranslation();
  const row = useRef<HTMLLIElement>(null);
  // The list sits at the foot of a small scrolling box: keep each result in sight as it changes.
  useEffect(() => {
    row.current?.scrollIntoView({ block: 'nearest' });
  }, [u.state]);
  return (
    <li ref={row} className={`upload upload--${u.state}`} data-testid="upload" data-state={u.state}>
      <span className="upload__name">{u.name}</span>
      {u.state === 'uploading' || u.state === 'waiting' ? (
        <progress className="upload__bar" max={1} value={u.progress} aria-label={t('widget.photo.uploading', { name: u.name })} />
      ) : null}
      <span className="upload__state" role={u.state === 'failed' ? 'alert' : undefined}>
        {u.state === 'waiting' ? t('widget.photo.waiting') : u.state === 'uploading' ? t('widget.photo.progress', { progress: Math.round(u.progress * 100) / 100 }) : u.state === 'done' ? t('widget.photo.uploaded') : u.error}
      </span>
    </li>
  );
}
