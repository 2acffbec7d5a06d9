import type { PgMigration } from './index';

// Each word's document count (how many messages hold it), for bm25's IDF: a lookup instead of a
// count over every matching message (issue 11: at 250k messages that count was 311 of 454 ms of a
// search, at 5M the search took seconds; FTS5 keeps the same count in its index).
//
// - Kept like message_search_totals (migration 0001): AFTER … FOR EACH STATEMENT triggers over the
//   transition tables, so a bulk insert, a purge batch, a cascade from an erasure or a rewritten body
//   (a redaction) moves the counts by what changed, in the writer's own transaction.
// - A word counts once per message that holds it, however often it occurs there (as the search's
//   `array_to_tsvector(search_words) @@ 'word'` counted).
// - Hot rows: a common word ("the", "order") is in nearly every message, so one row per word would
//   queue every message insert of every hub behind the others on that row until commit. Counts are
//   kept in 64 slots per word instead, as the totals are: a writer adds to its backend's slot
//   (pg_backend_pid() % 64), so concurrent writers on other connections touch other rows; the
//   search sums a word's slots (at most 64 rows, one index range). A removal takes from the slots
//   that hold the word, whichever writer counted its messages, so a word whose messages are all
//   gone leaves no rows behind (an order number, a name: most words are rare): a row that reaches 0
//   is deleted, checked on the row itself (`messages = 0`), so a concurrent add to it is never lost.
//   Counts read a moment earlier can only make a slot go below 0 and its row stay: the sum holds.
// - Deadlocks: each statement upserts its rows in (word, slot) order, so two writers that meet on
//   rows lock them in the same order; a deadlock can only come from two multi-statement
//   transactions sharing rows, which PostgreSQL breaks and the store retries (server/store/pg/api.ts
//   write). The hub appends one message per transaction; a purge batch is one DELETE.
// - Backfill: the triggers are created first: CREATE TRIGGER waits for writers that are under way
//   and holds new ones off until this migration commits, so every message is counted once, by the
//   backfill (committed before it) or by the trigger (after). One statement; at 5M messages it holds
//   message writes for about as long as it reads every message's words once.
export const p0003: PgMigration = {
  version: 3,
  name: 'word-counts',
  up: `
    CREATE TABLE message_word_counts (
      word text COLLATE "C" NOT NULL,
      slot integer NOT NULL,
      messages bigint NOT NULL,
      PRIMARY KEY (word, slot)
    );

    -- Additions go to the writer's slot. A removal takes from the slots that hold the word, the
    -- fullest first, so its rows reach 0 (and go) as its messages do; more than they hold (not
    -- expected) is taken from the writer's slot. Upserted in (word, slot) order: see above.
    CREATE FUNCTION message_word_counts_apply(words text[], deltas bigint[]) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
      own integer := pg_backend_pid() % 64;
    BEGIN
      WITH d AS (
        SELECT u.word COLLATE "C" AS word, u.delta FROM unnest(words, deltas) AS u(word, delta) WHERE u.delta <> 0
      ), held AS (
        SELECT c.word, c.slot, c.messages, -d.delta AS wanted,
               COALESCE(SUM(c.messages) OVER (PARTITION BY c.word ORDER BY c.messages DESC, c.slot ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
        FROM d JOIN message_word_counts c ON c.word = d.word AND c.messages > 0
        WHERE d.delta < 0
      ), moves AS (
        SELECT d.word, own AS slot, d.delta FROM d WHERE d.delta > 0
        UNION ALL
        SELECT h.word, h.slot, -LEAST(h.messages, h.wanted - h.before) FROM held h WHERE h.wanted > h.before
        UNION ALL
        SELECT d.word, own, d.delta + COALESCE((SELECT SUM(h.messages) FROM held h WHERE h.word = d.word), 0)::bigint
        FROM d WHERE d.delta < 0 AND -d.delta > COALESCE((SELECT SUM(h.messages) FROM held h WHERE h.word = d.word), 0)
      )
      INSERT INTO message_word_counts AS t (word, slot, messages)
        SELECT m.word, m.slot, SUM(m.delta)::bigint FROM moves m GROUP BY m.word, m.slot ORDER BY m.word, m.slot
      ON CONFLICT (word, slot) DO UPDATE SET messages = t.messages + excluded.messages;
      DELETE FROM message_word_counts c WHERE c.word = ANY (words) AND c.messages = 0;
    END $$;

    -- A word's change over a statement: messages that hold it now, less those that held it before.
    -- Inserts (the hub's hot path: one per message) only add, to the writer's slot: one upsert.
    CREATE FUNCTION message_word_counts_add() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO message_word_counts AS t (word, slot, messages)
        SELECT u.word COLLATE "C", pg_backend_pid() % 64, count(*) FROM added a, LATERAL (SELECT DISTINCT unnest(a.search_words)) AS u(word)
        GROUP BY 1 ORDER BY 1
      ON CONFLICT (word, slot) DO UPDATE SET messages = t.messages + excluded.messages;
      RETURN NULL;
    END $$;
    CREATE FUNCTION message_word_counts_remove() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM message_word_counts_apply(array_agg(w.word), array_agg(-w.n))
        FROM (SELECT u.word COLLATE "C" AS word, count(*) AS n FROM removed r, LATERAL (SELECT DISTINCT unnest(r.search_words)) AS u(word) GROUP BY 1) w;
      RETURN NULL;
    END $$;
    CREATE FUNCTION message_word_counts_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM message_word_counts_apply(array_agg(w.word), array_agg(w.n))
        FROM (SELECT x.word, sum(x.n)::bigint AS n FROM (
                SELECT u.word COLLATE "C" AS word, count(*) AS n FROM added a, LATERAL (SELECT DISTINCT unnest(a.search_words)) AS u(word) GROUP BY 1
                UNION ALL
                SELECT u.word COLLATE "C", -count(*) FROM removed r, LATERAL (SELECT DISTINCT unnest(r.search_words)) AS u(word) GROUP BY 1
              ) x GROUP BY x.word) w;
      RETURN NULL;
    END $$;
    CREATE TRIGGER messages_word_counts_insert AFTER INSERT ON messages REFERENCING NEW TABLE AS added
      FOR EACH STATEMENT EXECUTE FUNCTION message_word_counts_add();
    CREATE TRIGGER messages_word_counts_delete AFTER DELETE ON messages REFERENCING OLD TABLE AS removed
      FOR EACH STATEMENT EXECUTE FUNCTION message_word_counts_remove();
    CREATE TRIGGER messages_word_counts_update AFTER UPDATE ON messages REFERENCING OLD TABLE AS removed NEW TABLE AS added
      FOR EACH STATEMENT EXECUTE FUNCTION message_word_counts_change();

    INSERT INTO message_word_counts (word, slot, messages)
      SELECT u.word, 0, count(*) FROM messages m, LATERAL (SELECT DISTINCT unnest(m.search_words)) AS u(word) GROUP BY u.word;
  `,
};
