// Conversations and messages, independent of transport. Who may do what is decided here, so the
// socket handlers stay thin and every entry point gets the same rules.
import { DeskError } from '../../shared/protocol/errors';
import type { ChatRead, ChatSend, ChatSync, Conversation, ConversationOpen, Message, ReadReceipt, StaffUser } from '../../shared/protocol/schemas';
import type { OpenedTranscript, Transcript } from '../../shared/protocol/events';
import { pageLimit, type PageSizes } from '../config';
import type { QueuePreview } from '../../shared/protocol/routing';
import { maskCardNumbers } from '../../shared/domain/cardMask';
import type { ChatPolicy, RetentionPolicy } from '../../shared/domain/config';
import { purgeAt } from '../../shared/domain/retention';
import { conversationSubject, recordAudit, staffActor } from '../audit/record';
import { isReviewer, requireTranscriptAccess } from '../transcripts/access';
import type { Clock } from '../clock';
import { newId } from '../ids';
import type { StoreApi } from '../store/api';
import { publicConversation, type ConversationAccess, type ConversationRecord } from '../store/conversations';
import type { CustomerIdentity } from '../auth/widget';
import { readReceipts } from './readReceipts';
import { pickLocale } from '../../shared/i18n/locales';
import { knownTimeZone } from '../../shared/protocol/routing';

export type Actor = { kind: 'customer'; identity: CustomerIdentity } | { kind: 'staff'; user: StaffUser };

/** What the transport layer must broadcast after a change. */
export interface ChatEvents {
  messageStored(message: Message): void;
  conversationChanged(conversation: Conversation): void;
  queueChanged(): void;
  /** One side of a chat read further (issue 3). */
  readChanged(receipt: ReadReceipt): void;
}

const SYNC_PAGE = 10_000;

// How much of a message a queue preview carries: a line in a list, not the message.
const PREVIEW_CHARS = 160;

export function chatService(
  store: StoreApi,
  clock: Clock,
  policy: () => { chat: ChatPolicy; retention: RetentionPolicy },
  events: ChatEvents,
  pages: () => PageSizes,
) {
  const iso = () => clock.now().toISOString();
  const receipts = readReceipts(store, (r) => events.readChanged(r));

  /** The conversation if this actor may see it; an id that is not theirs reads as unknown. */
  async function visible(actor: Actor, conversationId: string): Promise<ConversationRecord> {
    const c = await store.conversations.get(conversationId);
    if (!c) throw new DeskError('not_found', 'No such conversation.');
    await mayRead(actor, c);
    return c;
  }

  async function mayRead(actor: Actor, c: ConversationAccess): Promise<void> {
    if (actor.kind === 'customer' && c.widgetSessionId !== actor.identity.widgetSessionId) {
      throw new DeskError('not_found', 'No such conversation.');
    }
    // An ended chat is a transcript: staff read it under the transcript rules (issue 4).
    if (actor.kind === 'staff' && c.status === 'ended') await requireTranscriptAccess(store, actor.user, c.id);
    // A live chat (issue 12): its agent, supervisors and admins; while it waits, the brand's agents.
    if (actor.kind === 'staff' && c.status !== 'ended' && !isReviewer(actor.user)) {
      if (c.status === 'active' && c.assignedAgent?.id !== actor.user.id) {
        throw new DeskError('forbidden', `${c.assignedAgent?.name ?? 'Another agent'} is handling this chat; a supervisor can reassign it to you.`);
      }
      if (c.status === 'waiting' && !(await store.routing.serves(actor.user.id, c.brandId))) throw new DeskError('forbidden', 'You do not serve this brand.');
    }
  }

  /** Whether this staff member may still follow the chat (its room): see visible(). */
  async function mayFollow(user: StaffUser, conversationId: string): Promise<boolean> {
    try {
      await visible({ kind: 'staff', user }, conversationId);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Visible, and the actor may act in it: a live chat another agent is handling is theirs (a
   * supervisor reassigns it, or its agent transfers it); supervisors and admins may step in.
   */
  async function workable(actor: Actor, conversationId: string): Promise<ConversationRecord> {
    const c = await visible(actor, conversationId);
    mayAct(actor, c);
    return c;
  }

  function mayAct(actor: Actor, c: ConversationAccess): void {
    if (actor.kind === 'staff' && !isReviewer(actor.user) && c.status !== 'ended' && c.assignedAgent && c.assignedAgent.id !== actor.user.id) {
      throw new DeskError('forbidden', `${c.assignedAgent.name} is handling this chat; a supervisor can reassign it to you.`);
    }
  }

  /**
   * workable() from the in-memory copy of the conversation's access facts: the send path. The
   * facts are read while the actor is still being checked (the session behind a socket): both
   * reads go to the store together.
   */
  async function workableAccess(actorChecked: Actor | Promise<Actor>, conversationId: string): Promise<{ actor: Actor; c: ConversationAccess }> {
    const [actor, c] = await Promise.all([actorChecked, store.conversations.access(conversationId)]);
    if (!c) throw new DeskError('not_found', 'No such conversation.');
    await mayRead(actor, c);
    mayAct(actor, c);
    return { actor, c };
  }

  async function transcript(c: ConversationRecord, afterSeq = 0): Promise<Transcript> {
    return { conversation: publicConversation(c), messages: await store.conversations.messagesAfter(c.id, afterSeq, SYNC_PAGE) };
  }

  return {
    visible,
    workable,
    mayFollow,
    /**
     * Whether a chat's sends must be queued to keep their arrival order. With the SQLite store in
     * the hub's thread every step up to the seq is synchronous on one connection, so sends take
     * their seqs in the order they came. Where each step awaits another thread (the store's worker)
     * or the network (PostgreSQL), a later send (a retry burst after a reconnect) can reach the
     * write first: the soak across hubs saw it on PostgreSQL.
     */
    sendsNeedQueue: !store.inThread,

    async current(identity: CustomerIdentity): Promise<Transcript | null> {
      const c = await store.conversations.latestForWidget(identity.widgetSessionId);
      return c ? transcript(c) : null;
    },

    /** `customer`: the widget's language and the browser's time zone, for the chat's copies and emails. */
    async start(identity: CustomerIdentity, brandId = 'default', customer: { locale: string | null; timeZone: string | null } = { locale: null, timeZone: null }): Promise<Transcript> {
      const open = await store.conversations.openForWidget(identity.widgetSessionId);
      if (open) return transcript(open);
      const c = await store.write(async (tx) => {
        const created = await tx.conversations.create({
          id: newId('c'),
          customerId: identity.customer.id,
          widgetSessionId: identity.widgetSessionId,
          brandId,
          createdAt: iso(),
        });
        const zone = customer.timeZone && knownTimeZone(customer.timeZone) ? customer.timeZone : null;
        if (customer.locale || zone) await tx.conversations.setCustomerLocale(created.id, customer.locale ? pickLocale([customer.locale]) : null, zone);
        return created;
      });
      events.conversationChanged(publicConversation(c));
      events.queueChanged();
      return transcript(c);
    },

    /**
     * Stores the message durably, then resolves: the caller acks only after this. `actorChecked`
     * may still be being checked (the socket's session): nothing is written before it is.
     */
    async send(actorChecked: Actor | Promise<Actor>, p: ChatSend): Promise<Message> {
      const max = policy().chat.messageMaxChars;
      if (p.body.length > max) throw new DeskError('too_large', `A message can be at most ${max} characters.`);
      const { actor, c } = await workableAccess(actorChecked, p.conversationId);
      if (c.status === 'ended') throw new DeskError('conflict', 'This conversation has ended.');
      const author =
        actor.kind === 'customer'
          ? { kind: 'customer' as const, id: actor.identity.customer.id, name: actor.identity.customer.name }
          : { kind: 'agent' as const, id: actor.user.id, name: actor.user.name };
      // An agent answering a waiting chat takes it.
      const takes = actor.kind === 'staff' && c.status === 'waiting';
      // Both calls are known up front: one message to the store's worker, in its group commit.
      const { message, duplicate } = await store.writeCalls((tx) => {
        if (takes) void tx.conversations.assign(c.id, author.id, iso());
        return tx.conversations.appendMessage({
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
      if (takes) await this.changed(c.id);
      // A waiting chat's words reach the queue's previews (and the offer card) of every agent.
      else if (!duplicate && c.status === 'waiting') events.queueChanged();
      return message;
    },

    /**
     * The customer, or the chat's own agent, has read up to p.seq. Staff who may act in the chat
     * but do not handle it (a supervisor watching, anyone before it is taken) are refused: their
     * looking must not tell the customer the agent has read it.
     */
    async read(actor: Actor, p: ChatRead): Promise<ReadReceipt> {
      const c = await workable(actor, p.conversationId);
      if (actor.kind === 'staff' && c.assignedAgent?.id !== actor.user.id) {
        throw new DeskError('forbidden', 'Only the agent handling this chat marks it read; watching it does not.');
      }
      return receipts.mark(c, actor.kind === 'customer' ? 'customer' : 'agent', p.seq);
    },

    async sync(actor: Actor, p: ChatSync): Promise<Transcript> {
      return transcript(await visible(actor, p.conversationId), p.afterSeq);
    },

    /** A staff catch-up on a chat: recorded (issue 12) before the messages are returned. */
    async syncForStaff(user: StaffUser, p: ChatSync): Promise<Transcript> {
      const t = await transcript(await visible({ kind: 'staff', user }, p.conversationId), p.afterSeq);
      await recordAudit(store, clock, staffActor(user), 'conversation.sync', conversationSubject(p.conversationId), { afterSeq: p.afterSeq, messages: t.messages.length });
      return t;
    },

    /** Waiting chats the caller may see (an agent: their brands' only, as mayRead), and their own active ones. */
    async queue(agent: StaffUser): Promise<Conversation[]> {
      const brands = isReviewer(agent) ? null : await store.routing.brandsOf(agent.id);
      return (await store.conversations.queueFor(agent.id)).filter((c) => c.status !== 'waiting' || brands === null || brands.includes(c.brandId)).map(publicConversation);
    },

    /** The ids of the active chats assigned to `agent` (a console that connects follows them): queueFor's active ones are exactly those. */
    async assignedTo(agent: StaffUser): Promise<string[]> {
      return (await store.conversations.queueFor(agent.id)).filter((c) => c.status === 'active').map((c) => c.id);
    },

    /** The queue with what each chat is about (issue 9). */
    async queueWithPreviews(agent: StaffUser): Promise<{ conversations: Conversation[]; previews: QueuePreview[] }> {
      const conversations = await this.queue(agent);
      const previews = await Promise.all(conversations.map(async (c) => ({ conversationId: c.id, ...(await store.conversations.preview(c.id, PREVIEW_CHARS)) })));
      return { conversations, previews };
    },

    /**
     * A staff view of a customer's chat: recorded before the transcript is returned. Whole unless a
     * page is asked for (`limit`, `beforeSeq`): then the newest messages before `beforeSeq`.
     */
    async open(agent: StaffUser, conversationId: string, page: Omit<ConversationOpen, 'conversationId'> = {}): Promise<OpenedTranscript> {
      const c = await visible({ kind: 'staff', user: agent }, conversationId);
      const paged = page.limit !== undefined || page.beforeSeq !== undefined;
      let t: OpenedTranscript;
      if (paged) {
        const { messages, hasMore } = await store.transcripts.page(c.id, page.beforeSeq, pageLimit(pages(), page.limit));
        t = { conversation: publicConversation(c), messages, hasEarlier: hasMore };
      } else t = { ...(await transcript(c)), hasEarlier: false };
      const extra = paged ? { messages: t.messages.length, beforeSeq: page.beforeSeq ?? null } : { messages: t.messages.length };
      await recordAudit(store, clock, staffActor(agent), 'conversation.view', conversationSubject(conversationId), extra);
      return t;
    },

    async accept(agent: StaffUser, conversationId: string): Promise<Conversation> {
      const taken = await store.conversations.get(conversationId);
      if (taken?.status === 'active' && taken.assignedAgent && taken.assignedAgent.id !== agent.id) {
        throw new DeskError('conflict', `${taken.assignedAgent.name} is already handling this conversation.`);
      }
      const c = await visible({ kind: 'staff', user: agent }, conversationId);
      if (c.status === 'ended') throw new DeskError('conflict', 'This conversation has ended.');
      if (c.assignedAgent && c.assignedAgent.id !== agent.id) {
        throw new DeskError('conflict', `${c.assignedAgent.name} is already handling this conversation.`);
      }
      // Picking from the queue by hand respects the agent's brands (issue 3); offers already do.
      if (!(await store.routing.serves(agent.id, c.brandId))) throw new DeskError('forbidden', 'You do not serve this brand.');
      await store.writeCalls((tx) => tx.conversations.assign(c.id, agent.id, iso()));
      return this.changed(c.id);
    },

    async end(actor: Actor, conversationId: string): Promise<Conversation> {
      const c = await workable(actor, conversationId);
      if (c.status === 'ended') return publicConversation(c);
      const now = clock.now();
      // The purge date is set in the same write as the end, so no ended transcript lacks one.
      const purge = purgeAt(now, policy().retention.transcriptMonths);
      const by = actor.kind === 'customer' ? 'customer' : 'agent';
      await store.writeCalls((tx) => tx.conversations.end(c.id, now.toISOString(), purge.toISOString(), by));
      return this.changed(c.id);
    },

    /**
     * A notice from the hub itself (author kind system), e.g. a case step the customer must know
     * about (issue 5). Stored and delivered like any message: a seq, dedupe on clientId, replay on
     * reconnect. Ended chats take it too, so the customer finds it when they come back.
     */
    async postSystem(conversationId: string, clientId: string, authorName: string, body: string): Promise<Message> {
      if (!(await store.conversations.get(conversationId))) throw new DeskError('not_found', 'No such conversation.');
      const { message, duplicate } = await store.writeCalls((tx) =>
        tx.conversations.appendMessage({
          conversationId,
          clientId,
          authorKind: 'system',
          authorId: null,
          authorName,
          body: maskCardNumbers(body),
          createdAt: iso(),
        }),
      );
      if (!duplicate) events.messageStored(message);
      return message;
    },

    /** The conversation as clients see it, or null when it is gone (purged, erased). */
    async view(conversationId: string): Promise<Conversation | null> {
      const c = await store.conversations.get(conversationId);
      return c ? publicConversation(c) : null;
    },

    async changed(conversationId: string): Promise<Conversation> {
      const c = publicConversation((await store.conversations.get(conversationId))!);
      events.conversationChanged(c);
      events.queueChanged();
      return c;
    },
  };
}
export type ChatService = ReturnType<typeof chatService>;
