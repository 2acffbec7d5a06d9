import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../server/cli/main';
import { DB_FILE } from '../../server/store/db';
import { openStore } from '../../server/store/index';
import { openDbDirect, ROOT, startTestHub, tempDataDir } from '../helpers/hub';

const caredesk = (args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin/caredesk.mjs'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });

/** Every order and item in the data folder, read through its own connection. */
function contents(dir: string) {
  const db = openDbDirect(join(dir, DB_FILE), { readonly: true });
  try {
    return {
      orders: db.prepare('SELECT id, customer_email, payment_method, shipping, international, delivered_at, carrier FROM orders ORDER BY id').all(),
      items: db.prepare('SELECT order_id, line, sku, name, price_cents, final_sale, return_window_days, serial_required FROM order_items ORDER BY order_id, line').all(),
    };
  } finally {
    db.close();
  }
}

/** `caredesk orders import FILE`, run in this process (the spawned CLI is tested once, below). */
async function importFile(dir: string, name: string, text: string) {
  const file = join(dir, name);
  writeFileSync(file, text);
  let stdout = '';
  let stderr = '';
  const io = { out: (l: string) => void (stdout += `${l}\n`), err: (l: string) => void (stderr += `${l}\n`), stdin: process.stdin };
  const status = await main(['orders', 'import', file, '--data', dir], io);
  return { file, status, stdout, stderr };
}

const GOOD_JSON = JSON.stringify(
  [
    {
      id: 'PO-1001',
      customerEmail: 'Ada@Shop.test',
      customerName: 'Ada Lovelace',
      paymentMethod: 'card',
      shipping: 'standard_free',
      deliveredAt: '2026-03-04T10:00:00-05:00',
      carrier: 'UPS',
      tracking: '1Z1001',
      items: [
        { sku: 'W-100', name: 'Chronograph', priceCents: 1250000, returnWindowDays: 14, serialRequired: true },
        { sku: 'S-1', name: 'Scarf', priceCents: 45000, finalSale: true },
      ],
    },
    { id: 'PO-1002', customerEmail: 'bob@shop.test', paymentMethod: 'wire', shipping: 'paid', international: true, scheduledDeliveryAt: '2026-03-10T00:00:00Z', items: [{ sku: 'V-1', name: 'Vase', priceCents: 120000 }] },
  ],
  null,
  2,
);

const GOOD_CSV = [
  'order_id,customer_email,customer_name,payment_method,shipping,international,delivered_at,carrier,tracking,sku,name,price,final_sale,return_window_days,serial_required',
  'PO-2001,carol@shop.test,"Smith, Carol",card,overnight_free,no,2026-03-04T15:00:00Z,FedEx,7946,B-1,"Bag ""Mini""",2150.00,false,,',
  'PO-2001,carol@shop.test,"Smith, Carol",card,overnight_free,no,2026-03-04T15:00:00Z,FedEx,7946,B-2,"Belt,',
  'brown",390.5,yes,30,',
  '',
  'PO-2002,dan@shop.test,,wire,standard_free,1,,,,R-1,Ring,9999.99,0,7,1',
].join('\r\n');

describe('caredesk orders import', () => {
  it('imports a JSON array of orders, normalized', async () => {
    const dir = tempDataDir('orders');
    const r = await importFile(dir, 'orders.json', GOOD_JSON);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Imported 2 order\(s\) with 3 item\(s\)/);
    const c = contents(dir);
    expect(c.orders).toEqual([
      { id: 'PO-1001', customer_email: 'ada@shop.test', payment_method: 'card', shipping: 'standard_free', international: 0, delivered_at: '2026-03-04T15:00:00.000Z', carrier: 'UPS' },
      { id: 'PO-1002', customer_email: 'bob@shop.test', payment_method: 'wire', shipping: 'paid', international: 1, delivered_at: null, carrier: null },
    ]);
    expect(c.items).toEqual([
      { order_id: 'PO-1001', line: 0, sku: 'W-100', name: 'Chronograph', price_cents: 1250000, final_sale: 0, return_window_days: 14, serial_required: 1 },
      { order_id: 'PO-1001', line: 1, sku: 'S-1', name: 'Scarf', price_cents: 45000, final_sale: 1, return_window_days: null, serial_required: 0 },
      { order_id: 'PO-1002', line: 0, sku: 'V-1', name: 'Vase', price_cents: 120000, final_sale: 0, return_window_days: null, serial_required: 0 },
    ]);
  });

  it('imports CSV with a header: one row per order line, quoted fields, decimal prices, blank lines', async () => {
    const dir = tempDataDir('orders');
    const r = await importFile(dir, 'orders.csv', GOOD_CSV);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const c = contents(dir);
    expect(c.orders.map((o: any) => [o.id, o.international])).toEqual([
      ['PO-2001', 0],
      ['PO-2002', 1],
    ]);
    expect(c.items).toEqual([
      { order_id: 'PO-2001', line: 0, sku: 'B-1', name: 'Bag "Mini"', price_cents: 215000, final_sale: 0, return_window_days: null, serial_required: 0 },
      { order_id: 'PO-2001', line: 1, sku: 'B-2', name: 'Belt,\r\nbrown', price_cents: 39050, final_sale: 1, return_window_days: 30, serial_required: 0 },
      { order_id: 'PO-2002', line: 0, sku: 'R-1', name: 'Ring', price_cents: 999999, final_sale: 0, return_window_days: 7, serial_required: 1 },
    ]);
    const store = openStore(dir);
    expect(store.orders.get('PO-2001')?.customerName).toBe('Smith, Carol');
    store.close();
  });

  it('re-importing an order replaces it (delivery dates arrive later)', async () => {
    const dir = tempDataDir('orders');
    await importFile(dir, 'first.json', GOOD_JSON);
    const later = JSON.parse(GOOD_JSON);
    later[1].deliveredAt = '2026-03-11T12:00:00Z';
    later[1].items = [{ sku: 'V-2', name: 'Other vase', priceCents: 1 }];
    expect((await importFile(dir, 'later.json', JSON.stringify([later[1]]))).status).toBe(0);
    const c = contents(dir);
    expect(c.orders.find((o: any) => o.id === 'PO-1002')).toMatchObject({ delivered_at: '2026-03-11T12:00:00.000Z' });
    expect(c.items.filter((i: any) => i.order_id === 'PO-1002').map((i: any) => i.sku)).toEqual(['V-2']);
  });

  it('orders of a brand the desk does not have are refused, and nothing is imported', async () => {
    const dir = tempDataDir('orders');
    const orders = JSON.parse(GOOD_JSON);
    orders[1].brandId = 'nosuchbrand';
    const r = await importFile(dir, 'stray.json', JSON.stringify(orders));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/1 order\(s\) of a brand this desk does not have \(nosuchbrand; orders PO-1002\); nothing was imported/);
    expect(contents(dir).orders).toEqual([]);
  });

  it('a bad JSON file is reported with line numbers, and nothing — not even its good orders — is imported', async () => {
    const dir = tempDataDir('orders');
    await importFile(dir, 'first.json', GOOD_JSON);
    const before = contents(dir);
    const bad = [
      '[',
      '  { "id": "PO-3001", "customerEmail": "x@shop.test", "paymentMethod": "card", "shipping": "paid",',
      '    "items": [ { "sku": "A", "name": "Fine", "priceCents": 100 } ] },',
      '  { "id": "PO-1001", "customerEmail": "changed@shop.test", "paymentMethod": "card", "shipping": "paid",',
      '    "items": [',
      '      { "sku": "A", "name": "A", "priceCents": 100 },',
      '      { "sku": "B", "name": "B", "priceCents": 12.5 }',
      '    ] },',
      '  { "id": "PO-3002", "customerEmail": "not-an-email", "paymentMethod": "cash", "shipping": "paid", "items": [] }',
      ']',
    ].join('\n');
    const r = await importFile(dir, 'bad.json', bad);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toEqual([
      `${r.file}:7: order PO-1001: items[1].priceCents: must be a whole number of cents`,
      `${r.file}:9: order PO-3002: customerEmail: must be an email address`,
      `${r.file}:9: order PO-3002: paymentMethod: Invalid option: expected one of "card"|"wire"`,
      `${r.file}:9: order PO-3002: items: an order has at least one item`,
      `caredesk: ${r.file}: 4 problem(s); nothing was imported`,
    ]);
    expect(contents(dir)).toEqual(before);
  });

  it('a JSON syntax error names its line, and the data folder is not touched', async () => {
    const dir = tempDataDir('orders');
    const r = await importFile(dir, 'broken.json', '[\n  { "id": "PO-1",\n    "items": [ }\n]');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/broken\.json:3: not valid JSON: unexpected "\}"/);
    expect(existsSync(join(dir, DB_FILE))).toBe(false);
  });

  it('a bad CSV file is reported with line numbers (the line a record starts on), and nothing is imported', async () => {
    const dir = tempDataDir('orders');
    await importFile(dir, 'first.csv', GOOD_CSV);
    const before = contents(dir);
    const bad = [
      'order_id,customer_email,payment_method,shipping,delivered_at,sku,name,price_cents,final_sale',
      'PO-4001,ok@shop.test,card,paid,,A,"Multi',
      'line name",100,no',
      'PO-4001,other@shop.test,card,paid,,B,B,100,no',
      'PO-4002,x@shop.test,card,express,yesterday,C,C,1.5,maybe',
      'PO-4003,x@shop.test,card,paid,,D,D,100',
      'PO-4001,ok@shop.test,card,paid,,A,A again,100,no',
      'PO-2001,ok@shop.test,card,paid,,Z,Would replace PO-2001,100,no',
    ].join('\n');
    const r = await importFile(dir, 'bad.csv', bad);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      `${r.file}:4: order PO-4001: customer_email is "other@shop.test" here but "ok@shop.test" on line 2`,
      `${r.file}:5: price_cents must be a whole number, not "1.5"`,
      `${r.file}:5: final_sale must be true or false (or yes/no, 1/0), not "maybe"`,
      `${r.file}:5: order PO-4002: shipping: Invalid option: expected one of "standard_free"|"overnight_free"|"paid"`,
      `${r.file}:5: order PO-4002: delivered_at: must be an ISO timestamp like 2026-03-04T15:00:00Z`,
      `${r.file}:6: expected 9 fields, found 8`,
      `${r.file}:7: order PO-4001: SKU A appears twice (also on line 2)`,
      `caredesk: ${r.file}: 7 problem(s); nothing was imported`,
    ]);
    expect(contents(dir)).toEqual(before);
  });

  it('a CSV header with unknown or missing columns is refused at line 1', async () => {
    const dir = tempDataDir('orders');
    const r = await importFile(dir, 'header.csv', 'order_id,email,payment_method,shipping,sku,name,price_cents\nPO-1,a@b.c,card,paid,A,A,1\n');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${r.file}:1: unknown column "email"`);
    expect(r.stderr).toContain(`${r.file}:1: missing column "customer_email"`);
    expect(existsSync(join(dir, DB_FILE))).toBe(false);
  });

  it('the real command line: import a file, load the demo set', () => {
    const dir = tempDataDir('orders');
    const file = join(dir, 'orders.json');
    writeFileSync(file, GOOD_JSON);
    const imported = caredesk(['orders', 'import', file, '--data', dir, '--json']);
    expect(imported.stderr).toBe('');
    expect(JSON.parse(imported.stdout)).toEqual({ orders: 2, items: 3 });
    const demo = caredesk(['orders', 'demo', '--data', dir, '--json']);
    expect(demo.status).toBe(0);
    expect(JSON.parse(demo.stdout)).toEqual({ orders: 7, items: 9 });
    expect(contents(dir).orders).toHaveLength(9);
  }, 120_000); // several `caredesk` processes or hub restarts: slow on a loaded machine

  it('the real command line: a file that is not orders exits non-zero with the reason', () => {
    const bad = caredesk(['orders', 'import', join(ROOT, 'package.json'), '--data', tempDataDir('orders')]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/package\.json:1: the file must hold a JSON array of orders/);
  });

  it('a hub on its first run loads the demo orders by itself; a desk with orders gets none', async () => {
    const fresh = tempDataDir('orders');
    const hub = await startTestHub({ dataDir: fresh });
    expect(hub.store.orders.count()).toBe(7);
    expect(hub.store.orders.get('DEMO-1002')?.items[0]).toMatchObject({ serialRequired: true });
    await hub.close();

    // A desk that already has orders gets no demo set.
    const own = tempDataDir('orders');
    await importFile(own, 'orders.json', GOOD_JSON);
    const second = await startTestHub({ dataDir: own });
    expect(second.store.orders.count()).toBe(2);
    await second.close();
  });
});
