// What the data-folder commands share: the configuration (checked before anything is written),
// the store, and the clock (`--now ISO` pins it, for retention runs "as of" a date).
import { systemClock, type Clock } from '../clock';
import { loadConfig, type HubConfig } from '../config';
import { liveSettings } from '../settings/liveSettings';
import { openStore, type Store } from '../store/index';
import { dataDirOf, type Opts } from './command';
import { CliError } from './io';

export interface Desk {
  dir: string;
  config: HubConfig;
  store: Store;
  clock: Clock;
}

export function clockFrom(o: Opts): Clock {
  if (typeof o.now !== 'string') return systemClock;
  const at = new Date(o.now);
  if (Number.isNaN(at.getTime())) throw new CliError(`--now must be an ISO date and time, got ${o.now}`);
  return { now: () => new Date(at) };
}

/** Opens the desk, runs `fn`, and always closes the store. */
export async function withDesk<T>(o: Opts, fn: (d: Desk) => Promise<T> | T): Promise<T> {
  const dir = dataDirOf(o);
  const config = loadConfig(dir);
  const clock = clockFrom(o);
  const store = openStore(dir);
  // What admins set in the console applies to the commands too (a PDF export's brand name).
  liveSettings({ store, clock, config, log: (level, msg) => level !== 'info' && process.stderr.write(`caredesk: ${msg}\n`), warnAtStart: false });
  try {
    return await fn({ dir, config, store, clock });
  } finally {
    store.close();
  }
}
