// Tickets in the console: every ticket the desk has seen (from lists and the hub's pushes), the
// status filter, the threads opened, and per ticket what is under way (taking, sending, noting)
// with the hub's refusal. Nothing here changes a ticket until the hub says it changed.
import { create } from 'zustand';
import { newClientId } from '../../../../shared/delivery/outbox';
import type { AgentLive } from '../../../../shared/protocol/routing';
import type { Ticket, TicketMessage, TicketStatus } from '../../../../shared/protocol/tickets';
import { errorMessage } from '../../../common/ack';
import { tr } from '../../../common/i18n';
import type { TicketsApi } from '../../bridge/ticketsApi';
import { getLink } from '../../desk/linkRef';

export type TicketFilter = TicketStatus | 'all';

export interface TicketWork {
  busy: 'assigning' | 'answering' | 'noting' | 'status' | 'merging' | null;
  error: string | null;
}

interface TicketsState {
  byId: Record<string, Ticket>;
  filter: TicketFilter;
  list: { loading: boolean; loaded: boolean; error: string | null };
  work: Record<string, TicketWork>;
  /** Threads loaded, by ticket id (notes included). */
  threads: Record<string, TicketMessage[]>;
  /** Which ticket's thread is open. */
  openId: string | null;
  /** Staff a supervisor may give a ticket to (from the live snapshot); empty for agents. */
  staff: Pick<AgentLive, 'id' | 'name' | 'role'>[];
  announcement: { text: string; n: number };

  setFilter(filter: TicketFilter): void;
  load(): Promise<void>;
  loadStaff(): Promise<void>;
  open(ticketId: string | null): Promise<void>;
  assign(ticketId: string, agentId?: string): Promise<void>;
  answer(ticketId: string, body: string, status: 'pending' | 'solved'): Promise<boolean>;
  note(ticketId: string, body: string): Promise<boolean>;
  setStatus(ticketId: string, status: TicketStatus): Promise<void>;
  merge(ticketId: string, intoRef: string): Promise<boolean>;
  updated(ticket: Ticket): void;
  messageAdded(ticket: Ticket, message: TicketMessage): void;
  attach(api: TicketsApi): () => void;
  reset(): void;
}

const api = (): TicketsApi => getLink().tickets;

/** Enough for a shift's backlog; the hub caps a list at 500. */
const LIST_LIMIT = 500;

const IDLE: TicketWork = { busy: null, error: null };

/** Open tickets first by due time, then the rest by latest activity; merged ones are left out. */
export function visibleTickets(byId: Record<string, Ticket>, filter: TicketFilter): Ticket[] {
  const rank = (t: Ticket) => (t.status === 'open' ? 0 : t.status === 'pending' ? 1 : 2);
  return Object.values(byId)
    .filter((t) => !t.mergedInto && (filter === 'all' || t.status === filter))
    .sort((a, b) => rank(a) - rank(b) || (a.status === 'open' ? (a.dueAt ?? '').localeCompare(b.dueAt ?? '') : b.lastMessageAt.localeCompare(a.lastMessageAt)));
}

/** Open tickets nobody has taken yet: the badge beside Tickets. */
export const openTicketCount = (byId: Record<string, Ticket>) => Object.values(byId).filter((t) => t.status === 'open' && !t.assignedTo && !t.mergedInto).length;

// A list that answers after the filter changed again is dropped.
let listRun = 0;
// Drafts keep their client id across retries, so a resend after a lost ack is not mailed twice.
const drafts = new Map<string, { body: string; clientId: string }>();
const draftId = (key: string, body: string) => {
  const d = drafts.get(key);
  if (d && d.body === body) return d.clientId;
  const next = { body, clientId: newClientId() };
  drafts.set(key, next);
  return next.clientId;
};

export const useTickets = create<TicketsState>()((set, get) => {
  const announce = (text: string) => set((s) => ({ announcement: { text, n: s.announcement.n + 1 } }));
  const setWork = (id: string, patch: Partial<TicketWork>) => set((s) => ({ work: { ...s.work, [id]: { ...(s.work[id] ?? IDLE), ...patch } } }));
  const merge = (tickets: Ticket[]) => set((s) => ({ byId: { ...s.byId, ...Object.fromEntries(tickets.map((t) => [t.id, t])) } }));
  const run = async (id: string, busy: TicketWork['busy'], fn: () => Promise<void>): Promise<boolean> => {
    if (get().work[id]?.busy) return false;
    setWork(id, { busy, error: null });
    try {
      await fn();
      setWork(id, { busy: null });
      return true;
    } catch (e) {
      setWork(id, { busy: null, error: errorMessage(e) });
      return false;
    }
  };

  return {
    byId: {},
    filter: 'all',
    list: { loading: false, loaded: false, error: null },
    work: {},
    threads: {},
    openId: null,
    staff: [],
    announcement: { text: '', n: 0 },

    setFilter(filter) {
      set({ filter });
      void get().load();
    },

    async load() {
      const run = ++listRun;
      const { filter } = get();
      set((s) => ({ list: { ...s.list, loading: true, error: null } }));
      try {
        const tickets = await api().list(filter === 'all' ? undefined : filter, LIST_LIMIT);
        if (run !== listRun) return;
        merge(tickets);
        set({ list: { loading: false, loaded: true, error: null } });
      } catch (e) {
        if (run !== listRun) return;
        set((s) => ({ list: { ...s.list, loading: false, error: errorMessage(e) } }));
      }
    },

    async loadStaff() {
      try {
        const { agents } = await getLink().supervise.snapshot();
        set({ staff: agents.map(({ id, name, role }) => ({ id, name, role })) });
      } catch {
        // Agents are refused the snapshot: they only take tickets for themselves.
        set({ staff: [] });
      }
    },

    async open(ticketId) {
      set({ openId: ticketId });
      if (!ticketId) return;
      await run(ticketId, null, async () => {
        const { ticket, messages } = await api().thread(ticketId);
        get().updated(ticket);
        set((s) => ({ threads: { ...s.threads, [ticketId]: messages } }));
      });
    },

    async assign(ticketId, agentId) {
      await run(ticketId, 'assigning', async () => {
        const t = await api().assign(ticketId, agentId);
        get().updated(t);
        announce(t.assignedTo ? tr('tickets.announce.assigned', { ref: t.ref, name: t.assignedTo.name }) : tr('tickets.announce.unassigned', { ref: t.ref }));
      });
    },

    answer(ticketId, body, status) {
      return run(ticketId, 'answering', async () => {
        const { ticket, message } = await api().answer(ticketId, body, draftId(`a:${ticketId}`, body), status);
        drafts.delete(`a:${ticketId}`);
        get().messageAdded(ticket, message);
        announce(tr('tickets.announce.answerSent', { email: ticket.customer.email }));
      });
    },

    note(ticketId, body) {
      return run(ticketId, 'noting', async () => {
        const { ticket, message } = await api().note(ticketId, body, draftId(`n:${ticketId}`, body));
        drafts.delete(`n:${ticketId}`);
        get().messageAdded(ticket, message);
        announce(tr('tickets.announce.noteAdded'));
      });
    },

    async setStatus(ticketId, status) {
      await run(ticketId, 'status', async () => {
        const t = await api().setStatus(ticketId, status);
        get().updated(t);
        announce(tr('tickets.announce.status', { ref: t.ref, status: t.status }));
      });
    },

    merge(ticketId, intoRef) {
      return run(ticketId, 'merging', async () => {
        const ref = intoRef.trim().toUpperCase();
        const into = Object.values(get().byId).find((t) => t.ref === ref);
        if (!into) throw new Error(tr('tickets.merge.notFound', { ref }));
        const r = await api().merge(ticketId, into.id);
        get().updated(r.merged);
        get().updated(r.ticket);
        set({ openId: r.ticket.id });
        await get().open(r.ticket.id);
        announce(tr('tickets.announce.merged', { merged: r.merged.ref, into: r.ticket.ref }));
      });
    },

    updated(ticket) {
      set((s) => ({ byId: { ...s.byId, [ticket.id]: ticket } }));
    },

    messageAdded(ticket, message) {
      set((s) => {
        const thread = s.threads[message.ticketId];
        const threads = thread && !thread.some((m) => m.id === message.id) ? { ...s.threads, [message.ticketId]: [...thread, message] } : s.threads;
        return { byId: { ...s.byId, [ticket.id]: ticket }, threads };
      });
    },

    attach(tickets) {
      const offUpdated = tickets.onUpdated((t) => get().updated(t));
      const offMessage = tickets.onMessage((t, m) => get().messageAdded(t, m));
      // The badge counts open tickets from the start, before the section is ever opened.
      const reload = () => {
        void get().load();
        const open = get().openId;
        if (open) void get().open(open);
      };
      const offConnected = tickets.onConnected(reload);
      return () => {
        offUpdated();
        offMessage();
        offConnected();
      };
    },

    reset() {
      listRun++;
      drafts.clear();
      set({ byId: {}, filter: 'all', list: { loading: false, loaded: false, error: null }, work: {}, threads: {}, openId: null, staff: [], announcement: { text: '', n: 0 } });
    },
  };
});
