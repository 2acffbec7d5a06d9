// Text the hub can store as it was sent. A lone UTF-16 surrogate has no UTF-8 form: SQLite would
// keep U+FFFD in its place, and what was acknowledged would differ from what is stored. So such
// text is refused (invalid_payload) wherever a payload is parsed, in any field, at any depth.

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const hasLoneSurrogate = (s: string): boolean => LONE_SURROGATE.test(s);

/** The path of the first string (value or key) holding a lone surrogate, or null when there is none. */
export function loneSurrogatePath(value: unknown, path: (string | number)[] = [], depth = 0): (string | number)[] | null {
  if (typeof value === 'string') return hasLoneSurrogate(value) ? path : null;
  // Payloads are shallow; a deeper one is refused by its schema anyway.
  if (depth > 32 || value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = loneSurrogatePath(value[i], [...path, i], depth + 1);
      if (p) return p;
    }
    return null;
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (hasLoneSurrogate(k)) return [...path, k];
    const p = loneSurrogatePath(v, [...path, k], depth + 1);
    if (p) return p;
  }
  return null;
}
