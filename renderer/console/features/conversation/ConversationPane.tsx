// The open conversation: who the customer is, the transcript, and the reply box.
import { Composer } from '../../../common/Composer';
import { Transcript } from '../../../common/Transcript';
import { useAuth } from '../auth/authStore';
import { useConnection } from '../connection/connectionStore';
import { useQueue } from '../queue/queueStore';
import { ConversationHeader } from './ConversationHeader';
import { useConversation } from './conversationStore';

export function ConversationPane() {
  const selectedId = useConversation((s) => s.selectedId);
  const thread = useConversation((s) => (s.selectedId ? s.threads[s.selectedId] : undefined));
  const opening = useConversation((s) => (s.selectedId ? s.busy[s.selectedId] === 'opening' : false));
  const error = useConversation((s) => s.error);
  const typing = useConversation((s) => (s.selectedId ? s.typing[s.selectedId] : undefined));
  const { send, setOwnTyping, dismissFailed, clearError } = useConversation.getState();
  const maxChars = useConnection((s) => s.settings?.messageMaxChars);
  const me = useAuth((s) => s.user);

  if (!selectedId) return <NothingSelected />;
  if (!thread) {
    return (
      <div className="pane-empty">
        {opening ? <p>Opening conversation…</p> : null}
        {error ? (
          <p className="form__error" role="alert">
            {error}
          </p>
        ) : null}
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
            Dismiss
          </button>
        </div>
      ) : null}
      <Transcript
        label={`Transcript with ${c.customer.name}`}
        messages={thread.messages}
        outgoing={thread.outgoing}
        selfKind="agent"
        selfName={me?.name ?? 'You'}
        empty={<p>No messages yet. Say hello to {c.customer.name}.</p>}
        onDismiss={dismissFailed}
      />
      <p className="typing" data-testid="typing-indicator" aria-live="polite">
        {typing && !ended ? `${typing.name} is typing…` : ''}
      </p>
      <Composer
        key={c.id}
        draftKey={c.id}
        autoFocus
        onSend={(body) => send(c.id, body)}
        onTyping={(active) => setOwnTyping(c.id, active)}
        disabled={ended}
        disabledReason="This conversation has ended."
        maxChars={maxChars}
        placeholder={ended ? '' : c.status === 'waiting' ? `Reply to ${c.customer.name} (replying takes this chat)` : `Reply to ${c.customer.name}`}
      />
    </section>
  );
}

function NothingSelected() {
  const count = useQueue((s) => s.conversations.filter((c) => c.status === 'waiting').length);
  return (
    <div className="pane-empty">
      <h2>No conversation open</h2>
      <p>{count === 0 ? 'Nobody is waiting right now. New chats appear in the queue on the left.' : `${count} waiting. Pick a conversation from the queue.`}</p>
    </div>
  );
}
