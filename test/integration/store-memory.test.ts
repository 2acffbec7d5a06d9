// The store's memory settings reach the connections the hub searches and writes on: SQLite's page
// cache (settings.storeCacheMiB) and PostgreSQL's work_mem (settings.pgWorkMemMiB). At their
// engines' defaults a search at millions of messages re-read and re-tested most of what it found
// (docs/PERFORMANCE.md), so an operator's setting must not be silently dropped.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../server/clock';
import { DEFAULT_SETTINGS } from '../../server/config';
import { openHubStore } from '../../server/hubStore';
import { plainDataDir, tempDataDir } from '../helpers/hub';
import { startPostgres, type TestPostgres } from '../helpers/postgres';

const quiet = () => undefined;

describe('store memory settings', () => {
  let server: TestPostgres;
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('SQLite: the hub connection keeps settings.storeCacheMiB of pages in memory', async () => {
    const hub = await openHubStore({ dataDir: plainDataDir('store-memory'), settings: { ...DEFAULT_SETTINGS, storeInWorker: false, storeCacheMiB: 24 }, clock: systemClock, log: quiet });
    try {
      // Negative: KiB, as the setting asked, rather than SQLite's default of 2 MiB (-2000).
      expect(hub.sqlite!().db.pragma('cache_size', { simple: true })).toBe(-24 * 1024);
    } finally {
      await hub.close();
    }
  });

  it('PostgreSQL: every store connection runs with settings.pgWorkMemMiB of work_mem', async () => {
    const url = await server.freshDatabase('store_memory');
    const hub = await openHubStore({
      dataDir: tempDataDir('store-memory-pg'),
      settings: { ...DEFAULT_SETTINGS, pgWorkMemMiB: 48 },
      keys: { audit: randomBytes(32).toString('hex') },
      database: url,
      clock: systemClock,
      log: quiet,
    });
    try {
      // More than one connection at once: each is a fresh one from the pool, set as it connects.
      const shown = await Promise.all([1, 2, 3].map(() => hub.pool!.query('SELECT current_setting($1) AS v, pg_sleep(0.05)', ['work_mem'])));
      expect(shown.map((r) => r.rows[0].v)).toEqual(['48MB', '48MB', '48MB']);
      // The server's own default is untouched for everyone else.
      const other = await server.freshDatabase('store_memory_other');
      const pg = (await import('pg')).default;
      const c = new pg.Client({ connectionString: other });
      await c.connect();
      expect((await c.query('SHOW work_mem')).rows[0].work_mem).toBe('4MB');
      await c.end();
    } finally {
      await hub.close();
    }
  });
});
