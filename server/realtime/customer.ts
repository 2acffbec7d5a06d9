// Namespace /customer: the chat widget. A socket is bound to one widget session and sees only
// the conversations started in it.
import type { Namespace, Socket } from 'socket.io';
import type { Limits } from '../limits/limits';
import { ChatRead, ChatSend, ChatSync, ChatTyping, Empty } from '../../shared/protocol/schemas';
import { ChatStart } from '../../shared/protocol/routing';
import type { CustomerClientEvents, CustomerServerEvents } from '../../shared/protocol/events';
import type { CustomerIdentity, WidgetAuth } from '../auth/widget';
import type { ChatService } from '../chat/chatService';
import { conversationKey, keyedQueue, room, toProtocolError, type Log } from './handle';
import { customerBinder } from './customerBinder';
import type { Broadcast } from './broadcast';
import { bindCustomerTranscripts } from './transcripts';
import type { TranscriptCopies } from '../transcripts/copies';

type CustomerNs = Namespace<CustomerClientEvents, CustomerServerEvents, Record<string, never>, { identity: CustomerIdentity }>;

export interface CustomerRouting {
  /** The brand a new chat goes to; throws not_found for an unknown brand, closed outside its hours. */
  mayStart(brandId: string | undefined): string;
  /** The chat's place in the queue, or null when it is not waiting. */
  position(conversationId: string): Promise<number | null>;
}

export function registerCustomer(
  ns: CustomerNs,
  deps: {
    auth: WidgetAuth;
    chat: ChatService;
    broadcast: Broadcast;
    log: Log;
    copies: TranscriptCopies;
    limits: Limits;
    /** The client's address, for the limits. */
    address(socket: Socket): string;
    routing?: CustomerRouting;
  },
) {
  const { auth, chat, broadcast, log } = deps;
  // One queue per chat on this hub, for every widget socket: a resend on a new socket waits for the old one's.
  const sendsInOrder = chat.sendsNeedQueue ? { queue: { by: conversationKey, queue: keyedQueue() } } : {};

  ns.use(async (socket, next) => {
    try {
      socket.data.identity = await auth.authenticate(socket.handshake.auth?.token as string | undefined);
      next();
    } catch (e) {
      const err = new Error(toProtocolError(e, log, 'customer connect').message) as Error & { data: unknown };
      err.data = { code: 'unauthenticated' };
      next(err);
    }
  });

  ns.on('connection', (socket) => {
    // Re-read per event (customerBinder): a session verified by a code acts as the verified customer at once.
    const identity = () => socket.data.identity;
    const actor = () => ({ kind: 'customer' as const, identity: identity() });
    const address = () => deps.address(socket);
    const b = customerBinder(socket, log, auth);
    bindCustomerTranscripts(b, identity, { chat, copies: deps.copies, address });
    const join = async <T extends { conversation: { id: string; status: string } } | null>(t: T): Promise<T> => {
      if (t) {
        void socket.join(room.conversation(t.conversation.id));
        // A (re)joining widget learns its place at once; later changes arrive as they happen.
        const position = t.conversation.status === 'waiting' ? await deps.routing?.position(t.conversation.id) : null;
        if (position) socket.emit('queue:position', { conversationId: t.conversation.id, position });
      }
      return t;
    };

    b.on('chat:current', Empty, async () => join(await chat.current(identity())));
    b.on('chat:start', ChatStart, async (p) => {
      // A chat already open continues whatever the hours; only a new one needs the desk open.
      const current = await chat.current(identity());
      if (current && current.conversation.status !== 'ended') return join(current);
      const brandId = deps.routing ? deps.routing.mayStart(p?.brandId) : 'default';
      await deps.limits.consume('chatStart', { address: address(), email: identity().customer.email, brand: brandId });
      return join(await chat.start(identity(), brandId, { locale: p?.locale ?? null, timeZone: p?.timeZone ?? null }));
    });
    // The chat is looked up while the session is checked; actor() is read once the check is done.
    b.on('chat:send', ChatSend, async (p, guarded) => ({ message: await chat.send(guarded.then(actor), p) }), { ...sendsInOrder, guardAlongside: true });
    b.on('chat:sync', ChatSync, async (p) => {
      const t = await chat.sync(actor(), p);
      void socket.join(room.conversation(p.conversationId));
      return t;
    });
    b.on('chat:read', ChatRead, (p) => chat.read(actor(), p));
    b.on('chat:typing', ChatTyping, async (p) => {
      await chat.visible(actor(), p.conversationId);
      broadcast.typing({ conversationId: p.conversationId, author: { kind: 'customer', name: identity().customer.name }, typing: p.typing });
      return null;
    });
  });
}
