// The rows the hub keeps in memory for the message path (server/store/rowCache.ts): a widget
// session behind every customer event, a conversation's access facts behind every send. A copy
// must never outlive the row it copies, whoever changed it.
import { afterEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../server/config';
import { storeKeys } from '../../server/keys';
import { DB_FILE, openDbFile } from '../../server/store/db';
import { openStore, type Store } from '../../server/store/index';
import { tempDataDir } from '../helpers/hub';

const nextTurn = () => new Promise((r) => setImmediate(r));
const AT = '2026-12-05T10:00:00.000Z';

let dirs: string[] = [];
let stores: Store[] = [];
afterEach(() => {
  for (const s of stores) s.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  stores = [];
  dirs = [];
});

function desk() {
  const dir = tempDataDir('rowcache');
  dirs.push(dir);
  const store = openStore(dir);
  stores.push(store);
  const customer = store.conversations.createGuest({ id: 'k_1', email: 'ada@shop.test', name: 'Ada', createdAt: AT });
  store.conversations.createWidgetSession({ id: 'w_1', tokenHash: 'hash-1', customerId: customer.id, createdAt: AT, expiresAt: '2027-01-01T00:00:00.000Z' });
  store.conversations.create({ id: 'c_1', customerId: customer.id, widgetSessionId: 'w_1', brandId: 'default', createdAt: AT });
  const agent = store.users.create({ id: 'u_1', email: 'bo@desk.test', name: 'Bo', role: 'agent', passwordHash: 'x', createdAt: AT });
  /** Another process on the same file, as `caredesk privacy` or `caredesk retention run` beside the hub. */
  const other = () => openDbFile(join(dir, DB_FILE), { key: storeKeys(dir, loadConfig(dir).settings).databaseKey });
  return { store, agent, other };
}

describe('rows kept in memory for the message path', () => {
  it('a widget session deleted by another process stops signing the customer in from the next event on', async () => {
    const { store, other } = desk();
    expect(store.conversations.widgetSessionByTokenHash('hash-1')?.customer.name).toBe('Ada');
    const db = other();
    db.prepare("DELETE FROM conversations WHERE widget_session_id = 'w_1'").run();
    db.prepare("DELETE FROM widget_sessions WHERE id = 'w_1'").run();
    db.close();
    await nextTurn();
    expect(store.conversations.widgetSessionByTokenHash('hash-1')).toBeUndefined();
    expect(store.conversations.access('c_1')).toBeUndefined();
  });

  it('a customer verified or renamed on the hub is seen so at the very next lookup', async () => {
    const { store } = desk();
    expect(store.conversations.widgetSessionByTokenHash('hash-1')?.customer.verified).toBe(false);
    await store.write(() => {
      const v = store.conversations.upsertVerified({ id: 'k_2', email: 'ada@shop.test', name: 'Ada L.', createdAt: AT, by: 'code', externalId: null });
      store.conversations.rebindWidgetSession('w_1', v.id);
    });
    expect(store.conversations.widgetSessionByTokenHash('hash-1')?.customer).toMatchObject({ id: 'k_2', verified: true });
  });

  it('a chat taken, renamed agent, then ended: every send decision sees the current state', async () => {
    const { store, agent } = desk();
    expect(store.conversations.access('c_1')).toMatchObject({ status: 'waiting', assignedAgent: null, widgetSessionId: 'w_1' });
    await store.write(() => store.conversations.assign('c_1', agent.id, AT));
    expect(store.conversations.access('c_1')).toMatchObject({ status: 'active', assignedAgent: { id: 'u_1', name: 'Bo' } });
    await store.write(() => store.users.rename(agent.id, 'Bo Lind'));
    expect(store.conversations.access('c_1')?.assignedAgent?.name).toBe('Bo Lind');
    await store.write(() => store.conversations.end('c_1', AT, '2027-12-05T10:00:00.000Z', 'agent'));
    expect(store.conversations.access('c_1')?.status).toBe('ended');
  });

  it('a staff session revoked, or an account disabled, is seen at the very next event', async () => {
    const { store, agent } = desk();
    store.users.createSession({ id: 's_1', tokenHash: 'staff-hash', userId: agent.id, createdAt: AT, expiresAt: '2027-01-01T00:00:00.000Z', userAgent: null });
    expect(store.users.sessionByTokenHash('staff-hash')?.revokedAt).toBeNull();
    expect(store.users.byId(agent.id)?.disabled).toBe(false);
    await store.write(() => store.users.revokeSession('s_1', AT));
    expect(store.users.sessionByTokenHash('staff-hash')?.revokedAt).toBe(AT);
    await store.write(() => store.users.setDisabled(agent.id, AT));
    expect(store.users.byId(agent.id)?.disabled).toBe(true);
  });

  it('a write that rolls back leaves the old state in memory, not what it wrote', async () => {
    const { store, agent } = desk();
    expect(store.conversations.access('c_1')?.status).toBe('waiting');
    await expect(
      store.write(() => {
        store.conversations.assign('c_1', agent.id, AT);
        // Read inside the write: not copied, since the write may still roll back.
        expect(store.conversations.access('c_1')?.status).toBe('active');
        throw new Error('refused after the change');
      }),
    ).rejects.toThrow('refused after the change');
    expect(store.conversations.access('c_1')).toMatchObject({ status: 'waiting', assignedAgent: null });
  });

  it('a message appended does not count as a change of who may write (no re-read per send)', async () => {
    const { store } = desk();
    const before = store.conversations.access('c_1');
    await store.write(() =>
      store.conversations.appendMessage({ conversationId: 'c_1', clientId: 'm1', authorKind: 'customer', authorId: 'k_1', authorName: 'Ada', body: 'hello', createdAt: AT }),
    );
    // The same copy: only last_seq changed, which the access facts do not hold.
    expect(store.conversations.access('c_1')).toBe(before);
    expect(store.conversations.get('c_1')?.lastSeq).toBe(1);
  });
});
