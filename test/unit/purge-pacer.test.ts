import { describe, expect, it } from 'vitest';
import { pacer } from '../../server/retention/purge';

describe('purge pacing: a batch of deletes holds the hub no longer than the slice', () => {
  it('starts at the configured batch size, halves after a batch over the slice, never below one', () => {
    const p = pacer(25, 8);
    expect(p.size).toBe(25);
    p.took(30);
    expect(p.size).toBe(12);
    for (let i = 0; i < 10; i++) p.took(100);
    expect(p.size).toBe(1);
  });

  it('grows again, doubling, while batches take under half the slice, up to the configured size', () => {
    const p = pacer(25, 8);
    for (let i = 0; i < 10; i++) p.took(100);
    p.took(2);
    expect(p.size).toBe(2);
    p.took(5); // between half the slice and the slice: keep the size
    expect(p.size).toBe(2);
    for (let i = 0; i < 10; i++) p.took(1);
    expect(p.size).toBe(25);
  });
});
