// The open conversation: who the customer is, the thread with its private notes, and the reply box.
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Transcript } from '../../../common/Transcript';
import { useAuth } from '../auth/authStore';
import { useConnection } from '../connection/connectionStore';
import { interleave } from '../notes/interleave';
import { useNotes } from '../notes/notesStore';
import { useQueue } from '../queue/queueStore';
import { useRouting } from '../routing/routingStore';
import { TransferDialog } from '../routing/TransferDialog';
import { ConversationHeader } from './ConversationHeader';
import { EndChatDialog } from './EndChatDialog';
import { useConversation } from './conversationStore';
import { describeNote, renderNote } from './NoteRow';
import { ReplyBox } from './ReplyBox';
import { useCustomerReadSeq, useReadReceipts } from './useReadReceipts';
import { FormError } from '../../../common/FormError';

const NO_NOTES: never[] = [];

export function ConversationPane() {
  const { t } = useTranslation();
  const selectedId = useConversation((s) => s.selectedId);
  const thread = useConversation((s) => (s.selectedId ? s.threads[s.selectedId] : undefined));
  const opening = useConversation((s) => (s.selectedId ? s.busy[s.selectedId] === 'opening' : false));
  const error = useConversation((s) => s.error);
  const typing = useConversation((s) => (s.selectedId ? s.typing[s.selectedId] : undefined));
  const notes = useNotes((s) => (selectedId ? (s.byConversation[selectedId] ?? NO_NOTES) : NO_NOTES));
  const notesError = useNotes((s) => (selectedId ? s.error[selectedId] : undefined));
  const brandId = useRouting((s) => (selectedId ? (s.brandOf[selectedId] ?? null) : null));
  const transferFor = useRouting((s) => s.transferFor);
  const confirmEnd = useConversation((s) => s.confirmEnd);
  const { send, setOwnTyping, dismissFailed, clearError } = useConversation.getState();
  const maxChars = useConnection((s) => s.settings?.messageMaxChars);
  const me = useAuth((s) => s.user);
  const lastSeq = thread?.conversation.lastSeq;
  const messages = thread?.messages;
  // The thread with the private notes at their place among the messages.
  const hasEarlier = !!thread?.hasEarlier;
  const rows = useMemo(() => interleave(messages ?? [], notes, hasEarlier), [messages, notes, hasEarlier]);
  const loadingEarlier = useConversation((s) => (s.selectedId ? !!s.loadingEarlier[s.selectedId] : false));
  const earlier = useMemo(
    () => (hasEarlier && selectedId ? { loading: loadingEarlier, loadEarlier: () => void useConversation.getState().loadEarlier(selectedId) } : undefined),
    [hasEarlier, loadingEarlier, selectedId],
  );
  // Read receipts (issue 3): on screen and focused, the chat's own agent reads it; "Seen" shows the customer's mark.
  useReadReceipts(thread, me?.id);
  const customerReadSeq = useCustomerReadSeq(selectedId ?? undefined);

  // The chat on screen is read: its count clears, and its notes are loaded once.
  useEffect(() => {
    if (selectedId) useQueue.getState().markRead(selectedId, lastSeq);
  }, [selectedId, lastSeq]);
  // Loaded once per chat shown: later notes are pushed (note:new).
  // Notes are the chat's agent's (and supervisors'): a waiting chat looked at has none to show yet.
  const mayReadNotes = !!thread && (thread.conversation.assignedAgent?.id === me?.id || me?.role !== 'agent');
  const shown = mayReadNotes ? selectedId : null;
  useEffect(() => {
    if (shown) void useNotes.getState().load(shown);
  }, [shown]);

  if (!selectedId) return <NothingSelected />;
  if (!thread) {
    return (
      <div className="pane-empty">
        {opening ? <p>{t('conversation.opening')}</p> : null}
        <FormError error={error} />
      </div>
    );
  }

  const c = thread.conversation;
  const ended = c.status === 'ended';
  return (
    <section className="conv" aria-labelledby="conv-title" data-conversation-id={c.id}>
      <ConversationHeader view={thread} />
      {error ? (
        <div className="conv__error" role="alert">
          <span>{error}</span>
          <button type="button" className="btn btn--link" onClick={clearError}>
            {t('conversation.dismiss')}
          </button>
        </div>
      ) : null}
      {notesError ? (
        <div className="conv__error" role="alert">
          <span>{notesError}</span>
          <button type="button" className="btn btn--link" onClick={() => useNotes.getState().clearError(c.id)}>
            {t('conversation.dismiss')}
          </button>
        </div>
      ) : null}
      {/* Keyed: another chat opens fresh, at its newest message. */}
      <Transcript
        key={`thread:${c.id}`}
        label={t('conversation.transcriptLabel', { name: c.customer.name })}
        messages={thread.messages}
        rows={rows}
        renderNote={renderNote}
        describeNote={describeNote}
        outgoing={thread.outgoing}
        selfKind="agent"
        selfName={me?.name ?? t('conversation.you')}
        empty={<p>{t('conversation.empty', { name: c.customer.name })}</p>}
        onDismiss={dismissFailed}
        readUpToSeq={customerReadSeq}
        readLabel={t('conversation.seen')}
        earlier={earlier}
      />
      <p className="typing" data-testid="typing-indicator" aria-live="polite">
        {typing && !ended ? t('conversation.typing', { name: typing.name }) : ''}
      </p>
      <ReplyBox
        key={c.id}
        conversationId={c.id}
        customerName={c.customer.name}
        brandId={brandId}
        waiting={c.status === 'waiting'}
        ended={ended}
        maxChars={maxChars}
        onSend={(body) => send(c.id, body)}
        onTyping={(active) => setOwnTyping(c.id, active)}
      />
      {transferFor === c.id ? <TransferDialog conversation={c} /> : null}
      {confirmEnd === c.id && !ended ? <EndChatDialog conversation={c} /> : null}
    </section>
  );
}

function NothingSelected() {
  const { t } = useTranslation();
  const conversations = useQueue((s) => s.conversations);
  const unread = useQueue((s) => s.unread.counts);
  const me = useAuth((s) => s.user?.id);
  const count = conversations.filter((c) => c.status === 'waiting').length;
  // A chat of this agent's (one given to them while they looked elsewhere) is never hidden behind
  // "Nobody is waiting" (issue 9): say so, unread first, and open it in one click.
  const mine = conversations.filter((c) => c.status === 'active' && c.assignedAgent?.id === me).sort((a, b) => (unread[b.id] ?? 0) - (unread[a.id] ?? 0));
  const first = mine[0];
  return (
    <div className="pane-empty" data-testid="nothing-selected">
      <h2>{t('conversation.none.title')}</h2>
      {first ? (
        <>
          <p>{t('conversation.none.mine', { count: mine.length, name: first.customer.name, unread: unread[first.id] ?? 0 })}</p>
          <button type="button" className="btn btn--primary" onClick={() => void useConversation.getState().select(first.id)}>
            {t('conversation.none.open', { name: first.customer.name })}
          </button>
        </>
      ) : null}
      <p>{t('conversation.none.waiting', { count })}</p>
    </div>
  );
}
