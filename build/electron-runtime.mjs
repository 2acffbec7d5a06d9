// Where the Electron runtime is on this machine, if anywhere: the binary `npm install` fetched
// into node_modules/electron (build/install-electron.mjs), or none. One place for npm start,
// npm run dist and npm run test:electron.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** { binary, distDir, version } of the installed runtime, or { missing: why } in one sentence. */
export function electronRuntime() {
  let pkgDir;
  try {
    pkgDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return { missing: 'the electron package is not installed (run npm install)' };
  }
  const version = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version;
  const pathFile = join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) {
    return { missing: `the Electron ${version} runtime was never downloaded (npm install could not fetch it from outside the npm registry; see its "caredesk:" line)` };
  }
  const distDir = join(pkgDir, 'dist');
  const binary = join(distDir, readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(binary)) return { missing: `the Electron ${version} runtime is incomplete (${binary} is missing; run npm install again)` };
  return { binary, distDir, version };
}
