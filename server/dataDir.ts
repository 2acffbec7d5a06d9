// The desk's default data folder: the same place the desktop app keeps its embedded hub
// (Electron's userData for "Care Desk", then `hub`), so the CLI and the app share one store.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const PRODUCT_NAME = 'Care Desk';

export function appDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return env.APPDATA ?? join(homedir(), 'AppData', 'Roaming');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support');
  return env.XDG_CONFIG_HOME ?? join(homedir(), '.config');
}

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  return env.CAREDESK_DATA ?? join(appDataDir(env, platform), PRODUCT_NAME, 'hub');
}
