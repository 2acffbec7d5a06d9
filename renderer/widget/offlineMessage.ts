// The message a customer leaves outside hours (POLICY §4): checked here first so the mistakes are
// said next to their field, then sent; the hub's own refusal is shown as it gives it.
import { create } from 'zustand';
import { errorCode, errorMessage } from '../common/ack';
import { pageBrand, sendOfflineMessage } from './hubClient';

export interface OfflineDraft {
  name: string;
  email: string;
  body: string;
}

export type OfflineField = keyof OfflineDraft;

// A plain sanity check; the hub validates the address for real.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What is wrong with each field, in words for the customer; empty when it can be sent. */
export function checkDraft(d: OfflineDraft, maxChars: number): Partial<Record<OfflineField, string>> {
  const errors: Partial<Record<OfflineField, string>> = {};
  if (!d.name.trim()) errors.name = 'Please tell us your name.';
  if (!d.email.trim()) errors.email = 'Please give the email address we should answer.';
  else if (!EMAIL.test(d.email.trim())) errors.email = `“${d.email.trim()}” is not an email address we can write to. Please check it.`;
  const length = d.body.trim().length;
  if (length === 0) errors.body = 'Please write your message.';
  else if (length > maxChars) errors.body = tooLong(length, maxChars);
  return errors;
}

export const tooLong = (length: number, maxChars: number) =>
  `Your message is ${length.toLocaleString()} characters long; the limit is ${maxChars.toLocaleString()}. Please shorten it.`;

interface OfflineState {
  busy: boolean;
  error: string | null;
  /** Sent: where the answer will go. */
  sent: { name: string; email: string } | null;
  send(draft: OfflineDraft, maxChars: number): Promise<boolean>;
  again(): void;
}

export const useOfflineMessage = create<OfflineState>()((set, get) => ({
  busy: false,
  error: null,
  sent: null,

  async send(d, maxChars) {
    if (get().busy) return false;
    set({ busy: true, error: null });
    const brandId = pageBrand();
    try {
      await sendOfflineMessage({ ...(brandId ? { brandId } : {}), name: d.name.trim(), email: d.email.trim(), body: d.body.trim() });
      set({ busy: false, sent: { name: d.name.trim(), email: d.email.trim().toLowerCase() } });
      return true;
    } catch (e) {
      set({ busy: false, error: errorCode(e) === 'too_large' ? tooLong(d.body.trim().length, maxChars) : errorMessage(e) });
      return false;
    }
  },

  again: () => set({ sent: null, error: null }),
}));
