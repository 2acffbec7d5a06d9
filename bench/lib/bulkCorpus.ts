// Building a large message corpus fast, for the figures measured "at 5M messages": prepared
// statements straight into the store's tables, many rows per transaction, each transaction's
// messages indexed by the store's own indexer before it commits (so the index is the one the hub
// would have built, in large batches as the hub's timer does).
// Going through store.write + appendMessage (the real path, ~9,000 msg/s here) would take ten
// minutes per 5M; the real path's own speed is the store bench's `ingest` figure, not this.
import type { Db } from '../../server/store/db';
import { searchIndex } from '../../server/store/searchIndex';
import { maskCardNumbers } from '../../shared/domain/cardMask';
import { round } from './stats';

export interface BulkOptions {
  /** Conversations to add, each with `perConversation` messages (seq 1..n, last_seq n). */
  conversations: number;
  perConversation: number;
  /** Ids are `c_${prefix}${n}` (customers `k_${prefix}${n}`), n from `offset`. */
  prefix: string;
  offset?: number;
  /** Every conversation is ended at `endedAt`; `purgeAt` is its retention date (far ahead: never due). */
  endedAt: string;
  purgeAt: string;
  /** Messages per transaction (one commit, one fsync each). */
  messagesPerTransaction?: number;
  next(): string;
}

export interface BulkResult {
  conversations: string[];
  messages: number;
  transactions: number;
  seconds: number;
  messagesPerSec: number;
}

const DEFAULT_PER_TRANSACTION = 250_000;

/** Adds ended conversations full of messages to the open database `db`; the caller owns `db`. */
export function bulkConversations(db: Db, o: BulkOptions): BulkResult {
  const offset = o.offset ?? 0;
  const perTx = Math.max(o.perConversation, o.messagesPerTransaction ?? DEFAULT_PER_TRANSACTION);
  const customer = db.prepare('INSERT INTO customers (id, email, name, created_at) VALUES (?, ?, ?, ?)');
  const conversation = db.prepare(
    "INSERT INTO conversations (id, customer_id, brand_id, status, created_at, ended_at, last_seq, purge_at, ended_by) VALUES (?, ?, 'default', 'ended', ?, ?, ?, ?, 'agent')",
  );
  const message = db.prepare(
    'INSERT INTO messages (conversation_id, seq, client_id, author_kind, author_id, author_name, body, created_at) VALUES (?, ?, ?, ?, NULL, ?, ?, ?)',
  );
  const createdAt = new Date(new Date(o.endedAt).getTime() - 60 * 60 * 1000).toISOString();
  const ids: string[] = [];
  const perChunk = Math.max(1, Math.floor(perTx / o.perConversation));
  let transactions = 0;
  const index = searchIndex(db);
  const chunk = db.transaction((from: number, to: number) => {
    for (let n = from; n < to; n++) {
      const id = `c_${o.prefix}${n}`;
      const customerId = `k_${o.prefix}${n}`;
      customer.run(customerId, `${o.prefix}${n}@shop.test`, `Bulk Customer ${n}`, createdAt);
      conversation.run(id, customerId, createdAt, o.endedAt, o.perConversation, o.purgeAt);
      for (let seq = 1; seq <= o.perConversation; seq++) {
        const fromCustomer = seq % 3 !== 0;
        // Masked first, as chatService.send does before anything is stored.
        message.run(id, seq, `b${seq}`, fromCustomer ? 'customer' : 'agent', fromCustomer ? 'Bulk Customer' : 'Bulk Agent', maskCardNumbers(o.next()), createdAt);
      }
      ids.push(id);
    }
    index.indexPending();
  });
  const t0 = performance.now();
  for (let n = offset; n < offset + o.conversations; n += perChunk) {
    chunk(n, Math.min(offset + o.conversations, n + perChunk));
    transactions += 1;
  }
  const seconds = (performance.now() - t0) / 1000;
  const messages = o.conversations * o.perConversation;
  return { conversations: ids, messages, transactions, seconds: round(seconds, 2), messagesPerSec: round(messages / seconds, 0) };
}
