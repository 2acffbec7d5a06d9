// Transcript review, search and copies over the agent socket (issue 4, docs/PROTOCOL.md
// "Transcripts"): typed calls that turn the hub's acks into values or DeskErrors, and the hub's
// transcripts:copy-updated pushes. The socket stays owned by the AgentLink.
import type { Ack } from '../../../shared/protocol/errors';
import type {
  EmailCopy,
  ExportFile,
  ExportFormat,
  TranscriptFilters,
  TranscriptMeta,
  TranscriptPage,
  TranscriptSearchPage,
} from '../../../shared/protocol/transcripts';
import { unwrap } from '../../common/ack';
import type { AgentSocket } from './types';
import { tr } from '../../common/i18n';

export interface TranscriptsApi {
  search(query: string, filters: TranscriptFilters, page: number): Promise<TranscriptSearchPage>;
  /** The last page, or the page before `beforeSeq`. */
  get(conversationId: string, beforeSeq?: number, limit?: number): Promise<TranscriptPage>;
  tag(conversationId: string, tag: string): Promise<TranscriptMeta>;
  untag(conversationId: string, tag: string): Promise<TranscriptMeta>;
  comment(conversationId: string, body: string): Promise<TranscriptMeta>;
  hold(conversationId: string, reason: string): Promise<TranscriptMeta>;
  release(conversationId: string): Promise<TranscriptMeta>;
  exportFile(conversationId: string, format: ExportFormat): Promise<ExportFile>;
  /** To the address on file when `to` is absent; another address needs a reason. */
  sendCopy(conversationId: string, to?: string, reason?: string): Promise<EmailCopy>;
  retryCopy(copyId: string): Promise<EmailCopy>;
  copies(conversationId: string): Promise<EmailCopy[]>;
  /** Tags in use, most used first: suggestions. */
  tags(): Promise<{ tag: string; count: number }[]>;
  /** Delivery of copies this session asked for or of conversations it has open. Returns an unsubscribe. */
  onCopyUpdated(handler: (copy: EmailCopy) => void): () => void;
}

export function transcriptsApi(socket: AgentSocket): TranscriptsApi {
  // Fail fast while disconnected rather than have socket.io buffer and resend on reconnect.
  const ask = async <T>(run: () => Promise<Ack<T>>): Promise<T> => {
    if (!socket.connected) throw new Error(tr('connection.offline'));
    return unwrap(await run());
  };

  return {
    search: (query, filters, page) => ask(() => socket.emitWithAck('transcripts:search', { query, filters, page })),
    get: (conversationId, beforeSeq, limit) =>
      ask(() => socket.emitWithAck('transcripts:get', { conversationId, ...(beforeSeq ? { beforeSeq } : {}), ...(limit ? { limit } : {}) })),
    tag: (conversationId, tag) => ask(() => socket.emitWithAck('transcripts:tag', { conversationId, tag })),
    untag: (conversationId, tag) => ask(() => socket.emitWithAck('transcripts:untag', { conversationId, tag })),
    comment: (conversationId, body) => ask(() => socket.emitWithAck('transcripts:comment', { conversationId, body })),
    hold: (conversationId, reason) => ask(() => socket.emitWithAck('transcripts:hold', { conversationId, reason })),
    release: (conversationId) => ask(() => socket.emitWithAck('transcripts:release', { conversationId })),
    exportFile: (conversationId, format) => ask(() => socket.emitWithAck('transcripts:export', { conversationId, format })),
    sendCopy: async (conversationId, to, reason) =>
      (await ask(() => socket.emitWithAck('transcripts:send-copy', { conversationId, ...(to ? { to } : {}), ...(reason ? { reason } : {}) }))).copy,
    retryCopy: async (copyId) => (await ask(() => socket.emitWithAck('transcripts:retry-copy', { copyId }))).copy,
    copies: async (conversationId) => (await ask(() => socket.emitWithAck('transcripts:copies', { conversationId }))).copies,
    tags: async () => (await ask(() => socket.emitWithAck('transcripts:tags', {}))).tags,
    onCopyUpdated(handler) {
      socket.on('transcripts:copy-updated', handler);
      return () => socket.off('transcripts:copy-updated', handler);
    },
  };
}
