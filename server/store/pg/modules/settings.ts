// Brand settings on PostgreSQL: ../../settings.ts's twin.
import type { BrandSettingsRow } from '../../settings';
import type { PgModuleFactory } from '../api';
import { all, run } from '../query';

export const pgSettingsStore: PgModuleFactory<'settings'> = (q) => ({
  async brands(): Promise<BrandSettingsRow[]> {
    const rows = await all<{ brand_id: string; data: string; updated_at: string; updated_by: string | null }>(q, 'SELECT brand_id, data, updated_at, updated_by FROM brand_settings ORDER BY brand_id');
    return rows.map((r) => {
      let data: unknown = null;
      try {
        data = JSON.parse(r.data);
      } catch {
        // Left null: the caller's schema refuses it and config.json applies.
      }
      return { brandId: r.brand_id, data, updatedAt: r.updated_at, updatedBy: r.updated_by };
    });
  },
  async save(brandId: string, data: Record<string, unknown>, at: string, by: string | null): Promise<void> {
    if (Object.keys(data).length === 0) await run(q, 'DELETE FROM brand_settings WHERE brand_id = $1', [brandId]);
    else
      await run(
        q,
        `INSERT INTO brand_settings (brand_id, data, updated_at, updated_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (brand_id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
        [brandId, JSON.stringify(data), at, by],
      );
  },
});
