// Transcript events on both namespaces: review and search for staff (/agent), a copy by email for
// the customer (/customer), and the push of each copy's delivery status to both sides.
import type { Namespace } from 'socket.io';
import { ConversationRef, Empty } from '../../shared/protocol/schemas';
import {
  RetryCopy,
  SendCopy,
  TranscriptComment,
  TranscriptExport,
  TranscriptGet,
  TranscriptHold,
  TranscriptSearch,
  TranscriptTag,
  type EmailCopy,
} from '../../shared/protocol/transcripts';
import type { StaffUser } from '../../shared/protocol/schemas';
import type { CustomerIdentity } from '../auth/widget';
import type { ChatService } from '../chat/chatService';
import { customerCopy, type CopyEvents, type TranscriptCopies } from '../transcripts/copies';
import type { TranscriptReview } from '../transcripts/review';
import { room, type Binder } from './handle';

export interface TranscriptDeps {
  review: TranscriptReview;
  copies: TranscriptCopies;
}

/** `user` is read per event: the binder's guard refreshes the session (and role) before each. */
export function bindAgentTranscripts(b: Binder, user: () => StaffUser, deps: TranscriptDeps): void {
  const { review, copies } = deps;
  b.on('transcripts:search', TranscriptSearch, (p) => review.search(user(), p));
  b.on('transcripts:get', TranscriptGet, (p) => review.get(user(), p));
  b.on('transcripts:tag', TranscriptTag, (p) => review.tag(user(), p.conversationId, p.tag));
  b.on('transcripts:untag', TranscriptTag, (p) => review.untag(user(), p.conversationId, p.tag));
  b.on('transcripts:comment', TranscriptComment, (p) => review.comment(user(), p.conversationId, p.body));
  b.on('transcripts:hold', TranscriptHold, (p) => review.hold(user(), p.conversationId, p.reason));
  b.on('transcripts:release', ConversationRef, (p) => review.release(user(), p.conversationId));
  b.on('transcripts:export', TranscriptExport, (p) => review.export(user(), p.conversationId, p.format));
  b.on('transcripts:tags', Empty, () => review.tags());
  b.on('transcripts:send-copy', SendCopy, async (p) => ({ copy: await copies.requestByStaff(user(), p) }));
  b.on('transcripts:retry-copy', RetryCopy, async (p) => ({ copy: await copies.retry(user(), p.copyId) }));
  b.on('transcripts:copies', ConversationRef, async (p) => ({ copies: await copies.list(user(), p.conversationId) }));
}

export function bindCustomerTranscripts(b: Binder, identity: () => CustomerIdentity, deps: { chat: ChatService; copies: TranscriptCopies; address: () => string }): void {
  b.on('transcript:email-copy', ConversationRef, async (p) => {
    // Only the customer's own chat, and only to their verified address (issue 12).
    const who = identity();
    const c = deps.chat.visible({ kind: 'customer', identity: who }, p.conversationId);
    return { copy: await deps.copies.requestByCustomer(who, p.conversationId, { address: deps.address(), brandId: c.brandId }) };
  });
}

/**
 * Staff requesting or following a copy watch the conversation's room (or are its requester); the
 * widget in that conversation's room learns the status only, without addresses or server replies.
 */
export function copyBroadcaster(agents: Namespace, customers: Namespace): CopyEvents {
  return {
    copyUpdated(copy: EmailCopy) {
      const r = room.conversation(copy.conversationId);
      const staff = copy.requestedBy.kind === 'staff' && copy.requestedBy.id ? agents.to(r).to(room.user(copy.requestedBy.id)) : agents.to(r);
      staff.emit('transcripts:copy-updated', copy);
      customers.to(r).emit('transcript:copy-updated', customerCopy(copy));
    },
  };
}
