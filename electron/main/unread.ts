// The unread count outside the window: the dock badge (macOS) or launcher badge (Linux, Unity
// launchers) through app.setBadgeCount, a red overlay on the taskbar button on Windows (which has
// no badge count), and the tray icon's tooltip, title (macOS menu bar) and menu.
import type { App, BaseWindow, Menu, MenuItemConstructorOptions, NativeImage, Tray } from 'electron';

export interface UnreadDeps {
  app: Pick<App, 'setBadgeCount'>;
  platform: NodeJS.Platform;
  /** The console window, if open. */
  window: () => (Pick<BaseWindow, 'setOverlayIcon' | 'isDestroyed'> | null);
  tray: Pick<Tray, 'setToolTip' | 'setTitle' | 'setContextMenu'> | null;
  buildMenu: (template: MenuItemConstructorOptions[]) => Menu;
  overlay: NativeImage;
  show: () => void;
  quit: () => void;
}

export function unreadLabel(count: number): string {
  return count === 0 ? 'No unread messages' : count === 1 ? '1 unread message' : `${count} unread messages`;
}

export function unreadIndicator(deps: UnreadDeps): { set(count: number): void; readonly count: number } {
  let current = -1;

  function menu(count: number): Menu {
    return deps.buildMenu([
      { label: unreadLabel(count), enabled: false },
      { type: 'separator' },
      { label: 'Show Care Desk', click: deps.show },
      { label: 'Quit Care Desk', click: deps.quit },
    ]);
  }

  function set(count: number): void {
    if (count === current) return;
    current = count;
    if (deps.platform === 'win32') {
      const win = deps.window();
      if (win && !win.isDestroyed()) win.setOverlayIcon(count > 0 ? deps.overlay : null, count > 0 ? unreadLabel(count) : '');
    } else {
      deps.app.setBadgeCount(count);
    }
    if (deps.tray) {
      deps.tray.setToolTip(count > 0 ? `Care Desk — ${unreadLabel(count)}` : 'Care Desk');
      if (deps.platform === 'darwin') deps.tray.setTitle(count > 0 ? String(count) : '');
      deps.tray.setContextMenu(menu(count));
    }
  }

  return {
    set,
    get count() {
      return Math.max(current, 0);
    },
  };
}
