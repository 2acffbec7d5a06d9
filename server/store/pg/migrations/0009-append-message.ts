import type { PgMigration } from './index';

// A chat message's append in one statement. It was four round trips to PostgreSQL (the look-up of
// a resent client id, the seq bump, the insert, and BEGIN … COMMIT around them), which set a
// cluster's messages per second (docs/PERFORMANCE.md). The steps and their reasons are those of
// pg/modules/conversations.ts's appendMessage; each statement inside takes a fresh snapshot, so a
// resend committed by another hub while this one waited for the row lock is seen by the INSERT.
// Returns the message's seq, and whether it was stored before (then the caller reads the stored row).
export const p0009: PgMigration = {
  version: 9,
  name: 'append-message',
  up: `
    CREATE FUNCTION append_message(
      p_conversation_id text, p_client_id text, p_author_kind text, p_author_id text,
      p_author_name text, p_body text, p_created_at text, p_search_words text[]
    ) RETURNS TABLE (appended_seq integer, duplicate boolean) LANGUAGE plpgsql AS $$
    DECLARE
      next_seq integer;
      added integer;
    BEGIN
      SELECT m.seq INTO next_seq FROM messages m WHERE m.conversation_id = p_conversation_id AND m.client_id = p_client_id;
      IF FOUND THEN
        RETURN QUERY SELECT next_seq, true;
        RETURN;
      END IF;
      -- Takes the conversation's row lock until commit: concurrent appends (any hub) queue here.
      UPDATE conversations c SET last_seq = c.last_seq + 1 WHERE c.id = p_conversation_id RETURNING c.last_seq INTO next_seq;
      IF NOT FOUND THEN
        RAISE EXCEPTION 'no conversation % to append a message to', p_conversation_id USING ERRCODE = 'no_data_found';
      END IF;
      INSERT INTO messages AS m (conversation_id, seq, client_id, author_kind, author_id, author_name, body, created_at, search_words)
        VALUES (p_conversation_id, next_seq, p_client_id, p_author_kind, p_author_id, p_author_name, p_body, p_created_at, p_search_words)
        ON CONFLICT (conversation_id, client_id) DO NOTHING;
      GET DIAGNOSTICS added = ROW_COUNT;
      IF added = 0 THEN
        -- The same message, resent to another hub, committed there while this one waited for the
        -- lock: give the seq back (the lock is still ours) and answer with theirs.
        UPDATE conversations c SET last_seq = c.last_seq - 1 WHERE c.id = p_conversation_id;
        RETURN QUERY SELECT m.seq, true FROM messages m WHERE m.conversation_id = p_conversation_id AND m.client_id = p_client_id;
        RETURN;
      END IF;
      RETURN QUERY SELECT next_seq, false;
    END $$;
  `,
};
