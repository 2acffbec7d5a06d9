// The message a customer leaves outside hours (POLICY §4): checked here first so the mistakes are
// said next to their field, then sent; the hub's own refusal is shown as it gives it.
import { create } from 'zustand';
import i18next from 'i18next';
import { tr } from '../common/i18n';
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
  if (!d.name.trim()) errors.name = tr('widget.offline.nameMissing');
  if (!d.email.trim()) errors.email = tr('widget.offline.emailMissing');
  else if (!EMAIL.test(d.email.trim())) errors.email = tr('widget.offline.emailInvalid', { email: d.email.trim() });
  const length = d.body.trim().length;
  if (length === 0) errors.body = tr('widget.offline.bodyMissing');
  else if (length > maxChars) errors.body = tooLong(length, maxChars);
  return errors;
}

export const tooLong = (length: number, maxChars: number) => tr('widget.offline.tooLong', { length, max: maxChars });

interface OfflineState {
  busy: boolean;
  error: string | null;
  /** Sent: where the answer will go. */
  sent: { name: string; email: string; ref: string | null } | null;
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
      const { ticket } = await sendOfflineMessage({ ...(brandId ? { brandId } : {}), name: d.name.trim(), email: d.email.trim(), body: d.body.trim(), locale: i18next.language });
      set({ busy: false, sent: { name: d.name.trim(), email: d.email.trim().toLowerCase(), ref: ticket.ref ?? null } });
      return true;
    } catch (e) {
      set({ busy: false, error: errorCode(e) === 'too_large' ? tooLong(d.body.trim().length, maxChars) : errorMessage(e) });
      return false;
    }
  },

  again: () => set({ sent: null, error: null }),
}));
