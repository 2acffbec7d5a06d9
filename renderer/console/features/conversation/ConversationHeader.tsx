import { useTranslation } from 'react-i18next';
import type { ThreadView } from '../../../common/chatDelivery';
import { formatClock } from '../../../common/format';
import { useAuth } from '../auth/authStore';
import { brandName, useRouting } from '../routing/routingStore';
import { useConversation } from './conversationStore';
import { IdentityBadge } from '../customer/IdentityBadge';
import { EmailText } from '../../../common/EmailText';

export function ConversationHeader({ view }: { view: ThreadView }) {
  const { t } = useTranslation();
  const c = view.conversation;
  const busy = useConversation((s) => s.busy[c.id]);
  const { accept, askEnd, close, saveTranscript } = useConversation.getState();
  const me = useAuth((s) => s.user);
  const handler = c.assignedAgent ? (c.assignedAgent.id === me?.id ? t('conversation.handledByYou') : t('conversation.handledBy', { name: c.assignedAgent.name })) : null;
  const brand = useRouting((s) => brandName(s.brands, s.brandOf[c.id]));
  const openTransfer = useRouting((s) => s.openTransfer);
  // The hub lets the chat's agent, or a supervisor, move a live chat.
  const mayTransfer = c.status !== 'ended' && (c.assignedAgent?.id === me?.id || (me?.role !== 'agent' && c.status === 'active'));

  return (
    <div className="conv__head">
      <div className="conv__who">
        <h2 id="conv-title">{c.customer.name}</h2>
        <p className="conv__email">
          <span data-testid="conversation-identity">
            <IdentityBadge customer={c.customer} />
          </span>{' '}
          <span className="visually-hidden">{t('conversation.email')} </span>
          <EmailText email={c.customer.email} testId="customer-email" />
        </p>
      </div>
      <div className="conv__state">
        <span className={`status status--${c.status}`} data-testid="conversation-status" data-status={c.status}>
          {t(`conversation.status.${c.status}`)}
        </span>
        <span className="conv__since">
          {c.status === 'ended' && c.endedAt ? t('conversation.endedAt', { time: formatClock(c.endedAt) }) : t('conversation.started', { time: formatClock(c.createdAt) })}
          {handler ? ` · ${handler}` : ''}
          {brand ? ` · ${brand}` : ''}
        </span>
      </div>
      <div className="conv__actions">
        {c.status === 'waiting' ? (
          <button type="button" className="btn btn--primary" disabled={!!busy} onClick={() => void accept(c.id)}>
            {busy === 'accepting' ? t('conversation.accepting') : t('conversation.accept')}
          </button>
        ) : null}
        {mayTransfer ? (
          <button type="button" className="btn" aria-keyshortcuts="Alt+T" onClick={() => openTransfer(c.id)}>
            {t('conversation.transfer')}
          </button>
        ) : null}
        <button type="button" className="btn" onClick={() => void saveTranscript(c.id)}>
          {t('conversation.saveTranscript')}
        </button>
        {c.status !== 'ended' ? (
          <button type="button" className="btn btn--danger" data-testid="end-chat" aria-keyshortcuts="Alt+Shift+E" disabled={!!busy} onClick={() => askEnd(c.id)}>
            {busy === 'ending' ? t('conversation.ending') : t('conversation.end')}
          </button>
        ) : (
          <button type="button" className="btn" onClick={() => close(c.id)}>
            {t('conversation.close')}
          </button>
        )}
      </div>
    </div>
  );
}
