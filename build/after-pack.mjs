// electron-builder afterPack hook (electron-builder.yml `afterPack`): runs on the packed app before
// it is signed and made into an AppImage, deb, dmg or installer. It flips the fuses with
// @electron/fuses, then refuses a package whose SQLite addon is missing or not built for
// Electron's ABI (npmRebuild should have rebuilt it; this proves it did).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { flipFuses } from '@electron/fuses';
import { FUSES, electronAbi, electronBinaryPath, nativeAddonProblems, resourcesDir } from './packaging.mjs';

const require = createRequire(import.meta.url);
/** electron-builder's Arch enum value for arm64 (builder-util). */
const ARCH_ARM64 = 3;

function electronVersionOf(context) {
  return context.packager.config?.electronVersion ?? context.packager.info?.framework?.version ?? require('electron/package.json').version;
}

export async function afterPack(context, deps = { flipFuses }) {
  const binary = electronBinaryPath(context);
  // Flipping the wire breaks the ad-hoc signature an arm64 Mac needs to launch an unsigned build;
  // a signed build is signed again right after this hook.
  const darwinArm = (context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas') && context.arch === ARCH_ARM64;
  await deps.flipFuses(binary, { ...FUSES, resetAdHocDarwinSignature: darwinArm });

  const abi = electronAbi(electronVersionOf(context));
  const problems = nativeAddonProblems(join(resourcesDir(context), 'app.asar.unpacked'), abi);
  if (problems.length) {
    throw new Error(`caredesk packaging: the packed app's SQLite addon would not load in Electron:\n  ${problems.join('\n  ')}`);
  }
  console.log(`caredesk packaging: fuses flipped in ${binary}; SQLite addon built for Electron's ABI ${abi}`);
}

export default afterPack;
