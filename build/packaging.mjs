// What a packaged Care Desk must be, checked while electron-builder packs it (build/after-pack.mjs)
// and by the unit tests: the fuses flipped in the Electron binary, and every native addon in the
// package built for Electron's ABI rather than the machine's Node (which the hub CLI and tests use).
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { FuseV1Options, FuseVersion } from '@electron/fuses';

const require = createRequire(import.meta.url);

/**
 * Every fuse set explicitly (strictlyRequireAllFuses): a new fuse in a later Electron stops the
 * build until someone decides it, instead of silently inheriting Electron's default.
 */
export const FUSES = Object.freeze({
  version: FuseVersion.V1,
  strictlyRequireAllFuses: true,
  // `ELECTRON_RUN_AS_NODE=1 Care Desk` would otherwise be a signed Node interpreter on the agent's machine.
  [FuseV1Options.RunAsNode]: false,
  // Cookies on disk encrypted with the OS key store, like safeStorage.
  [FuseV1Options.EnableCookieEncryption]: true,
  // NODE_OPTIONS and --inspect would let anything that can set the environment run code in main.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // app.asar is checked against the hash electron-builder embeds, so an edited archive will not load…
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  // …and the app cannot be swapped for a loose resources/app folder.
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
});

/** The store's native module under both names (better-sqlite3, and its SQLCipher drop-in). */
export const NATIVE_MODULES = Object.freeze(['better-sqlite3', 'better-sqlite3-multiple-ciphers']);

/**
 * The file @electron/fuses flips for a packed app (electron-builder's own layout per platform).
 * `packager` is electron-builder's platform packager: appInfo.productFilename, and executableName on Linux.
 */
export function electronBinaryPath({ appOutDir, electronPlatformName, packager }) {
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return join(appOutDir, `${packager.appInfo.productFilename}.app`);
    case 'win32':
      return join(appOutDir, `${packager.appInfo.productFilename}.exe`);
    case 'linux':
      return join(appOutDir, packager.executableName);
    default:
      throw new Error(`caredesk packaging: no Electron binary layout known for ${electronPlatformName}`);
  }
}

/** Where Electron's resources (app.asar, app.asar.unpacked) are in a packed app. */
export function resourcesDir({ appOutDir, electronPlatformName, packager }) {
  return electronPlatformName === 'darwin' || electronPlatformName === 'mas'
    ? join(appOutDir, `${packager.appInfo.productFilename}.app`, 'Contents', 'Resources')
    : join(appOutDir, 'resources');
}

/** Node's module ABI number for an Electron version (node-abi, as @electron/rebuild uses it). */
export function electronAbi(electronVersion) {
  let nodeAbi;
  try {
    nodeAbi = require(require.resolve('node-abi', { paths: [require.resolve('@electron/rebuild')] }));
  } catch {
    nodeAbi = require('node-abi');
  }
  return Number(nodeAbi.getAbi(electronVersion, 'electron'));
}

/** The ABI a Node addon was built for, from the registration symbol it exports (node_register_module_v<ABI>). */
export function addonAbi(file) {
  const m = /node_register_module_v(\d+)/.exec(readFileSync(file).toString('latin1'));
  return m ? Number(m[1]) : null;
}

function* walk(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (e.name.endsWith('.node')) yield p;
  }
}

/**
 * Problems with the store's native addons in a packed app's app.asar.unpacked: missing (a store that
 * cannot open), or built for another ABI (one that crashes at the first require). Empty when all is well.
 */
export function nativeAddonProblems(unpackedDir, abi, modules = NATIVE_MODULES) {
  const problems = [];
  let found = 0;
  for (const name of modules) {
    const dir = join(unpackedDir, 'node_modules', name);
    for (const file of walk(join(dir, 'build', 'Release'))) {
      found++;
      const built = addonAbi(file);
      if (built !== abi) problems.push(`${name}: ${file} is built for ABI ${built ?? 'unknown'}, Electron needs ${abi}`);
    }
  }
  if (found === 0) problems.push(`no native SQLite addon (${modules.join(' or ')}) in ${unpackedDir}: the store could not open`);
  return problems;
}
