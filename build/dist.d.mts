import type { ElectronRuntime } from './electron-runtime.mjs';
export type DistPlan = { ok: true; args: string[]; notes: string[] } | { ok: false; reason: string };
export declare function distPlan(input: { env: Record<string, string | undefined>; platform: string; runtime: ElectronRuntime }): DistPlan;
