// Windows and sessions with Electron's security checklist. The console is remote content as far
// as Electron is concerned (served over HTTP by the hub), so it gets no Node, a sandboxed
// renderer, and only the preload's narrow bridge; everything else is denied by default.
import type { BrowserWindow, BrowserWindowConstructorOptions, Session, Shell, WebContents } from 'electron';
import { CSP } from '../../server/http/static';
import type { Log } from './log';
import { isHttpsUrl, originOf } from './origin';
import { blockDevTools } from './packaged';
import type { WindowState } from './windowState';

export interface HardenOptions {
  hubOrigin: string;
  shell: Pick<Shell, 'openExternal'>;
  log: Log;
  /** An installed app: DevTools shortcuts are swallowed and DevTools closed if they open. */
  packaged?: boolean;
}

type NavigationEvent = { url: string; preventDefault(): void };

const hardenedContents = new WeakSet<object>();

/**
 * Applied to every webContents (via app 'web-contents-created') and again to the main window's;
 * idempotent so the two paths never stack duplicate handlers (which would open links twice).
 */
export function hardenWebContents(contents: WebContents, opts: HardenOptions): void {
  if (hardenedContents.has(contents)) return;
  hardenedContents.add(contents);
  if (opts.packaged) blockDevTools(contents);

  const stayOnHub = (event: NavigationEvent): void => {
    if (originOf(event.url) === opts.hubOrigin) return;
    event.preventDefault();
    opts.log('warn', 'navigation away from the hub blocked', { url: event.url });
  };
  contents.on('will-navigate', stayOnHub);
  contents.on('will-frame-navigate', stayOnHub);
  contents.on('will-redirect', stayOnHub);

  contents.setWindowOpenHandler(({ url }) => {
    // Links customers paste into chats are meant to be read in a real browser, never in a
    // window that shares the console's session; plain http and other schemes are dropped.
    if (isHttpsUrl(url)) {
      opts.shell.openExternal(url).catch((e: unknown) => {
        opts.log('warn', 'could not open link in the browser', { url, error: String(e) });
      });
    } else {
      opts.log('warn', 'window.open denied', { url });
    }
    return { action: 'deny' };
  });

  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    opts.log('warn', 'webview attach denied');
  });
}

const hardenedSessions = new WeakSet<object>();

type SessionLike = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'> & {
  webRequest: Pick<Session['webRequest'], 'onHeadersReceived'>;
};

export function hardenSession(ses: SessionLike, hubOrigin: string): void {
  if (hardenedSessions.has(ses)) return;
  hardenedSessions.add(ses);

  // Notifications are the one web permission the console needs (new chat assigned); even that is
  // granted only to the hub's own pages.
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(permission === 'notifications' && originOf(details.requestingUrl) === hubOrigin);
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) => {
    return permission === 'notifications' && originOf(requestingOrigin) === hubOrigin;
  });

  // The hub sends its own CSP; this is the floor for a team hub (or proxy) that strips it.
  ses.webRequest.onHeadersReceived((details, callback) => {
    const headers = details.responseHeaders;
    const hasCsp = headers !== undefined && Object.keys(headers).some((k) => k.toLowerCase() === 'content-security-policy');
    if (originOf(details.url) !== hubOrigin || hasCsp) {
      callback({});
      return;
    }
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [CSP.console] } });
  });
}

export interface MainWindowDeps extends HardenOptions {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindow;
  hubUrl: string;
  preload: string;
  /** Where the window was last, already checked to be on a display attached now. */
  state?: WindowState | null;
  /** Called with the window before its console loads (e.g. to remember its size and place). */
  created?: (win: BrowserWindow) => void;
}

export async function createMainWindow(deps: MainWindowDeps): Promise<BrowserWindow> {
  const { BrowserWindow } = deps;
  const bounds = deps.state?.bounds;
  // The options stay a literal at the constructor so static checkers (Electronegativity) read them.
  const win = new BrowserWindow({
    width: bounds?.width ?? 1280,
    height: bounds?.height ?? 820,
    ...(bounds ? { x: bounds.x, y: bounds.y } : {}),
    minWidth: 900,
    minHeight: 600,
    title: 'Care Desk',
    // Shown on ready-to-show so the agent never sees a white flash or a half-painted console.
    show: false,
    webPreferences: {
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      // Middle-click would open links in a new window; window.open is denied anyway, this stops it earlier.
      disableBlinkFeatures: 'Auxclick',
      // An installed app has no DevTools.
      devTools: !deps.packaged,
      preload: deps.preload,
    },
  });
  hardenWebContents(win.webContents, deps);
  if (deps.state?.maximized) win.maximize();
  deps.created?.(win);
  win.once('ready-to-show', () => win.show());
  const consoleUrl = `${deps.hubUrl}/console/`;
  try {
    await win.loadURL(consoleUrl);
  } catch (e) {
    // Chromium shows its own error page (e.g. a team hub that is down); show the window so the
    // agent sees it and can reload, rather than an app that seems not to start.
    deps.log('error', 'could not load the console', { url: consoleUrl, error: String(e) });
    if (!win.isDestroyed()) win.show();
  }
  return win;
}
