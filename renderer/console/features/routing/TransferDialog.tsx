// Transfer a live chat to another agent (who serves its brand) or back to a brand's queue, with a
// note for whoever takes it. A modal <dialog>: focus stays inside, Escape cancels, focus returns
// to where it was.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgentsDirectory } from '../../../../shared/protocol/routing';
import type { Conversation } from '../../../../shared/protocol/schemas';
import { errorMessage } from '../../../common/ack';
import { FormError } from '../../../common/FormError';
import { getLink } from '../../desk/linkRef';
import { toast } from '../../desk/toasts';
import { useAuth } from '../auth/authStore';
import { useConversation } from '../conversation/conversationStore';
import { useQueue } from '../queue/queueStore';
import { byAvailability, whyUnavailable } from './availability';
import { brandName, useRouting } from './routingStore';
import './routing.css';

type To = 'agent' | 'brand';

export function TransferDialog({ conversation: c }: { conversation: Conversation }) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const closeTransfer = useRouting((s) => s.closeTransfer);
  const cap = useRouting((s) => s.status?.cap);
  const me = useAuth((s) => s.user);
  const ids = useId();
  const [directory, setDirectory] = useState<AgentsDirectory | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [to, setTo] = useState<To>('agent');
  const [agentId, setAgentId] = useState('');
  const [brandId, setBrandId] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const d = dialog.current;
    const back = document.activeElement as HTMLElement | null;
    if (d && !d.open) d.showModal();
    return () => back?.focus?.();
  }, []);

  useEffect(() => {
    let live = true;
    getLink()
      .routing.directory(c.id)
      .then(
        (d) => {
          if (!live) return;
          setDirectory(d);
          if (d.brandId) useRouting.getState().learnBrand(c.id, d.brandId);
          setBrandId(d.brandId ?? d.brands[0]?.id ?? '');
        },
        (e) => live && setLoadError(errorMessage(e)),
      );
    return () => {
      live = false;
    };
  }, [c.id]);

  const others = (directory?.agents ?? []).filter((a) => a.id !== me?.id);
  const sorted = byAvailability(others);
  const anyAvailable = sorted.some((a) => !whyUnavailable(a));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = note.trim();
    if (to === 'agent' && !agentId) return setError(t('routing.transfer.needAgent'));
    if (to === 'brand' && !brandId) return setError(t('routing.transfer.needQueue'));
    if (!body) return setError(t('routing.transfer.needNote'));
    setBusy(true);
    setError(null);
    try {
      await getLink().routing.transfer(c.id, to === 'agent' ? { toAgentId: agentId } : { toBrandId: brandId }, body);
      const done =
        to === 'agent'
          ? t('routing.transfer.doneAgent', { name: c.customer.name, agent: others.find((a) => a.id === agentId)?.name ?? t('routing.transfer.theAgent') })
          : t('routing.transfer.doneQueue', { name: c.customer.name, brand: brandName(directory?.brands ?? [], brandId) });
      // The chat is no longer this agent's: off the list and off the screen.
      useQueue.getState().drop(c.id);
      useConversation.getState().close(c.id);
      useRouting.getState().announce(done);
      toast(done, 'ok');
      closeTransfer();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby={`${ids}-title`}
      data-testid="transfer-dialog"
      onCancel={(e) => {
        e.preventDefault();
        closeTransfer();
      }}
    >
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <h2 id={`${ids}-title`} className="dialog__title">
          {t('routing.transfer.title', { name: c.customer.name })}
        </h2>
        <fieldset className="dialog__choice">
          <legend>{t('routing.transfer.to')}</legend>
          <label>
            <input type="radio" name={`${ids}-to`} checked={to === 'agent'} onChange={() => setTo('agent')} /> {t('routing.transfer.toAgent')}
          </label>
          <label>
            <input type="radio" name={`${ids}-to`} checked={to === 'brand'} onChange={() => setTo('brand')} /> {t('routing.transfer.toQueue')}
          </label>
        </fieldset>
        {!directory && !loadError ? (
          <p className="case-muted" role="status">
            {t('routing.transfer.loading')}
          </p>
        ) : null}
        <FormError error={loadError && t('routing.transfer.loadFailed', { error: loadError })} />
        {directory && to === 'agent' ? (
          <div className="field">
            <label htmlFor={`${ids}-agent`}>{t('routing.transfer.agent')}</label>
            <select id={`${ids}-agent`} className="control" value={agentId} onChange={(e) => setAgentId(e.target.value)} required>
              <option value="">{!sorted.length ? t('routing.transfer.noOther') : anyAvailable ? t('routing.transfer.chooseAgent') : t('routing.transfer.nobody')}</option>
              {sorted.map((a) => {
                const why = whyUnavailable(a);
                return (
                  <option key={a.id} value={a.id} disabled={why !== null} data-testid="transfer-agent-option">
                    {t('routing.transfer.option', {
                      name: a.name,
                      state: why ?? (cap ? t('routing.transfer.availableCap', { load: a.load, cap }) : t('routing.transfer.availableLoad', { load: a.load })),
                    })}
                  </option>
                );
              })}
            </select>
            {sorted.length && !anyAvailable ? (
              <span className="field__help" data-testid="transfer-nobody">
                {t('routing.transfer.onlyAvailable')}
              </span>
            ) : null}
          </div>
        ) : null}
        {directory && to === 'brand' ? (
          <div className="field">
            <label htmlFor={`${ids}-brand`}>{t('routing.transfer.queue')}</label>
            <select id={`${ids}-brand`} className="control" value={brandId} onChange={(e) => setBrandId(e.target.value)} required>
              {directory.brands.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.id === directory.brandId ? t('routing.transfer.thisBrand', { brand: b.name }) : b.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="field">
          <label htmlFor={`${ids}-note`}>{t('routing.transfer.note')}</label>
          <textarea
            id={`${ids}-note`}
            className="control dialog__note"
            rows={3}
            maxLength={2000}
            required
            aria-describedby={`${ids}-note-help`}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
          <span id={`${ids}-note-help`} className="field__help">
            {t('routing.transfer.noteHelp')}
          </span>
        </div>
        <FormError error={error} />
        <div className="form__actions">
          <button type="button" className="btn" onClick={closeTransfer}>
            {t('routing.transfer.cancel')}
          </button>
          <button type="submit" className="btn btn--primary" disabled={busy || !directory}>
            {busy ? t('routing.transfer.busy') : t('routing.transfer.submit')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
