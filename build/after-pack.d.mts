import type { PackContext } from './packaging.mjs';
export declare function afterPack(context: PackContext, deps?: { flipFuses: (binary: string, config: object) => Promise<unknown> }): Promise<void>;
export default afterPack;
