// Types for build/packaging.mjs (plain JavaScript so electron-builder can load it as a hook).
import type { FuseV1Config } from '@electron/fuses';

export interface PackContext {
  appOutDir: string;
  electronPlatformName: string;
  arch?: number;
  packager: { appInfo: { productFilename: string }; executableName?: string; config?: { electronVersion?: string } };
}

export declare const FUSES: Readonly<FuseV1Config & { strictlyRequireAllFuses: true }>;
export declare const NATIVE_MODULES: readonly string[];
export declare function electronBinaryPath(context: PackContext): string;
export declare function resourcesDir(context: PackContext): string;
export declare function electronAbi(electronVersion: string): number;
export declare function addonAbi(file: string): number | null;
export declare function nativeAddonProblems(unpackedDir: string, abi: number, modules?: readonly string[]): string[];
