// The store worker's entry point when the hub runs from source (tsx): a worker thread does not
// inherit the loader its parent registered, so it registers tsx itself before loading host.ts.
// The Electron bundle builds host.ts into dist/electron/storeWorker.cjs instead (build/build-electron.mjs).
import { register } from 'tsx/esm/api';

register();
await import('./host.ts');
