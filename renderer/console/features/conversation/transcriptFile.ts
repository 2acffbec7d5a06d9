// A conversation as a plain-text file an agent can attach to an email or a ticket.
import type { ThreadView } from '../../../common/chatDelivery';

export function transcriptFileName(view: ThreadView): string {
  const who = view.conversation.customer.name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'customer';
  return `transcript-${who}-${view.conversation.createdAt.slice(0, 10)}.txt`;
}

export function transcriptText(view: ThreadView): string {
  const c = view.conversation;
  const head = [
    `Conversation ${c.id}`,
    `Customer: ${c.customer.name} <${c.customer.email}>`,
    `Started: ${c.createdAt}`,
    c.endedAt ? `Ended: ${c.endedAt}` : `Status: ${c.status}`,
    '',
  ];
  const lines = view.messages.map((m) => `[${m.createdAt}] ${m.author.kind === 'system' ? '—' : m.author.name}: ${m.body}`);
  return [...head, ...lines, ''].join('\n');
}
