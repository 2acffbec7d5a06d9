// Visible notices (issue 9): what the live region announces to screen readers, sighted agents see
// too — a chat given to them, an offer that lapsed, a chat that ended or was moved. Each stays a
// few seconds (settings-free: a notice is not policy), longer when it offers an action.
import { create } from 'zustand';

export type ToastTone = 'info' | 'warn' | 'ok';

export interface Toast {
  id: number;
  text: string;
  tone: ToastTone;
  /** A button on the notice, e.g. "Open" the chat it is about. */
  action?: { label: string; run(): void };
}

const SHOW_MS = 8000;
const WITH_ACTION_MS = 15000;
const MOST = 4;

interface ToastState {
  toasts: Toast[];
  show(text: string, tone?: ToastTone, action?: Toast['action']): void;
  dismiss(id: number): void;
  reset(): void;
}

let next = 0;
const timers = new Map<number, ReturnType<typeof setTimeout>>();

export const useToasts = create<ToastState>()((set, get) => ({
  toasts: [],
  show(text, tone = 'info', action) {
    const id = ++next;
    // The newest on top; the oldest go when there are too many to read.
    set((s) => ({ toasts: [{ id, text, tone, action }, ...s.toasts].slice(0, MOST) }));
    timers.set(
      id,
      setTimeout(() => get().dismiss(id), action ? WITH_ACTION_MS : SHOW_MS),
    );
  },
  dismiss(id) {
    clearTimeout(timers.get(id));
    timers.delete(id);
    set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
  },
  reset() {
    for (const t of timers.values()) clearTimeout(t);
    timers.clear();
    set({ toasts: [] });
  },
}));

export const toast = (text: string, tone?: ToastTone, action?: Toast['action']) => useToasts.getState().show(text, tone, action);
