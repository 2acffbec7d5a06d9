// Card numbers (PAN) must never reach a transcript (POLICY.md §3). This runs on every chat message,
// so it is a single hand-written scan: no backtracking regex, linear in the text length (each group
// starts at most MAX_DIGITS candidates).
//
// What counts as a card (POLICY.md §3, cases/pan.json):
// - 13–19 digits, Luhn-valid, with a network prefix (see PREFIXES). A digit is any Unicode decimal
//   digit (full-width '４' is a 4); a masked digit becomes an ASCII '*', a kept one stays as written.
// - Digits stand together or in groups; each gap between two groups is 1–3 separator characters:
//   any Unicode space (Zs: no-break, thin, ideographic…) or a tab, '-' or '.'. Anything else (a
//   letter, '+', '/', a comma, a newline) ends a run of groups.
// - A run that fails as a whole is searched for runs of whole groups inside it, longest (in
//   digits) first, then leftmost; a group is never split, so a valid PAN at a shifted position
//   inside one longer digit string is not a card.

const MIN_DIGITS = 13;
const MAX_DIGITS = 19;
const MAX_GAP = 3;

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

/**
 * One run of digit groups, in flat arrays reused from run to run (this scan must not allocate per
 * digit: it runs on every chat message). Group g spans text[start[g], end[g]) and its digit values
 * are digits[first[g], first[g + 1]).
 */
class Run {
  groups = 0;
  start: number[] = [];
  end: number[] = [];
  first: number[] = [0];
  digits: number[] = [];
  reset(): void {
    this.groups = 0;
    this.digits.length = 0;
  }
}

interface Card {
  first: number; // group indexes, inclusive
  last: number;
  count: number;
}

export function maskCardNumbers(text: string): string {
  let out = '';
  let pos = 0;
  forEachRun(text, (run) => {
    for (const card of cardsInRun(run, false)) {
      const start = run.start[card.first] as number;
      const end = run.end[card.last] as number;
      out += text.slice(pos, start) + maskSpan(text.slice(start, end), card.count - 4);
      pos = end;
    }
    return false;
  });
  return pos === 0 ? text : out + text.slice(pos);
}

export function containsCardNumber(text: string): boolean {
  let found = false;
  forEachRun(text, (run) => (found = cardsInRun(run, true).length > 0));
  return found;
}

/** Hides the first `hide` digits of a span, keeping every other character as written. */
function maskSpan(span: string, hide: number): string {
  let out = '';
  for (const ch of span) {
    if (hide > 0 && digitValue(ch.codePointAt(0) as number) >= 0) {
      out += '*';
      hide--;
    } else out += ch;
  }
  return out;
}

/** Calls `visit` with each run of digit groups; stops when it returns true. */
function forEachRun(text: string, visit: (run: Run) => boolean): void {
  const run = new Run();
  let i = 0;
  while (i < text.length) {
    let cp = text.codePointAt(i) as number;
    if (digitValue(cp) < 0) {
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    run.reset();
    for (;;) {
      const g = run.groups++;
      run.start[g] = i;
      let d: number;
      while (i < text.length && (d = digitValue((cp = text.codePointAt(i) as number))) >= 0) {
        run.digits.push(d);
        i += cp > 0xffff ? 2 : 1;
      }
      run.end[g] = i;
      run.first[g + 1] = run.digits.length;
      let gap = 0;
      while (gap < MAX_GAP && i + gap < text.length && isSeparator(text.charCodeAt(i + gap))) gap++;
      const next = text.codePointAt(i + gap);
      if (gap === 0 || next === undefined || digitValue(next) < 0) break;
      i += gap;
    }
    if (visit(run)) return;
  }
}

/** The cards of one run: every candidate of whole groups, longest first, then leftmost, not overlapping. */
function cardsInRun(run: Run, firstOnly: boolean): Card[] {
  const { first: at, digits } = run;
  let candidates: Card[] | undefined;
  for (let first = 0; first < run.groups; first++) {
    const from = at[first] as number;
    for (let last = first; last < run.groups; last++) {
      const count = (at[last + 1] as number) - from;
      if (count > MAX_DIGITS) break;
      if (count < MIN_DIGITS) continue;
      if (!hasNetworkPrefix(digits, from)) break; // every longer candidate from here shares the prefix
      if (luhnValid(digits, from, from + count)) {
        const card = { first, last, count };
        if (firstOnly) return [card];
        (candidates ??= []).push(card);
      }
    }
  }
  if (!candidates) return [];
  if (candidates.length < 2) return candidates;
  candidates.sort((a, b) => b.count - a.count || a.first - b.first);
  const taken = new Uint8Array(run.groups);
  const cards: Card[] = [];
  for (const c of candidates) {
    let free = true;
    for (let g = c.first; g <= c.last && free; g++) free = taken[g] === 0;
    if (!free) continue;
    taken.fill(1, c.first, c.last + 1);
    cards.push(c);
  }
  return cards.sort((a, b) => a.first - b.first);
}

function hasNetworkPrefix(digits: number[], at: number): boolean {
  for (const [length, from, to] of PREFIXES) {
    let p = 0;
    for (let k = 0; k < length; k++) p = p * 10 + (digits[at + k] as number);
    if (p >= from && p <= to) return true;
  }
  return false;
}

/** Luhn over digits[from, to). */
function luhnValid(digits: number[], from: number, to: number): boolean {
  let sum = 0;
  let double = false;
  for (let i = to - 1; i >= from; i--) {
    let d = digits[i] as number;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

function isSeparator(code: number): boolean {
  return code === 0x2d || code === 0x2e || code === 0x09 || code === 0x20 || (code > 0x7f && SPACE.test(String.fromCharCode(code)));
}

const SPACE = /\p{Zs}/u;
const DECIMAL = /\p{Nd}/u;
const digitCache = new Map<number, number>();

/** The value of a Unicode decimal digit, or -1. Unicode encodes each set of ten digits as one
 * contiguous block starting at its zero, so the value is the distance from the block's start. */
function digitValue(cp: number): number {
  if (cp >= 48 && cp <= 57) return cp - 48;
  if (cp < 0x660) return -1;
  const cached = digitCache.get(cp);
  if (cached !== undefined) return cached;
  let value = -1;
  if (DECIMAL.test(String.fromCodePoint(cp))) {
    let zero = cp;
    while (DECIMAL.test(String.fromCodePoint(zero - 1))) zero--;
    value = (cp - zero) % 10;
  }
  if (digitCache.size < 4096) digitCache.set(cp, value);
  return value;
}
