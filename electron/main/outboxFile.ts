// The console's unsent messages, kept in a file under userData so that a message typed while the
// hub was unreachable survives closing the app: the console saves its outbox through IPC on every
// change and loads it again after sign-in. Per agent, so one agent's unsent lines are never sent
// under another's session. Written 0600 with write-then-rename; read back through zod, so a
// damaged or edited file costs its contents (logged), never a crash or a forged message.
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { Id } from '../../shared/protocol/schemas';
import { PendingList } from '../../shared/protocol/ipc';
import type { Log } from './log';

export type PendingMessages = z.infer<typeof PendingList>;

const OutboxFileSchema = z.object({ version: z.literal(1), agents: z.record(Id, PendingList) }).strict();
type OutboxFileData = z.infer<typeof OutboxFileSchema>;

export interface OutboxStore {
  load(userId: string): Promise<PendingMessages>;
  save(userId: string, pending: PendingMessages): Promise<void>;
}

export function outboxFile(file: string, log: Log): OutboxStore {
  async function read(): Promise<OutboxFileData> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, agents: {} };
      throw e;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = OutboxFileSchema.safeParse(json);
    if (parsed.success) return parsed.data;
    log('warn', 'unsent-messages file is damaged; its messages are dropped', { file, issue: parsed.error?.issues[0]?.message ?? 'not JSON' });
    return { version: 1, agents: {} };
  }

  async function write(data: OutboxFileData): Promise<void> {
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(data), { mode: 0o600 });
    // writeFile's mode is reduced by the umask and ignored on an existing file: make sure.
    await chmod(tmp, 0o600);
    await rename(tmp, file);
  }

  // Saves come on every change of the outbox: serialise so an older list never lands last.
  let queue: Promise<unknown> = Promise.resolve();
  function serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  }

  return {
    load: (userId) => serial(async () => (await read()).agents[userId] ?? []),
    save: (userId, pending) =>
      serial(async () => {
        const data = await read();
        if (pending.length === 0 && !(userId in data.agents)) return;
        if (pending.length === 0) delete data.agents[userId];
        else data.agents[userId] = pending;
        await write(data);
      }),
  };
}
