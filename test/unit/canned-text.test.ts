import { describe, expect, it } from 'vitest';
import { fillCanned, unknownPlaceholders } from '../../shared/domain/cannedText';

describe('canned reply placeholders', () => {
  it('fills the customer, the order and the agent', () => {
    const body = 'Dear {customer.firstName}, order {order.number} for {customer.name} is on its way. — {agent.name}';
    expect(fillCanned(body, { customerName: '  Ada  Lovelace ', orderNumber: 'PO-1001', agentName: 'Ann Agent' })).toEqual({
      text: 'Dear Ada, order PO-1001 for Ada  Lovelace is on its way. — Ann Agent',
      missing: [],
    });
  });

  it('leaves what it cannot fill as written, and says which', () => {
    expect(fillCanned('Order {order.number}, {customer.firstName}', { customerName: 'Bo' })).toEqual({ text: 'Order {order.number}, Bo', missing: ['order.number'] });
    expect(fillCanned('{order.number} {order.number}', {}).missing).toEqual(['order.number']);
  });

  it('does not touch unknown braces, and names the unknown placeholders', () => {
    expect(fillCanned('{customer.fristName} {curly} {a.b}', { customerName: 'Ada' }).text).toBe('{customer.fristName} {curly} {a.b}');
    expect(unknownPlaceholders('Hi {customer.fristName} {customer.name} {x.y} {x.y} {plain}')).toEqual(['customer.fristName', 'x.y']);
  });
});
