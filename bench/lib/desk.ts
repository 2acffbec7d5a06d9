// Setting up a desk for load: staff accounts and their sessions are written straight into the
// data folder before the hub starts (scrypt for every login would only measure password hashing),
// customers get their widget sessions over HTTP exactly as the widget does.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { staffAuth } from '../../server/auth/staff';
import { hashPassword } from '../../server/auth/passwords';
import { systemClock } from '../../server/clock';
import { loadConfig } from '../../server/config';
import { openHubStore } from '../../server/hubStore';
import { newId } from '../../server/ids';
import { newKeyText } from '../../server/keys';
import { sqliteApi, type StoreApi } from '../../server/store/api';
import { BROADCAST_POOL_SIZE } from '../../server/store/pg/api';
import { openStore, type Store } from '../../server/store/index';
import type { Role } from '../../shared/protocol/schemas';
import type { TestPostgres } from './postgres';
import { writeBenchConfig } from './proc';

export interface StaffSeat {
  id: string;
  email: string;
  name: string;
  token: string;
}

export const STAFF_PASSWORD = 'bench password, not secret';

/** Creates `n` agents with an open session each. Run it while no hub has the folder open. */
export async function seedAgents(dataDir: string, n: number, prefix = 'agent'): Promise<StaffSeat[]> {
  const store = openStore(dataDir);
  try {
    return await seedStaff(store, n, 'agent', prefix);
  } finally {
    store.close();
  }
}

/** Staff accounts (password STAFF_PASSWORD) with an open session each, in an open store. */
export function seedStaff(store: Store, n: number, role: Role, prefix: string = role): Promise<StaffSeat[]> {
  return seedStaffOn(sqliteApi(store), n, role, prefix);
}

/** As seedStaff, through the store's asynchronous interface: SQLite or PostgreSQL (a cluster's desk). */
export async function seedStaffOn(api: StoreApi, n: number, role: Role, prefix: string = role): Promise<StaffSeat[]> {
  const auth = staffAuth(api, systemClock, { sessionIdleMs: 24 * 60 * 60 * 1000 });
  const passwordHash = await hashPassword(STAFF_PASSWORD);
  const seats: StaffSeat[] = [];
  for (let i = 0; i < n; i++) {
    const email = `${prefix}${i}-${Date.now()}@bench.test`;
    const name = `${prefix[0]!.toUpperCase()}${prefix.slice(1)} ${i}`;
    const user = await api.write((tx) => tx.users.create({ id: newId('u'), email, name, role, passwordHash, createdAt: new Date().toISOString() }));
    const { token } = await auth.openSession(user, 'bench');
    seats.push({ id: user.id, email, name, token });
  }
  return seats;
}

/** PostgreSQL's max_connections for `hubs` hubs: each holds its store's pool (10) and its socket.io adapter's, plus the harness's own. */
export const clusterMaxConnections = (hubs: number) => 20 + (10 + BROADCAST_POOL_SIZE + 2) * hubs;

export interface ClusterDesk {
  databaseUrl: string;
  /** One data folder per hub, holding only config.json (naming the shared audit key): the desk is in PostgreSQL. */
  hubDirs: string[];
  agents: StaffSeat[];
  /** After `caredesk hub --data DIR`: what makes it a hub of this cluster. */
  hubArgs: string[];
}

/**
 * A desk for `hubs` hub processes on a fresh database of `postgres`: their data folders under
 * `dataDir` with the one audit key they share, the database migrated and the audit log sealed
 * (as the first hub would), and `agents` agents with an open session each. Start the hubs after.
 */
export async function prepareClusterDesk(postgres: TestPostgres, o: { dataDir: string; hubs: number; agents: number; label?: string }): Promise<ClusterDesk> {
  const databaseUrl = await postgres.freshDatabase(o.label ?? 'cluster');
  const hubDirs = Array.from({ length: o.hubs }, (_, i) => join(o.dataDir, `hub${i}`));
  const auditKeyFile = join(o.dataDir, 'audit.key');
  writeFileSync(auditKeyFile, newKeyText(), { mode: 0o600 });
  for (const dir of hubDirs) writeBenchConfig(dir, { auditKeyFile });
  const store = await openHubStore({ dataDir: hubDirs[0]!, settings: loadConfig(hubDirs[0]!).settings, clock: systemClock, log: () => {}, database: databaseUrl });
  try {
    const agents = await seedStaffOn(store.api, o.agents, 'agent');
    return { databaseUrl, hubDirs, agents, hubArgs: ['--database', databaseUrl] };
  } finally {
    await store.close();
  }
}

export async function postJson<T>(url: string, body: unknown): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await res.json()) as { ok: boolean; data?: T; error?: unknown };
  if (!json.ok) throw new Error(`${url} refused: ${JSON.stringify(json.error)}`);
  return json.data as T;
}

/** A widget session, as the chat widget gets one. */
export async function widgetToken(baseUrl: string, name: string, email: string): Promise<string> {
  const r = await postJson<{ token: string }>(`${baseUrl}/api/widget/session`, { name, email });
  return r.token;
}

/** Runs `fn` over `items` with at most `concurrency` at once, in order of start. */
export async function pool<T, R>(items: T[], concurrency: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return out;
}
