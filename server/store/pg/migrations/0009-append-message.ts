import type { PgMigration } from './index';

// A chat message's append in one statement. It was five round trips to PostgreSQL (BEGIN, the
// look-up of a resent client id, the seq bump, the insert, COMMIT), and round trips set a cluster's
// messages per second (docs/PERFORMANCE.md). The steps and their reasons are those the TypeScript
// took before (pg/modules/conversations.ts appendMessage). The function must stay VOLATILE: each
// statement inside then reads with a fresh snapshot, so the last look-up finds a resend another hub
// committed while this one waited for the row lock.
// Returns the stored message's columns, and whether it was stored before.
export const p0009: PgMigration = {
  version: 9,
  name: 'append-message',
  up: `
    CREATE FUNCTION append_message(
      p_conversation_id text, p_client_id text, p_author_kind text, p_author_id text,
      p_author_name text, p_body text, p_created_at text, p_search_words text[]
    ) RETURNS TABLE (stored_seq integer, stored_author_kind text, stored_author_id text, stored_author_name text,
                     stored_body text, stored_created_at text, duplicate boolean)
    LANGUAGE plpgsql VOLATILE AS $$
    DECLARE
      next_seq integer;
      added integer;
    BEGIN
      PERFORM 1 FROM messages m WHERE m.conversation_id = p_conversation_id AND m.client_id = p_client_id;
      IF NOT FOUND THEN
        -- Takes the conversation's row lock until commit: concurrent appends (any hub) queue here.
        UPDATE conversations c SET last_seq = c.last_seq + 1 WHERE c.id = p_conversation_id RETURNING c.last_seq INTO next_seq;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'no conversation % to append a message to', p_conversation_id USING ERRCODE = 'no_data_found';
        END IF;
        INSERT INTO messages (conversation_id, seq, client_id, author_kind, author_id, author_name, body, created_at, search_words)
          VALUES (p_conversation_id, next_seq, p_client_id, p_author_kind, p_author_id, p_author_name, p_body, p_created_at, p_search_words)
          ON CONFLICT (conversation_id, client_id) DO NOTHING;
        GET DIAGNOSTICS added = ROW_COUNT;
        IF added = 1 THEN
          RETURN QUERY SELECT next_seq, p_author_kind, p_author_id, p_author_name, p_body, p_created_at, false;
          RETURN;
        END IF;
        -- The same message, resent to another hub, committed there while this one waited for the
        -- lock: give the seq back (the lock is still ours) and answer with theirs.
        UPDATE conversations c SET last_seq = c.last_seq - 1 WHERE c.id = p_conversation_id;
      END IF;
      RETURN QUERY SELECT m.seq, m.author_kind::text, m.author_id::text, m.author_name::text, m.body::text, m.created_at::text, true
        FROM messages m WHERE m.conversation_id = p_conversation_id AND m.client_id = p_client_id;
    END $$;
  `,
};
