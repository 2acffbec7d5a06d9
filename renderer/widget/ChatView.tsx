// The customer's conversation: who they are talking to, the messages, and the reply box, or a
// clear ending once the conversation is over.
import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation();

  if (!thread) return <p className="widget__loading">{t('widget.chat.loading')}</p>;
  const c = thread.conversation;
  const ended = c.status === 'ended';

  return (
    <section className="chat" aria-label={t('widget.chat.label')} data-conversation-id={c.id}>
      <WhoIsHere />
      <ChatStatus />
      <OrderChecks />
      <YourCases />
      <YourPrivacy />
      <Transcript
        key={`thread:${c.id}`}
        label={t('widget.chat.history')}
        messages={thread.messages}
        outgoing={thread.outgoing}
        selfKind="customer"
        selfLabel={t('widget.chat.you')}
        selfName={customer?.name ?? t('widget.chat.you')}
        before={<RetentionNotice />}
        empty={<p>{t('widget.chat.empty')}</p>}
        onDismiss={dismissFailed}
        readUpToSeq={agentReadSeq}
        readLabel={t('widget.chat.read')}
      />
      <p className="typing" data-testid="typing-indicator" aria-live="polite">
        {agentTyping && !ended ? t('widget.chat.typing', { name: agentTyping }) : ''}
      </p>
      {ended ? (
        <div className="ended" data-testid="chat-ended" role="status">
          <p className="ended__title">
            <strong>{t('widget.chat.endedTitle')}</strong> {t('widget.chat.endedThanks')}
          </p>
          <RateChat />
          <TranscriptCopy />
          <FormError error={error} />
          <button type="button" className="btn" disabled={busy} onClick={() => void startAgain()}>
            {t('widget.chat.startAgain')}
          </button>
        </div>
      ) : null}
      <Composer
        key={c.id}
        autoFocus={focusComposer}
        onSend={send}
        onTyping={setTyping}
        disabled={ended}
        disabledReason={t('widget.chat.endedTitle')}
        maxChars={maxChars}
        placeholder={ended ? '' : t('widget.chat.placeholder')}
      />
    </section>
  );
}

function ChatStatus() {
  const c = useWidget((s) => s.thread?.conversation);
  const status = useWidget((s) => s.status);
  const { t } = useTranslation();
  if (!c) return null;
  const offline = status === 'reconnecting' || status === 'connecting';
  // An ended chat says so once, in the panel above the composer.
  if (c.status === 'ended' && !offline) return null;
  let text: string;
  if (offline) text = t('widget.chat.reconnecting');
  else if (c.status === 'waiting') text = t('widget.chat.waiting');
  else text = c.assignedAgent ? t('widget.chat.with', { name: c.assignedAgent.name }) : t('widget.chat.joined');
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
  const { t } = useTranslation();
  return (
    <p className="chat-status__place" aria-live="polite" data-testid="queue-position">
      {waiting && place ? (place === 1 ? t('widget.chat.next') : t('widget.chat.place', { place })) : ''}
    </p>
  );
}
