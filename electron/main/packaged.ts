// What an installed Care Desk must not offer: Electron's default menu (Reload, Toggle Developer
// Tools, …) and DevTools themselves, which would let anyone at an unlocked desk read the session
// token or run code as the console. `npm start` from a checkout keeps both for developers.
import type { Menu, MenuItemConstructorOptions, WebContents } from 'electron';

type MenuApi = { setApplicationMenu(menu: Menu | null): void; buildFromTemplate(template: MenuItemConstructorOptions[]): Menu };

/**
 * No menu at all on Windows and Linux. macOS needs an application menu for the standard editing
 * shortcuts (⌘C, ⌘V, ⌘Z in the reply box) and for Quit: only those roles, no View or Developer items.
 */
export function packagedMenuTemplate(platform: NodeJS.Platform): MenuItemConstructorOptions[] | null {
  if (platform !== 'darwin') return null;
  return [
    { role: 'appMenu', submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }] },
    { role: 'editMenu' },
    { role: 'windowMenu' },
  ];
}

export function installPackagedMenu(menu: MenuApi, platform: NodeJS.Platform): void {
  const template = packagedMenuTemplate(platform);
  menu.setApplicationMenu(template ? menu.buildFromTemplate(template) : null);
}

interface KeyInput {
  type: string;
  key: string;
  code?: string;
  control: boolean;
  meta: boolean;
  shift: boolean;
  alt: boolean;
}

/** F12, Ctrl+Shift+I/J/C (Windows, Linux), ⌘⌥I/J/C (macOS): Chromium's DevTools shortcuts. */
export function isDevToolsShortcut(input: KeyInput): boolean {
  if (input.type !== 'keyDown') return false;
  if (input.key === 'F12') return true;
  const letter = (input.code?.startsWith('Key') ? input.code.slice(3) : input.key).toUpperCase();
  if (!['I', 'J', 'C'].includes(letter)) return false;
  return (input.control && input.shift) || (input.meta && input.alt);
}

type ContentsLike = Pick<WebContents, 'closeDevTools'> & {
  on(event: 'before-input-event', listener: (event: { preventDefault(): void }, input: KeyInput) => void): unknown;
  on(event: 'devtools-opened', listener: () => void): unknown;
};

/** Belt and braces beside webPreferences.devTools = false: the shortcuts are swallowed, and DevTools close if they open anyway. */
export function blockDevTools(contents: ContentsLike): void {
  contents.on('before-input-event', (event, input) => {
    if (isDevToolsShortcut(input)) event.preventDefault();
  });
  contents.on('devtools-opened', () => contents.closeDevTools());
}
