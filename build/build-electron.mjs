// Bundles the Electron main process and preload into dist/electron as CommonJS.
// - main: node_modules stay external (better-sqlite3 is native; electron-builder ships the
//   production dependencies), our own TypeScript (electron/, server/, shared/) is inlined.
// - preload: a sandboxed preload can require only 'electron', so everything else it imports
//   (the IPC contract and, through it, zod) is inlined into one file.
import { build } from 'esbuild';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  sourcemap: true,
  logLevel: 'warning',
  // Our package is "type": "module"; outputs are .cjs so Electron loads them as CommonJS.
  outExtension: { '.js': '.cjs' },
};

// `--out DIR` builds elsewhere (tests that must not race the real dist/electron).
const outArg = process.argv.indexOf('--out');
const outDir = outArg > 0 ? process.argv[outArg + 1] : 'dist/electron';
const outputs = {
  main: `${outDir}/main.cjs`,
  preload: `${outDir}/preload.cjs`,
  // The hub's store runs in a worker thread (server/store/workerStore.ts), which loads this file
  // from beside main.cjs.
  storeWorker: `${outDir}/storeWorker.cjs`,
};

// Node code bundled for Electron's main process (the main bundle and the store's worker).
const forMain = {
  ...common,
  // Electron 38 runs Node 22.
  target: 'node22',
  packages: 'external',
  // import.meta does not exist in CommonJS; server code that reads import.meta.url gets the
  // bundle's own file URL instead of undefined (which would throw at load).
  define: { 'import.meta.url': '__caredeskImportMetaUrl' },
  banner: { js: "const __caredeskImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};

await Promise.all([
  build({ ...forMain, entryPoints: ['electron/main/main.ts'], outfile: outputs.main }),
  build({ ...forMain, entryPoints: ['server/store/worker/host.ts'], outfile: outputs.storeWorker }),
  build({
    ...common,
    entryPoints: ['electron/preload/preload.ts'],
    outfile: outputs.preload,
    // Electron 38 is Chromium 140; the preload runs in the renderer.
    target: 'chrome140',
    external: ['electron'],
  }),
]);

for (const [name, file] of Object.entries(outputs)) {
  const kb = (statSync(resolve(root, file)).size / 1024).toFixed(1);
  console.log(`build-electron: ${name} -> ${file} (${kb} KiB)`);
}
