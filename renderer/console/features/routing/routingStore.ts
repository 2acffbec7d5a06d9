// This agent's routing: their status and load, the chats offered to them (accept before they
// lapse), chats given to them by transfer, and the Transfer dialog. Pushes come from the hub
// through the RoutingApi; announcements go to one polite live region.
import { create } from 'zustand';
import type { BrandListed, MyStatus, Note, Offer } from '../../../../shared/protocol/routing';
import type { Conversation } from '../../../../shared/protocol/schemas';
import { errorMessage } from '../../../common/ack';
import { tr, type MessageKey } from '../../../common/i18n';
import type { RoutingApi, WithdrawReason } from '../../bridge/routingApi';
import { useDeskView } from '../../desk/deskView';
import { getLink } from '../../desk/linkRef';
import { toast } from '../../desk/toasts';
import { useConversation } from '../conversation/conversationStore';
import { useNotes } from '../notes/notesStore';

interface RoutingState {
  status: MyStatus | null;
  statusBusy: boolean;
  statusError: string | null;
  /** Oldest waiting first, like the queue. */
  offers: Offer[];
  accepting: string | null;
  offerError: string | null;
  brands: BrandListed[];
  /** The brand of chats this console learnt it for (offers, the transfer dialog). */
  brandOf: Record<string, string>;
  /** The last thing worth telling a screen reader; `n` makes a repeat of the same words heard. */
  announcement: { text: string; n: number };
  /** The conversation whose Transfer dialog is open. */
  transferFor: string | null;

  attach(api: RoutingApi): () => void;
  setStatus(status: 'available' | 'away'): Promise<void>;
  acceptOffer(conversationId: string): Promise<void>;
  announce(text: string): void;
  openTransfer(conversationId: string): void;
  closeTransfer(): void;
  learnBrand(conversationId: string, brandId: string): void;
  reset(): void;
}

const WITHDRAWN: Record<WithdrawReason, MessageKey> = {
  lapsed: 'routing.withdrawn.lapsed',
  taken: 'routing.withdrawn.taken',
  ended: 'routing.withdrawn.ended',
  unavailable: 'routing.withdrawn.unavailable',
};

const byWait = (a: Offer, b: Offer) => a.conversation.createdAt.localeCompare(b.conversation.createdAt);

export function brandName(brands: BrandListed[], brandId: string | undefined): string | null {
  if (!brandId) return null;
  return brands.find((b) => b.id === brandId)?.name ?? brandId;
}

const initial = {
  status: null,
  statusBusy: false,
  statusError: null,
  offers: [],
  accepting: null,
  offerError: null,
  brands: [],
  brandOf: {},
  announcement: { text: '', n: 0 },
  transferFor: null,
};

export const useRouting = create<RoutingState>()((set, get) => {
  const announce = (text: string) => set((s) => ({ announcement: { text, n: s.announcement.n + 1 } }));
  const dropOffer = (conversationId: string) => set((s) => ({ offers: s.offers.filter((o) => o.conversation.id !== conversationId) }));

  return {
    ...initial,

    attach(api) {
      const load = () => {
        api.status().then((status) => set({ status, statusError: null }), (e) => set({ statusError: errorMessage(e) }));
        // Brand names for offers and transfers; without them the brand's id is shown.
        api.directory().then((d) => set({ brands: d.brands }), () => {});
      };
      const offs = [
        api.onConnected(load),
        // Offers die with the socket (the hub withdraws them); the status is "offline" meanwhile.
        api.onDisconnected(() => set((s) => ({ offers: [], status: s.status ? { ...s.status, status: 'offline' } : null }))),
        api.onStatus((status) => set({ status })),
        api.onOffered((offer) => {
          set((s) => ({
            offers: [...s.offers.filter((o) => o.conversation.id !== offer.conversation.id), offer].sort(byWait),
            brandOf: { ...s.brandOf, [offer.conversation.id]: offer.brandId },
          }));
          const brand = brandName(get().brands, offer.brandId);
          const name = offer.conversation.customer.name;
          announce(brand ? tr('routing.offeredBrand', { name, brand }) : tr('routing.offered', { name }));
        }),
        api.onOfferWithdrawn((conversationId, reason) => {
          const offer = get().offers.find((o) => o.conversation.id === conversationId);
          dropOffer(conversationId);
          if (offer) {
            const text = tr(WITHDRAWN[reason], { name: offer.conversation.customer.name });
            announce(text);
            // Seen too, not only heard (issue 9); a chat taken by a colleague is no news worth a notice.
            if (reason !== 'taken') toast(text, 'warn');
          }
        }),
        api.onAssigned((conversation: Conversation, note: Note | null) => {
          if (note) useNotes.getState().received(note);
          const name = conversation.customer.name;
          const text = note ? tr('routing.assignedBy', { name, by: note.author.name, note: note.body }) : tr('routing.assigned', { name });
          announce(text);
          toast(text, 'info', {
            label: tr('toast.open'),
            run: () => {
              useDeskView.getState().setView('chats');
              void useConversation.getState().select(conversation.id);
            },
          });
        }),
      ];
      return () => offs.forEach((off) => off());
    },

    async setStatus(status) {
      set({ statusBusy: true, statusError: null });
      try {
        const s = await getLink().routing.setStatus(status);
        set({ status: s });
        announce(status === 'available' ? tr('routing.nowAvailable') : tr('routing.nowAway'));
      } catch (e) {
        set({ statusError: errorMessage(e) });
      } finally {
        set({ statusBusy: false });
      }
    },

    async acceptOffer(conversationId) {
      const offer = get().offers.find((o) => o.conversation.id === conversationId);
      if (!offer || get().accepting) return;
      set({ accepting: conversationId, offerError: null });
      try {
        await getLink().accept(conversationId);
        dropOffer(conversationId);
        announce(tr('routing.accepted', { name: offer.conversation.customer.name }));
        await useConversation.getState().select(conversationId);
      } catch (e) {
        dropOffer(conversationId);
        set({ offerError: tr('routing.acceptFailed', { name: offer.conversation.customer.name, error: errorMessage(e) }) });
      } finally {
        set({ accepting: null });
      }
    },

    announce,
    openTransfer: (conversationId) => set({ transferFor: conversationId }),
    closeTransfer: () => set({ transferFor: null }),
    learnBrand: (conversationId, brandId) => set((s) => (s.brandOf[conversationId] === brandId ? s : { brandOf: { ...s.brandOf, [conversationId]: brandId } })),
    reset: () => set(initial),
  };
});
