import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../shared/domain/config';
import { chooseAgent, planAssignments, queuePositions, type AgentLoad } from '../../shared/domain/routing';

const CAP = DEFAULT_POLICY.chat.agentMaxConcurrent;
const agent = (id: string, over: Partial<AgentLoad> = {}): AgentLoad => ({ id, status: 'available', load: 0, brands: null, lastAssignedAt: null, ...over });
const NOW = '2026-01-01T12:00:00Z';
const chat = (id: string, createdAt: string, brandId = 'maison') => ({ id, createdAt, brandId });

describe('routing', () => {
  it('gives a chat to the least-busy available agent', () => {
    const picked = chooseAgent(chat('c1', '2026-01-01T10:00:00Z'), [agent('a', { load: 2 }), agent('b', { load: 1 }), agent('c', { load: 3 })], CAP);
    expect(picked?.id).toBe('b');
  });

  it('never above the cap, never to an agent who is away or offline', () => {
    const agents = [agent('a', { load: CAP }), agent('b', { status: 'away' }), agent('c', { status: 'offline' })];
    expect(chooseAgent(chat('c1', '2026-01-01T10:00:00Z'), agents, CAP)).toBeNull();
  });

  it('only agents who serve the brand', () => {
    const agents = [agent('a', { brands: ['other'] }), agent('b', { brands: ['maison'], load: 2 })];
    expect(chooseAgent(chat('c1', '2026-01-01T10:00:00Z'), agents, CAP)?.id).toBe('b');
  });

  it('among equally busy agents, the one who waited longest for a chat', () => {
    const agents = [agent('a', { lastAssignedAt: '2026-01-01T10:05:00Z' }), agent('b', { lastAssignedAt: '2026-01-01T10:01:00Z' })];
    expect(chooseAgent(chat('c1', '2026-01-01T10:10:00Z'), agents, CAP)?.id).toBe('b');
  });

  it('plans in the order of waiting and fills agents up to the cap', () => {
    const waiting = [chat('late', '2026-01-01T10:03:00Z'), chat('first', '2026-01-01T10:00:00Z'), chat('second', '2026-01-01T10:01:00Z')];
    const plan = planAssignments(waiting, [agent('a', { load: 1 }), agent('b', { load: 2 })], 3, NOW);
    // a is least busy; then a and b tie at 2 and b has waited longer; then a again; b is full.
    expect(plan).toEqual([
      { chatId: 'first', agentId: 'a' },
      { chatId: 'second', agentId: 'b' },
      { chatId: 'late', agentId: 'a' },
    ]);
    expect(planAssignments([chat('more', '2026-01-01T10:04:00Z')], [agent('a', { load: 3 }), agent('b', { load: 3 })], 3, NOW)).toEqual([]);
  });

  it('a chat whose offer lapsed is not offered to the same agent again', () => {
    const plan = planAssignments([chat('c1', '2026-01-01T10:00:00Z')], [agent('a'), agent('b', { load: 1 })], CAP, NOW, new Map([['c1', new Set(['a'])]]));
    expect(plan).toEqual([{ chatId: 'c1', agentId: 'b' }]);
  });

  it('a customer sees their place within their brand queue', () => {
    const pos = queuePositions([chat('x2', '2026-01-01T10:02:00Z'), chat('y1', '2026-01-01T10:01:00Z', 'other'), chat('x1', '2026-01-01T10:00:00Z')]);
    expect(Object.fromEntries(pos)).toEqual({ x1: 1, x2: 2, y1: 1 });
  });
});
