// Offline tickets in the console: every ticket the desk has seen (from lists and from the hub's
// tickets:updated pushes), the status filter, and per ticket what is under way (taking, sending the
// answer) with the hub's refusal. Nothing here changes a ticket until the hub says it changed.
import { create } from 'zustand';
import type { AgentLive, Ticket, TicketStatus } from '../../../../shared/protocol/routing';
import { errorMessage } from '../../../common/ack';
import type { TicketsApi } from '../../bridge/ticketsApi';
import { getLink } from '../../desk/linkRef';

export type TicketFilter = TicketStatus | 'all';

export interface TicketWork {
  busy: 'assigning' | 'answering' | null;
  error: string | null;
}

interface TicketsState {
  byId: Record<string, Ticket>;
  filter: TicketFilter;
  list: { loading: boolean; loaded: boolean; error: string | null };
  work: Record<string, TicketWork>;
  /** Staff a supervisor may give a ticket to (from the live snapshot); empty for agents. */
  staff: Pick<AgentLive, 'id' | 'name' | 'role'>[];
  announcement: { text: string; n: number };

  setFilter(filter: TicketFilter): void;
  load(): Promise<void>;
  loadStaff(): Promise<void>;
  assign(ticketId: string, agentId?: string): Promise<void>;
  answer(ticketId: string, body: string): Promise<boolean>;
  updated(ticket: Ticket): void;
  attach(api: TicketsApi): () => void;
  reset(): void;
}

const api = (): TicketsApi => getLink().tickets;

/** Enough for a shift's backlog; the hub caps a list at 500. */
const LIST_LIMIT = 500;

const IDLE: TicketWork = { busy: null, error: null };

/** Newest first, as the list shows them. */
export function visibleTickets(byId: Record<string, Ticket>, filter: TicketFilter): Ticket[] {
  return Object.values(byId)
    .filter((t) => filter === 'all' || t.status === filter)
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}

export const openTicketCount = (byId: Record<string, Ticket>) => Object.values(byId).filter((t) => t.status === 'open').length;

// A list that answers after the filter changed again is dropped.
let listRun = 0;

export const useTickets = create<TicketsState>()((set, get) => {
  const announce = (text: string) => set((s) => ({ announcement: { text, n: s.announcement.n + 1 } }));
  const setWork = (id: string, patch: Partial<TicketWork>) => set((s) => ({ work: { ...s.work, [id]: { ...(s.work[id] ?? IDLE), ...patch } } }));
  const merge = (tickets: Ticket[]) => set((s) => ({ byId: { ...s.byId, ...Object.fromEntries(tickets.map((t) => [t.id, t])) } }));

  return {
    byId: {},
    filter: 'all',
    list: { loading: false, loaded: false, error: null },
    work: {},
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

    async assign(ticketId, agentId) {
      if (get().work[ticketId]?.busy) return;
      setWork(ticketId, { busy: 'assigning', error: null });
      try {
        const t = await api().assign(ticketId, agentId);
        get().updated(t);
        setWork(ticketId, { busy: null });
        announce(`Ticket from ${t.customer.name} assigned to ${t.assignedTo?.name ?? 'nobody'}.`);
      } catch (e) {
        setWork(ticketId, { busy: null, error: errorMessage(e) });
      }
    },

    async answer(ticketId, body) {
      if (get().work[ticketId]?.busy) return false;
      setWork(ticketId, { busy: 'answering', error: null });
      try {
        const t = await api().answer(ticketId, body);
        get().updated(t);
        setWork(ticketId, { busy: null });
        announce(`Answer sent to ${t.customer.email}.`);
        return true;
      } catch (e) {
        // The hub's reason (e.g. the mail server refused the address); the ticket stays unanswered.
        setWork(ticketId, { busy: null, error: errorMessage(e) });
        return false;
      }
    },

    updated(ticket) {
      set((s) => ({ byId: { ...s.byId, [ticket.id]: ticket } }));
    },

    attach(tickets) {
      const offUpdated = tickets.onUpdated((t) => get().updated(t));
      // The badge counts open tickets from the start, before the section is ever opened.
      const reload = () => void get().load();
      const offConnected = tickets.onConnected(reload);
      return () => {
        offUpdated();
        offConnected();
      };
    },

    reset() {
      listRun++;
      set({ byId: {}, filter: 'all', list: { loading: false, loaded: false, error: null }, work: {}, staff: [], announcement: { text: '', n: 0 } });
    },
  };
});
