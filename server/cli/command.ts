// The shape of one `caredesk` command. Each lives in commands/<name>.ts and is listed in main.ts.
import { existsSync } from 'node:fs';
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

/**
 * The data folder, which must be there: a command that reads or changes a desk given a path with
 * a typo would otherwise make an empty desk there and report nothing found. Only what makes a desk
 * (`hub`, `users add`, the imports) starts one in a new folder.
 */
export function existingDataDir(o: Opts): string {
  const dir = dataDirOf(o);
  if (!existsSync(dir)) throw new CliError(`there is no data folder at ${dir}: check --data (\`caredesk hub --data DIR\` or \`caredesk users add --data DIR\` makes a new desk)`);
  return dir;
}

export function required(o: Opts, name: string): string {
  const v = o[name];
  if (typeof v !== 'string' || v === '') throw new CliError(`--${name} is required`);
  return v;
}
