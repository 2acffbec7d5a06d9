// A deterministic corpus of care-desk messages, so every run searches the same text: templates of
// what customers and agents write (orders, returns, damage, sizes), a few thousand product and
// place words, and a long tail of rare words, as real transcripts have.
import { rng } from './stats';

const PRODUCTS = [
  'Milano tote', 'cashmere scarf', 'silk scarf', 'leather belt', 'ankle boots', 'wool coat', 'card holder', 'travel bag',
  'pearl earrings', 'gold bracelet', 'evening clutch', 'loafers', 'trench coat', 'sunglasses', 'wallet', 'weekender',
  'silk blouse', 'cashmere sweater', 'suede jacket', 'crossbody bag', 'watch strap', 'kitten heels', 'key ring', 'gloves',
];
const COLORS = ['black', 'ivory', 'camel', 'navy', 'burgundy', 'emerald', 'blush', 'grey', 'cognac', 'ecru'];
const DAMAGE = ['with a scratch on the clasp', 'with the box crushed', 'torn at the seam', 'with a stain on the lining', 'in perfect condition', 'with a broken zip'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const CITIES = ['Paris', 'Milan', 'London', 'New York', 'Geneva', 'Tokyo', 'Dubai', 'Madrid', 'Vienna', 'Boston'];

const TEMPLATES: ((r: () => number, p: (xs: string[]) => string, n: () => string) => string)[] = [
  (_r, p) => `Hello, I ordered the ${p(PRODUCTS)} last week and it arrived ${p(DAMAGE)}.`,
  (_r, p, n) => `Could you check order ${n()}? The tracking number has not moved since ${p(DAYS)}.`,
  (_r, p) => `I would like to return the ${p(PRODUCTS)}, the ${p(COLORS)} is not the colour shown on the site.`,
  (_r, p) => `Thank you for waiting. I have opened a return for the ${p(PRODUCTS)}; the prepaid label is on its way by email.`,
  (_r, p) => `The ${p(PRODUCTS)} is available in ${p(COLORS)} and ${p(COLORS)}, would you like me to reserve one?`,
  (_r, _p, n) => `My card was charged twice for order ${n()}, can you refund the second charge?`,
  (r, p) => `Can I exchange the ${p(PRODUCTS)} for a size ${36 + Math.floor(r() * 10)}?`,
  (_r, p) => `The courier left the parcel in ${p(CITIES)} instead of delivering it to my address.`,
  (_r, p) => `Please send photos of the damage to the ${p(PRODUCTS)} and we will file a claim with the carrier.`,
  (_r, p) => `Our boutique in ${p(CITIES)} can repair the ${p(PRODUCTS)} free of charge.`,
  () => 'Is there anything else I can help you with today?',
  () => 'Thanks a lot, have a lovely day!',
  (_r, p, n) => `Refund for ${n()} was issued on ${p(DAYS)}; it takes three to five business days to appear.`,
  (_r, p) => `Do you ship to ${p(CITIES)} overnight?`,
];

/** A pseudo-word vocabulary for the long tail (names, typos, product codes). */
function tailWords(r: () => number, n: number): string[] {
  const syl = ['ka', 'lo', 'mi', 'ven', 'tor', 'sa', 'bri', 'que', 'dal', 'ne', 'rho', 'zu', 'fen', 'gor', 'pli', 'sta'];
  const words = new Set<string>();
  while (words.size < n) {
    let w = '';
    const k = 2 + Math.floor(r() * 3);
    for (let i = 0; i < k; i++) w += syl[Math.floor(r() * syl.length)]!;
    words.add(w);
  }
  return [...words];
}

export function corpus(seed = 42) {
  const r = rng(seed);
  const pick = (xs: string[]) => xs[Math.floor(r() * xs.length)]!;
  const tail = tailWords(r, 5000);
  const orderNo = () => `A-${String(100000 + Math.floor(r() * 900000))}`;
  return {
    tail,
    /** The next message body: a template, sometimes followed by rare words (Zipf-like). */
    next(): string {
      let body = TEMPLATES[Math.floor(r() * TEMPLATES.length)]!(r, pick, orderNo);
      if (r() < 0.25) {
        const idx = Math.floor(tail.length * r() ** 3); // skewed: a few tail words are common
        body += ` Ref ${tail[idx]}.`;
      }
      return body;
    },
  };
}

/**
 * The fixed search mix: common and rare words, two-word queries, prefixes, an order number, a
 * miss. Chosen to span cheap (rare) to expensive (a word in a large share of all messages).
 */
export function queryMix(seed = 42): { text: string; kind: string }[] {
  const c = corpus(seed);
  // An order number that is in the corpus (the bench stores the same seeded sequence).
  let order = 'A-100000';
  for (let i = 0; i < 1000; i++) {
    const m = /A-\d{6}/.exec(c.next());
    if (m) {
      order = m[0];
      break;
    }
  }
  return [
    { text: 'return', kind: 'common word' },
    { text: 'order', kind: 'common word' },
    { text: 'refund', kind: 'common word' },
    { text: 'damage', kind: 'medium word' },
    { text: 'tracking number', kind: 'two words' },
    { text: 'cashmere scarf', kind: 'two words' },
    { text: 'Milano tote scratch', kind: 'three words' },
    { text: 'charged twice', kind: 'two words' },
    { text: 'courier Geneva', kind: 'two words' },
    { text: 'exchange size 38', kind: 'three words' },
    { text: 'refu*', kind: 'prefix' },
    { text: 'cash*', kind: 'prefix' },
    { text: c.tail[0]!, kind: 'tail word (frequent)' },
    { text: c.tail[1500]!, kind: 'tail word (rare)' },
    { text: order, kind: 'order number' },
    { text: 'zzzxqnothere', kind: 'no match' },
  ];
}
