// The contract between the Electron preload and the console. The preload exposes exactly this
// object as `window.caredesk` (and `satisfies DesktopBridge`); the main process validates every
// payload with these schemas and checks the sender's origin.
import { z } from 'zod';

export { IPC } from './ipcChannels';

/** secret-get and secret-delete take the bare key; secret-set takes { key, value }. */

export const NotifyPayload = z.object({ title: z.string().min(1).max(200), body: z.string().max(1000) });
export const SaveFilePayload = z.object({
  suggestedName: z.string().min(1).max(200).regex(/^[^/\\]+$/, 'a file name, not a path'),
  content: z.string().max(50 * 1024 * 1024),
});
export const SecretKey = z.enum(['session-token']);
export const SecretSetPayload = z.object({ key: SecretKey, value: z.string().max(4096) });

export interface DesktopBridge {
  /** Where the console's hub is: the embedded one, or the team hub the user configured. */
  hubUrl(): Promise<string>;
  /** An OS notification (e.g. a newly assigned chat). */
  notify(n: z.infer<typeof NotifyPayload>): Promise<void>;
  /** Asks where to save, then writes the file; false when the user cancelled. */
  saveFile(f: z.infer<typeof SaveFilePayload>): Promise<{ saved: boolean }>;
  /** Small secrets kept with the OS key store (Electron safeStorage). */
  secrets: {
    get(key: z.infer<typeof SecretKey>): Promise<string | null>;
    set(key: z.infer<typeof SecretKey>, value: string): Promise<void>;
    delete(key: z.infer<typeof SecretKey>): Promise<void>;
  };
}
