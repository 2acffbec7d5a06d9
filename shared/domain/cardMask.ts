// Card numbers (PAN) must never reach a transcript (POLICY.md §3). This runs on every chat message,
// so it is a single hand-written scan: no backtracking regex, linear in the text length.
//
// What counts as a card:
// - 13–19 digits, groups joined by a single space or a single hyphen; a message may mix the two
//   ("4111 1111-1111 1111") — a typo in the grouping should not let a real card through.
// - Luhn-valid, with a network prefix (see PREFIXES).
// - Not glued to a letter, digit or underscore: a digit run inside a longer run or a word
//   ("x4111111111111111", a PAN at a shifted position inside 20 digits) is something else.
// - Within a longer chain of groups ("ref 12 4111 1111 1111 1111"), a card may start and end at
//   any group boundary, since a separator is a real token boundary.

const MIN_DIGITS = 13;
const MAX_DIGITS = 19;

/** [from, to] inclusive ranges over a prefix of the given length. */
const PREFIXES: ReadonlyArray<readonly [length: number, from: number, to: number]> = [
  [1, 4, 4], // Visa
  [2, 51, 55], // Mastercard
  [4, 2221, 2720], // Mastercard 2-series
  [2, 34, 34], // Amex
  [2, 37, 37],
  [4, 6011, 6011], // Discover
  [3, 644, 649],
  [2, 65, 65],
  [4, 3528, 3589], // JCB
  [3, 300, 305], // Diners
  [2, 36, 36],
  [2, 38, 39],
  [2, 62, 62], // UnionPay
];

interface Group {
  start: number;
  end: number;
}

export function maskCardNumbers(text: string): string {
  const cards = findCards(text, false);
  if (cards.length === 0) return text;
  let out = '';
  let pos = 0;
  for (const { start, end } of cards) {
    out += text.slice(pos, start) + maskSpan(text.slice(start, end));
    pos = end;
  }
  return out + text.slice(pos);
}

export function containsCardNumber(text: string): boolean {
  return findCards(text, true).length > 0;
}

function maskSpan(span: string): string {
  let hide = 0;
  for (let i = 0; i < span.length; i++) if (isDigit(span.charCodeAt(i))) hide++;
  hide -= 4;
  let out = '';
  for (let i = 0; i < span.length; i++) {
    const isHidden = isDigit(span.charCodeAt(i)) && hide-- > 0;
    out += isHidden ? '*' : span[i];
  }
  return out;
}

function findCards(text: string, firstOnly: boolean): Group[] {
  const found: Group[] = [];
  let i = 0;
  while (i < text.length) {
    if (!isDigit(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const groups: Group[] = [];
    let end = i;
    for (;;) {
      const start = end;
      while (end < text.length && isDigit(text.charCodeAt(end))) end++;
      groups.push({ start, end });
      const sep = text[end];
      if ((sep === ' ' || sep === '-') && isDigit(text.charCodeAt(end + 1))) end++;
      else break;
    }
    const leftOk = !isWordChar(text, i - 1);
    const rightOk = !isWordChar(text, end);
    for (const card of cardsInChain(text, groups, leftOk, rightOk)) {
      found.push(card);
      if (firstOnly) return found;
    }
    i = end;
  }
  return found;
}

/**
 * Greedy left to right; from each starting group the longest valid card wins, so a 19-digit card
 * whose first 16 digits happen to be valid is masked whole.
 */
function cardsInChain(text: string, groups: Group[], leftOk: boolean, rightOk: boolean): Group[] {
  const cards: Group[] = [];
  let i = leftOk ? 0 : 1;
  while (i < groups.length) {
    const start = (groups[i] as Group).start;
    let count = 0;
    let best = -1;
    let prefixOk: boolean | undefined;
    for (let j = i; j < groups.length; j++) {
      const g = groups[j] as Group;
      count += g.end - g.start;
      if (count > MAX_DIGITS) break;
      if (count < MIN_DIGITS) continue;
      // Every candidate from this start shares its prefix: check it once.
      prefixOk ??= hasNetworkPrefix(leadingDigits(text, start, 4));
      if (!prefixOk) break;
      if ((rightOk || j < groups.length - 1) && luhnValid(text, start, g.end)) best = j;
    }
    if (best < 0) {
      i++;
      continue;
    }
    cards.push({ start, end: (groups[best] as Group).end });
    i = best + 1;
  }
  return cards;
}

function leadingDigits(text: string, from: number, n: number): string {
  let out = '';
  for (let i = from; out.length < n; i++) if (isDigit(text.charCodeAt(i))) out += text[i];
  return out;
}

function hasNetworkPrefix(lead: string): boolean {
  return PREFIXES.some(([length, from, to]) => {
    const p = Number(lead.slice(0, length));
    return p >= from && p <= to;
  });
}

/** Luhn over the digits of text[from, to), separators skipped. */
function luhnValid(text: string, from: number, to: number): boolean {
  let sum = 0;
  let double = false;
  for (let i = to - 1; i >= from; i--) {
    let d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) continue;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

const WORD_CHAR = /[\p{L}\p{N}_]/u;

function isWordChar(text: string, index: number): boolean {
  const ch = text[index];
  return ch !== undefined && WORD_CHAR.test(ch);
}
