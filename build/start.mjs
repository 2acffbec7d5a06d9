// `npm start`: the desktop app where the Electron runtime is installed; otherwise the hub alone,
// with the console in a browser (the same console the app shows).
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronRuntime } from './electron-runtime.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

const run = (cmd, args) => spawn(cmd, args, { cwd: root, stdio: 'inherit' }).on('exit', (code) => process.exit(code ?? 0));

const electron = electronRuntime().binary;
if (electron && process.env.CAREDESK_NO_ELECTRON !== '1') {
  const built = spawnSync(process.execPath, [join(root, 'build/build-electron.mjs')], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
  run(electron, [root]);
} else {
  console.log('No Electron runtime on this machine: starting the hub alone. Open the console in a browser at the address below.');
  const port = process.env.PORT ?? '4000';
  run(process.execPath, [join(root, 'bin/caredesk.mjs'), 'hub', '--port', port, ...process.argv.slice(2)]);
}
