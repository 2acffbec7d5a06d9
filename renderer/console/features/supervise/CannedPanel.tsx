// The desk's canned replies, kept by supervisors and admins: agents type "/shortcut" in a chat to
// use one. Add, edit and delete here; other consoles follow through canned:updated.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CannedReply } from '../../../../shared/protocol/routing';
import { CANNED_PLACEHOLDERS } from '../../../../shared/domain/cannedText';
import { FormError } from '../../../common/FormError';
import { useAuth } from '../auth/authStore';
import { useSupervise } from './superviseStore';

const useKeeperRole = () => useAuth((s) => (s.user?.role === 'admin' ? 'admin' : 'supervisor'));

interface Draft {
  id: string | null;
  shortcut: string;
  title: string;
  body: string;
  brandId: string;
}

/** "{customer.firstName}, {customer.name}, …": what a reply may use, in its literal syntax. */
const PLACEHOLDER_LIST = Object.keys(CANNED_PLACEHOLDERS)
  .map((p) => `{${p}}`)
  .join(', ');

const EMPTY: Draft = { id: null, shortcut: '', title: '', body: '', brandId: '' };

export function CannedPanel() {
  const canned = useSupervise((s) => s.canned);
  const loadCanned = useSupervise((s) => s.loadCanned);
  const deleteCanned = useSupervise((s) => s.deleteCanned);
  const [draft, setDraft] = useState<Draft | null>(null);
  const keeperRole = useKeeperRole();
  const { t } = useTranslation();

  useEffect(() => {
    void loadCanned();
  }, [loadCanned]);

  const open = (d: Draft) => {
    // A refusal from an earlier save or delete is not this form's.
    useSupervise.setState((s) => ({ canned: { ...s.canned, saveError: null } }));
    setDraft(d);
  };
  const edit = (r: CannedReply) => open({ id: r.id, shortcut: r.shortcut, title: r.title, body: r.body, brandId: r.brandId ?? '' });

  return (
    <section className="card canned-admin" aria-labelledby="canned-title">
      <div className="card__head">
        <h3 id="canned-title">{t('canned.desk')}</h3>
        {draft ? null : (
          <button type="button" className="btn" onClick={() => open(EMPTY)}>
            {t('canned.add')}
          </button>
        )}
      </div>
      <p className="muted muted--small">{t('canned.keeperHelp')}</p>
      {canned.error ? (
        <div className="form__error page__error" role="alert">
          <span>{canned.error}</span>
          <button type="button" className="btn btn--link" onClick={() => void loadCanned()}>
            {t('supervise.tryAgain')}
          </button>
        </div>
      ) : null}
      {draft ? <CannedForm key={draft.id ?? 'new'} draft={draft} onDone={() => setDraft(null)} /> : null}
      {draft ? null : <FormError error={canned.saveError} />}
      {!canned.loaded ? null : canned.replies.length === 0 ? (
        <p className="page__empty" data-testid="canned-empty">
          {t('canned.emptyKeeper', { role: keeperRole })}
        </p>
      ) : (
        <ul className="stack" data-testid="canned-list">
          {canned.replies.map((r) => (
            <li key={r.id} className="box canned-item" data-testid="canned-item" data-shortcut={r.shortcut}>
              <div className="canned-item__head">
                <code>/{r.shortcut}</code> <strong>{r.title}</strong>
                {r.brandId ? <span className="pill">{r.brandId}</span> : null}
              </div>
              <p className="canned-item__body">{r.body}</p>
              <div className="form__actions">
                <button type="button" className="btn" onClick={() => edit(r)} disabled={canned.busy}>
                  {t('canned.edit')}
                  <span className="visually-hidden"> /{r.shortcut}</span>
                </button>
                <button type="button" className="btn btn--danger" onClick={() => void deleteCanned(r.id)} disabled={canned.busy}>
                  {t('canned.delete')}
                  <span className="visually-hidden"> /{r.shortcut}</span>
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function CannedForm({ draft, onDone }: { draft: Draft; onDone(): void }) {
  const id = useId();
  const [d, setD] = useState(draft);
  const busy = useSupervise((s) => s.canned.busy);
  const error = useSupervise((s) => s.canned.saveError);
  const saveCanned = useSupervise((s) => s.saveCanned);
  const set = (patch: Partial<Draft>) => setD((x) => ({ ...x, ...patch }));
  const { t } = useTranslation();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const ok = await saveCanned({
      ...(d.id ? { id: d.id } : {}),
      shortcut: d.shortcut.trim().replace(/^\//, '').toLowerCase(),
      title: d.title,
      body: d.body,
      brandId: d.brandId.trim() || null,
    });
    if (ok) onDone();
  };

  return (
    <form className="box canned-admin__form" onSubmit={(e) => void submit(e)} aria-label={d.id ? t('canned.form.edit', { shortcut: draft.shortcut }) : t('canned.form.new')}>
      <div className="watch__row">
        <div className="compact-field">
          <label htmlFor={`${id}-shortcut`}>{t('canned.form.shortcut')}</label>
          <input id={`${id}-shortcut`} dir="ltr" required maxLength={41} value={d.shortcut} onChange={(e) => set({ shortcut: e.target.value })} aria-describedby={`${id}-shortcut-help`} />
          <span className="muted muted--small" id={`${id}-shortcut-help`}>
            {t('canned.form.shortcutHelp')}
          </span>
        </div>
        <div className="compact-field watch__grow">
          <label htmlFor={`${id}-title`}>{t('canned.form.title')}</label>
          <input id={`${id}-title`} required maxLength={120} value={d.title} onChange={(e) => set({ title: e.target.value })} />
        </div>
        <div className="compact-field">
          <label htmlFor={`${id}-brand`}>{t('canned.form.brand')}</label>
          <input id={`${id}-brand`} maxLength={64} value={d.brandId} onChange={(e) => set({ brandId: e.target.value })} />
        </div>
      </div>
      <div className="compact-field">
        <label htmlFor={`${id}-body`}>{t('canned.form.body')}</label>
        <textarea
          id={`${id}-body`}
          required
          rows={3}
          maxLength={4000}
          value={d.body}
          onChange={(e) => set({ body: e.target.value })}
          aria-describedby={`${id}-body-help`}
        />
        <span className="muted muted--small" id={`${id}-body-help`}>
          {t('canned.form.bodyHelp', { placeholders: PLACEHOLDER_LIST })}
        </span>
      </div>
      <FormError error={error} />
      <div className="form__actions">
        <button type="submit" className="btn btn--primary" disabled={busy}>
          {busy ? t('canned.form.saving') : d.id ? t('canned.form.save') : t('canned.form.addReply')}
        </button>
        <button type="button" className="btn" onClick={onDone} disabled={busy}>
          {t('canned.form.cancel')}
        </button>
      </div>
    </form>
  );
}
