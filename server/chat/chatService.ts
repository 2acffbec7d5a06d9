// Conversations and messages, independent of transport. Who may do what is decided here, so the
// socket handlers stay thin and every entry point gets the same rules.
import { DeskError } from '../../shared/protocol/errors';
import type { ChatSend, ChatSync, Conversation, Message, StaffUser } from '../../shared/protocol/schemas';
import type { Transcript } from '../../shared/protocol/events';
import { maskCardNumbers } from '../../shared/domain/cardMask';
import type { ChatPolicy } from '../../shared/domain/config';
import type { Clock } from '../clock';
import { newId } from '../ids';
import type { Store } from '../store/index';
import { publicConversation, type ConversationRecord } from '../store/conversations';
import type { CustomerIdentity } from '../auth/widget';

export type Actor = { kind: 'customer'; identity: CustomerIdentity } | { kind: 'staff'; user: StaffUser };

/** What the transport layer must broadcast after a change. */
export interface ChatEvents {
  messageStored(message: Message): void;
  conversationChanged(conversation: Conversation): void;
  queueChanged(): void;
}

const SYNC_PAGE = 10_000;

export function chatService(store: Store, clock: Clock, policy: () => ChatPolicy, events: ChatEvents) {
  const iso = () => clock.now().toISOString();

  /** The conversation if this actor may see it; an id that is not theirs reads as unknown. */
  function visible(actor: Actor, conversationId: string): ConversationRecord {
    const c = store.conversations.get(conversationId);
    if (!c) throw new DeskError('not_found', 'No such conversation.');
    if (actor.kind === 'customer' && c.widgetSessionId !== actor.identity.widgetSessionId) {
      throw new DeskError('not_found', 'No such conversation.');
    }
    return c;
  }

  function transcript(c: ConversationRecord, afterSeq = 0): Transcript {
    return { conversation: publicConversation(c), messages: store.conversations.messagesAfter(c.id, afterSeq, SYNC_PAGE) };
  }

  return {
    visible,

    current(identity: CustomerIdentity): Transcript | null {
      const c = store.conversations.latestForWidget(identity.widgetSessionId);
      return c ? transcript(c) : null;
    },

    async start(identity: CustomerIdentity, brandId = 'default'): Promise<Transcript> {
      const open = store.conversations.openForWidget(identity.widgetSessionId);
      if (open) return transcript(open);
      const c = await store.write(() =>
        store.conversations.create({
          id: newId('c'),
          customerId: identity.customer.id,
          widgetSessionId: identity.widgetSessionId,
          brandId,
          createdAt: iso(),
        }),
      );
      events.conversationChanged(publicConversation(c));
      events.queueChanged();
      return transcript(c);
    },

    /** Stores the message durably, then resolves: the caller acks only after this. */
    async send(actor: Actor, p: ChatSend): Promise<Message> {
      const max = policy().messageMaxChars;
      if (p.body.length > max) throw new DeskError('too_large', `A message can be at most ${max} characters.`);
      const c = visible(actor, p.conversationId);
      if (c.status === 'ended') throw new DeskError('conflict', 'This conversation has ended.');
      const author =
        actor.kind === 'customer'
          ? { kind: 'customer' as const, id: actor.identity.customer.id, name: actor.identity.customer.name }
          : { kind: 'agent' as const, id: actor.user.id, name: actor.user.name };
      // An agent answering a waiting chat takes it.
      const takes = actor.kind === 'staff' && c.status === 'waiting';
      const { message, duplicate } = await store.write(() => {
        if (takes) store.conversations.assign(c.id, author.id);
        return store.conversations.appendMessage({
          conversationId: c.id,
          clientId: p.clientId,
          authorKind: author.kind,
          authorId: author.id,
          authorName: author.name,
          // Card numbers are masked before anything is stored or sent (POLICY §3).
          body: maskCardNumbers(p.body),
          createdAt: iso(),
        });
      });
      if (!duplicate) events.messageStored(message);
      if (takes) this.changed(c.id);
      return message;
    },

    sync(actor: Actor, p: ChatSync): Transcript {
      return transcript(visible(actor, p.conversationId), p.afterSeq);
    },

    queue(agent: StaffUser): Conversation[] {
      return store.conversations.queueFor(agent.id).map(publicConversation);
    },

    open(agent: StaffUser, conversationId: string): Transcript {
      return transcript(visible({ kind: 'staff', user: agent }, conversationId));
    },

    async accept(agent: StaffUser, conversationId: string): Promise<Conversation> {
      const c = visible({ kind: 'staff', user: agent }, conversationId);
      if (c.status === 'ended') throw new DeskError('conflict', 'This conversation has ended.');
      if (c.assignedAgent && c.assignedAgent.id !== agent.id) {
        throw new DeskError('conflict', `${c.assignedAgent.name} is already handling this conversation.`);
      }
      await store.write(() => store.conversations.assign(c.id, agent.id));
      return this.changed(c.id);
    },

    async end(actor: Actor, conversationId: string): Promise<Conversation> {
      const c = visible(actor, conversationId);
      if (c.status === 'ended') return publicConversation(c);
      await store.write(() => store.conversations.end(c.id, iso()));
      return this.changed(c.id);
    },

    changed(conversationId: string): Conversation {
      const c = publicConversation(store.conversations.get(conversationId)!);
      events.conversationChanged(c);
      events.queueChanged();
      return c;
    },
  };
}
export type ChatService = ReturnType<typeof chatService>;
