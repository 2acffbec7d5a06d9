// Routing, private notes and canned replies on PostgreSQL: ../../routing.ts's twin.
//
// Several hubs route the same queue. An offer is decided in the database, under row locks held to
// the write's commit: the agent's row first (FOR NO KEY UPDATE, so a chat being assigned to them
// elsewhere, whose foreign key only shares the row, is not held up), then the chat's (FOR UPDATE).
// Two hubs offering to one agent take turns, and the second counts the first's offer against the
// cap; two hubs offering one chat take turns, and the second finds it offered. Agents are locked
// before chats everywhere here, so these locks do not deadlock each other; a write that offers
// several chats may still meet another hub's in the other order, and is then retried (../api.ts).
//
// SQLite breaks ties in time by rowid; conversations have no such column here, so open chats that
// arrived in the same millisecond keep a stable order by id (a chat's place in the queue must not
// move when it is updated), and notes, never updated, keep their place in the table (ctid).
import { toCanned, toNote, type CannedRecord, type CannedRow, type NewNote, type NoteRecord, type NoteRow, type OpenChatRow } from '../../routing';
import { OPEN_CONVERSATION } from '../../conversations';
import type { PgModuleFactory } from '../api';
import { all, one, run, type PgQueryable } from '../query';

const NOTE_COLUMNS = 'id, conversation_id, client_id, kind, author_id, author_name, body, created_at';
const CANNED_COLUMNS = 'id, brand_id, shortcut, title, body, updated_at';

async function brandsOf(q: PgQueryable, userId: string): Promise<string[] | null> {
  const rows = await all<{ brand_id: string }>(q, 'SELECT brand_id FROM user_brands WHERE user_id = $1 ORDER BY brand_id', [userId]);
  return rows.length ? rows.map((r) => r.brand_id) : null;
}

async function cannedById(q: PgQueryable, id: string): Promise<CannedRecord | undefined> {
  const r = await one<CannedRow>(q, `SELECT ${CANNED_COLUMNS} FROM canned_replies WHERE id = $1`, [id]);
  return r && toCanned(r);
}

async function noteByClientId(q: PgQueryable, conversationId: string, clientId: string): Promise<NoteRecord | undefined> {
  const r = await one<NoteRow>(q, `SELECT ${NOTE_COLUMNS} FROM chat_notes WHERE conversation_id = $1 AND client_id = $2`, [conversationId, clientId]);
  return r && toNote(r);
}

export const pgRoutingStore: PgModuleFactory<'routing'> = (q) => ({
  openChats: (): Promise<OpenChatRow[]> =>
    all<OpenChatRow>(
      q,
      `SELECT c.id, c.brand_id AS "brandId", c.status, c.created_at AS "createdAt", c.assigned_agent_id AS "assignedAgentId",
              c.offered_to AS "offeredTo", c.offered_at AS "offeredAt", c.widget_session_id AS "widgetSessionId",
              k.name AS "customerName", u.name AS "agentName"
       FROM conversations c JOIN customers k ON k.id = c.customer_id LEFT JOIN users u ON u.id = c.assigned_agent_id
       WHERE ${OPEN_CONVERSATION} ORDER BY c.created_at, c.id`,
    ),
  async offer(id: string, agentId: string, at: string, cap: number | null = null): Promise<boolean> {
    await all(q, 'SELECT 1 FROM users WHERE id = $1 FOR NO KEY UPDATE', [agentId]);
    const chat = await one<{ status: string; offered_to: string | null }>(q, 'SELECT status, offered_to FROM conversations WHERE id = $1 FOR UPDATE', [id]);
    if (!chat || chat.status !== 'waiting' || chat.offered_to !== null) return false;
    if (cap !== null) {
      const held = await one<{ n: number }>(
        q,
        `SELECT COUNT(*)::int AS n FROM conversations
         WHERE (status = 'active' AND assigned_agent_id = $1) OR (status = 'waiting' AND offered_to = $1)`,
        [agentId],
      );
      if (held!.n >= cap) return false;
    }
    return (await run(q, 'UPDATE conversations SET offered_to = $1, offered_at = $2 WHERE id = $3', [agentId, at, id])) > 0;
  },
  async clearOffer(id: string): Promise<void> {
    await run(q, 'UPDATE conversations SET offered_to = NULL, offered_at = NULL WHERE id = $1', [id]);
  },
  async lapseOffer(id: string, agentId: string): Promise<boolean> {
    return (await run(q, `UPDATE conversations SET offered_to = NULL, offered_at = NULL WHERE id = $1 AND offered_to = $2 AND status = 'waiting'`, [id, agentId])) > 0;
  },
  // Offers do not survive a hub restart (their timers are gone): ../../routing.ts.
  clearAllOffers: (): Promise<number> => run(q, 'UPDATE conversations SET offered_to = NULL, offered_at = NULL WHERE offered_to IS NOT NULL'),
  async requeue(id: string, brandId: string): Promise<boolean> {
    return (
      (await run(
        q,
        `UPDATE conversations SET status = 'waiting', assigned_agent_id = NULL, offered_to = NULL, offered_at = NULL, brand_id = $1 WHERE id = $2 AND status <> 'ended'`,
        [brandId, id],
      )) > 0
    );
  },
  async reassign(id: string, agentId: string, at: string | null = null): Promise<boolean> {
    return (
      (await run(
        q,
        `UPDATE conversations SET status = 'active', assigned_agent_id = @agentId, offered_to = NULL, offered_at = NULL,
                first_assigned_at = COALESCE(first_assigned_at, @at::text) WHERE id = @id AND status <> 'ended'`,
        { id, agentId, at },
      )) > 0
    );
  },
  async requeueFrom(id: string, agentId: string): Promise<boolean> {
    return (
      (await run(
        q,
        `UPDATE conversations SET status = 'waiting', assigned_agent_id = NULL, offered_to = NULL, offered_at = NULL WHERE id = $1 AND status = 'active' AND assigned_agent_id = $2`,
        [id, agentId],
      )) > 0
    );
  },
  brandsOf: (userId: string) => brandsOf(q, userId),
  async serves(userId: string, brandId: string): Promise<boolean> {
    const brands = await brandsOf(q, userId);
    return brands === null || brands.includes(brandId);
  },
  async allBrandRestrictions(): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    // SQLite reads this WITHOUT ROWID table in its key's order.
    for (const r of await all<{ user_id: string; brand_id: string }>(q, 'SELECT user_id, brand_id FROM user_brands ORDER BY user_id, brand_id')) {
      out.set(r.user_id, [...(out.get(r.user_id) ?? []), r.brand_id]);
    }
    return out;
  },
  async setBrands(userId: string, brands: string[]): Promise<void> {
    await run(q, 'DELETE FROM user_brands WHERE user_id = $1', [userId]);
    for (const b of brands) await run(q, 'INSERT INTO user_brands (user_id, brand_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [userId, b]);
  },
  async addNote(n: NewNote): Promise<{ note: NoteRecord; duplicate: boolean }> {
    const existing = await noteByClientId(q, n.conversationId, n.clientId);
    if (existing) return { note: existing, duplicate: true };
    // A resend racing its first send on another hub meets it on the unique key: it is the same note.
    const inserted = await run(
      q,
      `INSERT INTO chat_notes (id, conversation_id, client_id, kind, author_id, author_name, body, created_at)
       VALUES (@id, @conversationId, @clientId, @kind, @authorId, @authorName, @body, @createdAt)
       ON CONFLICT (conversation_id, client_id) DO NOTHING`,
      n,
    );
    return { note: (await noteByClientId(q, n.conversationId, n.clientId))!, duplicate: inserted === 0 };
  },
  async notes(conversationId: string): Promise<NoteRecord[]> {
    return (await all<NoteRow>(q, `SELECT ${NOTE_COLUMNS} FROM chat_notes WHERE conversation_id = $1 ORDER BY created_at, ctid`, [conversationId])).map(toNote);
  },
  async canned(): Promise<CannedRecord[]> {
    // SQLite sorts a missing brand (a reply for every brand) first.
    return (await all<CannedRow>(q, `SELECT ${CANNED_COLUMNS} FROM canned_replies ORDER BY shortcut, brand_id NULLS FIRST`)).map(toCanned);
  },
  cannedById: (id: string) => cannedById(q, id),
  async cannedByShortcut(brandId: string | null, shortcut: string): Promise<CannedRecord | undefined> {
    const r = await one<CannedRow>(q, `SELECT ${CANNED_COLUMNS} FROM canned_replies WHERE COALESCE(brand_id, '') = COALESCE($1::text, '') AND shortcut = $2`, [brandId, shortcut]);
    return r && toCanned(r);
  },
  async saveCanned(c: { id: string; brandId: string | null; shortcut: string; title: string; body: string; updatedAt: string }): Promise<CannedRecord> {
    await run(
      q,
      `INSERT INTO canned_replies (id, brand_id, shortcut, title, body, updated_at) VALUES (@id, @brandId, @shortcut, @title, @body, @updatedAt)
       ON CONFLICT (id) DO UPDATE SET brand_id = excluded.brand_id, shortcut = excluded.shortcut, title = excluded.title, body = excluded.body, updated_at = excluded.updated_at`,
      c,
    );
    return (await cannedById(q, c.id))!;
  },
  deleteCanned: async (id: string): Promise<boolean> => (await run(q, 'DELETE FROM canned_replies WHERE id = $1', [id])) > 0,
});
