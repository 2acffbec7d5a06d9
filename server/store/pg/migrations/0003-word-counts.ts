import type { PgMigration } from './index';

// Each word's document count (how many messages hold it), for bm25's IDF: a lookup instead of a
// count over every matching message (issue 11: at 250k messages that count was 311 of 454 ms of a
// search, at 5M the search took seconds; FTS5 keeps the same count in its index).
//
// - Kept like message_search_totals (migration 0001): AFTER … FOR EACH STATEMENT triggers over the
//   transition tables, so a bulk insert, a purge batch, a cascade from an erasure or a rewritten body
//   (a redaction) moves the counts by what changed, in the writer's own transaction.
// - A word counts once per message that holds it, however often it occurs there (as the search's
//   `array_to_tsvector(search_words) @@ 'word'` counted): rows with shared = false.
// - A prefix (`refu*`) counts the messages holding any word that starts with it, and a message may
//   hold several ("refund", "refunded"), so word counts cannot simply be added. But the words of a
//   message that start with a prefix are neighbours once its distinct words are sorted (byte order),
//   so a message holding k of them has k − 1 neighbouring pairs whose common beginning starts with
//   the prefix, and no other pair's does. Rows with shared = true count, per string, the
//   neighbouring pairs of a message whose common beginning it is; for a prefix p:
//     messages = Σ word rows from p up to p + U+10FFFF − Σ shared rows in the same range,
//   two sums over one index range (server/store/pg/transcriptSearch.ts).
// - Hot rows: a common word ("the", "order") is in nearly every message, so one row per word would
//   queue every message insert of every hub behind the others on that row until commit. Counts are
//   kept in 64 slots per word instead, as the totals are: a writer adds to its backend's slot
//   (pg_backend_pid() % 64), so concurrent writers on other connections touch other rows; the
//   search sums a word's slots (at most 64 rows, one index range). A removal (a purge batch) takes
//   from its own slot first, and from the slots that hold the word after that, whichever writer
//   counted its messages, so a word whose messages are all gone leaves no rows behind (an order
//   number, a name: most words are rare, and a rare word's row is nobody's hot row): a row that
//   reaches 0 is deleted, checked on the row itself (`messages = 0`), so a concurrent add to it is
//   never lost. Counts read a moment earlier can only make a slot go below 0 and its row stay: the
//   sum holds.
// - Deadlocks: each statement upserts its rows in key order (word, shared, slot), so two writers
//   that meet on rows lock them in the same order; a deadlock can only come from two
//   multi-statement transactions sharing rows, which PostgreSQL breaks and the store retries
//   (server/store/pg/api.ts write). The hub appends one message per transaction; a purge batch is
//   one DELETE.
// - Backfill: the triggers are created first: CREATE TRIGGER waits for writers that are under way
//   and holds new ones off until this migration commits, so every message is counted once, by the
//   backfill (committed before it) or by the trigger (after). One statement; it holds message writes
//   for as long as it reads every message's words once (about 6 s per 100,000 messages on the
//   2-core test machine under load: minutes at millions; docs/OPERATIONS.md).
export const p0003: PgMigration = {
  version: 3,
  name: 'word-counts',
  up: `
    CREATE TABLE message_word_counts (
      word text COLLATE "C" NOT NULL,
      shared boolean NOT NULL,
      slot integer NOT NULL,
      messages bigint NOT NULL,
      PRIMARY KEY (word, shared, slot)
    );

    -- What a message adds to the counts: its distinct words, and the common beginning of each two
    -- neighbouring ones (in byte order) that have one.
    CREATE FUNCTION message_word_keys(words text[]) RETURNS TABLE (word text, shared boolean) LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      WITH w AS (SELECT DISTINCT u.word COLLATE "C" AS word FROM unnest(words) AS u(word)),
      pairs AS (SELECT w.word, lag(w.word) OVER (ORDER BY w.word) AS prev FROM w)
      SELECT w.word, false FROM w
      UNION ALL
      SELECT left(p.word, COALESCE(
               (SELECT min(i) - 1 FROM generate_series(2, least(length(p.prev), length(p.word))) AS i WHERE substr(p.prev, i, 1) <> substr(p.word, i, 1)),
               least(length(p.prev), length(p.word)))), true
      FROM pairs p WHERE p.prev IS NOT NULL AND left(p.prev, 1) = left(p.word, 1)
    $$;

    -- Additions go to the writer's slot. A removal takes from the slots that hold the key, the
    -- writer's own first (no other writer's row to wait for: a common word is in every slot), then
    -- the fullest, so a rare word's rows reach 0 (and go) as its messages do; more than they hold
    -- (not expected) is taken from the writer's slot. Upserted in key order: see above.
    CREATE FUNCTION message_word_counts_apply(key_words text[], key_shared boolean[], deltas bigint[]) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
      own integer := pg_backend_pid() % 64;
      zero_words text[];
      zero_shared boolean[];
      zero_slots integer[];
    BEGIN
      WITH d AS (
        SELECT u.word COLLATE "C" AS word, u.shared, u.delta FROM unnest(key_words, key_shared, deltas) AS u(word, shared, delta) WHERE u.delta <> 0
      ), held AS (
        SELECT c.word, c.shared, c.slot, c.messages, -d.delta AS wanted,
               COALESCE(SUM(c.messages) OVER (PARTITION BY c.word, c.shared ORDER BY c.slot = own DESC, c.messages DESC, c.slot
                                              ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before,
               SUM(c.messages) OVER (PARTITION BY c.word, c.shared) AS total
        FROM d JOIN message_word_counts c ON c.word = d.word AND c.shared = d.shared AND c.messages > 0
        WHERE d.delta < 0
      ), moves AS (
        SELECT d.word, d.shared, own AS slot, d.delta FROM d WHERE d.delta > 0
        UNION ALL
        SELECT h.word, h.shared, h.slot, -LEAST(h.messages, h.wanted - h.before) FROM held h WHERE h.wanted > h.before
        UNION ALL
        SELECT d.word, d.shared, own, d.delta + COALESCE(t.total, 0)::bigint
        FROM d LEFT JOIN (SELECT DISTINCT h.word, h.shared, h.total FROM held h) t ON t.word = d.word AND t.shared = d.shared
        WHERE d.delta < 0 AND -d.delta > COALESCE(t.total, 0)
      ), upserted AS (
        INSERT INTO message_word_counts AS t (word, shared, slot, messages)
          SELECT m.word, m.shared, m.slot, SUM(m.delta)::bigint FROM moves m GROUP BY m.word, m.shared, m.slot ORDER BY m.word, m.shared, m.slot
        ON CONFLICT (word, shared, slot) DO UPDATE SET messages = t.messages + excluded.messages
        RETURNING t.word, t.shared, t.slot, t.messages
      )
      SELECT array_agg(u.word), array_agg(u.shared), array_agg(u.slot) INTO zero_words, zero_shared, zero_slots FROM upserted u WHERE u.messages = 0;
      -- Only rows this statement just locked: no lock out of key order.
      IF zero_words IS NOT NULL THEN
        DELETE FROM message_word_counts c USING unnest(zero_words, zero_shared, zero_slots) AS z(word, shared, slot)
        WHERE c.word = z.word AND c.shared = z.shared AND c.slot = z.slot AND c.messages = 0;
      END IF;
    END $$;

    -- Inserts (the hub's hot path: one per message) only add, to the writer's slot: one upsert.
    CREATE FUNCTION message_word_counts_add() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO message_word_counts AS t (word, shared, slot, messages)
        SELECT k.word, k.shared, pg_backend_pid() % 64, count(*) FROM added a, message_word_keys(a.search_words) AS k
        GROUP BY 1, 2 ORDER BY 1, 2
      ON CONFLICT (word, shared, slot) DO UPDATE SET messages = t.messages + excluded.messages;
      RETURN NULL;
    END $$;
    CREATE FUNCTION message_word_counts_remove() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM message_word_counts_apply(array_agg(w.word), array_agg(w.shared), array_agg(-w.n))
        FROM (SELECT k.word, k.shared, count(*) AS n FROM removed r, message_word_keys(r.search_words) AS k GROUP BY 1, 2) w;
      RETURN NULL;
    END $$;
    -- A key's change over a statement: what the new rows add, less what the old rows held.
    CREATE FUNCTION message_word_counts_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM message_word_counts_apply(array_agg(w.word), array_agg(w.shared), array_agg(w.n))
        FROM (SELECT x.word, x.shared, sum(x.n)::bigint AS n FROM (
                SELECT k.word, k.shared, 1 AS n FROM added a, message_word_keys(a.search_words) AS k
                UNION ALL
                SELECT k.word, k.shared, -1 FROM removed r, message_word_keys(r.search_words) AS k
              ) x GROUP BY 1, 2) w;
      RETURN NULL;
    END $$;
    CREATE TRIGGER messages_word_counts_insert AFTER INSERT ON messages REFERENCING NEW TABLE AS added
      FOR EACH STATEMENT EXECUTE FUNCTION message_word_counts_add();
    CREATE TRIGGER messages_word_counts_delete AFTER DELETE ON messages REFERENCING OLD TABLE AS removed
      FOR EACH STATEMENT EXECUTE FUNCTION message_word_counts_remove();
    CREATE TRIGGER messages_word_counts_update AFTER UPDATE ON messages REFERENCING OLD TABLE AS removed NEW TABLE AS added
      FOR EACH STATEMENT EXECUTE FUNCTION message_word_counts_change();

    INSERT INTO message_word_counts (word, shared, slot, messages)
      SELECT k.word, k.shared, 0, count(*) FROM messages m, message_word_keys(m.search_words) AS k GROUP BY 1, 2;
  `,
};
