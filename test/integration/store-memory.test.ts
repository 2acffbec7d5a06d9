// The store's memory settings reach the connections the hub searches and writes on: SQLite's page
// cache (settings.storeCacheMiB), PostgreSQL's work_mem (settings.pgWorkMemMiB) and how many
// connections the hub opens to it (settings.pgPoolSize, which max_connections is sized by). At their
// engines' defaults a search at millions of messages re-read and re-tested most of what it found
// (docs/PERFORMANCE.md), so an operator's setting must not be silently dropped.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../server/clock';
import { DEFAULT_SETTINGS, type HubSettings } from '../../server/config';
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

  /** A hub's store on a fresh PostgreSQL database, with these settings over the defaults. */
  async function pgHubStore(name: string, settings: Partial<HubSettings>) {
    return openHubStore({
      dataDir: tempDataDir(name),
      settings: { ...DEFAULT_SETTINGS, ...settings },
      keys: { audit: randomBytes(32).toString('hex') },
      database: await server.freshDatabase(name),
      clock: systemClock,
      log: quiet,
    });
  }

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
    const hub = await pgHubStore('store_memory', { pgWorkMemMiB: 48 });
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

  it('PostgreSQL: the hub opens at most settings.pgPoolSize store connections, however many queries wait', async () => {
    const hub = await pgHubStore('store_pool', { pgPoolSize: 2 });
    try {
      const seen = await Promise.all(
        Array.from({ length: 6 }, () =>
          hub.pool!.query(`SELECT (SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend' AND application_name = current_setting('application_name'))::int AS n, pg_sleep(0.05)`),
        ),
      );
      // Six queries at once all answered, two at a time: never a third connection of the store's.
      expect(seen).toHaveLength(6);
      expect(Math.max(...seen.map((r) => r.rows[0].n as number))).toBeLessThanOrEqual(2);
      expect(hub.pool!.totalCount).toBe(2);
    } finally {
      await hub.close();
    }
  });
});
