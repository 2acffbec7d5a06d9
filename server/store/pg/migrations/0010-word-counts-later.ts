import type { PgMigration } from './index';

// A chat message's words counted after its append, many messages at a time (issue 11). The count
// trigger of migration 3 upserted ~17 rows of message_word_counts inside every append: most of what
// a cluster's message cost PostgreSQL (docs/PERFORMANCE.md). Now a statement that inserts one
// message (the hub's append) only records its id in message_words_pending, and
// message_word_counts_catch_up counts a batch of them in one upsert, where a common word is one row
// for the whole batch: each hub runs it on a timer (settings.searchIndexIntervalMs,
// searchIndexBatch, as SQLite's search index), and a search runs it first, so it ranks with every
// committed message counted, as SQLite's search indexes its backlog first. A statement that inserts
// several (a copy, an import, a bulk load) still counts them at once.
//
// Exactly once, under READ COMMITTED, with any number of hubs:
// - A catch-up deletes the pending rows it counts, FOR UPDATE SKIP LOCKED on the timer (hubs share
//   the work), or waiting for a catch-up under way (a search: its counts must be complete).
// - A removal (a purge, an erasure) deletes the removed messages' pending rows first: the ones it
//   deleted were never counted and are not taken from the counts. One a catch-up holds makes it
//   wait until that catch-up commits, and then it is gone, counted, and taken from the counts.
// - A rewrite (a redaction) locks the rewritten messages' pending rows the same way: a message
//   still pending is counted later in its new words, so the rewrite moves nothing for it.
// Every one of them locks the waiting rows it meets in id order, so two of them never wait on each
// other's waiting rows. A deadlock is still possible between a catch-up and a multi-statement
// removal that already holds some counts' rows (an erasure): PostgreSQL breaks it, and the store
// retries the write, a search its catch-up, the timer its next tick.
export const p0010: PgMigration = {
  version: 10,
  name: 'word-counts-later',
  up: `
    CREATE TABLE message_words_pending (id bigint PRIMARY KEY);

    CREATE OR REPLACE FUNCTION message_word_counts_add() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF (SELECT count(*) FROM (SELECT 1 FROM added LIMIT 2) AS x) = 1 THEN
        INSERT INTO message_words_pending (id) SELECT a.id FROM added a;
        RETURN NULL;
      END IF;
      INSERT INTO message_word_counts AS t (word, shared, slot, messages)
        SELECT k.word, k.shared, pg_backend_pid() % 64, count(*) FROM added a, message_word_keys(a.search_words) AS k
        GROUP BY 1, 2 ORDER BY 1, 2
      ON CONFLICT (word, shared, slot) DO UPDATE SET messages = t.messages + excluded.messages;
      RETURN NULL;
    END $$;

    CREATE OR REPLACE FUNCTION message_word_counts_remove() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      uncounted bigint[];
    BEGIN
      PERFORM 1 FROM message_words_pending p WHERE p.id IN (SELECT r.id FROM removed r) ORDER BY p.id FOR UPDATE;
      WITH gone AS (DELETE FROM message_words_pending p USING removed r WHERE p.id = r.id RETURNING p.id)
        SELECT array_agg(gone.id) INTO uncounted FROM gone;
      PERFORM message_word_counts_apply(array_agg(w.word), array_agg(w.shared), array_agg(-w.n))
        FROM (SELECT k.word, k.shared, count(*) AS n FROM removed r, message_word_keys(r.search_words) AS k
              WHERE uncounted IS NULL OR r.id <> ALL (uncounted) GROUP BY 1, 2) w;
      RETURN NULL;
    END $$;

    CREATE OR REPLACE FUNCTION message_word_counts_change() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      uncounted bigint[];
    BEGIN
      SELECT array_agg(x.id) INTO uncounted
        FROM (SELECT p.id FROM message_words_pending p WHERE p.id IN (SELECT a.id FROM added a) ORDER BY p.id FOR UPDATE OF p) x;
      PERFORM message_word_counts_apply(array_agg(w.word), array_agg(w.shared), array_agg(w.n))
        FROM (SELECT x.word, x.shared, sum(x.n)::bigint AS n FROM (
                SELECT k.word, k.shared, 1 AS n FROM added a, message_word_keys(a.search_words) AS k
                WHERE uncounted IS NULL OR a.id <> ALL (uncounted)
                UNION ALL
                SELECT k.word, k.shared, -1 FROM removed r, message_word_keys(r.search_words) AS k
                WHERE uncounted IS NULL OR r.id <> ALL (uncounted)
              ) x GROUP BY 1, 2) w;
      RETURN NULL;
    END $$;

    -- Counts up to max_messages pending messages (NULL: all), oldest first; returns how many.
    -- wait false skips rows another catch-up holds; true waits for it (and then finds them gone).
    CREATE FUNCTION message_word_counts_catch_up(max_messages integer, wait boolean) RETURNS integer LANGUAGE plpgsql VOLATILE AS $$
    DECLARE
      taken bigint[];
    BEGIN
      IF wait THEN
        WITH t AS (DELETE FROM message_words_pending p
                   WHERE p.id IN (SELECT q.id FROM message_words_pending q ORDER BY q.id LIMIT max_messages FOR UPDATE)
                   RETURNING p.id)
          SELECT array_agg(t.id) INTO taken FROM t;
      ELSE
        WITH t AS (DELETE FROM message_words_pending p
                   WHERE p.id IN (SELECT q.id FROM message_words_pending q ORDER BY q.id LIMIT max_messages FOR UPDATE SKIP LOCKED)
                   RETURNING p.id)
          SELECT array_agg(t.id) INTO taken FROM t;
      END IF;
      IF taken IS NULL THEN
        RETURN 0;
      END IF;
      INSERT INTO message_word_counts AS t (word, shared, slot, messages)
        SELECT k.word, k.shared, pg_backend_pid() % 64, count(*) FROM messages m, message_word_keys(m.search_words) AS k
        WHERE m.id = ANY (taken) GROUP BY 1, 2 ORDER BY 1, 2
      ON CONFLICT (word, shared, slot) DO UPDATE SET messages = t.messages + excluded.messages;
      RETURN cardinality(taken);
    END $$;
  `,
};
