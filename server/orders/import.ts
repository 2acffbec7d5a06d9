// Reading an orders file (docs/ORDERS-IMPORT.md): a JSON array of orders, or CSV with one row per
// order line. Every problem is reported with its line, and the file is imported only when it has
// none: one transaction, so a bad file leaves the store exactly as it was.
import { OrderSchema, type Order } from '../../shared/domain/orders';
import type { Clock } from '../clock';
import type { StoreApi } from '../store/api';
import { CsvSyntaxError, parseCsv, type CsvRecord } from './csv';
import { JsonSyntaxError, parseJsonWithLines } from './jsonLines';

export interface ImportProblem {
  line: number;
  message: string;
}

export type ParsedOrders = { ok: true; orders: Order[] } | { ok: false; problems: ImportProblem[] };

export type OrdersFormat = 'json' | 'csv';

/** By the file's extension; otherwise a file starting with `[` is JSON. */
export function formatOf(fileName: string, text: string): OrdersFormat {
  if (/\.json$/i.test(fileName)) return 'json';
  if (/\.csv$/i.test(fileName)) return 'csv';
  return text.replace(/^\uFEFF/, '').trimStart().startsWith('[') ? 'json' : 'csv';
}

export function parseOrders(text: string, format: OrdersFormat): ParsedOrders {
  const problems: ImportProblem[] = [];
  const orders = format === 'json' ? fromJson(text, problems) : fromCsv(text, problems);
  if (orders.length === 0 && problems.length === 0) problems.push({ line: 1, message: 'the file holds no orders' });
  return problems.length ? { ok: false, problems: problems.sort((a, b) => a.line - b.line) } : { ok: true, orders };
}

/** Stores every order in one transaction: all of them, or (on any failure) none. */
export function importOrders(store: StoreApi, clock: Clock, orders: Order[]): Promise<{ orders: number; items: number }> {
  return store.writeCalls((tx) => tx.orders.importOrders(orders, clock.now().toISOString()));
}

/** zod's words for a missing field are about types; a person importing a file needs "is required". */
const issueText = (message: string) => (/received undefined$/.test(message) ? 'is required' : message);

const pathText = (path: readonly PropertyKey[]) =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('') || '(order)';

function fromJson(text: string, problems: ImportProblem[]): Order[] {
  let located;
  try {
    located = parseJsonWithLines(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) {
      problems.push({ line: e.line, message: `not valid JSON: ${e.message}` });
      return [];
    }
    throw e;
  }
  if (!Array.isArray(located.value)) {
    problems.push({ line: 1, message: 'the file must hold a JSON array of orders: [ {…}, {…} ]' });
    return [];
  }
  const orders: Order[] = [];
  const firstLine = new Map<string, number>();
  located.value.forEach((raw, index) => {
    const r = OrderSchema.safeParse(raw);
    const id = (raw as { id?: unknown })?.id;
    const label = typeof id === 'string' ? `order ${id}` : `order #${index + 1}`;
    if (!r.success) {
      for (const issue of r.error.issues) {
        problems.push({ line: located.lineOf([index, ...issue.path]), message: `${label}: ${pathText(issue.path)}: ${issueText(issue.message)}` });
      }
      return;
    }
    const line = located.lineOf([index]);
    const seen = firstLine.get(r.data.id);
    if (seen !== undefined) problems.push({ line, message: `${label} appears twice (also on line ${seen})` });
    else firstLine.set(r.data.id, line);
    orders.push(r.data);
  });
  return orders;
}

// ---- CSV: one row per order line; the order's columns repeat on each of its rows ----

const ORDER_COLUMNS = {
  order_id: 'id',
  brand_id: 'brandId',
  customer_email: 'customerEmail',
  customer_name: 'customerName',
  payment_method: 'paymentMethod',
  shipping: 'shipping',
  international: 'international',
  placed_at: 'placedAt',
  delivered_at: 'deliveredAt',
  scheduled_delivery_at: 'scheduledDeliveryAt',
  carrier: 'carrier',
  tracking: 'tracking',
} as const;
const ITEM_COLUMNS = {
  sku: 'sku',
  name: 'name',
  price_cents: 'priceCents',
  price: 'priceCents',
  final_sale: 'finalSale',
  return_window_days: 'returnWindowDays',
  serial_required: 'serialRequired',
} as const;
const BOOLEAN = new Set(['international', 'final_sale', 'serial_required']);
const REQUIRED = ['order_id', 'customer_email', 'payment_method', 'shipping', 'sku', 'name'];
/** Field name (as OrderSchema reports it) → the CSV column, for messages. */
const COLUMN_OF: Record<string, string> = Object.fromEntries(
  [...Object.entries(ORDER_COLUMNS), ...Object.entries(ITEM_COLUMNS).filter(([c]) => c !== 'price')].map(([column, field]) => [field, column]),
);

/** A cell's text as the value OrderSchema expects, or a message saying what is wrong with it. */
function cell(column: string, raw: string): { value: unknown } | { error: string } | null {
  const v = raw.trim();
  if (v === '') return null;
  if (BOOLEAN.has(column)) {
    const b = { true: true, yes: true, y: true, '1': true, false: false, no: false, n: false, '0': false }[v.toLowerCase()];
    return b === undefined ? { error: `${column} must be true or false (or yes/no, 1/0), not "${v}"` } : { value: b };
  }
  if (column === 'price_cents' || column === 'return_window_days') {
    return /^\d+$/.test(v) ? { value: Number(v) } : { error: `${column} must be a whole number, not "${v}"` };
  }
  if (column === 'price') {
    // Exact decimal → cents from the text itself: no binary floating point in between.
    const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(v);
    return m ? { value: Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) } : { error: `price must be an amount like 1250.00, not "${v}"` };
  }
  return { value: v };
}

function fromCsv(text: string, problems: ImportProblem[]): Order[] {
  let records: CsvRecord[];
  try {
    records = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvSyntaxError) {
      problems.push({ line: e.line, message: `not valid CSV: ${e.message}` });
      return [];
    }
    throw e;
  }
  const [header, ...rows] = records;
  if (!header) return [];
  const columns = header.fields.map((f) => f.trim().toLowerCase());
  const known = (c: string) => c in ORDER_COLUMNS || c in ITEM_COLUMNS;
  for (const c of columns.filter((c) => !known(c))) problems.push({ line: header.line, message: `unknown column "${c}"` });
  for (const c of REQUIRED.filter((c) => !columns.includes(c))) problems.push({ line: header.line, message: `missing column "${c}"` });
  if (!columns.includes('price_cents') && !columns.includes('price')) problems.push({ line: header.line, message: 'missing column "price_cents" (or "price")' });
  if (columns.includes('price_cents') && columns.includes('price')) problems.push({ line: header.line, message: 'give "price_cents" or "price", not both' });
  if (new Set(columns).size !== columns.length) problems.push({ line: header.line, message: 'a column appears twice' });
  if (problems.length) return [];

  const byId = new Map<string, { order: Order; line: number; lines: Map<string, number> }>();
  for (const row of rows) {
    if (row.fields.length !== columns.length) {
      problems.push({ line: row.line, message: `expected ${columns.length} fields, found ${row.fields.length}` });
      continue;
    }
    const order: Record<string, unknown> = {};
    const item: Record<string, unknown> = {};
    const unreadable = new Set<string>();
    columns.forEach((c, i) => {
      const v = cell(c, row.fields[i]!);
      const field = c in ORDER_COLUMNS ? ORDER_COLUMNS[c as keyof typeof ORDER_COLUMNS] : ITEM_COLUMNS[c as keyof typeof ITEM_COLUMNS];
      if (v === null) return;
      if ('error' in v) {
        problems.push({ line: row.line, message: v.error });
        unreadable.add(field);
      } else if (c in ORDER_COLUMNS) order[field] = v.value;
      else item[field] = v.value;
    });
    // Each row is checked as a one-line order, so every message points at its own line. A cell
    // already reported as unreadable is not reported a second time as missing.
    const r = OrderSchema.safeParse({ ...order, items: [item] });
    const label = typeof order.id === 'string' ? `order ${order.id}` : 'order';
    const issues = r.success ? [] : r.error.issues.filter((i) => !unreadable.has(String(i.path.at(-1))));
    for (const issue of issues) {
      const field = issue.path.at(-1);
      const column = typeof field === 'string' ? (COLUMN_OF[field] ?? field) : pathText(issue.path);
      problems.push({ line: row.line, message: `${label}: ${column}: ${issueText(issue.message)}` });
    }
    if (!r.success || unreadable.size) continue;
    const parsed = r.data;
    const line = parsed.items[0]!;
    const existing = byId.get(parsed.id);
    if (!existing) {
      byId.set(parsed.id, { order: parsed, line: row.line, lines: new Map([[line.sku, row.line]]) });
      continue;
    }
    const { items: _a, ...mine } = parsed;
    const { items: _b, ...first } = existing.order;
    const differs = (Object.keys(first) as (keyof typeof first)[]).filter((k) => first[k] !== mine[k]);
    for (const k of differs) {
      problems.push({ line: row.line, message: `${label}: ${COLUMN_OF[k] ?? k} is "${mine[k] ?? ''}" here but "${first[k] ?? ''}" on line ${existing.line}` });
    }
    const twice = existing.lines.get(line.sku);
    if (twice !== undefined) problems.push({ line: row.line, message: `${label}: SKU ${line.sku} appears twice (also on line ${twice})` });
    if (differs.length || twice !== undefined) continue;
    existing.order.items.push(line);
    existing.lines.set(line.sku, row.line);
  }
  return [...byId.values()].map((o) => o.order);
}

/** "line 12: order PO-7: items[0].priceCents: …" — one line per problem, at most `max`. */
export function describeProblems(file: string, problems: ImportProblem[], max = 50): string {
  const shown = problems.slice(0, max).map((p) => `${file}:${p.line}: ${p.message}`);
  if (problems.length > max) shown.push(`…and ${problems.length - max} more`);
  return shown.join('\n');
}
