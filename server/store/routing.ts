// Routing, private notes and canned replies (migration 0004). Tickets: tickets.ts.
import { OPEN_CONVERSATION } from './conversations';
import type { Db } from './db';

export type NoteKind = 'note' | 'whisper' | 'transfer';

export interface NoteRecord {
  id: string;
  conversationId: string;
  clientId: string;
  kind: NoteKind;
  author: { id: string | null; name: string };
  body: string;
  createdAt: string;
}

export interface CannedRecord {
  id: string;
  brandId: string | null;
  shortcut: string;
  title: string;
  body: string;
  updatedAt: string;
}

/** What routing needs of an open conversation. */
export interface OpenChatRow {
  id: string;
  brandId: string;
  status: 'waiting' | 'active';
  createdAt: string;
  assignedAgentId: string | null;
  offeredTo: string | null;
  offeredAt: string | null;
  widgetSessionId: string | null;
  customerName: string;
  agentName: string | null;
}

export type NewNote = { id: string; conversationId: string; clientId: string; kind: NoteKind; authorId: string | null; authorName: string; body: string; createdAt: string };

export type NoteRow = { id: string; conversation_id: string; client_id: string; kind: NoteKind; author_id: string | null; author_name: string; body: string; created_at: string };
export const toNote = (r: NoteRow): NoteRecord => ({
  id: r.id,
  conversationId: r.conversation_id,
  clientId: r.client_id,
  kind: r.kind,
  author: { id: r.author_id, name: r.author_name },
  body: r.body,
  createdAt: r.created_at,
});

export type CannedRow = { id: string; brand_id: string | null; shortcut: string; title: string; body: string; updated_at: string };
export const toCanned = (r: CannedRow): CannedRecord => ({ id: r.id, brandId: r.brand_id, shortcut: r.shortcut, title: r.title, body: r.body, updatedAt: r.updated_at });

export function routingStore(db: Db) {
  const q = {
    openChats: db.prepare(
      `SELECT c.id, c.brand_id AS brandId, c.status, c.created_at AS createdAt, c.assigned_agent_id AS assignedAgentId,
              c.offered_to AS offeredTo, c.offered_at AS offeredAt, c.widget_session_id AS widgetSessionId,
              k.name AS customerName, u.name AS agentName
       FROM conversations c JOIN customers k ON k.id = c.customer_id LEFT JOIN users u ON u.id = c.assigned_agent_id
       WHERE ${OPEN_CONVERSATION} ORDER BY c.created_at, c.rowid`,
    ),
    // With a cap, the offer lands only while the agent holds fewer chats (active or offered) than
    // it: the check and the offer are one statement, so the cap holds whatever routing read before.
    offer: db.prepare(
      `UPDATE conversations SET offered_to = @agentId, offered_at = @at WHERE id = @id AND status = 'waiting' AND offered_to IS NULL
         AND (@cap IS NULL OR (SELECT COUNT(*) FROM conversations l
           WHERE (l.status = 'active' AND l.assigned_agent_id = @agentId) OR (l.status = 'waiting' AND l.offered_to = @agentId)) < @cap)`,
    ),
    clearOffer: db.prepare('UPDATE conversations SET offered_to = NULL, offered_at = NULL WHERE id = ?'),
    clearOfferIf: db.prepare(`UPDATE conversations SET offered_to = NULL, offered_at = NULL WHERE id = ? AND offered_to = ? AND status = 'waiting'`),
    // Offers do not survive a hub restart: their timers are gone, so they go back to the queue.
    clearAllOffers: db.prepare('UPDATE conversations SET offered_to = NULL, offered_at = NULL WHERE offered_to IS NOT NULL'),
    requeue: db.prepare(
      `UPDATE conversations SET status = 'waiting', assigned_agent_id = NULL, offered_to = NULL, offered_at = NULL, brand_id = ? WHERE id = ? AND status != 'ended'`,
    ),
    requeueFrom: db.prepare(
      `UPDATE conversations SET status = 'waiting', assigned_agent_id = NULL, offered_to = NULL, offered_at = NULL WHERE id = ? AND status = 'active' AND assigned_agent_id = ?`,
    ),
    reassign: db.prepare(
      `UPDATE conversations SET status = 'active', assigned_agent_id = @agentId, offered_to = NULL, offered_at = NULL,
              first_assigned_at = COALESCE(first_assigned_at, @at) WHERE id = @id AND status != 'ended'`,
    ),
    brandsOf: db.prepare('SELECT brand_id FROM user_brands WHERE user_id = ? ORDER BY brand_id'),
    allBrands: db.prepare('SELECT user_id, brand_id FROM user_brands'),
    clearBrands: db.prepare('DELETE FROM user_brands WHERE user_id = ?'),
    addBrand: db.prepare('INSERT OR IGNORE INTO user_brands (user_id, brand_id) VALUES (?, ?)'),
    insertNote: db.prepare(
      `INSERT INTO chat_notes (id, conversation_id, client_id, kind, author_id, author_name, body, created_at)
       VALUES (@id, @conversationId, @clientId, @kind, @authorId, @authorName, @body, @createdAt)`,
    ),
    noteByClientId: db.prepare('SELECT * FROM chat_notes WHERE conversation_id = ? AND client_id = ?'),
    notes: db.prepare('SELECT * FROM chat_notes WHERE conversation_id = ? ORDER BY created_at, rowid'),
    canned: db.prepare('SELECT * FROM canned_replies ORDER BY shortcut, brand_id'),
    cannedById: db.prepare('SELECT * FROM canned_replies WHERE id = ?'),
    upsertCanned: db.prepare(
      `INSERT INTO canned_replies (id, brand_id, shortcut, title, body, updated_at) VALUES (@id, @brandId, @shortcut, @title, @body, @updatedAt)
       ON CONFLICT (id) DO UPDATE SET brand_id = excluded.brand_id, shortcut = excluded.shortcut, title = excluded.title, body = excluded.body, updated_at = excluded.updated_at`,
    ),
    cannedByShortcut: db.prepare(`SELECT * FROM canned_replies WHERE COALESCE(brand_id, '') = COALESCE(?, '') AND shortcut = ?`),
    deleteCanned: db.prepare('DELETE FROM canned_replies WHERE id = ?'),
  };

  return {
    openChats: (): OpenChatRow[] => q.openChats.all() as OpenChatRow[],
    /**
     * Marks a waiting, unoffered chat as offered; false when it is no longer so, or when the agent
     * already holds `cap` chats (active or offered to them). No cap: no limit.
     */
    offer: (id: string, agentId: string, at: string, cap: number | null = null): boolean => q.offer.run({ id, agentId, at, cap }).changes > 0,
    clearOffer: (id: string): void => void q.clearOffer.run(id),
    /** Withdraws the offer only if it is still this agent's; true when it was. */
    lapseOffer: (id: string, agentId: string): boolean => q.clearOfferIf.run(id, agentId).changes > 0,
    clearAllOffers: (): number => q.clearAllOffers.run().changes,
    /** Back to the waiting queue (of `brandId`), unassigned. */
    requeue: (id: string, brandId: string): boolean => q.requeue.run(brandId, id).changes > 0,
    reassign: (id: string, agentId: string, at: string | null = null): boolean => q.reassign.run({ id, agentId, at }).changes > 0,
    /** Back to its brand's queue, only if this agent still holds it (the grace-period requeue). */
    requeueFrom: (id: string, agentId: string): boolean => q.requeueFrom.run(id, agentId).changes > 0,
    brandsOf(userId: string): string[] | null {
      const rows = q.brandsOf.all(userId) as { brand_id: string }[];
      return rows.length ? rows.map((r) => r.brand_id) : null;
    },
    /** Whether the agent serves the brand: no brands recorded means every brand. */
    serves(userId: string, brandId: string): boolean {
      const brands = this.brandsOf(userId);
      return brands === null || brands.includes(brandId);
    },
    allBrandRestrictions(): Map<string, string[]> {
      const out = new Map<string, string[]>();
      for (const r of q.allBrands.all() as { user_id: string; brand_id: string }[]) out.set(r.user_id, [...(out.get(r.user_id) ?? []), r.brand_id]);
      return out;
    },
    /** Replaces the agent's brands; an empty list means every brand. */
    setBrands(userId: string, brands: string[]): void {
      q.clearBrands.run(userId);
      for (const b of brands) q.addBrand.run(userId, b);
    },
    /** Stored once per (conversation, clientId): a resend returns the stored note. */
    addNote(n: NewNote): { note: NoteRecord; duplicate: boolean } {
      const existing = q.noteByClientId.get(n.conversationId, n.clientId) as NoteRow | undefined;
      if (existing) return { note: toNote(existing), duplicate: true };
      q.insertNote.run(n);
      return { note: toNote(q.noteByClientId.get(n.conversationId, n.clientId) as NoteRow), duplicate: false };
    },
    notes: (conversationId: string): NoteRecord[] => (q.notes.all(conversationId) as NoteRow[]).map(toNote),
    canned: (): CannedRecord[] => (q.canned.all() as CannedRow[]).map(toCanned),
    cannedById(id: string): CannedRecord | undefined {
      const r = q.cannedById.get(id) as CannedRow | undefined;
      return r && toCanned(r);
    },
    cannedByShortcut(brandId: string | null, shortcut: string): CannedRecord | undefined {
      const r = q.cannedByShortcut.get(brandId, shortcut) as CannedRow | undefined;
      return r && toCanned(r);
    },
    saveCanned(c: { id: string; brandId: string | null; shortcut: string; title: string; body: string; updatedAt: string }): CannedRecord {
      q.upsertCanned.run(c);
      return this.cannedById(c.id)!;
    },
    deleteCanned: (id: string): boolean => q.deleteCanned.run(id).changes > 0,
  };
}
export type RoutingStore = ReturnType<typeof routingStore>;
