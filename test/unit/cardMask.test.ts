import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { containsCardNumber, maskCardNumbers } from '../../shared/domain/cardMask';

interface PanCase {
  text: string;
  stored: string;
}

const panCases = (
  JSON.parse(readFileSync(new URL('../../../shared/cases/pan.json', import.meta.url), 'utf8')) as {
    cases: PanCase[];
  }
).cases;

const masked = (pan: string): string => pan.replace(/\d(?=(?:\D*\d){4})/g, '*');

describe('cases/pan.json', () => {
  it('has cases', () => expect(panCases.length).toBeGreaterThan(0));
  it.each(panCases)('$text', ({ text, stored }) => {
    expect(maskCardNumbers(text)).toBe(stored);
    expect(containsCardNumber(text)).toBe(stored !== text);
  });
});

describe('network prefixes', () => {
  // Luhn-valid numbers, one or more per prefix range, including both ends of each range.
  const cards: Array<[network: string, pan: string]> = [
    ['Visa', '4111111111111111'],
    ['Visa', '4012888888881881'],
    ['Mastercard 51', '5105105105105100'],
    ['Mastercard 54', '5400000000000005'],
    ['Mastercard 55', '5555555555554444'],
    ['Mastercard 2221', '2221000000000009'],
    ['Mastercard 2720', '2720990000000007'],
    ['Amex 34', '340000000000009'],
    ['Amex 37', '378282246310005'],
    ['Discover 6011', '6011111111111117'],
    ['Discover 644', '6445644564456445'],
    ['Discover 65', '6500000000000002'],
    ['JCB 3528', '3528000000000007'],
    ['JCB 3530', '3530111333300000'],
    ['JCB 3589', '3589000000000003'],
    ['Diners 300', '30000000000004'],
    ['Diners 305', '30569309025904'],
    ['Diners 36', '36227206271667'],
    ['Diners 38', '38520000023237'],
    ['Diners 39', '39000000000005'],
    ['UnionPay 62', '6200000000000005'],
  ];
  it.each(cards)('%s %s is masked', (_network, pan) => {
    expect(maskCardNumbers(`pay with ${pan} now`)).toBe(`pay with ${masked(pan)} now`);
    expect(containsCardNumber(pan)).toBe(true);
  });

  // Luhn-valid, 16 digits, but just outside a network range: an ordinary number.
  const notCards: Array<[why: string, digits: string]> = [
    ['no network starts with 1', '1234567812345670'],
    ['50 is not Mastercard', '5000000000000009'],
    ['56 is not Mastercard', '5600000000000003'],
    ['2200 is below 2221', '2200000000000004'],
    ['2721 is above 2720', '2721000000000004'],
    ['6010 is not Discover', '6010000000000005'],
    ['643 is not Discover', '6430000000000007'],
    ['3527 is below JCB', '3527000000000008'],
    ['3590 is above JCB', '3590000000000000'],
    ['306 is not Diners', '3060000000000001'],
  ];
  it.each(notCards)('%s (%s)', (_why, digits) => {
    expect(maskCardNumbers(`ref ${digits}`)).toBe(`ref ${digits}`);
    expect(containsCardNumber(digits)).toBe(false);
  });
});

describe('grouping', () => {
  it('masks space and hyphen groupings, keeping separators', () => {
    expect(maskCardNumbers('4111 1111 1111 1111')).toBe('**** **** **** 1111');
    expect(maskCardNumbers('4111-1111-1111-1111')).toBe('****-****-****-1111');
    expect(maskCardNumbers('Amex 3782 822463 10005')).toBe('Amex **** ****** *0005');
  });

  // Decision: mixed single separators still mask. A sloppy grouping is no reason to leak a card.
  it('masks mixed space/hyphen separators', () => {
    expect(maskCardNumbers('4111 1111-1111 1111')).toBe('**** ****-**** 1111');
  });

  // POLICY §3: each gap is 1–3 separator characters (any Unicode space or tab, '-', '.'), mixed.
  it('joins groups across gaps of one to three separators of any kind', () => {
    expect(maskCardNumbers('4111  1111 1111 1111')).toBe('****  **** **** 1111');
    expect(maskCardNumbers('4111--1111-1111-1111')).toBe('****--****-****-1111');
    expect(maskCardNumbers('4111 - 1111 - 1111 - 1111')).toBe('**** - **** - **** - 1111');
    expect(maskCardNumbers('4111\t1111\u20091111\u30001111')).toBe('****\t****\u2009****\u30001111');
  });

  it('does not join groups across four separators, a newline or other characters', () => {
    for (const text of ['4111    1111 1111 1111', '4111\n1111 1111 1111', '4111/1111/1111/1111', '4111,1111,1111,1111', '4111_1111_1111_1111']) {
      expect(maskCardNumbers(text)).toBe(text);
    }
  });

  it('reads any Unicode decimal digit and keeps the last four as written', () => {
    expect(maskCardNumbers('٤١١١١١١١١١١١١١١١')).toBe('************١١١١');
    expect(maskCardNumbers('𝟒𝟏𝟏𝟏 𝟏𝟏𝟏𝟏 𝟏𝟏𝟏𝟏 𝟏𝟏𝟏𝟏')).toBe('**** **** **** 𝟏𝟏𝟏𝟏');
  });
});

describe('length', () => {
  it('masks 13-digit cards', () => {
    expect(maskCardNumbers('old visa 4222222222222')).toBe('old visa *********2222');
  });
  it('masks 19-digit cards', () => {
    expect(maskCardNumbers('4000000000000000006')).toBe('***************0006');
    expect(maskCardNumbers('6011 0000 0000 0000 001')).toBe('**** **** **** ***0 001');
  });
  it('ignores 12 and 20 digits even when Luhn-valid with a prefix', () => {
    expect(maskCardNumbers('411111111113')).toBe('411111111113');
    expect(maskCardNumbers('41111111111111111115')).toBe('41111111111111111115');
  });
});

describe('Luhn', () => {
  it('ignores numbers failing the check', () => {
    for (const text of ['4111111111111112', '4111 1111 1111 1112', '5555-5555-5555-4445', '378282246310006']) {
      expect(maskCardNumbers(text)).toBe(text);
      expect(containsCardNumber(text)).toBe(false);
    }
  });
});

describe('several cards and surrounding text', () => {
  it('masks every card in a message', () => {
    expect(maskCardNumbers('first 4111111111111111, then 5555-5555-5555-4444 or 378282246310005.')).toBe(
      'first ************1111, then ****-****-****-4444 or ***********0005.',
    );
  });

  it('masks two space-grouped cards separated only by a space', () => {
    expect(maskCardNumbers('4111 1111 1111 1111 5555 5555 5555 4444')).toBe(
      '**** **** **** 1111 **** **** **** 4444',
    );
  });

  // Decision: a separator is a real token boundary, so a card may sit inside a longer chain of
  // groups; what surrounds it is left alone.
  it('masks a card that follows or precedes other grouped digits', () => {
    expect(maskCardNumbers('qty 2 4111 1111 1111 1111')).toBe('qty 2 **** **** **** 1111');
    expect(maskCardNumbers('4111 1111 1111 1111 12/27')).toBe('**** **** **** 1111 12/27');
  });

  it('masks a card at the very start and end of the text and next to punctuation', () => {
    expect(maskCardNumbers('4111111111111111')).toBe('************1111');
    expect(maskCardNumbers('(4111111111111111)')).toBe('(************1111)');
    expect(maskCardNumbers('card:4111-1111-1111-1111.')).toBe('card:****-****-****-1111.');
  });

  it('returns the text unchanged when there is nothing to mask', () => {
    expect(maskCardNumbers('')).toBe('');
    expect(maskCardNumbers('Hello, where is my parcel?')).toBe('Hello, where is my parcel?');
  });
});

describe('not cards', () => {
  it('leaves phone numbers and order numbers alone', () => {
    for (const text of [
      'call +1 877 962 2398',
      'call (877) 962-2398 or +44 20 7946 0958',
      'call 1-877-962-2398 ext 4111',
      'Order PO-20260311-0001 and PO-20260311-0002',
      'tracking 1Z999AA10123456784',
    ]) {
      expect(maskCardNumbers(text)).toBe(text);
      expect(containsCardNumber(text)).toBe(false);
    }
  });

  it('leaves a Luhn-valid 16-digit number without a network prefix alone', () => {
    expect(maskCardNumbers('invoice 1234567812345670')).toBe('invoice 1234567812345670');
  });

  // A group is never split: a valid PAN at a shifted position inside a longer digit run is not a card.
  it('ignores a valid PAN inside a longer digit run', () => {
    expect(maskCardNumbers('12344111111111111111')).toBe('12344111111111111111');
    expect(maskCardNumbers('41111111111111119999')).toBe('41111111111111119999');
  });

  // POLICY §3: a letter or any other character only ends a run of groups; the digits beside it
  // are still judged (a card glued to a word is still a card).
  it('masks a PAN glued to letters', () => {
    expect(maskCardNumbers('SKU4111111111111111')).toBe('SKU************1111');
    expect(maskCardNumbers('4111111111111111X')).toBe('************1111X');
    expect(maskCardNumbers('é4111111111111111')).toBe('é************1111');
  });
});

describe('long inputs', () => {
  // Runs on every chat message. A quadratic scan or a backtracking regex would take minutes on
  // these inputs and hit the test timeout; the speed itself is measured in bench/, not here.
  const inputs: Array<[name: string, text: string]> = [
    ['one long digit run', '4'.repeat(100_000)],
    ['single digits and spaces', '1 '.repeat(50_000)],
    ['digits and hyphens', '4-'.repeat(50_000)],
    ['card-shaped groups', '4111 '.repeat(20_000)],
    ['many real cards', '4111 1111 1111 1111 hello '.repeat(4_000)],
    ['prose', 'Where is my order? '.repeat(5_300)],
  ];
  it.each(inputs)('100k chars of %s', (_name, text) => {
    expect(text.length).toBeGreaterThanOrEqual(100_000);
    const out = maskCardNumbers(text);
    expect(out.length).toBe(text.length);
    expect(containsCardNumber(text)).toBe(out !== text);
  });

  it('masks every card in a long message', () => {
    const text = '4111 1111 1111 1111 hello '.repeat(4_000);
    expect(maskCardNumbers(text)).toBe('**** **** **** 1111 hello '.repeat(4_000));
  });
});
