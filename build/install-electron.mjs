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
  const why = (r.stderr || r.error?.message || 'unknown error').trim().split('\n').pop();
  console.log(`caredesk: Electron runtime could not be downloaded (${why}); the desk still works: \`npm start\` runs the hub and opens the console in a browser.`);
}
