// The contract between the Electron preload and the console. The preload exposes exactly this
// object as `window.caredesk` (and `satisfies DesktopBridge`); the main process validates every
// payload with these schemas and checks the sender's origin, and the console validates what the
// main process sends back or pushes.
import { z } from 'zod';
import { ClientId, Id } from './schemas';

export { IPC, IPC_PUSH } from './ipcChannels';

/** What a caredesk:// link or a clicked notification asks the console to show. */
export const OpenTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('chat'), conversationId: Id }).strict(),
  z.object({ kind: z.literal('transcript'), conversationId: Id }).strict(),
]);
export type OpenTarget = z.infer<typeof OpenTarget>;

/** secret-get and secret-delete take the bare key; secret-set takes { key, value }. */

export const NotifyPayload = z.object({
  title: z.string().min(1).max(200),
  body: z.string().max(1000),
  /** What a click on the notification opens (the chat it is about). */
  open: OpenTarget.optional(),
});
export const SaveFilePayload = z.object({
  suggestedName: z.string().min(1).max(200).regex(/^[^/\\]+$/, 'a file name, not a path'),
  content: z.string().max(50 * 1024 * 1024),
});
export const SecretKey = z.enum(['session-token']);
export const SecretSetPayload = z.object({ key: SecretKey, value: z.string().max(4096) });

/**
 * Bounds of the persisted outbox (shape, not desk policy: the hub applies messageMaxChars). A body
 * far beyond any hub's limit, or thousands of unsent messages, is a broken or hostile caller.
 */
export const OUTBOX_MAX_MESSAGES = 1000;
export const OUTBOX_MAX_BODY_CHARS = 100_000;

/** One message typed but not yet acknowledged by the hub (shared/delivery/outbox.ts PendingMessage). */
export const PendingMessageSchema = z
  .object({
    conversationId: Id,
    clientId: ClientId,
    body: z.string().min(1).max(OUTBOX_MAX_BODY_CHARS),
    queuedAt: z.iso.datetime(),
  })
  .strict();
export const PendingList = z.array(PendingMessageSchema).max(OUTBOX_MAX_MESSAGES);
/** The signed-in agent: one agent's unsent messages are never sent under another's session. */
export const OutboxLoadPayload = z.object({ userId: Id }).strict();
export const OutboxSavePayload = z.object({ userId: Id, pending: PendingList }).strict();
/** Unread customer messages across the agent's chats: the dock/taskbar badge and the tray. */
export const UnreadPayload = z.object({ count: z.number().int().min(0).max(1_000_000) }).strict();

export interface DesktopBridge {
  /** Where the console's hub is: the embedded one, or the team hub the user configured. */
  hubUrl(): Promise<string>;
  /** An OS notification (e.g. a newly assigned chat); `open` is what clicking it shows. */
  notify(n: z.infer<typeof NotifyPayload>): Promise<void>;
  /** Asks where to save, then writes the file; false when the user cancelled. */
  saveFile(f: z.infer<typeof SaveFilePayload>): Promise<{ saved: boolean }>;
  /** Small secrets kept with the OS key store (Electron safeStorage). */
  secrets: {
    get(key: z.infer<typeof SecretKey>): Promise<string | null>;
    set(key: z.infer<typeof SecretKey>, value: string): Promise<void>;
    delete(key: z.infer<typeof SecretKey>): Promise<void>;
  };
  /** Messages typed while the hub was unreachable, kept on disk across restarts. */
  outbox: {
    load(userId: string): Promise<unknown>;
    save(userId: string, pending: z.infer<typeof PendingList>): Promise<void>;
  };
  /** The unread count for the dock/taskbar badge and the tray. */
  setUnread(count: number): Promise<void>;
  /** Called with what the app was asked to show (unvalidated here: the console parses it). Returns an unsubscribe. */
  onOpen(handler: (target: unknown) => void): () => void;
}
