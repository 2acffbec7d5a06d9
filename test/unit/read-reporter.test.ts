// The client side of read receipts (issue 3): what counts as read, and one chat:read per pause.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { latestFromOthers, ReadReporter } from '../../renderer/common/readReceipts';
import type { AuthorKind, Message } from '../../shared/protocol/schemas';

const msg = (seq: number, kind: AuthorKind): Message => ({
  conversationId: 'c_1',
  seq,
  clientId: `client-${seq}-abc`,
  author: { kind, id: null, name: kind },
  body: `message ${seq}`,
  createdAt: '2026-01-01T00:00:00Z',
});

describe('latestFromOthers', () => {
  it("is the newest message not one's own, whoever wrote the ones after it", () => {
    const thread = [msg(1, 'customer'), msg(2, 'agent'), msg(3, 'system'), msg(4, 'customer'), msg(5, 'customer')];
    expect(latestFromOthers(thread, 'customer')).toBe(3);
    expect(latestFromOthers(thread, 'agent')).toBe(5);
    expect(latestFromOthers([msg(1, 'agent')], 'agent')).toBe(0);
  });
});

describe('ReadReporter', () => {
  let sent: [string, number][];
  let reply: (seq: number) => Promise<{ seq: number }>;
  let reporter: ReadReporter;

  beforeEach(() => {
    vi.useFakeTimers();
    sent = [];
    reply = (seq) => Promise.resolve({ seq });
    reporter = new ReadReporter((id, seq) => {
      sent.push([id, seq]);
      return reply(seq);
    }, 500);
  });
  afterEach(() => vi.useRealTimers());

  it('sends once per pause, the latest seq seen', async () => {
    reporter.seen('c_1', 1, 0);
    await vi.advanceTimersByTimeAsync(200);
    reporter.seen('c_1', 2, 0);
    reporter.seen('c_1', 3, 0);
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(500);
    expect(sent).toEqual([['c_1', 3]]);
  });

  it('never sends what the hub already has, by its mark or by an earlier ack', async () => {
    reporter.seen('c_1', 4, 4);
    await vi.advanceTimersByTimeAsync(600);
    expect(sent).toEqual([]);
    reporter.seen('c_1', 5, 4);
    await vi.advanceTimersByTimeAsync(600);
    reporter.seen('c_1', 5, 4);
    await vi.advanceTimersByTimeAsync(600);
    expect(sent).toEqual([['c_1', 5]]);
    reporter.acknowledged('c_1', 7);
    reporter.seen('c_1', 6, 0);
    await vi.advanceTimersByTimeAsync(600);
    expect(sent).toEqual([['c_1', 5]]);
  });

  it('a chat that left the screen within the pause is not reported', async () => {
    reporter.seen('c_1', 2, 0);
    await vi.advanceTimersByTimeAsync(300);
    reporter.cancel();
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toEqual([]);
  });

  it('a failed send is tried again the next time the chat is seen', async () => {
    reply = () => Promise.reject(new Error('Not connected.'));
    reporter.seen('c_1', 2, 0);
    await vi.advanceTimersByTimeAsync(600);
    reply = (seq) => Promise.resolve({ seq });
    reporter.seen('c_1', 2, 0);
    await vi.advanceTimersByTimeAsync(600);
    expect(sent).toEqual([
      ['c_1', 2],
      ['c_1', 2],
    ]);
  });
});
