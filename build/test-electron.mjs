// `npm run test:electron`: drives the real desktop app with Playwright's Electron support
// (test/electron/, not part of `npm test`). The packaged app from `npm run dist` (release/) when
// there is one, else the Electron runtime from node_modules with this checkout. Where no Electron
// runtime can be had it says so in one line and exits non-zero: nothing here can pass without it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronRuntime } from './electron-runtime.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

/** The app `npm run dist` unpacked for this platform, if it was built. */
function packagedApp() {
  const candidates = {
    linux: [join(root, 'release', 'linux-unpacked', 'caredesk')],
    darwin: [join(root, 'release', 'mac', 'Care Desk.app', 'Contents', 'MacOS', 'Care Desk'), join(root, 'release', 'mac-arm64', 'Care Desk.app', 'Contents', 'MacOS', 'Care Desk')],
    win32: [join(root, 'release', 'win-unpacked', 'Care Desk.exe')],
  }[process.platform] ?? [];
  return candidates.find((p) => existsSync(p)) ?? null;
}

const runtime = electronRuntime();
if (runtime.missing) {
  console.error(`caredesk test:electron: cannot drive the desktop app here: ${runtime.missing}. Run it on a machine where \`npm install\` can download Electron.`);
  process.exit(1);
}

const packaged = packagedApp();
const env = { ...process.env };
if (packaged) {
  env.CAREDESK_APP_EXECUTABLE = packaged;
  console.log(`caredesk test:electron: driving the packaged app ${packaged}`);
} else {
  const built = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (built.status !== 0) process.exit(built.status ?? 1);
  env.CAREDESK_ELECTRON_BINARY = runtime.binary;
  console.log(`caredesk test:electron: no packaged app in release/ (npm run dist); driving Electron ${runtime.version} with this checkout`);
}
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const r = spawnSync(process.execPath, [vitest, 'run', '--config', 'vitest.electron.config.ts', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env });
process.exit(r.status ?? 1);
