// Brand settings set in the console (migration 0010): one JSON object per brand. The hub parses
// each with the protocol's schema on the way out, so a hand-edited row cannot reach customers.
import type { Db } from './db';

export interface BrandSettingsRow {
  brandId: string;
  data: unknown;
  updatedAt: string;
  updatedBy: string | null;
}

export function settingsStore(db: Db) {
  const all = db.prepare<[], { brand_id: string; data: string; updated_at: string; updated_by: string | null }>('SELECT brand_id, data, updated_at, updated_by FROM brand_settings ORDER BY brand_id');
  const upsert = db.prepare(
    `INSERT INTO brand_settings (brand_id, data, updated_at, updated_by) VALUES (?, ?, ?, ?)
     ON CONFLICT (brand_id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  );
  const remove = db.prepare('DELETE FROM brand_settings WHERE brand_id = ?');
  return {
    brands(): BrandSettingsRow[] {
      return all.all().map((r) => {
        let data: unknown = null;
        try {
          data = JSON.parse(r.data);
        } catch {
          // Left null: the caller's schema refuses it and config.json applies.
        }
        return { brandId: r.brand_id, data, updatedAt: r.updated_at, updatedBy: r.updated_by };
      });
    },
    /** An empty object removes the row: every field is config.json's again. */
    save(brandId: string, data: Record<string, unknown>, at: string, by: string | null): void {
      if (Object.keys(data).length === 0) remove.run(brandId);
      else upsert.run(brandId, JSON.stringify(data), at, by);
    },
  };
}
