// What the data-folder commands share: the configuration (checked before anything is written),
// the store (the hubs' PostgreSQL, or the folder's SQLite file), and the clock (`--now ISO` pins
// it, for retention runs "as of" a date).
import type pg from 'pg';
import { systemClock, type Clock } from '../clock';
import { loadConfig, type HubConfig } from '../config';
import { databaseUrl } from '../hubStore';
import { keySources, storeKeys, toAuditKeys } from '../keys';
import { smtpMailer, type Mailer } from '../mail/mailer';
import { liveSettings } from '../settings/liveSettings';
import { sqliteApi, type StoreApi } from '../store/api';
import { openPgStore } from '../store/pg/api';
import { openStore, type Store, type StoreOptions } from '../store/index';
import { dataDirOf, existingDataDir, type Opts } from './command';
import { CliError } from './io';

export interface Desk {
  dir: string;
  config: HubConfig;
  /**
   * The desk's store, the one its hubs run on: PostgreSQL when `--database`, CAREDESK_DATABASE_URL or
   * settings.database names it (as for `caredesk hub`), else the SQLite file in the data folder.
   */
  api: StoreApi;
  /** The SQLite store itself, or null on PostgreSQL: for what only SQLite has (its search backlog, its WAL). */
  sqlite: Store | null;
  /** PostgreSQL's pool (the retention lock the hubs take), or null on SQLite. */
  pool: pg.Pool | null;
  clock: Clock;
  /** The desk's outgoing mail (settings.smtp, as the hub's), made on first use and closed with the desk. */
  mailer(): Mailer;
}

/**
 * An ISO 8601 date, or date and time (`2026-12-01`, `2026-12-01T09:30:00Z`), as `--name` gave it;
 * undefined when absent. Anything else (`1`, `Dec 1 2026`, which Date would still read) is refused.
 */
export function isoOption(v: string | boolean | undefined, name: string): Date | undefined {
  if (typeof v !== 'string') return undefined;
  const at = new Date(v);
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/.test(v) || Number.isNaN(at.getTime())) {
    throw new CliError(`--${name} must be an ISO date and time (e.g. 2026-12-01T09:30:00Z), got ${v}`);
  }
  return at;
}

export function clockFrom(o: Opts): Clock {
  const at = isoOption(o.now, 'now');
  return at ? { now: () => new Date(at) } : systemClock;
}

/** The settings with the key files named on the command line (--db-key-file, --audit-key-file). */
export function withKeyFiles(config: HubConfig, o: Opts): HubConfig {
  const pick = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  return {
    ...config,
    settings: {
      ...config.settings,
      databaseKeyFile: pick(o['db-key-file']) ?? config.settings.databaseKeyFile,
      auditKeyFile: pick(o['audit-key-file']) ?? config.settings.auditKeyFile,
    },
  };
}

/** What the services that touch files take: the store, the data folder, and SQLite's WAL checkpoint after deletes. */
export function deskFiles(d: Desk): { store: StoreApi; dataDir: string; checkpoint?: () => Promise<boolean> } {
  const sqlite = d.sqlite;
  return { store: d.api, dataDir: d.dir, checkpoint: sqlite ? () => sqlite.checkpoint() : undefined };
}

/**
 * The store of the data folder, opened with the same keys the hub uses. What opening writes (the
 * audit log's seal, a new desk's first event) is stamped with the real time, whatever --now a
 * command judges by, so the log stays in time order and its 6 years start when it was written.
 */
function openDeskStore(dir: string, config: HubConfig, opts: Omit<StoreOptions, 'keys' | 'clock'> = {}): Store {
  return openStore(dir, { ...opts, clock: systemClock, keys: storeKeys(dir, config.settings) });
}

/**
 * Opens the desk, runs `fn`, and always closes the store. `seal: false` leaves a log found unsealed
 * as it is (`audit verify`). `create`: a SQLite desk may be made in a new folder (see
 * existingDataDir); on PostgreSQL the folder holds only keys, which may come from elsewhere.
 */
export async function withDesk<T>(o: Opts, fn: (d: Desk) => Promise<T> | T, opts: { seal?: boolean; create?: boolean } = {}): Promise<T> {
  const dir = dataDirOf(o);
  const config = withKeyFiles(loadConfig(dir), o);
  const clock = clockFrom(o);
  const url = databaseUrl(typeof o.database === 'string' ? o.database : undefined, config.settings);
  if (!url && !opts.create) existingDataDir(o);
  let desk: Desk;
  let mailer: Mailer | null = null;
  const deskMailer = () => (mailer ??= smtpMailer(config.settings.smtp));
  if (url) {
    // Read only: the folder holds no database here, and no key is made in it for one.
    const auditKeys = keySources(dir, config.settings).audit.keys;
    if (!auditKeys) throw new CliError('a desk on PostgreSQL needs its audit key, the one its hubs use: --audit-key-file FILE, CAREDESK_AUDIT_KEY or settings.auditKeyFile');
    const pgStore = await openPgStore(url, { auditKeys: toAuditKeys(auditKeys), clock: systemClock, poolSize: 2, seal: opts.seal });
    desk = { dir, config, api: pgStore, sqlite: null, pool: pgStore.pool, clock, mailer: deskMailer };
  } else {
    const store = openDeskStore(dir, config, opts);
    desk = { dir, config, api: sqliteApi(store), sqlite: store, pool: null, clock, mailer: deskMailer };
  }
  try {
    // What admins set in the console applies to the commands too (a PDF export's brand name).
    await liveSettings({ store: desk.api, clock, config, log: (level, msg) => level !== 'info' && process.stderr.write(`caredesk: ${msg}\n`), warnAtStart: false });
    return await fn(desk);
  } finally {
    (mailer as Mailer | null)?.close();
    await desk.api.close();
  }
}
