// The desktop pieces of the main process, each on its own, with the Electron objects they drive
// replaced by fakes (no Electron runtime on this machine): caredesk:// parsing, window placement,
// badge/overlay/tray per platform, the packaged menu and DevTools shortcuts, the unsent-messages
// file on a real disk, the updater's start, the drawn icons.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { deepLinkFromArgv, parseDeepLink } from '../../electron/main/deepLink';
import { overlayBitmap, trayBitmap } from '../../electron/main/icons';
import { outboxFile } from '../../electron/main/outboxFile';
import { isDevToolsShortcut, packagedMenuTemplate } from '../../electron/main/packaged';
import { unreadIndicator, unreadLabel } from '../../electron/main/unread';
import { startUpdates, type Updater } from '../../electron/main/updater';
import { MIN_VISIBLE_PX, visibleState } from '../../electron/main/windowState';

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'caredesk-desktop-'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

describe('caredesk:// links', () => {
  it('a chat or a transcript by id, and nothing else', () => {
    expect(parseDeepLink('caredesk://chat/conv_1A-2')).toEqual({ kind: 'chat', conversationId: 'conv_1A-2' });
    expect(parseDeepLink('caredesk://transcript/conv_9')).toEqual({ kind: 'transcript', conversationId: 'conv_9' });
    expect(parseDeepLink('caredesk://chat/conv_9/')).toEqual({ kind: 'chat', conversationId: 'conv_9' });
    for (const bad of [
      'caredesk://chat/',
      'caredesk://chat/a/b',
      'caredesk://chat/..%2F..%2Fetc',
      'caredesk://chat/a%20b',
      'caredesk://chat/c1?token=x',
      'caredesk://chat/c1#x',
      'caredesk://user:pw@chat/c1',
      'caredesk://chat:8080/c1',
      'caredesk://CHAT/c1',
      'caredesk://settings/c1',
      'caredesk://accounts/admin',
      'caredesk:chat/c1',
      'https://chat/c1',
      `caredesk://chat/${'a'.repeat(300)}`,
      `caredesk://chat/${'a'.repeat(65)}`,
    ]) {
      expect(parseDeepLink(bad), bad).toBeNull();
    }
  });

  it('found among the arguments Windows and Linux start the app with; other arguments are never read as links', () => {
    expect(deepLinkFromArgv(['C:\\Care Desk\\Care Desk.exe', '--allow-file-access', 'caredesk://chat/c1'])).toEqual({ kind: 'chat', conversationId: 'c1' });
    expect(deepLinkFromArgv(['/usr/bin/caredesk'])).toBeNull();
    expect(deepLinkFromArgv(['/usr/bin/caredesk', 'caredesk://evil/x'])).toBeNull();
  });
});

describe('window placement', () => {
  const laptop = [{ workArea: { x: 0, y: 0, width: 1440, height: 900 } }];
  const state = (x: number, y: number, width = 1200, height = 800) => ({ bounds: { x, y, width, height }, maximized: false });

  it('keeps a place that is on an attached display, even partly', () => {
    expect(visibleState(state(100, 100), laptop, MIN_VISIBLE_PX)).toEqual(state(100, 100));
    expect(visibleState(state(1200, 700), laptop, MIN_VISIBLE_PX)).toEqual(state(1200, 700));
  });

  it('drops a place on a display that is gone, or with too little showing to grab the title bar', () => {
    expect(visibleState(state(2000, 100), laptop, MIN_VISIBLE_PX)).toBeNull();
    expect(visibleState(state(1400, 100), laptop, MIN_VISIBLE_PX)).toBeNull();
    expect(visibleState(state(100, -795), laptop, MIN_VISIBLE_PX)).toBeNull();
    expect(visibleState(null, laptop, MIN_VISIBLE_PX)).toBeNull();
    expect(visibleState(state(100, 100), [], MIN_VISIBLE_PX)).toBeNull();
  });
});

function fakeTray() {
  return { setToolTip: vi.fn(), setTitle: vi.fn(), setContextMenu: vi.fn() };
}

describe('unread badge, overlay and tray (Electron app, window and tray faked)', () => {
  const overlay = { overlay: true } as never;
  const deps = (platform: NodeJS.Platform) => {
    const app = { setBadgeCount: vi.fn(() => true) };
    const win = { setOverlayIcon: vi.fn(), isDestroyed: () => false };
    const tray = fakeTray();
    const u = unreadIndicator({ app, platform, window: () => win as never, tray, buildMenu: (t) => ({ t }) as never, overlay, show: vi.fn(), quit: vi.fn() });
    return { u, app, win, tray };
  };

  it('macOS: the dock badge and the menu-bar title carry the count', () => {
    const { u, app, tray, win } = deps('darwin');
    u.set(4);
    expect(app.setBadgeCount).toHaveBeenLastCalledWith(4);
    expect(tray.setTitle).toHaveBeenLastCalledWith('4');
    expect(tray.setToolTip).toHaveBeenLastCalledWith('Care Desk — 4 unread messages');
    u.set(0);
    expect(app.setBadgeCount).toHaveBeenLastCalledWith(0);
    expect(tray.setTitle).toHaveBeenLastCalledWith('');
    expect(win.setOverlayIcon).not.toHaveBeenCalled();
  });

  it('Windows: a red overlay on the taskbar button with the count as its description, cleared at zero', () => {
    const { u, app, win, tray } = deps('win32');
    u.set(1);
    expect(win.setOverlayIcon).toHaveBeenLastCalledWith(overlay, '1 unread message');
    u.set(0);
    expect(win.setOverlayIcon).toHaveBeenLastCalledWith(null, '');
    expect(app.setBadgeCount).not.toHaveBeenCalled();
    expect(tray.setTitle).not.toHaveBeenCalled();
  });

  it('the same count twice changes nothing', () => {
    const { u, app } = deps('linux');
    u.set(2);
    u.set(2);
    expect(app.setBadgeCount).toHaveBeenCalledTimes(1);
    expect(u.count).toBe(2);
    expect(unreadLabel(0)).toBe('No unread messages');
  });
});

describe('packaged app menu and DevTools shortcuts', () => {
  it('Windows and Linux: no menu; macOS: only the app, edit and window menus (copy and paste work, no View or DevTools)', () => {
    expect(packagedMenuTemplate('win32')).toBeNull();
    expect(packagedMenuTemplate('linux')).toBeNull();
    const mac = JSON.stringify(packagedMenuTemplate('darwin'));
    expect(mac).toContain('"editMenu"');
    expect(mac).toContain('"quit"');
    expect(mac).not.toMatch(/toggleDevTools|viewMenu|reload|forceReload/);
  });

  it('DevTools shortcuts are recognised on every platform; the desk shortcuts are not', () => {
    const key = (k: Partial<Parameters<typeof isDevToolsShortcut>[0]>) => isDevToolsShortcut({ type: 'keyDown', key: '', control: false, meta: false, shift: false, alt: false, ...k });
    expect(key({ key: 'F12' })).toBe(true);
    expect(key({ key: 'I', code: 'KeyI', control: true, shift: true })).toBe(true);
    expect(key({ key: 'C', code: 'KeyC', control: true, shift: true })).toBe(true);
    expect(key({ key: 'î', code: 'KeyI', meta: true, alt: true })).toBe(true);
    expect(key({ key: 'a', code: 'KeyA', alt: true })).toBe(false);
    expect(key({ key: 'E', code: 'KeyE', alt: true, shift: true })).toBe(false);
    expect(key({ key: 'c', code: 'KeyC', control: true })).toBe(false);
    expect(isDevToolsShortcut({ type: 'keyUp', key: 'F12', control: false, meta: false, shift: false, alt: false })).toBe(false);
  });
});

describe('unsent-messages file (real disk)', () => {
  const m = (body: string, conversationId = 'c1') => ({ conversationId, clientId: `id${body}xxxxxxxx`, body, queuedAt: '2026-12-05T18:00:00.000Z' });

  it('per agent, 0600, and gone once nothing is pending', async () => {
    const file = join(tmp, 'ud', 'outbox.json');
    const store = outboxFile(file, () => {});
    await store.save('ada', [m('one'), m('two', 'c2')]);
    await store.save('bob', [m('three')]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await outboxFile(file, () => {}).load('ada')).toEqual([m('one'), m('two', 'c2')]);
    await store.save('ada', []);
    expect(await store.load('ada')).toEqual([]);
    expect(await store.load('bob')).toEqual([m('three')]);
  });

  it('quick saves land in order: the last list wins', async () => {
    const store = outboxFile(join(tmp, 'outbox.json'), () => {});
    await Promise.all([store.save('ada', [m('a')]), store.save('ada', [m('a'), m('b')]), store.save('ada', [m('b')])]);
    expect(await store.load('ada')).toEqual([m('b')]);
  });

  it('a damaged or foreign file reads as empty and says so in the log', async () => {
    const file = join(tmp, 'outbox.json');
    const log = vi.fn();
    for (const text of ['{not json', JSON.stringify({ version: 2, agents: {} }), JSON.stringify({ version: 1, agents: { ada: [{ ...m('x'), extra: 1 }] } })]) {
      writeFileSync(file, text);
      expect(await outboxFile(file, log).load('ada')).toEqual([]);
    }
    expect(log).toHaveBeenCalledTimes(3);
    expect(log).toHaveBeenCalledWith('warn', 'unsent-messages file is damaged; its messages are dropped', expect.objectContaining({ file }));
    // The next save starts a clean file rather than failing.
    await outboxFile(file, log).save('ada', [m('y')]);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ version: 1, agents: { ada: [m('y')] } });
  });
});

describe('updates (electron-updater faked)', () => {
  function fakeUpdater() {
    const on = vi.fn();
    const u = { autoDownload: false, autoInstallOnAppQuit: false, logger: null as unknown, on, checkForUpdatesAndNotify: vi.fn(async (): Promise<unknown> => null) };
    return u as typeof u & Updater;
  }

  it('not loaded at all from a checkout', async () => {
    const load = vi.fn(async () => fakeUpdater());
    expect(await startUpdates({ isPackaged: false, load, log: () => {} })).toBeNull();
    expect(load).not.toHaveBeenCalled();
  });

  it('installed: downloads in the background, installs on quit, and a failed check is only logged', async () => {
    const u = fakeUpdater();
    u.checkForUpdatesAndNotify = vi.fn(async () => {
      throw new Error('net::ERR_INTERNET_DISCONNECTED');
    });
    const log = vi.fn();
    await startUpdates({ isPackaged: true, load: async () => u, log });
    expect(u.autoDownload).toBe(true);
    expect(u.autoInstallOnAppQuit).toBe(true);
    await vi.waitFor(() => expect(log).toHaveBeenCalledWith('warn', 'update check failed', { error: 'Error: net::ERR_INTERNET_DISCONNECTED' }));
    const onError = u.on.mock.calls.find((c) => c[0] === 'error')![1] as (e: Error) => void;
    onError(new Error('sha512 checksum mismatch'));
    expect(log).toHaveBeenCalledWith('warn', 'update failed', { error: 'sha512 checksum mismatch' });
  });
});

describe('drawn icons', () => {
  it('the tray icon and the overlay are square BGRA bitmaps with something drawn on a transparent ground', () => {
    for (const [b, size] of [[trayBitmap(), 32], [overlayBitmap(), 16]] as const) {
      expect(b.width).toBe(size);
      expect(b.data.length).toBe(size * size * 4);
      const alpha = [...Array(size * size).keys()].map((i) => b.data[i * 4 + 3]!);
      expect(alpha[0]).toBe(0);
      expect(alpha.filter((a) => a === 255).length).toBeGreaterThan(size * size * 0.3);
    }
  });
});
