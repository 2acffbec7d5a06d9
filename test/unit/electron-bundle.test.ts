// Checks the built CommonJS bundles without an Electron runtime (none can be downloaded on this
// machine): the preload must run where only require('electron') exists (a sandboxed preload), and
// main.cjs must load under plain Node with a stand-in `electron` module, start the real embedded
// hub and ask for <hub>/console/. What Electron itself does with them is not verified here.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IPC } from '../../shared/protocol/ipc';

const root = fileURLToPath(new URL('../..', import.meta.url));
const mainCjs = join(root, 'dist', 'electron', 'main.cjs');
const preloadCjs = join(root, 'dist', 'electron', 'preload.cjs');
const storeWorkerCjs = join(root, 'dist', 'electron', 'storeWorker.cjs');
let tmp: string;

beforeAll(() => {
  execFileSync(process.execPath, [join(root, 'build', 'build-electron.mjs')], { cwd: root, stdio: 'pipe' });
  tmp = mkdtempSync(join(tmpdir(), 'caredesk-bundle-'));
}, 60_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('electron bundles (electron mocked: no Electron runtime on this machine)', () => {
  it('build/build-electron.mjs writes dist/electron/main.cjs, preload.cjs and the store worker beside main.cjs', () => {
    expect(existsSync(mainCjs)).toBe(true);
    expect(existsSync(preloadCjs)).toBe(true);
    // main.cjs's hub opens its store in a worker thread from this file (server/store/workerStore.ts).
    expect(existsSync(storeWorkerCjs)).toBe(true);
  });

  it('preload.cjs is self-contained: it runs where require() only knows electron, as in a sandbox', async () => {
    const exposed: Record<string, any> = {};
    const calls: unknown[][] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (k: string, v: unknown) => void (exposed[k] = v) },
      ipcRenderer: { invoke: async (...args: unknown[]) => void calls.push(args) },
    };
    const sandboxRequire = (id: string) => {
      if (id === 'electron') return electron;
      throw new Error(`a sandboxed preload cannot require ${id}`);
    };
    const module = { exports: {} };
    vm.runInNewContext(readFileSync(preloadCjs, 'utf8'), { require: sandboxRequire, module, exports: module.exports, console }, { filename: preloadCjs });
    expect(Object.keys(exposed)).toEqual(['caredesk']);
    await exposed.caredesk.notify({ title: 't', body: 'b' });
    expect(calls).toEqual([[IPC.notify, { title: 't', body: 'b' }]]);
  });

  it('main.cjs loads under Node with a stand-in electron, starts the embedded hub and loads its console', async () => {
    // A minimal electron stand-in, injected with Module._load so main.cjs's require('electron') gets it.
    const harness = join(tmp, 'harness.cjs');
    writeFileSync(
      harness,
      `
const Module = require('node:module');
const { EventEmitter } = require('node:events');
const [mainCjs, userData] = process.argv.slice(2);
const app = Object.assign(new EventEmitter(), {
  isPackaged: false, setBadgeCount: (n) => console.log('BADGE ' + n), setAsDefaultProtocolClient: () => true,
  requestSingleInstanceLock: () => true, enableSandbox() {}, whenReady: () => Promise.resolve(),
  getPath: (n) => (n === 'userData' ? userData : userData + '/Downloads'),
  getAppPath: () => userData + '/app',
  quit() { console.log('QUIT'); process.exit(0); }, exit(code) { console.log('EXIT ' + code); process.exit(code); },
});
class BrowserWindow extends EventEmitter {
  static getAllWindows() { return []; }
  static fromWebContents() { return null; }
  constructor(options) {
    super();
    this.webContents = Object.assign(new EventEmitter(), { setWindowOpenHandler() {}, session: electron.session.defaultSession, send() {}, isLoading: () => false, closeDevTools() {} });
    app.emit('web-contents-created', {}, this.webContents);
    console.log('WEBPREFS ' + JSON.stringify(options.webPreferences));
  }
  async loadURL(url) {
    const health = await fetch(url.replace(/console\\/$/, 'api/health'));
    console.log('LOADED ' + url + ' ' + health.status);
    setImmediate(() => app.emit('will-quit', { preventDefault() { console.log('QUIT HELD'); } }));
  }
  show() {} isDestroyed() { return false; } maximize() {} isMaximized() { return false; } getNormalBounds() { return { x: 0, y: 0, width: 1280, height: 820 }; }
}
class Tray extends EventEmitter { constructor(image) { super(); console.log('TRAY ' + image.width + 'x' + image.height); } setToolTip(t) { console.log('TOOLTIP ' + t); } setTitle() {} setContextMenu() {} }
const noop = () => {};
const electron = {
  app, BrowserWindow,
  ipcMain: { handle: (ch) => console.log('IPC ' + ch) },
  session: { defaultSession: { setPermissionRequestHandler: noop, setPermissionCheckHandler: noop, webRequest: { onHeadersReceived: noop } } },
  shell: { openExternal: async () => {} },
  dialog: { showSaveDialog: async () => ({ canceled: true, filePath: '' }), showErrorBox: (t, m) => console.log('ERRORBOX ' + m) },
  Notification: class { show() {} },
  safeStorage: { isEncryptionAvailable: () => false, encryptString: noop, decryptString: noop },
  Tray,
  Menu: { setApplicationMenu: noop, buildFromTemplate: (t) => ({ t }) },
  nativeImage: { createFromBitmap: (data, size) => ({ ...size, bytes: data.length }) },
  screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
};
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'electron' ? electron : load.call(this, request, ...rest); };
require(mainCjs);
`,
    );
    const userData = join(tmp, 'userData');
    const env = { ...process.env };
    delete env.CAREDESK_HUB_URL;
    const child = spawn(process.execPath, [harness, mainCjs, userData], { cwd: tmp, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (out += d));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => child.kill(), 20_000);
      child.on('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    expect(out).toMatch(/LOADED http:\/\/127\.0\.0\.1:\d+\/console\/ 200/);
    expect(out).toContain('WEBPREFS {"sandbox":true,"contextIsolation":true,"nodeIntegration":false');
    for (const ch of Object.values(IPC)) expect(out).toContain(`IPC ${ch}`);
    expect(out).toMatch(/Setup code for the first admin: \S+/);
    // The tray icon is drawn in the bundle (no image files to ship) and starts with no unread.
    expect(out).toContain('TRAY 32x32');
    expect(out).toContain('TOOLTIP Care Desk');
    expect(out).toContain('BADGE 0');
    // The quit is held for the hub to close, then goes through.
    expect(out).toMatch(/QUIT HELD[\s\S]*QUIT/);
    expect(code).toBe(0);
    expect(existsSync(join(userData, 'hub', 'caredesk.sqlite'))).toBe(true);
    expect(existsSync(join(userData, 'caredesk.log'))).toBe(true);
  }, 30_000);
});
