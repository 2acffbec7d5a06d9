import { describe, expect, it } from 'vitest';
import { canonicalJson, GENESIS_HASH, rowHash } from '../../server/store/audit';
import { ftsQuery } from '../../server/store/transcripts';

describe('ftsQuery: the user’s words as a safe FTS5 query', () => {
  it.each([
    ['handbag strap', '"handbag" "strap"'],
    ['hand*', '"hand"*'],
    ['"handbag', '"handbag"'],
    ['handbag OR (strap', '"handbag" "OR" "strap"'],
    ['body:NEAR(x', '"body" "NEAR" "x"'],
    ['Crème brûlée', '"Crème" "brûlée"'],
    ['**** **** 1111', '"1111"'],
  ])('%s → %s', (input, expected) => expect(ftsQuery(input)).toBe(expected));
  it('nothing searchable is null', () => {
    expect(ftsQuery('')).toBeNull();
    expect(ftsQuery(' "(* ')).toBeNull();
  });
});

describe('audit chain hashing', () => {
  it('canonical JSON sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[1,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });
  it('a row’s hash covers the previous hash and every column', () => {
    const row = { id: 1, at: '2026-01-01T00:00:00.000Z', actor_kind: 'staff', actor_id: 'u_1', action: 'transcript.view', subject_kind: 'conversation', subject_id: 'c_1', detail: '{}', prev_hash: GENESIS_HASH };
    const h = rowHash(row);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    for (const [k, v] of Object.entries({ id: 2, at: '2026-01-01T00:00:01.000Z', actor_id: 'u_2', detail: '{"x":1}', prev_hash: 'f'.repeat(64) })) {
      expect(rowHash({ ...row, [k]: v })).not.toBe(h);
    }
  });
});
