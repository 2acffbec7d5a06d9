// `npm run dist`: the desktop app packaged for this platform with electron-builder, into release/
// (Linux: AppImage and deb; macOS: dmg and zip, signed and notarised; Windows: NSIS installer,
// signed). Where no Electron runtime can be had it says why in one line and exits non-zero.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { electronRuntime } from './electron-runtime.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

/** What the build will do, from the environment alone (pure, so the tests can read it). */
export function distPlan({ env, platform, runtime }) {
  if (runtime.missing) {
    return { ok: false, reason: `caredesk dist: cannot package the desktop app here: ${runtime.missing}. Run it on a machine where \`npm install\` can download Electron.` };
  }
  const args = ['--config', 'electron-builder.yml', '--publish', 'never', `-c.electronDist=${runtime.distDir}`];
  const notes = [];
  const release = env.CAREDESK_RELEASE === '1';
  const missing = [];

  if (env.CAREDESK_UPDATE_URL) {
    let url;
    try {
      url = new URL(env.CAREDESK_UPDATE_URL);
    } catch {
      return { ok: false, reason: `caredesk dist: CAREDESK_UPDATE_URL is not a URL: ${env.CAREDESK_UPDATE_URL}` };
    }
    // Updates are code the app will run: never from a feed anyone on the way could rewrite.
    if (url.protocol !== 'https:') return { ok: false, reason: `caredesk dist: CAREDESK_UPDATE_URL must be https, got ${url.protocol}` };
    args.push(`-c.publish.url=${url.href.replace(/\/+$/, '')}`);
  } else if (release) missing.push('CAREDESK_UPDATE_URL');

  const signing = Boolean(env.CSC_LINK || env.WIN_CSC_LINK || env.CSC_NAME);
  if (platform === 'darwin') {
    const notarise = Boolean(env.APPLE_ID && env.APPLE_APP_SPECIFIC_PASSWORD && env.APPLE_TEAM_ID);
    notes.push(signing ? 'macOS: signing with the Developer ID from CSC_LINK' : 'macOS: no CSC_LINK, signing with a Developer ID from the login keychain if there is one');
    notes.push(notarise ? `macOS: notarising as ${env.APPLE_ID} (team ${env.APPLE_TEAM_ID})` : 'macOS: APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD or APPLE_TEAM_ID not set, so not notarised (Gatekeeper will refuse it on other Macs)');
    if (release && !notarise) missing.push('APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD, APPLE_TEAM_ID');
  } else if (platform === 'win32') {
    notes.push(signing ? 'Windows: signing with the certificate from CSC_LINK' : 'Windows: CSC_LINK not set, so the installer is unsigned (SmartScreen warns; updates to it will be refused)');
    if (env.CAREDESK_WIN_PUBLISHER) args.push(`-c.win.signtoolOptions.publisherName=${env.CAREDESK_WIN_PUBLISHER}`);
    else if (release) missing.push('CAREDESK_WIN_PUBLISHER');
  } else {
    notes.push('Linux: AppImage and deb are not code-signed; their updates are checked against the sha512 in the https feed');
  }
  if (release) {
    if (platform !== 'linux' && !signing && !env.CSC_NAME) missing.push('CSC_LINK (and CSC_KEY_PASSWORD)');
    if (missing.length) return { ok: false, reason: `caredesk dist: CAREDESK_RELEASE=1 needs ${missing.join('; ')}` };
    // electron-builder then fails rather than quietly produce an unsigned release.
    if (platform !== 'linux') args.push('-c.forceCodeSigning=true');
  }
  return { ok: true, args, notes };
}

function main() {
  const plan = distPlan({ env: process.env, platform: process.platform, runtime: electronRuntime() });
  if (!plan.ok) {
    console.error(plan.reason);
    process.exit(1);
  }
  for (const note of plan.notes) console.log(`caredesk dist: ${note}`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const built = spawnSync(npm, ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (built.status !== 0) process.exit(built.status ?? 1);
  const cli = createRequire(import.meta.url).resolve('electron-builder/cli.js');
  const r = spawnSync(process.execPath, [cli, ...plan.args], { cwd: root, stdio: 'inherit' });
  if (r.status === 0) console.log(`caredesk dist: done; the packages are in ${join(root, 'release')}`);
  process.exit(r.status ?? 1);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
