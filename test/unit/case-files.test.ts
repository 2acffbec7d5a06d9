// The file formats cases read: CSV and JSON with line numbers (orders import), and photo types.
import { describe, expect, it } from 'vitest';
import { detectImageType, photoLabel } from '../../server/cases/uploads';
import { CsvSyntaxError, parseCsv } from '../../server/orders/csv';
import { formatOf, parseOrders } from '../../server/orders/import';
import { JsonSyntaxError, parseJsonWithLines } from '../../server/orders/jsonLines';

/** The error `fn` throws (the test fails if it throws none). */
function thrown(fn: () => unknown): Error & { line?: number } {
  try {
    fn();
  } catch (e) {
    return e as Error & { line?: number };
  }
  throw new Error('expected a throw');
}

describe('CSV', () => {
  it('keeps the line each record starts on, across quoted line breaks, CRLF and blank lines', () => {
    expect(parseCsv('\uFEFFa,b\r\n"x\r\ny","q""uote"\n\n  \nlast,\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x\r\ny', 'q"uote'] },
      { line: 6, fields: ['last', ''] },
    ]);
  });

  it('reports broken quoting at its line', () => {
    expect(thrown(() => parseCsv('a\n"open\n\n'))).toBeInstanceOf(CsvSyntaxError);
    expect(thrown(() => parseCsv('a,b\nx,y"z\n'))).toMatchObject({ line: 2, message: expect.stringContaining('quote inside an unquoted field') });
    expect(thrown(() => parseCsv('"a"b\n'))).toMatchObject({ line: 1, message: expect.stringContaining('after a closing quote') });
  });
});

describe('JSON with lines', () => {
  it('parses exactly what JSON.parse does, and knows where every value starts', () => {
    const text = '[\n  {"a": 1,\n   "b": [true, null,\n     -1.5e3]},\n  "s\\n"\n]';
    const r = parseJsonWithLines(text);
    expect(r.value).toEqual(JSON.parse(text));
    expect(r.lineOf([0, 'b', 2])).toBe(4);
    expect(r.lineOf([0, 'b'])).toBe(3);
    expect(r.lineOf([1])).toBe(5);
    // A missing field points at the object that lacks it.
    expect(r.lineOf([0, 'missing'])).toBe(2);
  });

  it('a "__proto__" key is data, not a prototype', () => {
    const v = parseJsonWithLines('{"__proto__": {"polluted": true}}').value as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['[1,]', 1],
    ['{"a" 1}', 1],
    ['[\n"unterminated\n]', 2],
    ['[1]\n\nx', 3],
    ["{'a': 1}", 1],
    ['', 1],
  ])('refuses %j at line %i', (text, line) => {
    const e = thrown(() => parseJsonWithLines(text));
    expect(e).toBeInstanceOf(JsonSyntaxError);
    expect(e.line).toBe(line);
  });
});

describe('orders files', () => {
  it('picks the format by extension, else by content', () => {
    expect(formatOf('x.JSON', 'a,b')).toBe('json');
    expect(formatOf('x.csv', '[')).toBe('csv');
    expect(formatOf('export.txt', '\uFEFF  [ {} ]')).toBe('json');
    expect(formatOf('export.txt', 'order_id,…')).toBe('csv');
  });

  it('an empty file is a problem, not an empty import', () => {
    expect(parseOrders('[]', 'json')).toEqual({ ok: false, problems: [{ line: 1, message: 'the file holds no orders' }] });
    expect(parseOrders('order_id,customer_email,payment_method,shipping,sku,name,price_cents\n', 'csv')).toMatchObject({ ok: false });
  });

  it('prices in CSV become exact cents', () => {
    const r = parseOrders('order_id,customer_email,payment_method,shipping,sku,name,price\nP,a@b.co,card,paid,A,A,0.29\nP,a@b.co,card,paid,B,B,1234.5\n', 'csv');
    expect(r.ok && r.orders[0]!.items.map((i) => i.priceCents)).toEqual([29, 123450]);
  });
});

describe('photo types are read from the bytes', () => {
  const b = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
  it.each([
    ['jpeg', b([0xff, 0xd8, 0xff, 0xe0], 'JFIF'), 'image/jpeg'],
    ['png', b([0x89], 'PNG\r\n', [0x1a, 0x0a], 'rest'), 'image/png'],
    ['webp', b('RIFF', [1, 2, 3, 4], 'WEBPVP8 '), 'image/webp'],
    ['heic', b([0, 0, 0, 0x18], 'ftypheic', [0, 0, 0, 0]), 'image/heic'],
    ['heif (mif1)', b([0, 0, 0, 0x18], 'ftypmif1'), 'image/heic'],
    ['gif', b('GIF89a'), null],
    ['mp4', b([0, 0, 0, 0x18], 'ftypisom'), null],
    ['pdf', b('%PDF-1.7'), null],
    ['empty', b(''), null],
  ])('%s', (_name, bytes, type) => {
    expect(detectImageType(bytes)).toBe(type);
  });

  it("keeps the customer's file name only as a masked, path-free label", () => {
    expect(photoLabel('C:\\Users\\ada\\4111 1111 1111 1111.jpg', 'image/jpeg')).toBe('**** **** **** 1111.jpg');
    expect(photoLabel('../../etc/passwd\u0000', 'image/png')).toBe('passwd');
    expect(photoLabel(null, 'image/webp')).toBe('photo.webp');
    expect(photoLabel('x'.repeat(500), 'image/png')).toHaveLength(120);
  });
});
