import { readFileSync } from 'node:fs';
import { DEFAULT_POLICY } from '../../../shared/domain/config';
import { QuoteInputSchema, quoteReturn } from '../../../shared/domain/returns';
import { loadConfig } from '../../config';
import { dataDirOf, type Command } from '../command';
import { CliError } from '../io';

export const returnsCommand: Command = {
  name: 'returns',
  usage: ['returns quote FILE.json               print the returns quote for a quote-contract input'],
  run([sub, file], o, io) {
    if (sub !== 'quote' || !file) throw new CliError('usage: caredesk returns quote FILE.json');
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
    // With --data, the brand's configured policy; without, the defaults of POLICY.md.
    const policy = o.data ? loadConfig(dataDirOf(o)).policy : DEFAULT_POLICY;
    io.out(JSON.stringify(quoteReturn(parsed.data, policy.returns), null, 2));
    return 0;
  },
};
