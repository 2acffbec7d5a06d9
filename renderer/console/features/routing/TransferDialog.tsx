// Transfer a live chat to another agent (who serves its brand) or back to a brand's queue, with a
// note for whoever takes it. A modal <dialog>: focus stays inside, Escape cancels, focus returns
// to where it was.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
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
    if (to === 'agent' && !agentId) return setError('Choose the agent to transfer to.');
    if (to === 'brand' && !brandId) return setError('Choose the queue to transfer to.');
    if (!body) return setError('Write a note for whoever takes the chat: what the customer needs, what was done.');
    setBusy(true);
    setError(null);
    try {
      await getLink().routing.transfer(c.id, to === 'agent' ? { toAgentId: agentId } : { toBrandId: brandId }, body);
      const where = to === 'agent' ? (others.find((a) => a.id === agentId)?.name ?? 'the agent') : `the ${brandName(directory?.brands ?? [], brandId)} queue`;
      // The chat is no longer this agent's: off the list and off the screen.
      useQueue.getState().drop(c.id);
      useConversation.getState().close(c.id);
      useRouting.getState().announce(`The chat with ${c.customer.name} was transferred to ${where}.`);
      toast(`The chat with ${c.customer.name} was transferred to ${where}.`, 'ok');
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
          Transfer the chat with {c.customer.name}
        </h2>
        <fieldset className="dialog__choice">
          <legend>Transfer to</legend>
          <label>
            <input type="radio" name={`${ids}-to`} checked={to === 'agent'} onChange={() => setTo('agent')} /> Another agent
          </label>
          <label>
            <input type="radio" name={`${ids}-to`} checked={to === 'brand'} onChange={() => setTo('brand')} /> A brand’s queue
          </label>
        </fieldset>
        {!directory && !loadError ? (
          <p className="case-muted" role="status">
            Loading who can take it…
          </p>
        ) : null}
        <FormError error={loadError && `Could not load the agents and queues: ${loadError}`} />
        {directory && to === 'agent' ? (
          <div className="field">
            <label htmlFor={`${ids}-agent`}>Agent</label>
            <select id={`${ids}-agent`} className="control" value={agentId} onChange={(e) => setAgentId(e.target.value)} required>
              <option value="">{!sorted.length ? 'No other agent serves this brand' : anyAvailable ? 'Choose an agent' : 'Nobody is available now'}</option>
              {sorted.map((a) => {
                const why = whyUnavailable(a);
                return (
                  <option key={a.id} value={a.id} disabled={why !== null} data-testid="transfer-agent-option">
                    {a.name} — {why ?? `available, ${cap ? `${a.load} of ${cap} chats` : `${a.load} chats`}`}
                  </option>
                );
              })}
            </select>
            {sorted.length && !anyAvailable ? (
              <span className="field__help" data-testid="transfer-nobody">
                Only an available colleague can take a chat. Transfer it to the brand’s queue instead: the next one free takes it.
              </span>
            ) : null}
          </div>
        ) : null}
        {directory && to === 'brand' ? (
          <div className="field">
            <label htmlFor={`${ids}-brand`}>Queue</label>
            <select id={`${ids}-brand`} className="control" value={brandId} onChange={(e) => setBrandId(e.target.value)} required>
              {directory.brands.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name}
                  {b.id === directory.brandId ? ' (this chat’s brand)' : ''}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="field">
          <label htmlFor={`${ids}-note`}>Note for whoever takes it (required)</label>
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
            A private note: the customer does not see it.
          </span>
        </div>
        <FormError error={error} />
        <div className="form__actions">
          <button type="button" className="btn" onClick={closeTransfer}>
            Cancel
          </button>
          <button type="submit" className="btn btn--primary" disabled={busy || !directory}>
            {busy ? 'Transferring…' : 'Transfer'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
