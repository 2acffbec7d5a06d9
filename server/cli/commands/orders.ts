import { readFileSync } from 'node:fs';
import { demoOrders } from '../../orders/demo';
import { describeProblems, formatOf, importOrders, parseOrders } from '../../orders/import';
import type { Command } from '../command';
import { knownBrand } from '../../brands';
import { withDesk } from '../desk';
import { CliError } from '../io';

export const ordersCommand: Command = {
  name: 'orders',
  usage: [
    'orders import FILE [--json]           import the shop\'s orders (JSON array or CSV, docs/ORDERS-IMPORT.md);',
    '                                      a file with any problem is reported by line and nothing is imported',
    'orders demo [--now ISO] [--json]      load the demo orders (DEMO-…), dated relative to now',
  ],
  options: { now: { type: 'string' } },
  async run([sub, file], o, io) {
    if (sub === 'import') {
      if (!file) throw new CliError('usage: caredesk orders import FILE');
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        throw new CliError(`cannot read ${file}: ${(e as Error).message}`);
      }
      // Parsed in full before the store is opened: a bad file never touches the data folder.
      const parsed = parseOrders(text, formatOf(file, text));
      if (!parsed.ok) {
        io.err(describeProblems(file, parsed.problems));
        throw new CliError(`${file}: ${parsed.problems.length} problem(s); nothing was imported`);
      }
      return withDesk(o, async ({ api, clock, config }) => {
        // An order of a brand the desk does not have could never be found from a chat of it.
        const strays = parsed.orders.filter((order) => !knownBrand(config, order.brandId));
        if (strays.length) {
          const brands = [...new Set(strays.map((order) => order.brandId))].join(', ');
          throw new CliError(`${file}: ${strays.length} order(s) of a brand this desk does not have (${brands}; orders ${strays.slice(0, 5).map((order) => order.id).join(', ')}${strays.length > 5 ? ', …' : ''}); nothing was imported`);
        }
        const r = await importOrders(api, clock, parsed.orders);
        io.out(o.json ? JSON.stringify(r) : `Imported ${r.orders} order(s) with ${r.items} item(s) from ${file}.`);
        return 0;
      }, { create: true });
    }
    if (sub === 'demo') {
      return withDesk(o, async ({ api, clock }) => {
        const r = await importOrders(api, clock, demoOrders(clock.now()));
        io.out(o.json ? JSON.stringify(r) : `Loaded ${r.orders} demo order(s) (DEMO-1001 … DEMO-${1000 + r.orders}).`);
        return 0;
      }, { create: true });
    }
    throw new CliError(`unknown orders command: ${sub ?? '(none)'}; use import or demo`);
  },
};
