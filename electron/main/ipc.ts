// The main-process side of the IPC contract (shared/protocol/ipc.ts). The console is web content
// loaded over HTTP, so every call is treated as untrusted: the sending frame must be the hub's,
// and the payload must pass the contract's zod schema before anything touches the OS.
import { writeFile as fsWriteFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BaseWindow, Dialog, IpcMain, IpcMainInvokeEvent, SaveDialogOptions, WebContents } from 'electron';
import type { z } from 'zod';
import {
  IPC,
  NotifyPayload,
  OutboxLoadPayload,
  OutboxSavePayload,
  SaveFilePayload,
  SecretKey,
  SecretSetPayload,
  UnreadPayload,
  type OpenTarget,
} from '../../shared/protocol/ipc';
import { originOf } from './origin';
import type { OutboxStore } from './outboxFile';
import type { SecretStore } from './secrets';

/** The part of Electron's Notification used here. */
export interface NotificationLike {
  show(): void;
  on(event: 'click' | 'close', listener: () => void): unknown;
}

export class IpcRefused extends Error {
  override name = 'IpcRefused';
}

export interface IpcDeps {
  hubUrl: string;
  Notification: new (options: { title: string; body: string }) => NotificationLike;
  dialog: Pick<Dialog, 'showSaveDialog'>;
  secrets: SecretStore;
  outbox: OutboxStore;
  /** The unread count changed: badge, overlay, tray. */
  unread: (count: number) => void;
  /** A notification that names a chat was clicked: bring the window forward and show it. */
  open: (target: OpenTarget) => void;
  /** Where the save dialog opens (the user's Downloads folder). */
  saveDir: string;
  /** The window to attach the save dialog to, so it is modal to the console that asked. */
  windowFor?: (sender: WebContents) => BaseWindow | null;
  writeFile?: (path: string, data: string) => Promise<void>;
}

type InvokeEvent = Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>;

export function assertFromHub(event: InvokeEvent, hubOrigin: string, channel: string): void {
  const url = event.senderFrame?.url;
  if (!url || originOf(url) !== hubOrigin) {
    throw new IpcRefused(`${channel}: refused, the caller is not the hub's console (${url ?? 'unknown frame'})`);
  }
}

function parse<S extends z.ZodType>(channel: string, schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'payload'}: ${i.message}`);
  throw new IpcRefused(`${channel}: invalid payload (${issues.join('; ')})`);
}

export function registerIpc(ipcMain: Pick<IpcMain, 'handle'>, deps: IpcDeps): void {
  const origin = originOf(deps.hubUrl);
  if (!origin) throw new Error(`hub URL has no origin: ${deps.hubUrl}`);
  const hubOrigin: string = origin;
  const writeFile = deps.writeFile ?? ((path: string, data: string) => fsWriteFile(path, data, 'utf8'));

  function handle<S extends z.ZodType>(
    channel: string,
    schema: S | null,
    fn: (payload: z.infer<S>, event: InvokeEvent) => unknown,
  ): void {
    ipcMain.handle(channel, async (event, payload: unknown) => {
      assertFromHub(event, hubOrigin, channel);
      return fn(schema ? parse(channel, schema, payload) : (undefined as z.infer<S>), event);
    });
  }

  handle(IPC.hubUrl, null, () => deps.hubUrl);

  // Electron drops a notification's click handler when the object is garbage-collected (Windows
  // notably), so each one is held until it is clicked or closed.
  const shown = new Set<NotificationLike>();
  handle(IPC.notify, NotifyPayload, ({ title, body, open }) => {
    const n = new deps.Notification({ title, body });
    shown.add(n);
    n.on('click', () => {
      shown.delete(n);
      if (open) deps.open(open);
    });
    n.on('close', () => shown.delete(n));
    n.show();
  });

  handle(IPC.saveFile, SaveFilePayload, async ({ suggestedName, content }, event) => {
    const options: SaveDialogOptions = {
      defaultPath: join(deps.saveDir, suggestedName),
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    };
    const parent = deps.windowFor?.(event.sender) ?? null;
    const choice = parent ? await deps.dialog.showSaveDialog(parent, options) : await deps.dialog.showSaveDialog(options);
    if (choice.canceled || !choice.filePath) return { saved: false };
    await writeFile(choice.filePath, content);
    return { saved: true };
  });

  handle(IPC.secretGet, SecretKey, (key) => deps.secrets.get(key));
  handle(IPC.secretSet, SecretSetPayload, ({ key, value }) => deps.secrets.set(key, value));
  handle(IPC.secretDelete, SecretKey, (key) => deps.secrets.delete(key));

  handle(IPC.outboxLoad, OutboxLoadPayload, ({ userId }) => deps.outbox.load(userId));
  handle(IPC.outboxSave, OutboxSavePayload, ({ userId, pending }) => deps.outbox.save(userId, pending));
  handle(IPC.unread, UnreadPayload, ({ count }) => deps.unread(count));
}
