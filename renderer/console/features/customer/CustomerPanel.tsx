// Beside the open chat: who the customer is, their earlier conversations, then their cases (the
// Cases panel, unchanged). Rendered only while a chat is open.
import { useEffect, useId, useState } from 'react';
import type { Conversation } from '../../../../shared/protocol/schemas';
import type { TranscriptSearchResult } from '../../../../shared/protocol/transcripts';
import { CasesPanel } from '../cases/CasesPanel';
import { CustomerPrivacy } from '../privacy/CustomerPrivacy';
import { useConversation } from '../conversation/conversationStore';
import { formatDay } from '../transcripts/transcriptText';
import { useCustomer } from './customerStore';
import './customer.css';

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
  const history = useCustomer((s) => s.history[conversation.id]);
  const loadHistory = useCustomer((s) => s.loadHistory);
  const { id, customer } = conversation;
  // Agents read the history of the customer whose chat is theirs: look again once it is.
  const agentId = conversation.assignedAgent?.id;

  useEffect(() => {
    void loadHistory(id, customer.email);
  }, [id, customer.email, agentId, loadHistory]);

  return (
    <section className="customer-panel" aria-labelledby="customer-panel-title" data-testid="customer-panel">
      <h2 id="customer-panel-title">Customer</h2>
      <dl className="customer-panel__id">
        <dt>Name</dt>
        <dd>{customer.name}</dd>
        <dt>Email</dt>
        <dd className="customer-panel__email">{customer.email}</dd>
      </dl>
      <CustomerPrivacy customerId={customer.id} email={customer.email} conversationId={id} />
      <h3 className="customer-panel__sub">Earlier conversations</h3>
      {!history || history.loading ? (
        <p className="case-muted" role="status">
          Loading earlier conversations…
        </p>
      ) : history.error ? (
        <div className="form__error" role="alert">
          <span>Could not load earlier conversations: {history.error}</span>{' '}
          <button type="button" className="btn btn--link" onClick={() => void loadHistory(id, customer.email)}>
            Try again
          </button>
        </div>
      ) : history.past.length === 0 ? (
        <p className="case-muted" data-testid="no-past-conversations">
          This is their first conversation with us.
        </p>
      ) : (
        <ul className="stack" aria-label="Earlier conversations">
          {history.past.map((r) => (
            <PastConversation key={r.conversationId} result={r} />
          ))}
          {history.total > history.past.length ? <li className="case-muted">and {history.total - history.past.length} more in Transcripts</li> : null}
        </ul>
      )}
    </section>
  );
}

function PastConversation({ result: r }: { result: TranscriptSearchResult }) {
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
          {r.endedAt ? 'ended' : 'open'}
          {r.assignedAgent ? ` · ${r.assignedAgent.name}` : ''}
        </span>
      </div>
      <button type="button" className="btn btn--link" aria-expanded={open} aria-controls={region} onClick={toggle}>
        {open ? 'Hide messages' : 'Show messages'}
        <span className="visually-hidden"> of the conversation of {when}</span>
      </button>
      <div id={region} hidden={!open}>
        {!open ? null : !peek || peek.loading ? (
          <p className="case-muted">Loading…</p>
        ) : peek.error ? (
          <p className="form__error">{peek.error}</p>
        ) : peek.messages.length === 0 ? (
          <p className="case-muted">No messages.</p>
        ) : (
          <ol className="past__msgs">
            {peek.messages.map((m) => (
              <li key={m.seq} data-testid="past-message">
                <span className="past__author">{m.author.kind === 'system' ? 'Care desk' : m.author.name}:</span> {m.body}
              </li>
            ))}
          </ol>
        )}
      </div>
    </li>
  );
}
