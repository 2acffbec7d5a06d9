// Installs the Electron runtime where the network allows it. Electron's own install script is
// denied in package.json (allowScripts) because it downloads a binary from outside the npm
// registry; here we try it ourselves and never fail the install when it cannot be had.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let installer;
try {
  installer = require.resolve('electron/install.js');
} catch {
  console.log('caredesk: Electron package not installed; `npm start` will run the hub with the console in a browser.');
  process.exit(0);
}
const pathFile = installer.replace(/install\.js$/, 'path.txt');
if (existsSync(pathFile)) process.exit(0);
if (process.env.CAREDESK_SKIP_ELECTRON === '1') {
  console.log('caredesk: CAREDESK_SKIP_ELECTRON=1, Electron runtime not downloaded; `npm start` will run the hub with the console in a browser.');
  process.exit(0);
}
const r = spawnSync(process.execPath, [installer], { stdio: 'pipe', timeout: 120_000, encoding: 'utf8' });
if (r.status === 0 && existsSync(pathFile)) {
  console.log('caredesk: Electron runtime installed.');
} else {
  // The installer prints a stack; the line naming the error (e.g. getaddrinfo ENOTFOUND) says why.
  const lines = (r.stderr || r.error?.message || '').split('\n').map((l) => l.trim());
  const why = lines.find((l) => /\b(E[A-Z]{3,}|Error:)/.test(l) && !l.startsWith('at ')) ?? (r.signal ? `stopped by ${r.signal}` : 'no network');
  console.log(`caredesk: Electron runtime could not be downloaded (${why.slice(0, 160)}); the desk still works: \`npm start\` runs the hub, open the console it prints in a browser.`);
}
