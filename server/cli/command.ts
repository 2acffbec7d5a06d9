// The shape of one `caredesk` command. Each lives in commands/<name>.ts and is listed in main.ts.
import type { ParseArgsConfig } from 'node:util';
import { defaultDataDir } from '../dataDir';
import { CliError, type CliIo } from './io';

export type Opts = Record<string, string | boolean | undefined>;

export interface Command {
  name: string;
  /** Lines for the usage text, e.g. "users add --email E ...   add a staff account". */
  usage: string[];
  options?: NonNullable<ParseArgsConfig['options']>;
  run(args: string[], opts: Opts, io: CliIo): Promise<number> | number;
}

export const dataDirOf = (o: Opts) => (typeof o.data === 'string' ? o.data : defaultDataDir());

export function required(o: Opts, name: string): string {
  const v = o[name];
  if (typeof v !== 'string' || v === '') throw new CliError(`--${name} is required`);
  return v;
}
