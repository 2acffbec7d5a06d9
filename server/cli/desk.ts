// What the data-folder commands share: the configuration (checked before anything is written),
// the store, and the clock (`--now ISO` pins it, for retention runs "as of" a date).
import { systemClock, type Clock } from '../clock';
import { loadConfig, type HubConfig } from '../config';
import { storeKeys } from '../keys';
import { liveSettings } from '../settings/liveSettings';
import { sqliteApi, type StoreApi } from '../store/api';
import { openStore, type Store, type StoreOptions } from '../store/index';
import { dataDirOf, type Opts } from './command';
import { CliError } from './io';

export interface Desk {
  dir: string;
  config: HubConfig;
  store: Store;
  /** The same store behind the async interface, for the services that take it (server/store/api.ts). */
  api: StoreApi;
  clock: Clock;
}

export function clockFrom(o: Opts): Clock {
  if (typeof o.now !== 'string') return systemClock;
  const at = new Date(o.now);
  if (Number.isNaN(at.getTime())) throw new CliError(`--now must be an ISO date and time, got ${o.now}`);
  return { now: () => new Date(at) };
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

/** The store of the data folder, opened with the same keys the hub uses. */
export function openDeskStore(dir: string, config: HubConfig, clock: Clock, opts: Omit<StoreOptions, 'keys' | 'clock'> = {}): Store {
  return openStore(dir, { ...opts, clock, keys: storeKeys(dir, config.settings) });
}

/** Opens the desk, runs `fn`, and always closes the store. */
export async function withDesk<T>(o: Opts, fn: (d: Desk) => Promise<T> | T, opts: Omit<StoreOptions, 'keys' | 'clock'> = {}): Promise<T> {
  const dir = dataDirOf(o);
  const config = withKeyFiles(loadConfig(dir), o);
  const clock = clockFrom(o);
  const store = openDeskStore(dir, config, clock, opts);
  const api = sqliteApi(store);
  try {
    // What admins set in the console applies to the commands too (a PDF export's brand name).
    await liveSettings({ store: api, clock, config, log: (level, msg) => level !== 'info' && process.stderr.write(`caredesk: ${msg}\n`), warnAtStart: false });
    return await fn({ dir, config, store, api, clock });
  } finally {
    store.close();
  }
}
