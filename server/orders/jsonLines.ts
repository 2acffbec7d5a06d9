// JSON.parse, plus the line each value starts on, so an import can say "line 14: items.1.priceCents"
// instead of "element 3". A small recursive-descent parser; it accepts exactly RFC 8259 JSON.

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

export interface LocatedJson {
  value: unknown;
  /** The line of the value at `path`, or of its nearest enclosing value that exists. */
  lineOf(path: readonly PropertyKey[]): number;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

export function parseJsonWithLines(source: string): LocatedJson {
  const text = source.replace(/^\uFEFF/, '');
  const lines = new Map<string, number>();
  let i = 0;
  let line = 1;

  const fail = (message: string): never => {
    throw new JsonSyntaxError(message, line);
  };
  const ws = () => {
    for (; i < text.length; i++) {
      const ch = text[i];
      if (ch === '\n') line++;
      else if (ch !== ' ' && ch !== '\t' && ch !== '\r') break;
    }
  };
  const take = (ch: string): boolean => {
    ws();
    if (text[i] !== ch) return false;
    i++;
    return true;
  };
  const expect = (ch: string, what: string) => {
    if (!take(ch)) fail(`expected ${what}`);
  };

  function string(): string {
    const start = i++;
    while (i < text.length) {
      const ch = text[i];
      if (ch === '\\') i += 2;
      else if (ch === '"') {
        i++;
        try {
          return JSON.parse(text.slice(start, i)) as string;
        } catch {
          return fail('invalid characters or escape in a string');
        }
      } else if (ch === '\n') return fail('a string is not closed on its line');
      else i++;
    }
    return fail('a string is not closed');
  }

  function value(path: PropertyKey[]): unknown {
    ws();
    lines.set(JSON.stringify(path), line);
    const ch = text[i];
    if (ch === '{') {
      i++;
      const obj: Record<string, unknown> = {};
      if (take('}')) return obj;
      do {
        ws();
        if (text[i] !== '"') fail('expected a "quoted" property name');
        const key = string();
        expect(':', "':' after a property name");
        // defineProperty: a "__proto__" key is data, never the object's prototype.
        Object.defineProperty(obj, key, { value: value([...path, key]), enumerable: true, writable: true, configurable: true });
      } while (take(','));
      expect('}', "',' or '}' after a property");
      return obj;
    }
    if (ch === '[') {
      i++;
      const arr: unknown[] = [];
      if (take(']')) return arr;
      do arr.push(value([...path, arr.length]));
      while (take(','));
      expect(']', "',' or ']' after an array element");
      return arr;
    }
    if (ch === '"') return string();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (m) {
      i += m[0].length;
      return Number(m[0]);
    }
    return fail(ch === undefined ? 'the file ends in the middle of a value' : `unexpected ${JSON.stringify(ch)}`);
  }

  const result = value([]);
  ws();
  if (i < text.length) fail('unexpected text after the end of the JSON value');
  return {
    value: result,
    lineOf(path) {
      for (let n = path.length; n >= 0; n--) {
        const found = lines.get(JSON.stringify(path.slice(0, n)));
        if (found !== undefined) return found;
      }
      return 1;
    },
  };
}
