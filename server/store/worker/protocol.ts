// What the hub's thread and the store's worker thread say to each other (./host.ts, ../workerStore.ts).
// Both sides are this repository's code in one process, so messages are typed, not validated:
// nothing from outside reaches this channel.
import type { StoreKeys } from '../../keys';
import type { RecordedCall as Call } from '../api';
import type { AuditRow } from '../audit';
import type { TxStep } from '../writeBatcher';

export interface WorkerInit {
  dataDir: string;
  keys: StoreKeys;
  seal: boolean;
  /** When the open seals the audit log (the hub's clock, which the worker does not have). */
  sealAt: string;
  walCheckpoints: { intervalMs: number; restartPages: number } | null;
  searchIndexing: { intervalMs: number; batch: number } | null;
  cacheMiB: number | null;
}

/** Sent in batches (Request[]): every call of one turn of the hub's event loop in one message. */
export type { Call };

export type Request =
  | { id: number; op: 'call'; module: string; method: string; args: unknown[] }
  | { id: number; op: 'step'; step: TxStep }
  /** Calls run in one group-committed write of the worker's own (StoreApi.writeCalls); answers their results. */
  | { id: number; op: 'write'; calls: Call[] }
  | { id: number; op: 'checkpoint' }
  | { id: number; op: 'close' };

export interface SentError {
  name: string;
  message: string;
  code?: unknown;
  stack?: string;
}

/** Results come back in batches (Reply[]) too; the others one by one. */
export type Reply =
  | { kind: 'ready'; sealed: AuditRow | null; auditKeyId: string | null; auditKeyFile: string | null }
  | { kind: 'failed'; error: SentError }
  | { kind: 'log'; level: 'warn' | 'info'; msg: string; extra?: Record<string, unknown> }
  | { kind: 'result'; id: number; value: unknown }
  | { kind: 'error'; id: number; error: SentError };

export function sendError(e: unknown): SentError {
  if (!(e instanceof Error)) return { name: 'Error', message: String(e) };
  const code = (e as { code?: unknown }).code;
  return { name: e.name, message: e.message, stack: e.stack, ...(code === undefined ? {} : { code }) };
}

/** The error as thrown in the worker: same message, name and code (a SQLite error's, say). */
export function receivedError(s: SentError): Error {
  const e = new Error(s.message);
  e.name = s.name;
  if (s.code !== undefined) (e as Error & { code?: unknown }).code = s.code;
  if (s.stack) e.stack = `${s.stack}\n    (in the store's worker thread)`;
  return e;
}
