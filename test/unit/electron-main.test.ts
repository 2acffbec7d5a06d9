// The Electron runtime cannot be downloaded on this machine, so the main process is tested with
// the `electron` module mocked: these tests prove our wiring (what we ask Electron to do and how
// our handlers decide), not Electron's own behaviour. The hub behind it is real (port 0, temp dir).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC } from '../../shared/protocol/ipc';
import { registerIpc, type IpcDeps } from '../../electron/main/ipc';
import { originOf, teamHubUrl } from '../../electron/main/origin';
import { secretStore } from '../../electron/main/secrets';
import { createMainWindow, hardenSession, hardenWebContents, mainWindowOptions } from '../../electron/main/window';

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

  function world(opts: { lock: boolean; userData: string; appDir: string; downloads: string }) {
    const defaultSession = {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      webRequest: { onHeadersReceived: vi.fn() },
    };
    const app = Object.assign(emitter(), {
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
      return Object.assign(emitter(), { setWindowOpenHandler: vi.fn(), session: defaultSession });
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
      isMinimized = vi.fn(() => true);
      isDestroyed = vi.fn(() => false);
      constructor(readonly options: any) {
        windows.push(this);
        // Electron emits this for every new webContents, including a BrowserWindow's own.
        app.emit('web-contents-created', {}, this.webContents);
      }
      once(ev: string, fn: Fn) {
        this.events.once(ev, fn);
        return this;
      }
    }
    const module = {
      app,
      BrowserWindow: FakeWindow,
      ipcMain: { handle: vi.fn() },
      session: { defaultSession },
      shell: { openExternal: vi.fn(async () => {}) },
      dialog: { showSaveDialog: vi.fn(), showErrorBox: vi.fn() },
      Notification: vi.fn(),
      safeStorage: { isEncryptionAvailable: vi.fn(() => false), encryptString: vi.fn(), decryptString: vi.fn() },
    };
    return { module, windows, defaultSession };
  }

  const state: { current: ReturnType<typeof world> | null } = { current: null };
  const live = new Proxy({} as Record<string, unknown>, {
    get: (_t, key: string) => (state.current!.module as Record<string, unknown>)[key],
  });
  return { world, state, live };
});

vi.mock('electron', () => {
  const keys = ['app', 'BrowserWindow', 'ipcMain', 'session', 'shell', 'dialog', 'Notification', 'safeStorage'];
  const mod: Record<string, unknown> = {};
  // Getters, not values: the mocked module is cached across vi.resetModules(), the world is not.
  for (const k of keys) Object.defineProperty(mod, k, { get: () => fake.live[k], enumerable: true });
  Object.defineProperty(mod, 'default', { get: () => mod, enumerable: true });
  return mod;
});

const silentLog = () => {};
const HUB = 'http://127.0.0.1:4567';

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'caredesk-electron-'));
});
afterEach(() => {
  rmSync(tmp, { recursive: true, force: true });
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

/** Loads main.ts fresh (it runs on import, as in Electron) against a new fake world. */
async function bootMain(opts: { lock?: boolean } = {}) {
  const userData = join(tmp, 'userData');
  const appDir = join(tmp, 'app');
  // A stand-in console build, to prove the hub serves the renderer from the app folder.
  mkdirSync(join(appDir, 'dist', 'renderer', 'console'), { recursive: true });
  writeFileSync(join(appDir, 'dist', 'renderer', 'console', 'index.html'), '<!doctype html><title>console</title>');
  const w = fake.world({ lock: opts.lock ?? true, userData, appDir, downloads: join(tmp, 'Downloads') });
  fake.state.current = w;
  const logs: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void logs.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void logs.push(a.join(' ')));
  vi.resetModules();
  await import('../../electron/main/main');
  return { ...w, userData, appDir, logs };
}

async function quit(w: Awaited<ReturnType<typeof bootMain>>) {
  const event = { preventDefault: vi.fn() };
  w.module.app.emit('will-quit', event);
  await vi.waitFor(() => expect(w.module.app.quit).toHaveBeenCalled());
  return event;
}

describe('main process wiring (electron mocked: no Electron runtime on this machine)', () => {
  it('starts the embedded hub with its data under userData/hub and loads <hub>/console/', async () => {
    const w = await bootMain();
    await vi.waitFor(() => expect(w.windows[0]?.loadURL).toHaveBeenCalled());
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
    await vi.waitFor(() => expect(w.windows[0]?.loadURL).toHaveBeenCalled());
    const line = w.logs.find((l) => l.includes('Setup code for the first admin'));
    expect(line).toBeDefined();
    const code = /Setup code for the first admin: (\S+)/.exec(line!)![1]!;
    expect(readFileSync(join(w.userData, 'caredesk.log'), 'utf8')).not.toContain(code);
    await quit(w);
  });

  it('hardens the session and every webContents, and registers every IPC channel', async () => {
    const w = await bootMain();
    await vi.waitFor(() => expect(w.windows[0]?.loadURL).toHaveBeenCalled());
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
    await vi.waitFor(() => expect(w.windows[0]?.loadURL).toHaveBeenCalled());
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
    await vi.waitFor(() => expect(w.windows[0]?.loadURL).toHaveBeenCalled());
    expect(w.windows[0]!.loadURL).toHaveBeenCalledWith('https://desk.example.com/console/');
    expect(existsSync(join(w.userData, 'hub'))).toBe(false);
    const quitEvent = { preventDefault: vi.fn() };
    w.module.app.emit('will-quit', quitEvent);
    expect(quitEvent.preventDefault).not.toHaveBeenCalled();
  });

  it('a malformed CAREDESK_HUB_URL stops the app with an error box instead of loading anything', async () => {
    vi.stubEnv('CAREDESK_HUB_URL', 'file:///etc/passwd');
    const w = await bootMain();
    await vi.waitFor(() => expect(w.module.app.exit).toHaveBeenCalledWith(1));
    expect(w.module.dialog.showErrorBox).toHaveBeenCalledWith('Care Desk could not start', expect.stringContaining('http(s)'));
    expect(w.windows).toHaveLength(0);
  });

  it('a second instance quits at once; the first one focuses its window instead', async () => {
    const second = await bootMain({ lock: false });
    expect(second.module.app.quit).toHaveBeenCalled();
    expect(second.module.app.whenReady).not.toHaveBeenCalled();

    vi.stubEnv('CAREDESK_HUB_URL', HUB);
    const first = await bootMain();
    await vi.waitFor(() => expect(first.windows[0]?.loadURL).toHaveBeenCalled());
    first.module.app.emit('second-instance', {}, [], '', {});
    expect(first.windows[0]!.restore).toHaveBeenCalled();
    expect(first.windows[0]!.focus).toHaveBeenCalled();
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

describe('window security checklist (electron mocked: no Electron runtime on this machine)', () => {
  it('webPreferences: sandbox, contextIsolation, no nodeIntegration, webSecurity, no webview, the preload', () => {
    const wp = mainWindowOptions('/app/dist/electron/preload.cjs').webPreferences!;
    expect(wp).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
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
  const Notification = vi.fn(function (this: { show: Fn }) {
    this.show = shown;
  });
  const dialog = { showSaveDialog: vi.fn(async (..._a: unknown[]) => ({ canceled: true, filePath: '' })) };
  const safeStorage = fakeSafeStorage();
  const deps: IpcDeps = {
    hubUrl: HUB,
    Notification: Notification as never,
    dialog: dialog as never,
    secrets: secretStore(join(tmp, 'secrets.json'), safeStorage, silentLog, 'linux'),
    saveDir: join(tmp, 'Downloads'),
    ...overrides,
  };
  registerIpc(ipcMain as never, deps);
  const invoke = (channel: string, payload?: unknown, frameUrl: string | null = `${HUB}/console/`) => {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return Promise.resolve().then(() => handler({ senderFrame: frameUrl === null ? null : { url: frameUrl }, sender: {} }, payload));
  };
  return { handlers, invoke, Notification, shown, dialog, safeStorage };
}

describe('IPC handlers (electron mocked: no Electron runtime on this machine)', () => {
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
