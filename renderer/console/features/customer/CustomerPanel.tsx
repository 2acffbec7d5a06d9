// Beside the open chat: who the customer is, their earlier conversations, then their cases (the
// Cases panel, unchanged). Rendered only while a chat is open.
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Conversation } from '../../../../shared/protocol/schemas';
import type { TranscriptSearchResult } from '../../../../shared/protocol/transcripts';
import { CasesPanel } from '../cases/CasesPanel';
import { CustomerPrivacy } from '../privacy/CustomerPrivacy';
import { useConversation } from '../conversation/conversationStore';
import { formatDay } from '../transcripts/transcriptText';
import { useCustomer } from './customerStore';
import { IdentityBadge } from './IdentityBadge';
import './customer.css';
import { EmailText } from '../../../common/EmailText';

export function CustomerSide() {
  const conversation = useConversation((s) => (s.selectedId ? s.threads[s.selectedId]?.conversation : undefined));
  if (!conversation) return null;
  return (
    <div className="customer-side">
      <CustomerPanel key={conversation.id} conversation={conversation} />
      <CasesPanel />
    </div>
  );
}

function CustomerPanel({ conversation }: { conversation: Conversation }) {
  const { t } = useTranslation();
  const history = useCustomer((s) => s.history[conversation.id]);
  const loadHistory = useCustomer((s) => s.loadHistory);
  const { id, customer } = conversation;
  // Agents read the history of the customer whose chat is theirs: look again once it is.
  const agentId = conversation.assignedAgent?.id;

  useEffect(() => {
    void loadHistory(id, customer.id);
  }, [id, customer.id, agentId, loadHistory]);

  return (
    <section className="customer-panel" aria-labelledby="customer-panel-title" data-testid="customer-panel">
      <h2 id="customer-panel-title">{t('customer.title')}</h2>
      <dl className="customer-panel__id">
        <dt>{t('customer.name')}</dt>
        <dd>{customer.name}</dd>
        <dt>{t('customer.email')}</dt>
        <dd className="customer-panel__email">
          <EmailText email={customer.email} />
        </dd>
        <dt>{t('customer.identity')}</dt>
        <dd data-testid="customer-identity">
          <IdentityBadge customer={customer} />
          <span className="case-muted">
            {' '}
            {customer.verified ? t('identity.verified.detail') : t('identity.guest.detail')}
          </span>
        </dd>
      </dl>
      <CustomerPrivacy customerId={customer.id} email={customer.email} conversationId={id} />
      <h3 className="customer-panel__sub">{t('customer.history.title')}</h3>
      {!history || history.loading ? (
        <p className="case-muted" role="status">
          {t('customer.history.loading')}
        </p>
      ) : history.error ? (
        <div className="form__error" role="alert">
          <span>{t('customer.history.failed', { error: history.error })}</span>{' '}
          <button type="button" className="btn btn--link" onClick={() => void loadHistory(id, customer.id)}>
            {t('customer.history.retry')}
          </button>
        </div>
      ) : history.past.length === 0 ? (
        <p className="case-muted" data-testid="no-past-conversations">
          {t('customer.history.first')}
        </p>
      ) : (
        <ul className="stack" aria-label={t('customer.history.title')}>
          {history.past.map((r) => (
            <PastConversation key={r.conversationId} result={r} />
          ))}
          {history.total > history.past.length ? <li className="case-muted">{t('customer.history.more', { count: history.total - history.past.length })}</li> : null}
        </ul>
      )}
    </section>
  );
}

function PastConversation({ result: r }: { result: TranscriptSearchResult }) {
  const { t } = useTranslation();
  const peek = useCustomer((s) => s.peeks[r.conversationId]);
  const load = useCustomer((s) => s.peek);
  const [open, setOpen] = useState(false);
  const region = useId();
  const when = formatDay(r.createdAt);
  const toggle = () => {
    if (!open) void load(r.conversationId);
    setOpen(!open);
  };
  return (
    <li className="past" data-testid="past-conversation">
      <div className="past__head">
        <span className="past__when">{when}</span>
        <span className="case-muted">
          {r.endedAt ? t('customer.past.ended') : t('customer.past.open')}
          {r.assignedAgent ? ` · ${r.assignedAgent.name}` : ''}
        </span>
      </div>
      <button type="button" className="btn btn--link" aria-expanded={open} aria-controls={region} onClick={toggle}>
        {open ? t('customer.past.hide') : t('customer.past.show')}
        <span className="visually-hidden"> {t('customer.past.of', { when })}</span>
      </button>
      <div id={region} hidden={!open}>
        {!open ? null : !peek || peek.loading ? (
          <p className="case-muted">{t('customer.past.loading')}</p>
        ) : peek.error ? (
          <p className="form__error">{peek.error}</p>
        ) : peek.messages.length === 0 ? (
          <p className="case-muted">{t('customer.past.none')}</p>
        ) : (
          <ol className="past__msgs">
            {peek.messages.map((m) => (
              <li key={m.seq} data-testid="past-message">
                <span className="past__author">{t('customer.past.author', { name: m.author.kind === 'system' ? t('transcripts.message.system') : m.author.name })}</span> {m.body}
              </li>
            ))}
          </ol>
        )}
      </div>
    </li>
  );
}
