// electron-builder cannot run here (no Electron runtime can be downloaded), so the packaging is
// checked without it: the configuration against electron-builder's own schema and for what a safe
// package needs, and the afterPack hook (build/after-pack.mjs) run for real on a stand-in packed
// app whose "Electron binary" is a file carrying Electron's fuse wire.
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { afterPack } from '../../build/after-pack.mjs';
import { distPlan } from '../../build/dist.mjs';
import { addonAbi, electronAbi, electronBinaryPath, FUSES, nativeAddonProblems, NATIVE_MODULES, type PackContext } from '../../build/packaging.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(join(root, 'package.json'));
// app-builder-lib and js-yaml come with electron-builder; resolve them the way it does.
const fromBuilder = createRequire(require.resolve('electron-builder'));
const appBuilderLib = dirname(fromBuilder.resolve('app-builder-lib/package.json'));
const fromLib = createRequire(join(appBuilderLib, 'package.json'));
const yaml = fromLib('js-yaml') as { load(text: string): any };
const { validateConfiguration } = fromLib(join(appBuilderLib, 'out/util/config/config.js'));
const { DebugLogger } = fromLib('builder-util');

const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8'));
const electronVersion: string = require('electron/package.json').version;
/** How the fuse wire stores a fuse: ASCII '0' off, '1' on (@electron/fuses' FuseState, not exported). */
const FuseState = { DISABLE: 0x30, ENABLE: 0x31 } as const;
/** The machine's better-sqlite3, built for this Node (the hub CLI and tests use it). */
const nodeBuiltAddon = join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');

describe('electron-builder.yml (validated offline: electron-builder itself cannot run on this machine)', () => {
  // Loading the schema validator takes seconds on a loaded machine.
  it("matches electron-builder's configuration schema", { timeout: 60_000 }, async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('packages dist/, package.json and node_modules into app.asar, out of dist/, without source maps', () => {
    expect(config.appId).toBe('com.caredesk.desk');
    expect(config.productName).toBe('Care Desk');
    expect(config.asar).toBe(true);
    expect(config.files).toEqual(expect.arrayContaining(['dist/**/*', 'package.json', 'node_modules/**/*', '!dist/**/*.map']));
    // Output must not be dist/, which is the input.
    expect(config.directories.output).not.toMatch(/^dist\b/);
  });

  it('targets: Linux AppImage and deb, macOS dmg (and the zip the updater needs), Windows NSIS', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual(['dmg', 'zip']);
    expect(config.win.target).toEqual(['nsis']);
  });

  it('the store addon under both names (better-sqlite3 and its SQLCipher drop-in) is unpacked from the asar and rebuilt for Electron', () => {
    expect(NATIVE_MODULES).toEqual(['better-sqlite3', 'better-sqlite3-multiple-ciphers']);
    for (const name of NATIVE_MODULES) expect(config.asarUnpack).toContain(`node_modules/${name}/**/*.node`);
    expect(config.files).toContain('!node_modules/{better-sqlite3,better-sqlite3-multiple-ciphers}/{deps,src}/**');
    // The rebuild step: electron-builder runs @electron/rebuild over the production native modules.
    expect(config.npmRebuild).toBe(true);
    expect(config.nativeRebuilder).toBe('sequential');
    // …and the afterPack hook proves it happened (tested below).
    expect(config.afterPack).toBe('./build/after-pack.mjs');
  });

  it('electron-builder itself loads build/after-pack.mjs as the afterPack function', async () => {
    const { resolveFunction } = fromLib(join(appBuilderLib, 'out/util/resolve.js'));
    expect(process.cwd()).toBe(root.replace(/\/$/, ''));
    // Node's own import of the file (not vitest's copy of it): the named export, not the module.
    const hook = await resolveFunction('module', config.afterPack, 'afterPack', root);
    expect(typeof hook).toBe('function');
    expect(hook.name).toBe('afterPack');
  });

  it('fuses are flipped by the afterPack hook only, not also by electron-builder (one place)', () => {
    expect(config.electronFuses).toBeUndefined();
  });

  it('each fuse: RunAsNode off, cookie encryption on, NODE_OPTIONS off, --inspect off, asar integrity on, app only from asar', () => {
    expect(FUSES[FuseV1Options.RunAsNode]).toBe(false);
    expect(FUSES[FuseV1Options.EnableCookieEncryption]).toBe(true);
    expect(FUSES[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(FUSES[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(FUSES[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(FUSES[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(FUSES[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(false);
    // A fuse a later Electron adds stops the build until someone decides it.
    expect(FUSES.strictlyRequireAllFuses).toBe(true);
    // …and electron-builder must embed the asar hash the integrity fuse checks.
    expect(config.disableAsarIntegrity).toBeUndefined();
  });

  it('updates: an https generic feed; Windows updates verified against the signer; macOS hardened, signed and notarised', () => {
    expect(config.publish.provider).toBe('generic');
    expect(new URL(config.publish.url).protocol).toBe('https:');
    expect(config.win.verifyUpdateCodeSignature).toBe(true);
    // electron-updater skips the Authenticode check when no publisher is named: it must be.
    expect(config.win.signtoolOptions.publisherName).toEqual([expect.stringMatching(/\S/)]);
    expect(config.win.signtoolOptions.signingHashAlgorithms).toEqual(['sha256']);
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.mac.notarize).toBe(true);
    const entitlements = readFileSync(join(root, config.mac.entitlements), 'utf8');
    expect(entitlements).toContain('com.apple.security.cs.allow-jit');
    // No broad exceptions to the hardened runtime.
    expect(entitlements).not.toMatch(/disable-library-validation|allow-dyld-environment-variables|device\.(camera|audio-input)/);
  });

  it('registers the caredesk:// scheme with the OS', () => {
    expect(config.protocols).toEqual([{ name: 'Care Desk link', schemes: ['caredesk'] }]);
  });
});

// ---------------------------------------------------------------------------------------------

/** A stand-in packed app: an "Electron binary" holding the fuse wire as Electron ships it (all inherited). */
function standInApp(tmp: string, platform: 'linux' | 'win32' | 'darwin'): PackContext {
  const appOutDir = join(tmp, `${platform}-unpacked`);
  const ctx: PackContext = { appOutDir, electronPlatformName: platform, arch: 1, packager: { appInfo: { productFilename: 'Care Desk' }, executableName: 'caredesk', config: { electronVersion } } };
  const wire = Buffer.concat([Buffer.from('…ELF…dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'), Buffer.from([1, 8]), Buffer.from('01011011'), Buffer.from('…rest of the binary…')]);
  let fuseFile = electronBinaryPath(ctx);
  if (platform === 'darwin') fuseFile = join(fuseFile, 'Contents', 'Frameworks', 'Electron Framework.framework', 'Electron Framework');
  mkdirSync(dirname(fuseFile), { recursive: true });
  writeFileSync(fuseFile, wire);
  chmodSync(fuseFile, 0o755);
  return ctx;
}

function unpacked(ctx: PackContext): string {
  return ctx.electronPlatformName === 'darwin'
    ? join(ctx.appOutDir, 'Care Desk.app', 'Contents', 'Resources', 'app.asar.unpacked')
    : join(ctx.appOutDir, 'resources', 'app.asar.unpacked');
}

/** An addon file whose registration symbol names the given ABI, as a compiler would leave it. */
function addonFor(dir: string, abi: number): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'better_sqlite3.node'), Buffer.concat([Buffer.from('\x7fELF…'), Buffer.from(`node_register_module_v${abi}\0`), Buffer.from('…')]));
}

describe('afterPack hook (run on a stand-in packed app: no Electron runtime or electron-builder run on this machine)', { timeout: 30_000 }, () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'caredesk-pack-'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const abi = electronAbi(electronVersion);

  it("knows Electron's ABI, and that the machine's better-sqlite3 is built for Node's, not Electron's", () => {
    expect(abi).toBeGreaterThan(Number(process.versions.modules));
    expect(addonAbi(nodeBuiltAddon)).toBe(Number(process.versions.modules));
  });

  for (const platform of ['linux', 'win32', 'darwin'] as const) {
    it(`${platform}: flips every fuse in the packed binary when the SQLite addon is built for Electron`, async () => {
      const ctx = standInApp(join(tmp, 'ok'), platform);
      addonFor(join(unpacked(ctx), 'node_modules', 'better-sqlite3-multiple-ciphers', 'build', 'Release'), abi);
      await afterPack(ctx);
      const wire = await getCurrentFuseWire(electronBinaryPath(ctx));
      expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
      expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(FuseState.ENABLE);
      expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(FuseState.DISABLE);
      expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.DISABLE);
      expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(FuseState.ENABLE);
      expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE);
      expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(FuseState.DISABLE);
      rmSync(join(tmp, 'ok'), { recursive: true, force: true });
    });
  }

  it('stops the build when the packed better-sqlite3 is the one built for Node (the rebuild did not happen)', async () => {
    const ctx = standInApp(join(tmp, 'node-abi'), 'linux');
    const dir = join(unpacked(ctx), 'node_modules', 'better-sqlite3', 'build', 'Release');
    mkdirSync(dir, { recursive: true });
    copyFileSync(nodeBuiltAddon, join(dir, 'better_sqlite3.node'));
    await expect(afterPack(ctx)).rejects.toThrow(new RegExp(`better-sqlite3: .* is built for ABI ${process.versions.modules}, Electron needs ${abi}`));
  });

  it('stops the build when no SQLite addon was packed at all', async () => {
    const ctx = standInApp(join(tmp, 'none'), 'linux');
    await expect(afterPack(ctx)).rejects.toThrow(/no native SQLite addon \(better-sqlite3 or better-sqlite3-multiple-ciphers\)/);
  });

  it('nativeAddonProblems checks both module names', () => {
    const dir = join(tmp, 'both');
    addonFor(join(dir, 'node_modules', 'better-sqlite3', 'build', 'Release'), abi);
    addonFor(join(dir, 'node_modules', 'better-sqlite3-multiple-ciphers', 'build', 'Release'), abi - 1);
    expect(nativeAddonProblems(dir, abi)).toEqual([expect.stringMatching(/^better-sqlite3-multiple-ciphers: .* ABI \d+, Electron needs/)]);
  });
});

// ---------------------------------------------------------------------------------------------

describe('npm run dist (build/dist.mjs)', () => {
  const runtime = { binary: '/e/electron', distDir: '/e', version: electronVersion };

  it('without an Electron runtime: one line saying why, and no build', () => {
    const plan = distPlan({ env: {}, platform: 'linux', runtime: { missing: 'the Electron 38 runtime was never downloaded' } });
    expect(plan).toEqual({ ok: false, reason: expect.stringMatching(/^caredesk dist: cannot package the desktop app here: the Electron 38 runtime was never downloaded\./) });
    if (!plan.ok) expect(plan.reason).not.toContain('\n');
  });

  it('packages with the local runtime, publishing nothing; the feed and the Windows publisher come from the environment', () => {
    const plan = distPlan({ env: { CAREDESK_UPDATE_URL: 'https://updates.shop.example/desk/', CAREDESK_WIN_PUBLISHER: 'Maison Example SAS' }, platform: 'win32', runtime });
    expect(plan.ok && plan.args).toEqual([
      '--config', 'electron-builder.yml', '--publish', 'never', '-c.electronDist=/e',
      '-c.publish.url=https://updates.shop.example/desk',
      '-c.win.signtoolOptions.publisherName=Maison Example SAS',
    ]);
  });

  it('refuses an update feed over plain http', () => {
    expect(distPlan({ env: { CAREDESK_UPDATE_URL: 'http://updates.shop.example/' }, platform: 'linux', runtime })).toEqual({ ok: false, reason: 'caredesk dist: CAREDESK_UPDATE_URL must be https, got http:' });
  });

  it('says whether a Mac build will be signed and notarised', () => {
    const unsigned = distPlan({ env: {}, platform: 'darwin', runtime });
    expect(unsigned.ok && unsigned.notes.join('\n')).toMatch(/not notarised/);
    const signed = distPlan({ env: { CSC_LINK: '/k.p12', APPLE_ID: 'a@example.com', APPLE_APP_SPECIFIC_PASSWORD: 'x', APPLE_TEAM_ID: 'T1' }, platform: 'darwin', runtime });
    expect(signed.ok && signed.notes.join('\n')).toMatch(/notarising as a@example.com \(team T1\)/);
  });

  it('CAREDESK_RELEASE=1 refuses to make an unsigned or feedless release, and forces code signing', () => {
    expect(distPlan({ env: { CAREDESK_RELEASE: '1' }, platform: 'darwin', runtime })).toEqual({
      ok: false,
      reason: 'caredesk dist: CAREDESK_RELEASE=1 needs CAREDESK_UPDATE_URL; APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD, APPLE_TEAM_ID; CSC_LINK (and CSC_KEY_PASSWORD)',
    });
    const env = { CAREDESK_RELEASE: '1', CAREDESK_UPDATE_URL: 'https://u.example', CSC_LINK: '/k.pfx', CAREDESK_WIN_PUBLISHER: 'Maison Example SAS' };
    const plan = distPlan({ env, platform: 'win32', runtime });
    expect(plan.ok && plan.args).toContain('-c.forceCodeSigning=true');
  });
});
