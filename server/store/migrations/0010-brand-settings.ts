import type { Migration } from './index';

// Brand settings edited in the console (issue 9): per brand, the fields an admin set there (desk
// name, care address, return address, greeting, accent, hours) as one JSON object over config.json.
// A row per brand rather than a row per field: a brand's settings are read and written whole, and
// validated whole by the same zod schema the console's request is. No row: config.json applies.
export const m0010: Migration = {
  version: 10,
  name: 'brand-settings',
  up: `
    CREATE TABLE brand_settings (
      brand_id TEXT PRIMARY KEY,
      data TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      updated_by TEXT REFERENCES users(id) ON DELETE SET NULL
    );
  `,
};
