import type { Migration } from './index';

// Two changes of issue 9. Brand settings edited in the console: per brand, the fields an admin set there (desk
// name, care address, return address, greeting, accent, hours) as one JSON object over config.json.
// A row per brand rather than a row per field: a brand's settings are read and written whole, and
// validated whole by the same zod schema the console's request is. No row: config.json applies.
export const m0010: Migration = {
  version: 10,
  name: 'brand-settings-and-tags',
  up: `
    CREATE TABLE brand_settings (
      brand_id TEXT PRIMARY KEY,
      data TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      updated_by TEXT REFERENCES users(id) ON DELETE SET NULL
    );

    -- One spelling per tag (shared/protocol/transcripts.ts normalizeTag): spaces and underscores
    -- become dashes and runs of dashes one, so "damage claim" and "damage-claim" are one tag.
    -- A transcript that had both keeps one row.
    INSERT OR IGNORE INTO conversation_tags (conversation_id, tag, added_by, added_at)
      SELECT conversation_id,
             replace(replace(replace(replace(replace(replace(replace(lower(trim(tag)), ' ', '-'), '_', '-'), char(9), '-'), '---', '-'), '--', '-'), '--', '-'), '--', '-'),
             added_by, added_at
      FROM conversation_tags;
    DELETE FROM conversation_tags
      WHERE tag <> replace(replace(replace(replace(replace(replace(replace(lower(trim(tag)), ' ', '-'), '_', '-'), char(9), '-'), '---', '-'), '--', '-'), '--', '-'), '--', '-');
  `,
};
