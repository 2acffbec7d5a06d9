// The customer's conversation: who they are talking to, the messages, and the reply box, or a
// clear ending once the conversation is over.
import { Composer } from '../common/Composer';
import { Transcript } from '../common/Transcript';
import { EndChat } from './EndChat';
import { RateChat } from './RateChat';
import { RetentionNotice } from './RetentionNotice';
import { TranscriptCopy } from './TranscriptCopy';
import { YourCases } from './YourCases';
import { YourPrivacy } from './YourPrivacy';
import { useWidget } from './widgetStore';
import { FormError } from '../common/FormError';
import { OrderChecks, WhoIsHere } from './Verification';

export function ChatView() {
  const thread = useWidget((s) => s.thread);
  const agentTyping = useWidget((s) => s.agentTyping);
  const customer = useWidget((s) => s.customer);
  const maxChars = useWidget((s) => s.config?.messageMaxChars);
  const busy = useWidget((s) => s.busy);
  const error = useWidget((s) => s.error);
  const focusComposer = useWidget((s) => s.focusComposer);
  const agentReadSeq = useWidget((s) => s.agentReadSeq);
  const { send, setTyping, dismissFailed, startAgain } = useWidget.getState();

  if (!thread) return <p className="widget__loading">Loading your conversation…</p>;
  const c = thread.conversation;
  const ended = c.status === 'ended';

  return (
    <section className="chat" aria-label="Conversation" data-conversation-id={c.id}>
      <WhoIsHere />
      <ChatStatus />
      <OrderChecks />
      <YourCases />
      <YourPrivacy />
      <Transcript
        key={`thread:${c.id}`}
        label="Chat history"
        messages={thread.messages}
        outgoing={thread.outgoing}
        selfKind="customer"
        selfLabel="You"
        selfName={customer?.name ?? 'You'}
        before={<RetentionNotice />}
        empty={<p>Tell us how we can help; a member of our care team will answer here.</p>}
        onDismiss={dismissFailed}
        readUpToSeq={agentReadSeq}
        readLabel="Read"
      />
      <p className="typing" data-testid="typing-indicator" aria-live="polite">
        {agentTyping && !ended ? `${agentTyping} is typing…` : ''}
      </p>
      {ended ? (
        <div className="ended" data-testid="chat-ended" role="status">
          <p className="ended__title">
            <strong>This chat has ended.</strong> Thank you for contacting us.
          </p>
          <RateChat />
          <TranscriptCopy />
          <FormError error={error} />
          <button type="button" className="btn" disabled={busy} onClick={() => void startAgain()}>
            Start a new chat
          </button>
        </div>
      ) : null}
      <Composer
        key={c.id}
        autoFocus={focusComposer}
        onSend={send}
        onTyping={setTyping}
        disabled={ended}
        disabledReason="This chat has ended."
        maxChars={maxChars}
        placeholder={ended ? '' : 'Type your message'}
      />
    </section>
  );
}

function ChatStatus() {
  const c = useWidget((s) => s.thread?.conversation);
  const status = useWidget((s) => s.status);
  if (!c) return null;
  const offline = status === 'reconnecting' || status === 'connecting';
  // An ended chat says so once, in the panel above the composer.
  if (c.status === 'ended' && !offline) return null;
  let text: string;
  if (offline) text = 'Reconnecting… your messages will be sent when the connection is back.';
  else if (c.status === 'waiting') text = 'Waiting for an agent…';
  else text = c.assignedAgent ? `You are chatting with ${c.assignedAgent.name}.` : 'An agent has joined.';
  return (
    <div className={`chat-status chat-status--${offline ? 'offline' : c.status}`}>
      <div className="chat-status__line">
        <p role="status" data-testid="chat-status" data-status={c.status}>
          {text}
        </p>
        {c.status !== 'ended' ? <EndChat /> : null}
      </div>
      <QueuePosition />
    </div>
  );
}

/** "You are 2nd in line", from the hub's queue:position pushes while the chat waits. */
function QueuePosition() {
  const place = useWidget((s) => (s.queuePosition && s.queuePosition.conversationId === s.conversationId ? s.queuePosition.position : null));
  const waiting = useWidget((s) => s.thread?.conversation.status === 'waiting');
  return (
    <p className="chat-status__place" aria-live="polite" data-testid="queue-position">
      {waiting && place ? (place === 1 ? 'You are next in line.' : `You are ${ordinal(place)} in line.`) : ''}
    </p>
  );
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}
