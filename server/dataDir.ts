// The desk's default data folder: the same place the desktop app keeps its embedded hub
// (Electron's userData for "Care Desk", then `hub`), so the CLI and the app share one store.
import { chmodSync, mkdirSync, readdirSync, statSync } from 'node:fs';
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

/**
 * Keeps the data folder private to the account running the desk (issue 12): the folder and every
 * folder in it 0700, every file 0600, including ones an older version or another tool left
 * readable. The umask makes files created later (SQLite's WAL and SHM, uploads, exports) private
 * too, whoever creates them in this process.
 */
export function secureDataFolder(dir: string): void {
  restrictUmask();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  tighten(dir, true);
}

export function restrictUmask(): void {
  try {
    process.umask(0o077);
  } catch {
    // Worker threads may not change it; the explicit modes still apply.
  }
}

function tighten(path: string, isDir: boolean): void {
  if (process.platform === 'win32') return; // ACLs, not modes: the user profile folder is private already
  const mode = statSync(path).mode & 0o777;
  const want = isDir ? 0o700 : 0o600;
  if ((mode & 0o077) !== 0 || (isDir && mode !== 0o700)) chmodSync(path, want);
  if (!isDir) return;
  for (const e of readdirSync(path, { withFileTypes: true })) {
    if (e.isSymbolicLink()) continue;
    tighten(join(path, e.name), e.isDirectory());
  }
}
