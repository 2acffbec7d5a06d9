export type ElectronRuntime = { binary: string; distDir: string; version: string; missing?: undefined } | { missing: string; binary?: undefined };
export declare function electronRuntime(): ElectronRuntime;
