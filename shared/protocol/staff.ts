// Staff accounts, sessions and the console's idle lock (issue 3): HTTP bodies the hub validates,
// and the reply shapes the console reads.
import { z } from 'zod';
import { Id, Password, PersonName, Role, type StaffUser } from './schemas';
import type { SettingsWarning } from './settings';

/** A staff account as an admin sees it. */
export interface Account extends StaffUser {
  disabled: boolean;
  createdAt: string;
  /** The brands this person serves (routing, tickets); null: every brand. */
  brands: string[] | null;
}

/** One signed-in session; `current` marks the one making the request ("this device"). */
export interface SessionInfo {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  userAgent: string | null;
  current: boolean;
}

/** What a signed-in console needs from the hub's configuration (GET /api/console/config). */
export interface ConsoleConfig {
  /** Lock the console after this long without keyboard, mouse or touch input. */
  idleLockMs: number;
  deskName: string;
  messageMaxChars: number;
  ackTimeoutMs: number;
  /** The desk's brands, 'default' first, e.g. for an admin limiting an agent to some of them. */
  brands: { id: string; name: string }[];
  /** How long ended chats are kept (policy.retention.transcriptMonths), for the words that say so. */
  transcriptMonths: number;
  /** A privacy request's due time, calendar months after it came in (policy.privacy.dueMonths). */
  privacyDueMonths: number;
  /** Customer-facing settings still at their demo value; empty for agents (issue 9). */
  settingsWarnings: SettingsWarning[];
}

export const UpdateUserBody = z
  .object({
    userId: Id,
    role: Role.optional(),
    name: PersonName.optional(),
    /** true disables the account and ends all its sessions at once; false enables it again. */
    disabled: z.boolean().optional(),
  })
  .strict()
  .refine((b) => b.role !== undefined || b.name !== undefined || b.disabled !== undefined, { message: 'say what to change: role, name or disabled' });
export type UpdateUserBody = z.infer<typeof UpdateUserBody>;

export const ResetPasswordBody = z.object({ userId: Id, password: Password }).strict();

// Any length is accepted here: a wrong password must cost a throttled attempt, not a 400.
export const UnlockBody = z.object({ password: z.string().min(1, 'password is required').max(256) }).strict();
