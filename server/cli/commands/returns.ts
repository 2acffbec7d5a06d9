import { readFileSync } from 'node:fs';
import { DEFAULT_POLICY } from '../../../shared/domain/config';
import { QuoteInputSchema, quoteReturn } from '../../../shared/domain/returns';
import { brandPolicy, knownBrand } from '../../brands';
import { loadConfig } from '../../config';
import { secureDataFolder } from '../../dataDir';
import { existingDataDir, type Command } from '../command';
import { CliError } from '../io';

export const returnsCommand: Command = {
  name: 'returns',
  usage: [
    'returns quote FILE.json'.padEnd(38) + "print the returns quote for a quote-contract input (POLICY.md's numbers;",
    '    [--brand ID]'.padEnd(38) + "with --data, that desk's configured numbers, and a brand's with --brand)",
  ],
  options: { brand: { type: 'string' } },
  run([sub, file], o, io) {
    if (sub !== 'quote' || !file) throw new CliError('usage: caredesk returns quote FILE.json [--brand ID]');
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new CliError(`cannot read ${file}: ${(e as Error).message}`);
    }
    // A worked case file holds {description, input, expected}; a bare input is accepted too.
    const input = raw && typeof raw === 'object' && 'input' in raw ? (raw as { input: unknown }).input : raw;
    const parsed = QuoteInputSchema.safeParse(input);
    if (!parsed.success) {
      throw new CliError(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
    }
    // With --data, the desk's configured numbers (a brand's with --brand); without, POLICY.md's defaults.
    const brand = typeof o.brand === 'string' ? o.brand : null;
    if (brand !== null && !o.data) throw new CliError("--brand needs --data DIR: a brand's numbers are in that desk's config.json");
    // A desk's folder (its windows and fees), which must be there: a typo would quote POLICY.md's defaults.
    const dir = o.data ? existingDataDir(o) : null;
    if (dir) secureDataFolder(dir);
    const config = dir ? loadConfig(dir) : null;
    if (config && brand !== null && !knownBrand(config, brand)) throw new CliError(`no brand ${brand} in ${dir}'s config.json`);
    const policy = config ? brandPolicy(config, brand) : DEFAULT_POLICY;
    io.out(JSON.stringify(quoteReturn(parsed.data, policy.returns), null, 2));
    return 0;
  },
};
