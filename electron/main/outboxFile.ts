// The console's unsent messages, kept in a file under userData so that a message typed while the
// hub was unreachable survives closing the app: the console saves its outbox through IPC on every
// change and loads it again after sign-in. Per agent, so one agent's unsent lines are never sent
// under another's session. Written 0600 with write-then-rename; read back through zod, so a
// damaged or edited file costs its contents (logged), never a crash or a forged message.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { Id } from '../../shared/protocol/schemas';
import { PendingList } from '../../shared/protocol/ipc';
import type { Log } from './log';
import { serialQueue, writePrivateJson } from './privateFile';

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

  // Saves come on every change of the outbox: serialise so an older list never lands last.
  const serial = serialQueue();

  return {
    load: (userId) => serial(async () => (await read()).agents[userId] ?? []),
    save: (userId, pending) =>
      serial(async () => {
        const data = await read();
        if (pending.length === 0 && !(userId in data.agents)) return;
        if (pending.length === 0) delete data.agents[userId];
        else data.agents[userId] = pending;
        await writePrivateJson(file, data);
      }),
  };
}
