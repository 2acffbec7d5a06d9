// Updates for an installed app (electron-updater): checks the https feed in electron-builder.yml
// `publish`, downloads in the background, verifies it (sha512 from the feed; on Windows the
// installer's Authenticode signer must be the configured publisher, on macOS Squirrel.Mac takes
// only an app signed by the same Developer ID) and installs when the app quits. Never for `npm
// start` from a checkout, which has no feed and nothing to replace.
import type { Log } from './log';

/** The part of electron-updater's AppUpdater that is used; a fake in tests. */
export interface Updater {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  logger: unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  checkForUpdatesAndNotify(): Promise<unknown>;
}

export async function startUpdates(opts: { isPackaged: boolean; load: () => Promise<Updater>; log: Log }): Promise<Updater | null> {
  if (!opts.isPackaged) return null;
  const updater = await opts.load();
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = true;
  updater.logger = {
    info: (m: unknown) => opts.log('info', `updater: ${String(m)}`),
    warn: (m: unknown) => opts.log('warn', `updater: ${String(m)}`),
    error: (m: unknown) => opts.log('error', `updater: ${String(m)}`),
    debug: () => {},
  };
  // A failed check (offline, feed down, bad signature) is logged; the desk keeps working.
  updater.on('error', (e) => opts.log('warn', 'update failed', { error: e.message }));
  updater.on('update-downloaded', (info) => opts.log('info', `update ${info.version} downloaded; it installs when Care Desk quits`));
  updater.checkForUpdatesAndNotify().catch((e: unknown) => opts.log('warn', 'update check failed', { error: String(e) }));
  return updater;
}
