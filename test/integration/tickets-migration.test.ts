// Migration 0011 on a data folder written before it: every offline ticket keeps its words, its
// answer and who handled it; answered tickets are solved, the rest open; references are given.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DB_FILE, migrate, openDb } from '../../server/store/db';
import { MIGRATIONS } from '../../server/store/migrations/index';
import { ticketsStore } from '../../server/store/tickets';
import { tempDataDir } from '../helpers/hub';

describe('migration 0011: tickets become threads', () => {
  it('keeps every ticket, its message and its answer', () => {
    const dir = tempDataDir('mig11');
    const old = new Database(join(dir, DB_FILE));
    old.pragma('foreign_keys = ON');
    migrate(
      old,
      MIGRATIONS.filter((m) => m.version <= 5),
    );
    old.prepare(`INSERT INTO users (id, email, name, role, password_hash, created_at) VALUES ('u1', 'ann@desk.test', 'Ann Agent', 'agent', 'x', '2025-01-01T00:00:00Z')`).run();
    old.prepare(`INSERT INTO tickets (id, brand_id, customer_name, customer_email, body, created_at, status) VALUES ('t1', 'default', 'Ada', 'ada@shop.test', 'Where is it?', '2025-06-01T10:00:00Z', 'open')`).run();
    old
      .prepare(
        `INSERT INTO tickets (id, brand_id, customer_name, customer_email, body, created_at, status, assigned_to, answered_at, answered_by, answer)
         VALUES ('t2', 'luxe', 'Bo', 'bo@shop.test', 'Refund?', '2025-06-01T11:00:00Z', 'answered', 'u1', '2025-06-02T09:00:00Z', 'u1', 'Done.')`,
      )
      .run();
    old.close();

    const db = openDb(dir);
    const tickets = ticketsStore(db);
    const t1 = tickets.get('t1')!;
    const t2 = tickets.get('t2')!;
    expect(t1).toMatchObject({ ref: 1, status: 'open', channel: 'widget', firstBody: 'Where is it?', assignedTo: null });
    expect(t2).toMatchObject({ ref: 2, status: 'solved', brandId: 'luxe', assignedTo: { id: 'u1', name: 'Ann Agent' } });
    expect(tickets.messages('t2').map((m) => [m.kind, m.body, m.author.name])).toEqual([
      ['customer', 'Refund?', 'Bo'],
      ['agent', 'Done.', 'Ann Agent'],
    ]);
    // The next ticket continues the numbering.
    expect(tickets.create({ id: 't3', brandId: 'default', name: 'Cy', email: 'cy@shop.test', subject: '', locale: 'fr', channel: 'email', createdAt: '2025-06-03T00:00:00Z', dueAt: null }).ref).toBe(3);
    db.close();
  });
});
