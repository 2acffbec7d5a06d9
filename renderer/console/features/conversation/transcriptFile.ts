// A conversation as a plain-text file an agent can attach to an email or a ticket.
import type { ThreadView } from '../../../common/chatDelivery';
import { tr } from '../../../common/i18n';

export function transcriptFileName(view: ThreadView): string {
  const who = view.conversation.customer.name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'customer';
  return `transcript-${who}-${view.conversation.createdAt.slice(0, 10)}.txt`;
}

export function transcriptText(view: ThreadView): string {
  const c = view.conversation;
  // Labels in the agent's language; times stay ISO 8601, exact whatever reads the file.
  const head = [
    tr('conversation.file.title', { id: c.id }),
    tr('conversation.file.customer', { name: c.customer.name, email: c.customer.email }),
    tr('conversation.file.started', { at: c.createdAt }),
    c.endedAt ? tr('conversation.file.ended', { at: c.endedAt }) : tr('conversation.file.status', { status: tr(`conversation.status.${c.status}`) }),
    '',
  ];
  const lines = view.messages.map((m) => `[${m.createdAt}] ${m.author.kind === 'system' ? '—' : m.author.name}: ${m.body}`);
  return [...head, ...lines, ''].join('\n');
}
