// App lifecycle: one instance per user, the embedded hub (or a team hub), the console window,
// and an orderly hub shutdown on quit so the SQLite store is closed cleanly.
import { BrowserWindow, Notification, app, dialog, ipcMain, safeStorage, session, shell, type WebContents } from 'electron';
import { join } from 'node:path';
import { startHub, type Hub } from '../../server/hub';
import { registerIpc } from './ipc';
import { desktopLog } from './log';
import { isLoopback, originOf, teamHubUrl } from './origin';
import { deskKeyStore, secretStore } from './secrets';
import { createMainWindow, hardenSession, hardenWebContents } from './window';

/** A hub that hangs on close must not keep the app from quitting forever. */
const HUB_CLOSE_TIMEOUT_MS = 5000;

function main(): void {
  // A second copy would start a second embedded hub on the same SQLite file.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  // Belt and braces: sandbox every renderer, even one created without our window options.
  app.enableSandbox();

  const userData = app.getPath('userData');
  const logFile = join(userData, 'caredesk.log');
  const log = desktopLog(logFile);
  const appDir = app.getAppPath();

  let hub: Hub | null = null;
  let win: BrowserWindow | null = null;
  let hubClosing: Promise<void> | null = null;
  let hubClosed = false;

  app.on('second-instance', () => {
    if (!win || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('will-quit', (event) => {
    if (!hub || hubClosed) return;
    // Hold the quit until the hub has disconnected its sockets and closed the store; a second
    // quit request while that runs must wait too.
    event.preventDefault();
    if (hubClosing) return;
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, HUB_CLOSE_TIMEOUT_MS).unref());
    hubClosing = Promise.race([hub.close(), timeout])
      .catch((e: unknown) => log('error', 'hub did not close cleanly', { error: String(e) }))
      .finally(() => {
        hubClosed = true;
        app.quit();
      });
  });

  async function connectHub(): Promise<string> {
    const team = teamHubUrl(process.env.CAREDESK_HUB_URL);
    if (team) {
      if (team.startsWith('http:') && !isLoopback(team)) {
        log('warn', 'the team hub is reached over plain http; sign-ins and chats cross the network unencrypted', { url: team });
      }
      log('info', `Using the team hub at ${team}`);
      return team;
    }
    const dataDir = join(userData, 'hub');
    hub = await startHub({
      dataDir,
      port: 0,
      // The database and audit keys from the OS key store (issue 12; electron/main/secrets.ts).
      keys: await deskKeyStore(join(userData, 'desk-keys.json'), safeStorage, log).forHub(dataDir),
      // Shown to the person at this computer, never written to the log file.
      announceSetupCode: (code) => {
        console.log(`[caredesk] Setup code for the first admin: ${code} (enter it in the console; it works once)`);
        void dialog.showMessageBox?.({ type: 'info', title: 'Care Desk', message: 'Create the first admin', detail: `Setup code: ${code}\n\nEnter it in the console to create the desk's first admin. It works once.` });
      },
      // The bundled main process is CommonJS, where the hub's import.meta-based default points
      // nowhere useful; the console build ships beside it in the app.
      rendererDir: join(appDir, 'dist', 'renderer'),
      log,
    });
    return hub.url;
  }

  app
    .whenReady()
    .then(async () => {
      const hubUrl = await connectHub();
      const hubOrigin = originOf(hubUrl)!;
      const harden = { hubOrigin, shell, log };

      hardenSession(session.defaultSession, hubOrigin);
      app.on('web-contents-created', (_event, contents: WebContents) => {
        hardenWebContents(contents, harden);
        if (contents.session !== session.defaultSession) hardenSession(contents.session, hubOrigin);
      });

      registerIpc(ipcMain, {
        hubUrl,
        Notification,
        dialog,
        secrets: secretStore(join(userData, 'secrets.json'), safeStorage, log),
        saveDir: app.getPath('downloads'),
        windowFor: (sender) => BrowserWindow.fromWebContents(sender),
      });

      const preload = join(appDir, 'dist', 'electron', 'preload.cjs');
      const openWindow = async (): Promise<void> => {
        win = await createMainWindow({ BrowserWindow, hubUrl, preload, ...harden });
      };
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) void openWindow();
      });
      await openWindow();
    })
    .catch((e: unknown) => {
      log('error', 'Care Desk could not start', { error: e instanceof Error ? e.message : String(e) });
      dialog.showErrorBox('Care Desk could not start', `${e instanceof Error ? e.message : String(e)}\n\nDetails are in ${logFile}`);
      app.exit(1);
    });
}

main();
