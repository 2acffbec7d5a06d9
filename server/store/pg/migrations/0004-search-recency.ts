import type { PgMigration } from './index';

// Recency inside the search index (issue 11). A search ranks the newest `candidateCap` messages that
// match, but GIN keeps no order: for a word in 1–2 % of messages PostgreSQL either fetched every
// match and sorted them (`cashmere scarf` at 5M: 104,349 messages on 43,000 pages) or walked the
// newest messages testing each, and its estimates for words that come together were 200× off, so
// which of the two it picked was luck (docs/PERFORMANCE.md). Each message's vector now also holds
// the blocks of ids it falls in, at three sizes (16,384, 131,072 and 1,048,576 ids), as lexemes
// ('~a', '~b' or '~c' and the block's number: no word starts with '~'), so the search can ask GIN
// for the words AND the newest few blocks (pg/transcriptSearch.ts) and fetch only the matches in
// them. Rebuilding the index reads every message once: minutes at millions (docs/OPERATIONS.md).
export const p0004: PgMigration = {
  version: 4,
  name: 'search-recency',
  up: `
    CREATE FUNCTION message_search_vector(words text[], id bigint) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT array_to_tsvector(words || ARRAY['~a' || (id >> 14)::text, '~b' || (id >> 17)::text, '~c' || (id >> 20)::text])
    $$;
    DROP INDEX messages_search;
    CREATE INDEX messages_search ON messages USING gin (message_search_vector(search_words, id));
  `,
};
