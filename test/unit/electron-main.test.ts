// The Electron runtime cannot be downloaded on this machine, so the main process is tested with
// the `electron` module mocked: these tests prove our wiring (what we ask Electron to do and how
// our handlers decide), not Electron's own behaviour. The hub behind it is real (port 0, temp dir).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC, IPC_PUSH } from '../../shared/protocol/ipc';
import { registerIpc, type IpcDeps } from '../../electron/main/ipc';
import { originOf, teamHubUrl } from '../../electron/main/origin';
import { outboxFile } from '../../electron/main/outboxFile';
import { secretStore } from '../../electron/main/secrets';
import { createMainWindow, hardenSession, hardenWebContents } from '../../electron/main/window';

type Fn = (...args: any[]) => any;

/** A fake of the parts of Electron that main.ts touches; rebuilt for every test. */
const fake = vi.hoisted(() => {
  function emitter() {
    const listeners = new Map<string, Fn[]>();
    const add = (ev: string, fn: Fn) => {
      listeners.set(ev, [...(listeners.get(ev) ?? []), fn]);
    };
    return {
      listeners,
      on(ev: string, fn: Fn) {
        add(ev, fn);
        return this;
      },
      once(ev: string, fn: Fn) {
        add(ev, fn);
        return this;
      },
      emit(ev: string, ...args: unknown[]) {
        for (const fn of listeners.get(ev) ?? []) fn(...args);
      },
    };
  }

  function world(opts: { lock: boolean; userData: string; appDir: string; downloads: string; packaged?: boolean; platform?: string; displays?: { workArea: { x: number; y: number; width: number; height: number } }[] }) {
    const defaultSession = {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      webRequest: { onHeadersReceived: vi.fn() },
    };
    const app = Object.assign(emitter(), {
      isPackaged: opts.packaged ?? false,
      setBadgeCount: vi.fn(() => true),
      setAsDefaultProtocolClient: vi.fn(() => true),
      requestSingleInstanceLock: vi.fn(() => opts.lock),
      enableSandbox: vi.fn(),
      quit: vi.fn(),
      exit: vi.fn(),
      whenReady: vi.fn(() => Promise.resolve()),
      getAppPath: vi.fn(() => opts.appDir),
      getPath: vi.fn((name: string) => {
        if (name === 'userData') return opts.userData;
        if (name === 'downloads') return opts.downloads;
        throw new Error(`unexpected getPath(${name})`);
      }),
    });
    const windows: FakeWindow[] = [];
    function webContents() {
      return Object.assign(emitter(), { setWindowOpenHandler: vi.fn(), session: defaultSession, send: vi.fn(), isLoading: vi.fn(() => false), closeDevTools: vi.fn() });
    }
    class FakeWindow {
      static getAllWindows = vi.fn(() => windows);
      static fromWebContents = vi.fn(() => null);
      readonly events = emitter();
      readonly webContents = webContents();
      loadURL = vi.fn(async (_url: string) => {});
      show = vi.fn();
      focus = vi.fn();
      restore = vi.fn();
      maximize = vi.fn();
      setOverlayIcon = vi.fn();
      isMinimized = vi.fn(() => true);
      isMaximized = vi.fn(() => false);
      isDestroyed = vi.fn(() => false);
      getNormalBounds = vi.fn(() => ({ x: this.options.x ?? 0, y: this.options.y ?? 0, width: this.options.width, height: this.options.height }));
      constructor(readonly options: any) {
        windows.push(this);
        // Electron emits this for every new webContents, including a BrowserWindow's own.
        app.emit('web-contents-created', {}, this.webContents);
      }
      once(ev: string, fn: Fn) {
        this.events.once(ev, fn);
        return this;
      }
      on(ev: string, fn: Fn) {
        this.events.on(ev, fn);
        return this;
      }
    }
    const trays: FakeTray[] = [];
    class FakeTray {
      readonly events = emitter();
      setToolTip = vi.fn();
      setTitle = vi.fn();
      setContextMenu = vi.fn();
      constructor(readonly image: unknown) {
        trays.push(this);
      }
      on(ev: string, fn: Fn) {
        this.events.on(ev, fn);
        return this;
      }
    }
    const notifications: FakeNotification[] = [];
    class FakeNotification {
      readonly events = emitter();
      show = vi.fn();
      constructor(readonly options: { title: string; body: string }) {
        notifications.push(this);
      }
      on(ev: string, fn: Fn) {
        this.events.on(ev, fn);
        return this;
      }
    }
    const Menu = {
      setApplicationMenu: vi.fn(),
      buildFromTemplate: vi.fn((template: unknown[]) => ({ template })),
    };
    const module = {
      app,
      BrowserWindow: FakeWindow,
      ipcMain: { handle: vi.fn() },
      session: { defaultSession },
      shell: { openExternal: vi.fn(async () => {}) },
      dialog: { showSaveDialog: vi.fn(), showErrorBox: vi.fn() },
      Notification: FakeNotification,
      safeStorage: { isEncryptionAvailable: vi.fn(() => false), encryptString: vi.fn(), decryptString: vi.fn() },
      Tray: FakeTray,
      Menu,
      nativeImage: { createFromBitmap: vi.fn((data: Buffer, size: { width: number; height: number }) => ({ bitmap: data, ...size })) },
      screen: { getAllDisplays: vi.fn(() => opts.displays ?? [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }]) },
    };
    return { module, windows, trays, notifications, defaultSession };
  }

  const state: { current: ReturnType<typeof world> | null } = { current: null };
  const live = new Proxy({} as Record<string, unknown>, {
    get: (_t, key: string) => (state.current!.module as Record<string, unknown>)[key],
  });
  return { world, state, live };
});

/** electron-updater stand-in: the real one needs the Electron runtime. */
const updater = vi.hoisted(() => ({
  autoUpdater: {
    autoDownload: false,
    autoInstallOnAppQuit: false,
    logger: null as unknown,
    on: vi.fn(),
    checkForUpdatesAndNotify: vi.fn(async () => null),
  },
}));
vi.mock('electron-updater', () => ({ ...updater, default: updater }));

vi.mock('electron', () => {
  const keys = ['app', 'BrowserWindow', 'ipcMain', 'session', 'shell', 'dialog', 'Notification', 'safeStorage', 'Tray', 'Menu', 'nativeImage', 'screen'];
  const mod: Record<string, unknown> = {};
  // Getters, not values: the mocked module is cached across vi.resetModules(), the world is not.
  for (const k of keys) Object.defineProperty(mod, k, { get: () => fake.live[k], enumerable: true });
  Object.defineProperty(mod, 'default', { get: () => mod, enumerable: true });
  return mod;
});

const silentLog = () => {};
const HUB = 'http://127.0.0.1:4567';

let tmp: string;
const realArgv = process.argv;
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'caredesk-electron-'));
});
afterEach(() => {
  process.argv = realArgv;
  rmSync(tmp, { recursive: true, force: true });
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

/** Loads main.ts fresh (it runs on import, as in Electron) against a new fake world. */
async function bootMain(opts: { lock?: boolean; packaged?: boolean; platform?: string; argv?: string[]; displays?: { workArea: { x: number; y: number; width: number; height: number } }[]; before?: (userData: string) => void } = {}) {
  const userData = join(tmp, 'userData');
  const appDir = join(tmp, 'app');
  // A stand-in console build, to prove the hub serves the renderer from the app folder.
  mkdirSync(join(appDir, 'dist', 'renderer', 'console'), { recursive: true });
  writeFileSync(join(appDir, 'dist', 'renderer', 'console', 'index.html'), '<!doctype html><title>console</title>');
  opts.before?.(userData);
  const w = fake.world({ lock: opts.lock ?? true, userData, appDir, downloads: join(tmp, 'Downloads'), packaged: opts.packaged ?? false, ...(opts.displays ? { displays: opts.displays } : {}) });
  if (opts.argv) process.argv = opts.argv;
  fake.state.current = w;
  const logs: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void logs.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void logs.push(a.join(' ')));
  vi.resetModules();
  await import('../../electron/main/main');
  return { ...w, userData, appDir, logs };
}

// The embedded hub starts and closes a real store (a worker thread): seconds on a loaded machine.
const WAIT = { timeout: 15_000 };

async function quit(w: Awaited<ReturnType<typeof bootMain>>) {
  const event = { preventDefault: vi.fn() };
  w.module.app.emit('will-quit', event);
  await vi.waitFor(() => expect(w.module.app.quit).toHaveBeenCalled(), WAIT);
  return event;
}

describe('main process wiring (electron mocked: no Electron runtime on this machine)', { timeout: 30_000 }, () => {
  it('starts the embedded hub with its data under userData/hub and loads <hub>/console/', async () => {
    const w = await bootMain();
    await vi.waitFor(() => expect(w.windows[0]?.loadURL).toHaveBeenCalled(), WAIT);
    const url = w.windows[0]!.loadURL.mock.calls[0]![0];
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/console\/$/);
    const hubUrl = url.replace(/\/console\/$/, '');

    // The hub is real: it answers, its store is in the userData folder, and it serves the
    // console from the app folder (rendererDir passed explicitly, not import.meta.url).
    expect((await fetch(`${hubUrl}/api/health`)).status).toBe(200);
    expect(existsSync(join(w.userData, 'hub', 'caredesk.sqlite'))).toBe(true);
    const page = await fetch(`${hubUrl}/console/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>console</title>');

    const win = w.windows[0]!;
    expect(win.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true });
    expect(win.options.webPreferences.preload).toBe(join(w.appDir, 'dist', 'electron', 'preload.cjs'));
    expect(w.module.app.enableSandbox).toHaveBeenCalled();

    // The ready-to-show path shows the window.
    win.events.emit('ready-to-show');
    expect(win.show).toHaveBeenCalled();

    await quit(w);
  }, 30_000); // a real hub starts (keys, encrypted store): slow on a loaded machine

  it('shows the one-time setup code to the person at the computer, never in the log file (issue 12)', async () => {
    const w = await bootMain();
    await vi.waitFor(() => expect(w.windows[0]?.loadURL).toHaveBeenCalled(), WAIT);
    const line = w.logs.find((l) => l.includes('Setup code for the first admin'));
    expect(line).toBeDefined();
    const code = /Setup code for the first admin: (\S+)/.exec(line!)![1]!;
    expect(readFileSync(join(w.userData, 'caredesk.log'), 'utf8')).not.toContain(code);
    await quit(w);
  });

  it('hardens the session and every webContents, and registers every IPC channel', async () => {
    const w = await bootMain();
    await vi.waitFor(() => expect(w.windows[0]?.loadURL).toHaveBeenCalled(), WAIT);
    expect(w.defaultSession.setPermissionRequestHandler).toHaveBeenCalledTimes(1);
    expect(w.defaultSession.setPermissionCheckHandler).toHaveBeenCalledTimes(1);
    expect(w.defaultSession.webRequest.onHeadersReceived).toHaveBeenCalledTimes(1);
    expect(w.module.app.listeners.get('web-contents-created')).toHaveLength(1);
    // Hardened once, although both web-contents-created and createMainWindow apply it.
    expect(w.windows[0]!.webContents.setWindowOpenHandler).toHaveBeenCalledTimes(1);
    expect(w.windows[0]!.webContents.listeners.get('will-attach-webview')).toHaveLength(1);

    // Any other webContents (e.g. a devtools or future window) gets the same treatment.
    const other = Object.assign({ on: vi.fn(), setWindowOpenHandler: vi.fn() }, { session: w.defaultSession });
    w.module.app.emit('web-contents-created', {}, other);
    expect(other.setWindowOpenHandler).toHaveBeenCalledTimes(1);
    expect(other.on).toHaveBeenCalledWith('will-attach-webview', expect.any(Function));

    const channels = w.module.ipcMain.handle.mock.calls.map((c: unknown[]) => c[0]);
    expect(channels.sort()).toEqual(Object.values(IPC).sort());
    await quit(w);
  });

  it('on quit, holds the quit until the embedded hub has closed, then quits', async () => {
    const w = await bootMain();
    await vi.waitFor(() => expect(w.windows[0]?.loadURL).toHaveBeenCalled(), WAIT);
    const hubUrl = w.windows[0]!.loadURL.mock.calls[0]![0].replace(/\/console\/$/, '');
    const event = await quit(w);
    expect(event.preventDefault).toHaveBeenCalled();
    await expect(fetch(`${hubUrl}/api/health`)).rejects.toThrow();
    // The second will-quit (from the app.quit() above) goes through.
    const again = { preventDefault: vi.fn() };
    w.module.app.emit('will-quit', again);
    expect(again.preventDefault).not.toHaveBeenCalled();
  });

  it('with CAREDESK_HUB_URL set, starts no embedded hub and loads the team hub console', async () => {
    vi.stubEnv('CAREDESK_HUB_URL', 'https://desk.example.com/');
    const w = await bootMain();
    await vi.waitFor(() => expect(w.windows[0]?.loadURL).toHaveBeenCalled(), WAIT);
    expect(w.windows[0]!.loadURL).toHaveBeenCalledWith('https://desk.example.com/console/');
    expect(existsSync(join(w.userData, 'hub'))).toBe(false);
    const quitEvent = { preventDefault: vi.fn() };
    w.module.app.emit('will-quit', quitEvent);
    expect(quitEvent.preventDefault).not.toHaveBeenCalled();
  });

  it('a team hub over plain http stops the app with an error box naming https, and loads nothing', async () => {
    vi.stubEnv('CAREDESK_HUB_URL', 'http://desk.example.com');
    const w = await bootMain();
    await vi.waitFor(() => expect(w.module.app.exit).toHaveBeenCalledWith(1), WAIT);
    expect(w.module.dialog.showErrorBox).toHaveBeenCalledWith('Care Desk could not start', expect.stringContaining('must use https'));
    expect(w.windows).toHaveLength(0);
  });

  it('a malformed CAREDESK_HUB_URL stops the app with an error box instead of loading anything', async () => {
    vi.stubEnv('CAREDESK_HUB_URL', 'file:///etc/passwd');
    const w = await bootMain();
    await vi.waitFor(() => expect(w.module.app.exit).toHaveBeenCalledWith(1), WAIT);
    expect(w.module.dialog.showErrorBox).toHaveBeenCalledWith('Care Desk could not start', expect.stringContaining('http(s)'));
    expect(w.windows).toHaveLength(0);
  });

  it('a second instance quits at once; the first one focuses its window instead', async () => {
    const second = await bootMain({ lock: false });
    expect(second.module.app.quit).toHaveBeenCalled();
    expect(second.module.app.whenReady).not.toHaveBeenCalled();

    vi.stubEnv('CAREDESK_HUB_URL', HUB);
    const first = await bootMain();
    await vi.waitFor(() => expect(first.windows[0]?.loadURL).toHaveBeenCalled(), WAIT);
    first.module.app.emit('second-instance', {}, [], '', {});
    expect(first.windows[0]!.restore).toHaveBeenCalled();
    expect(first.windows[0]!.focus).toHaveBeenCalled();
  });
});

/** The console's hub URL as main loaded it, and an invoke that arrives from that console's frame. */
async function consoleOf(w: Awaited<ReturnType<typeof bootMain>>) {
  await vi.waitFor(() => expect(w.windows[0]?.loadURL).toHaveBeenCalled(), WAIT);
  const consoleUrl: string = w.windows[0]!.loadURL.mock.calls[0]![0];
  const invoke = (channel: string, payload?: unknown) => {
    const call = w.module.ipcMain.handle.mock.calls.find((c: unknown[]) => c[0] === channel);
    if (!call) throw new Error(`no handler for ${channel}`);
    return Promise.resolve().then(() => (call[1] as Fn)({ senderFrame: { url: consoleUrl }, sender: {} }, payload));
  };
  return { consoleUrl, invoke, win: w.windows[0]!, tray: w.trays[0]! };
}

const pendingOf = (body: string, conversationId = 'conv_1') => ({ conversationId, clientId: `cid${body.replace(/\W/g, '')}xxxxxx`, body, queuedAt: '2026-12-05T18:00:00.000Z' });

describe('desktop integration in main (electron mocked: no Electron runtime on this machine)', { timeout: 30_000 }, () => {
  it('a message the console could not send survives closing and reopening the app, for that agent only, in a 0600 file', async () => {
    vi.stubEnv('CAREDESK_HUB_URL', HUB);
    const first = await bootMain();
    const a = await consoleOf(first);
    const unsent = [pendingOf('Your parcel left Milan today'), pendingOf('I have refunded the duty', 'conv_2')];
    await a.invoke(IPC.outboxSave, { userId: 'agent_ada', pending: unsent });
    const file = join(first.userData, 'outbox.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);

    // The app is closed and started again: a new main process reads the same userData.
    const second = await bootMain();
    const b = await consoleOf(second);
    expect(await b.invoke(IPC.outboxLoad, { userId: 'agent_ada' })).toEqual(unsent);
    // Another agent signing in on this computer never gets (or sends) Ada's lines.
    expect(await b.invoke(IPC.outboxLoad, { userId: 'agent_bob' })).toEqual([]);
    // Once the hub has them all, the file no longer holds them.
    await b.invoke(IPC.outboxSave, { userId: 'agent_ada', pending: [] });
    expect(await b.invoke(IPC.outboxLoad, { userId: 'agent_ada' })).toEqual([]);
    expect(readFileSync(file, 'utf8')).not.toContain('Milan');
  });

  it('an unsent-messages file edited by hand is dropped whole (logged), never resent as forged messages', async () => {
    vi.stubEnv('CAREDESK_HUB_URL', HUB);
    const w = await bootMain({
      before: (userData) => {
        mkdirSync(userData, { recursive: true });
        const forged = { version: 1, agents: { agent_ada: [{ ...pendingOf('ok'), conversationId: '../../etc' }] } };
        writeFileSync(join(userData, 'outbox.json'), JSON.stringify(forged));
      },
    });
    const c = await consoleOf(w);
    expect(await c.invoke(IPC.outboxLoad, { userId: 'agent_ada' })).toEqual([]);
    expect(w.logs.join('\n')).toMatch(/unsent-messages file is damaged/);
    // And a save of something outside the contract is refused before it reaches the disk.
    await expect(c.invoke(IPC.outboxSave, { userId: 'agent_ada', pending: [{ ...pendingOf('x'), body: '' }] })).rejects.toThrow(/invalid payload/);
    await expect(c.invoke(IPC.outboxSave, { userId: 'agent_ada', pending: Array.from({ length: 1001 }, (_, i) => pendingOf(`m${i}`)) })).rejects.toThrow(/invalid payload/);
  });

  it('the unread count reaches the dock/launcher badge and the tray (tooltip and menu); bad counts are refused', async () => {
    vi.stubEnv('CAREDESK_HUB_URL', HUB);
    const w = await bootMain();
    const c = await consoleOf(w);
    expect(w.module.app.setBadgeCount).toHaveBeenLastCalledWith(0);
    expect(c.tray.setToolTip).toHaveBeenLastCalledWith('Care Desk');
    await c.invoke(IPC.unread, { count: 3 });
    expect(w.module.app.setBadgeCount).toHaveBeenLastCalledWith(3);
    expect(c.tray.setToolTip).toHaveBeenLastCalledWith('Care Desk — 3 unread messages');
    const menu = c.tray.setContextMenu.mock.calls.at(-1)![0] as { template: { label?: string; click?: Fn }[] };
    expect(menu.template.map((i) => i.label)).toEqual(['3 unread messages', undefined, 'Show Care Desk', 'Quit Care Desk']);
    // "Show Care Desk" and a click on the tray icon bring the window forward.
    menu.template[2]!.click!();
    expect(c.win.focus).toHaveBeenCalled();
    for (const bad of [{ count: -1 }, { count: 1.5 }, { count: '3' }, {}]) await expect(c.invoke(IPC.unread, bad)).rejects.toThrow(/invalid payload/);
    expect(w.module.app.setBadgeCount).toHaveBeenLastCalledWith(3);
    await c.invoke(IPC.unread, { count: 0 });
    expect(w.module.app.setBadgeCount).toHaveBeenLastCalledWith(0);
    expect(c.tray.setToolTip).toHaveBeenLastCalledWith('Care Desk');
  });

  it('clicking a notification brings the window forward and tells the console to open that chat', async () => {
    vi.stubEnv('CAREDESK_HUB_URL', HUB);
    const w = await bootMain();
    const c = await consoleOf(w);
    await c.invoke(IPC.notify, { title: 'Ada Lovelace', body: 'Is my order on its way?', open: { kind: 'chat', conversationId: 'conv_42' } });
    const n = w.notifications[0]!;
    expect(n.options).toEqual({ title: 'Ada Lovelace', body: 'Is my order on its way?' });
    expect(n.show).toHaveBeenCalled();
    expect(c.win.webContents.send).not.toHaveBeenCalled();
    c.win.focus.mockClear();
    n.events.emit('click');
    expect(c.win.restore).toHaveBeenCalled();
    expect(c.win.focus).toHaveBeenCalled();
    expect(c.win.webContents.send).toHaveBeenCalledWith(IPC_PUSH.open, { kind: 'chat', conversationId: 'conv_42' });
    // A notification naming something that is not a chat id is refused before it is shown.
    await expect(c.invoke(IPC.notify, { title: 'x', body: 'y', open: { kind: 'chat', conversationId: 'a/../b' } })).rejects.toThrow(/invalid payload/);
    await expect(c.invoke(IPC.notify, { title: 'x', body: 'y', open: { kind: 'settings' } })).rejects.toThrow(/invalid payload/);
    expect(w.notifications).toHaveLength(1);
  });

  it('a caredesk:// link from a second launch focuses the first window and opens the chat; anything else is ignored', async () => {
    vi.stubEnv('CAREDESK_HUB_URL', HUB);
    const w = await bootMain();
    const c = await consoleOf(w);
    w.module.app.emit('second-instance', {}, ['/opt/Care Desk/caredesk', 'caredesk://chat/conv_7'], '/', {});
    expect(c.win.focus).toHaveBeenCalled();
    expect(c.win.webContents.send).toHaveBeenCalledWith(IPC_PUSH.open, { kind: 'chat', conversationId: 'conv_7' });
    c.win.webContents.send.mockClear();
    for (const link of ['caredesk://chat/../../etc/passwd', 'caredesk://settings/x', 'caredesk://chat/c1?x=1', 'caredesk://transcript/', 'https://evil.example/chat/c1']) {
      w.module.app.emit('second-instance', {}, ['caredesk', link], '/', {});
    }
    expect(c.win.webContents.send).not.toHaveBeenCalled();
  });

  it('a link that starts the app (argv) or arrives while the console loads (macOS open-url) waits for the console', async () => {
    vi.stubEnv('CAREDESK_HUB_URL', HUB);
    const w = await bootMain({ argv: ['/opt/Care Desk/caredesk', 'caredesk://transcript/conv_9'] });
    const c = await consoleOf(w);
    expect(c.win.webContents.send).not.toHaveBeenCalled();
    c.win.webContents.emit('did-finish-load');
    expect(c.win.webContents.send).toHaveBeenCalledWith(IPC_PUSH.open, { kind: 'transcript', conversationId: 'conv_9' });

    c.win.webContents.send.mockClear();
    c.win.webContents.isLoading.mockReturnValue(true);
    const event = { preventDefault: vi.fn() };
    w.module.app.emit('open-url', event, 'caredesk://chat/conv_11');
    expect(event.preventDefault).toHaveBeenCalled();
    expect(c.win.webContents.send).not.toHaveBeenCalled();
    c.win.webContents.isLoading.mockReturnValue(false);
    c.win.webContents.emit('did-finish-load');
    expect(c.win.webContents.send).toHaveBeenCalledWith(IPC_PUSH.open, { kind: 'chat', conversationId: 'conv_11' });
    w.module.app.emit('open-url', { preventDefault: vi.fn() }, 'caredesk://chat/a b');
    expect(c.win.webContents.send).toHaveBeenCalledTimes(1);
    expect(w.logs.join('\n')).toMatch(/caredesk link ignored/);
  });

  it('remembers the window size, place and maximised state, and restores them only on a display that is there', async () => {
    vi.stubEnv('CAREDESK_HUB_URL', HUB);
    const first = await bootMain();
    const a = await consoleOf(first);
    expect(a.win.options).toMatchObject({ width: 1280, height: 820 });
    expect(a.win.options.x).toBeUndefined();
    a.win.getNormalBounds.mockReturnValue({ x: 2100, y: 80, width: 1100, height: 760 });
    a.win.isMaximized.mockReturnValue(true);
    a.win.events.emit('close');
    await vi.waitFor(() => expect(existsSync(join(first.userData, 'window-state.json'))).toBe(true), WAIT);

    // Next run with the second screen still attached: back where it was, maximised again.
    const twoScreens = [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }, { workArea: { x: 1920, y: 0, width: 2560, height: 1440 } }];
    const second = await bootMain({ displays: twoScreens });
    const b = await consoleOf(second);
    expect(b.win.options).toMatchObject({ x: 2100, y: 80, width: 1100, height: 760 });
    expect(b.win.maximize).toHaveBeenCalled();

    // Undocked: that place is on no display now, so the window opens at its default size, centred.
    const third = await bootMain({ displays: [{ workArea: { x: 0, y: 0, width: 1440, height: 900 } }] });
    const c = await consoleOf(third);
    expect(c.win.options).toMatchObject({ width: 1280, height: 820 });
    expect(c.win.options.x).toBeUndefined();
    expect(c.win.maximize).not.toHaveBeenCalled();
  });

  it('packaged: no default menu, DevTools off and their shortcuts swallowed, caredesk:// registered, updates checked', async () => {
    vi.stubEnv('CAREDESK_HUB_URL', HUB);
    const w = await bootMain({ packaged: true });
    const c = await consoleOf(w);
    // This machine is Linux: no menu at all (macOS gets only the app, edit and window menus).
    expect(w.module.Menu.setApplicationMenu).toHaveBeenCalledWith(process.platform === 'darwin' ? expect.anything() : null);
    expect(c.win.options.webPreferences.devTools).toBe(false);
    expect(w.module.app.setAsDefaultProtocolClient).toHaveBeenCalledWith('caredesk');

    const press = (input: Record<string, unknown>) => {
      const event = { preventDefault: vi.fn() };
      c.win.webContents.emit('before-input-event', event, { type: 'keyDown', control: false, meta: false, shift: false, alt: false, ...input });
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(press({ key: 'F12' })).toBe(true);
    expect(press({ key: 'I', code: 'KeyI', control: true, shift: true })).toBe(true);
    expect(press({ key: 'j', code: 'KeyJ', control: true, shift: true })).toBe(true);
    expect(press({ key: 'ˆ', code: 'KeyI', meta: true, alt: true })).toBe(true);
    // Ordinary typing and the desk's own shortcuts go through.
    expect(press({ key: 'c', code: 'KeyC', control: true })).toBe(false);
    expect(press({ key: 'C', code: 'KeyC', alt: true })).toBe(false);
    expect(press({ key: 'Enter' })).toBe(false);
    c.win.webContents.emit('devtools-opened');
    expect(c.win.webContents.closeDevTools).toHaveBeenCalled();

    await vi.waitFor(() => expect(updater.autoUpdater.checkForUpdatesAndNotify).toHaveBeenCalled(), WAIT);
    expect(updater.autoUpdater.autoInstallOnAppQuit).toBe(true);
    expect(updater.autoUpdater.on).toHaveBeenCalledWith('error', expect.any(Function));
  });

  it('from a checkout (npm start): the default menu and DevTools stay for developers; no updates, no link registration', async () => {
    vi.stubEnv('CAREDESK_HUB_URL', HUB);
    updater.autoUpdater.checkForUpdatesAndNotify.mockClear();
    const w = await bootMain({ packaged: false });
    const c = await consoleOf(w);
    expect(w.module.Menu.setApplicationMenu).not.toHaveBeenCalled();
    expect(c.win.options.webPreferences.devTools).toBe(true);
    expect(w.module.app.setAsDefaultProtocolClient).not.toHaveBeenCalled();
    expect(c.win.webContents.listeners.get('before-input-event')).toBeUndefined();
    expect(updater.autoUpdater.checkForUpdatesAndNotify).not.toHaveBeenCalled();
  });
});

// ---------------------------------------------------------------------------------------------

function fakeContents() {
  const listeners = new Map<string, Fn>();
  let openHandler: Fn = () => ({ action: 'allow' });
  const contents = {
    on: vi.fn((ev: string, fn: Fn) => {
      listeners.set(ev, fn);
      return contents;
    }),
    setWindowOpenHandler: vi.fn((h: Fn) => {
      openHandler = h;
    }),
  };
  return {
    contents,
    navigate(ev: 'will-navigate' | 'will-frame-navigate' | 'will-redirect', url: string) {
      const event = { url, preventDefault: vi.fn() };
      listeners.get(ev)!(event, url);
      return event.preventDefault.mock.calls.length > 0 ? 'prevented' : 'allowed';
    },
    open: (url: string) => openHandler({ url, frameName: '', features: '', disposition: 'new-window' }),
    attachWebview() {
      const event = { preventDefault: vi.fn() };
      listeners.get('will-attach-webview')!(event, {}, {});
      return event.preventDefault.mock.calls.length > 0;
    },
  };
}

function fakeSession() {
  const ses = {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    webRequest: { onHeadersReceived: vi.fn() },
  };
  hardenSession(ses as never, HUB);
  const request = (permission: string, requestingUrl: string) =>
    new Promise<boolean>((resolve) => ses.setPermissionRequestHandler.mock.calls[0]![0]({}, permission, resolve, { requestingUrl, isMainFrame: true }));
  const check = (permission: string, origin: string): boolean => ses.setPermissionCheckHandler.mock.calls[0]![0]({}, permission, origin, {});
  const headers = (url: string, responseHeaders?: Record<string, string[]>) =>
    new Promise<{ responseHeaders?: Record<string, string[]> }>((resolve) =>
      ses.webRequest.onHeadersReceived.mock.calls[0]![0]({ url, responseHeaders }, resolve),
    );
  return { request, check, headers };
}

describe('window security checklist (electron mocked: no Electron runtime on this machine)', { timeout: 30_000 }, () => {
  it('webPreferences: sandbox, contextIsolation, no nodeIntegration, webSecurity, no webview, the preload', async () => {
    const made: { options: any }[] = [];
    class Win {
      webContents = fakeContents().contents;
      loadURL = vi.fn(async () => {});
      once = vi.fn();
      show = vi.fn();
      isDestroyed = () => false;
      constructor(readonly options: any) {
        made.push(this);
      }
    }
    await createMainWindow({ BrowserWindow: Win as never, hubUrl: HUB, preload: '/app/dist/electron/preload.cjs', hubOrigin: HUB, shell: { openExternal: vi.fn() }, log: silentLog });
    const wp = made[0]!.options.webPreferences;
    expect(wp).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
      preload: '/app/dist/electron/preload.cjs',
    });
  });

  it('navigation to another origin is prevented; within the hub it is allowed', () => {
    const f = fakeContents();
    hardenWebContents(f.contents as never, { hubOrigin: HUB, shell: { openExternal: vi.fn() }, log: silentLog });
    expect(f.navigate('will-navigate', `${HUB}/console/#/chats`)).toBe('allowed');
    expect(f.navigate('will-navigate', 'https://evil.example/')).toBe('prevented');
    expect(f.navigate('will-navigate', 'http://127.0.0.1:4568/console/')).toBe('prevented');
    expect(f.navigate('will-navigate', 'http://127.0.0.1:4567@evil.example/')).toBe('prevented');
    expect(f.navigate('will-navigate', 'file:///etc/passwd')).toBe('prevented');
    expect(f.navigate('will-frame-navigate', 'https://evil.example/')).toBe('prevented');
    expect(f.navigate('will-redirect', 'https://evil.example/')).toBe('prevented');
    expect(f.navigate('will-redirect', `${HUB}/console/`)).toBe('allowed');
  });

  it('window.open is always denied; only https links go to the OS browser', async () => {
    const openExternal = vi.fn(async () => {});
    const f = fakeContents();
    hardenWebContents(f.contents as never, { hubOrigin: HUB, shell: { openExternal }, log: silentLog });
    for (const url of ['https://shop.example/order/1', 'http://shop.example/', `${HUB}/console/`, 'file:///etc/passwd', 'javascript:alert(1)', 'about:blank']) {
      expect(f.open(url)).toEqual({ action: 'deny' });
    }
    expect(openExternal.mock.calls).toEqual([['https://shop.example/order/1']]);
  });

  it('<webview> attachment is denied', () => {
    const f = fakeContents();
    hardenWebContents(f.contents as never, { hubOrigin: HUB, shell: { openExternal: vi.fn() }, log: silentLog });
    expect(f.attachWebview()).toBe(true);
  });

  it('permission requests and checks: only notifications, only for the hub', async () => {
    const s = fakeSession();
    expect(await s.request('notifications', `${HUB}/console/`)).toBe(true);
    expect(await s.request('notifications', 'https://evil.example/')).toBe(false);
    for (const p of ['media', 'geolocation', 'openExternal', 'clipboard-read', 'display-capture', 'fullscreen', 'unknown']) {
      expect(await s.request(p, `${HUB}/console/`)).toBe(false);
    }
    expect(s.check('notifications', HUB)).toBe(true);
    expect(s.check('notifications', `${HUB}/`)).toBe(true);
    expect(s.check('notifications', 'https://evil.example')).toBe(false);
    expect(s.check('media', HUB)).toBe(false);
    expect(s.check('hid', HUB)).toBe(false);
  });

  it('adds a CSP to hub responses that lack one and leaves everything else alone', async () => {
    const s = fakeSession();
    const added = await s.headers(`${HUB}/console/`, { 'content-type': ['text/html'] });
    expect(added.responseHeaders?.['Content-Security-Policy']?.[0]).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
    expect(added.responseHeaders?.['content-type']).toEqual(['text/html']);
    expect(await s.headers(`${HUB}/console/`, { 'Content-Security-Policy': ["default-src 'self'"] })).toEqual({});
    expect(await s.headers('https://cdn.example/x.js', {})).toEqual({});
  });

  it('createMainWindow loads <hub>/console/ and still shows the window when loading fails', async () => {
    const log = vi.fn();
    const made: any[] = [];
    class Win {
      webContents = fakeContents().contents;
      loadURL = vi.fn(async () => {
        throw new Error('ERR_CONNECTION_REFUSED');
      });
      once = vi.fn();
      show = vi.fn();
      isDestroyed = () => false;
      constructor(readonly options: unknown) {
        made.push(this);
      }
    }
    await createMainWindow({ BrowserWindow: Win as never, hubUrl: HUB, preload: '/p.cjs', hubOrigin: HUB, shell: { openExternal: vi.fn() }, log });
    expect(made[0].loadURL).toHaveBeenCalledWith(`${HUB}/console/`);
    expect(made[0].show).toHaveBeenCalled();
    expect(log).toHaveBeenCalledWith('error', 'could not load the console', expect.objectContaining({ url: `${HUB}/console/` }));
  });

  it('origins: parsed, never prefix-matched; team hub URLs validated', () => {
    expect(originOf('http://127.0.0.1:4567/console/')).toBe(HUB);
    expect(originOf('about:blank')).toBeNull();
    expect(originOf('file:///x')).toBeNull();
    expect(originOf('not a url')).toBeNull();
    expect(teamHubUrl(undefined)).toBeNull();
    expect(teamHubUrl(' https://desk.example.com/ ')).toBe('https://desk.example.com');
    expect(teamHubUrl('https://example.com/desk/')).toBe('https://example.com/desk');
    expect(() => teamHubUrl('javascript:alert(1)')).toThrow(/http\(s\)/);
    expect(() => teamHubUrl('https://user:pw@desk.example.com')).toThrow(/credentials/);
  });

  it('a team hub over plain http is refused; http only for this computer (127.0.0.1, ::1, localhost)', () => {
    for (const url of ['http://desk.example.com', 'http://10.0.0.5:4000', 'http://192.168.1.20:4000/', 'http://127.0.0.1.nip.io:4000', 'http://localhost.evil.example']) {
      expect(() => teamHubUrl(url), url).toThrow(/must use https for a team hub/);
    }
    expect(teamHubUrl('http://127.0.0.1:4000/')).toBe('http://127.0.0.1:4000');
    expect(teamHubUrl('http://[::1]:4000')).toBe('http://[::1]:4000');
    expect(teamHubUrl('http://localhost:4000')).toBe('http://localhost:4000');
    expect(teamHubUrl('https://10.0.0.5:4443')).toBe('https://10.0.0.5:4443');
  });
});

// ---------------------------------------------------------------------------------------------

/** A reversible stand-in for the OS key store: never the plain text on disk. */
function fakeSafeStorage(available = true, backend: 'gnome_libsecret' | 'basic_text' = 'gnome_libsecret') {
  return {
    isEncryptionAvailable: vi.fn(() => available),
    getSelectedStorageBackend: vi.fn(() => backend),
    encryptString: vi.fn((s: string) => Buffer.from(`enc:${Buffer.from(s).toString('hex')}`)),
    decryptString: vi.fn((b: Buffer) => {
      const text = b.toString();
      if (!text.startsWith('enc:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(text.slice(4), 'hex').toString();
    }),
  };
}

function ipcHarness(overrides: Partial<IpcDeps> = {}) {
  const handlers = new Map<string, Fn>();
  const ipcMain = { handle: vi.fn((channel: string, fn: Fn) => void handlers.set(channel, fn)) };
  const shown = vi.fn();
  const made: { listeners: Map<string, Fn> }[] = [];
  const Notification = vi.fn(function (this: { show: Fn; on: Fn; listeners: Map<string, Fn> }) {
    this.show = shown;
    this.listeners = new Map();
    this.on = (ev: string, fn: Fn) => this.listeners.set(ev, fn);
    made.push(this);
  });
  const unread = vi.fn();
  const open = vi.fn();
  const dialog = { showSaveDialog: vi.fn(async (..._a: unknown[]) => ({ canceled: true, filePath: '' })) };
  const safeStorage = fakeSafeStorage();
  const deps: IpcDeps = {
    hubUrl: HUB,
    Notification: Notification as never,
    dialog: dialog as never,
    secrets: secretStore(join(tmp, 'secrets.json'), safeStorage, silentLog, 'linux'),
    outbox: outboxFile(join(tmp, 'userData', 'outbox.json'), silentLog),
    unread,
    open,
    saveDir: join(tmp, 'Downloads'),
    ...overrides,
  };
  registerIpc(ipcMain as never, deps);
  const invoke = (channel: string, payload?: unknown, frameUrl: string | null = `${HUB}/console/`) => {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return Promise.resolve().then(() => handler({ senderFrame: frameUrl === null ? null : { url: frameUrl }, sender: {} }, payload));
  };
  return { handlers, invoke, Notification, shown, made, unread, open, dialog, safeStorage };
}

describe('IPC handlers (electron mocked: no Electron runtime on this machine)', { timeout: 30_000 }, () => {
  it('handles exactly the channels of the IPC contract', () => {
    const h = ipcHarness();
    expect([...h.handlers.keys()].sort()).toEqual(Object.values(IPC).sort());
  });

  it('refuses calls from any frame that is not the hub console, before doing anything', async () => {
    const h = ipcHarness();
    for (const channel of Object.values(IPC)) {
      await expect(h.invoke(channel, { title: 'x', body: 'y' }, 'https://evil.example/')).rejects.toThrow(/refused/);
      await expect(h.invoke(channel, { title: 'x', body: 'y' }, 'http://127.0.0.1:4568/console/')).rejects.toThrow(/refused/);
      await expect(h.invoke(channel, { title: 'x', body: 'y' }, null)).rejects.toThrow(/refused/);
      await expect(h.invoke(channel, { title: 'x', body: 'y' }, 'file:///index.html')).rejects.toThrow(/refused/);
    }
    expect(h.Notification).not.toHaveBeenCalled();
    expect(h.dialog.showSaveDialog).not.toHaveBeenCalled();
  });

  it('refuses invalid payloads with a message naming the problem', async () => {
    const h = ipcHarness();
    await expect(h.invoke(IPC.notify, { title: '', body: 'x' })).rejects.toThrow(/caredesk:notify: invalid payload \(title:/);
    await expect(h.invoke(IPC.notify, 'hello')).rejects.toThrow(/invalid payload/);
    await expect(h.invoke(IPC.saveFile, { suggestedName: '../../.bashrc', content: 'x' })).rejects.toThrow(/a file name, not a path/);
    await expect(h.invoke(IPC.secretGet, 'ssh-key')).rejects.toThrow(/invalid payload/);
    await expect(h.invoke(IPC.secretSet, { key: 'session-token', value: 'x'.repeat(5000) })).rejects.toThrow(/invalid payload/);
    expect(h.Notification).not.toHaveBeenCalled();
    expect(h.dialog.showSaveDialog).not.toHaveBeenCalled();
  });

  it('hubUrl answers the hub URL', async () => {
    expect(await ipcHarness().invoke(IPC.hubUrl)).toBe(HUB);
  });

  it('notify shows an OS notification with the title and body', async () => {
    const h = ipcHarness();
    await h.invoke(IPC.notify, { title: 'New chat', body: 'Ada is waiting' });
    expect(h.Notification).toHaveBeenCalledWith({ title: 'New chat', body: 'Ada is waiting' });
    expect(h.shown).toHaveBeenCalledTimes(1);
  });

  it('saveFile asks where to save (in Downloads, modal to the window), then writes the file', async () => {
    const target = join(tmp, 'chosen.csv');
    const parent = { id: 1 };
    const h = ipcHarness({ windowFor: () => parent as never });
    h.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: target });
    expect(await h.invoke(IPC.saveFile, { suggestedName: 'transcripts.csv', content: 'a,b\n1,2\n' })).toEqual({ saved: true });
    expect(readFileSync(target, 'utf8')).toBe('a,b\n1,2\n');
    expect(h.dialog.showSaveDialog).toHaveBeenCalledWith(parent, expect.objectContaining({ defaultPath: join(tmp, 'Downloads', 'transcripts.csv') }));
  });

  it('saveFile reports a cancelled dialog and writes nothing', async () => {
    const writeFile = vi.fn(async () => {});
    const h = ipcHarness({ writeFile });
    expect(await h.invoke(IPC.saveFile, { suggestedName: 'x.txt', content: 'x' })).toEqual({ saved: false });
    expect(writeFile).not.toHaveBeenCalled();
  });

  it('secrets round-trip through safeStorage and are never on disk in the clear', async () => {
    const h = ipcHarness();
    expect(await h.invoke(IPC.secretGet, 'session-token')).toBeNull();
    await h.invoke(IPC.secretSet, { key: 'session-token', value: 'tok-s3cret' });
    expect(await h.invoke(IPC.secretGet, 'session-token')).toBe('tok-s3cret');
    expect(h.safeStorage.encryptString).toHaveBeenCalledWith('tok-s3cret');
    expect(readFileSync(join(tmp, 'secrets.json'), 'utf8')).not.toContain('tok-s3cret');
    await h.invoke(IPC.secretDelete, 'session-token');
    expect(await h.invoke(IPC.secretGet, 'session-token')).toBeNull();
  });

  it('secrets: refuses to store when the OS key store is unavailable, and says so', async () => {
    const ss = fakeSafeStorage(false);
    const h = ipcHarness({ secrets: secretStore(join(tmp, 'secrets.json'), ss, silentLog, 'linux') });
    await expect(h.invoke(IPC.secretSet, { key: 'session-token', value: 'tok' })).rejects.toThrow(/Not stored: the operating system key store is not available/);
    expect(existsSync(join(tmp, 'secrets.json'))).toBe(false);
    expect(ss.encryptString).not.toHaveBeenCalled();
    expect(await h.invoke(IPC.secretGet, 'session-token')).toBeNull();
  });

  it("secrets: on Linux without a keyring (safeStorage's hard-coded key) storing is refused too", async () => {
    const ss = fakeSafeStorage(true, 'basic_text');
    const h = ipcHarness({ secrets: secretStore(join(tmp, 'secrets.json'), ss, silentLog, 'linux') });
    await expect(h.invoke(IPC.secretSet, { key: 'session-token', value: 'tok' })).rejects.toThrow(/no OS keyring/);
    expect(ss.encryptString).not.toHaveBeenCalled();
  });

  it('secrets: a value the OS can no longer decrypt reads as absent, not as an error', async () => {
    writeFileSync(join(tmp, 'secrets.json'), JSON.stringify({ version: 1, secrets: { 'session-token': Buffer.from('garbage').toString('base64') } }));
    const h = ipcHarness();
    expect(await h.invoke(IPC.secretGet, 'session-token')).toBeNull();
  });
});
