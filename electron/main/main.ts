// App lifecycle: one instance per user, the embedded hub (or a team hub), the console window,
// the desktop around it (badge, tray, notifications that open their chat, caredesk:// links, the
// window's place, the unsent-messages file, updates), and an orderly hub shutdown on quit so the
// SQLite store is closed cleanly.
import { BrowserWindow, Menu, Notification, Tray, app, dialog, ipcMain, nativeImage, safeStorage, screen, session, shell, type WebContents } from 'electron';
import { join } from 'node:path';
import { IPC_PUSH, type OpenTarget } from '../../shared/protocol/ipc';
import { startHub, type Hub } from '../../server/hub';
import { SCHEME, deepLinkFromArgv, parseDeepLink } from './deepLink';
import { overlayBitmap, trayBitmap, type Bitmap } from './icons';
import { registerIpc } from './ipc';
import { desktopLog } from './log';
import { originOf, teamHubUrl } from './origin';
import { outboxFile } from './outboxFile';
import { installPackagedMenu } from './packaged';
import { deskKeyStore, secretStore } from './secrets';
import { unreadIndicator } from './unread';
import { startUpdates } from './updater';
import { createMainWindow, hardenSession, hardenWebContents } from './window';
import { MIN_VISIBLE_PX, trackWindowState, visibleState, windowStateFile } from './windowState';

/** A hub that hangs on close must not keep the app from quitting forever. */
const HUB_CLOSE_TIMEOUT_MS = 5000;

const image = (b: Bitmap) => nativeImage.createFromBitmap(b.data, { width: b.width, height: b.height });

function main(): void {
  // A second copy would start a second embedded hub on the same SQLite file; it hands its
  // command line (maybe a caredesk:// link) to the first through 'second-instance' and quits.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  // Belt and braces: sandbox every renderer, even one created without our window options.
  app.enableSandbox();

  const packaged = app.isPackaged;
  const userData = app.getPath('userData');
  const logFile = join(userData, 'caredesk.log');
  const log = desktopLog(logFile);
  const appDir = app.getAppPath();

  let hub: Hub | null = null;
  let win: BrowserWindow | null = null;
  let ready = false;
  let hubClosing: Promise<void> | null = null;
  let hubClosed = false;
  let openWindow: (() => Promise<void>) | null = null;
  /** A link or notification click waiting for the console to be loaded. */
  let pendingOpen: OpenTarget | null = deepLinkFromArgv(process.argv);

  const liveWindow = () => (win && !win.isDestroyed() ? win : null);

  function showWindow(): void {
    const w = liveWindow();
    if (!w) {
      if (ready && openWindow) void openWindow();
      return;
    }
    if (w.isMinimized()) w.restore();
    w.show();
    w.focus();
  }

  function deliverOpen(): void {
    const w = liveWindow();
    if (!pendingOpen || !w || w.webContents.isLoading()) return;
    w.webContents.send(IPC_PUSH.open, pendingOpen);
    pendingOpen = null;
  }

  function open(target: OpenTarget): void {
    pendingOpen = target;
    showWindow();
    deliverOpen();
  }

  app.on('second-instance', (_event, argv: string[]) => {
    showWindow();
    const target = deepLinkFromArgv(argv);
    if (target) open(target);
  });

  // macOS hands links over by event, possibly before 'ready'.
  app.on('open-url', (event, url: string) => {
    event.preventDefault();
    const target = parseDeepLink(url);
    if (target) open(target);
    else log('warn', 'caredesk link ignored: not a chat or transcript link', { url: String(url).slice(0, 200) });
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
      // An installed app gets no default menu (and with it no DevTools or reload items).
      if (packaged) {
        installPackagedMenu(Menu, process.platform);
        // Only an installed app registers itself for caredesk:// (a checkout would register Electron).
        if (!app.setAsDefaultProtocolClient(SCHEME)) log('warn', `could not register as the ${SCHEME}:// handler`);
      }

      const hubUrl = await connectHub();
      const hubOrigin = originOf(hubUrl)!;
      const harden = { hubOrigin, shell, log, packaged };

      hardenSession(session.defaultSession, hubOrigin);
      app.on('web-contents-created', (_event, contents: WebContents) => {
        hardenWebContents(contents, harden);
        if (contents.session !== session.defaultSession) hardenSession(contents.session, hubOrigin);
      });

      const tray = new Tray(image(trayBitmap()));
      tray.setToolTip('Care Desk');
      tray.on('click', showWindow);
      const unread = unreadIndicator({
        app,
        platform: process.platform,
        window: liveWindow,
        tray,
        buildMenu: (template) => Menu.buildFromTemplate(template),
        overlay: image(overlayBitmap()),
        show: showWindow,
        quit: () => app.quit(),
      });
      unread.set(0);

      registerIpc(ipcMain, {
        hubUrl,
        Notification,
        dialog,
        secrets: secretStore(join(userData, 'secrets.json'), safeStorage, log),
        outbox: outboxFile(join(userData, 'outbox.json'), log),
        unread: (count) => unread.set(count),
        open,
        saveDir: app.getPath('downloads'),
        windowFor: (sender) => BrowserWindow.fromWebContents(sender),
      });

      const preload = join(appDir, 'dist', 'electron', 'preload.cjs');
      const stateFile = windowStateFile(join(userData, 'window-state.json'), log);
      openWindow = async (): Promise<void> => {
        const state = visibleState(await stateFile.load(), screen.getAllDisplays(), MIN_VISIBLE_PX);
        await createMainWindow({
          BrowserWindow,
          hubUrl,
          preload,
          state,
          ...harden,
          created: (w) => {
            win = w;
            trackWindowState(w, stateFile, log);
            // The console listens for links once it has loaded; anything that came earlier waits.
            w.webContents.on('did-finish-load', deliverOpen);
          },
        });
      };
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) void openWindow?.();
      });
      ready = true;
      await openWindow();
      await startUpdates({ isPackaged: packaged, load: async () => (await import('electron-updater')).autoUpdater, log });
    })
    .catch((e: unknown) => {
      log('error', 'Care Desk could not start', { error: e instanceof Error ? e.message : String(e) });
      dialog.showErrorBox('Care Desk could not start', `${e instanceof Error ? e.message : String(e)}\n\nDetails are in ${logFile}`);
      app.exit(1);
    });
}

main();
