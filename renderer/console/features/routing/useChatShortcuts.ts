// Desk-wide keys for working the queue, all on Alt so they never fight the browser's own (Alt+F
// and Alt+E open its menu on some systems, hence Alt+Shift+E): Alt+A accept the oldest offer,
// Alt+T transfer, Alt+Shift+E end the chat (after a confirmation), Alt+C back to the reply box. Keys, not characters:
// on a Mac, Alt+A types "å".
import { useEffect } from 'react';
import { useAuth } from '../auth/authStore';
import { useConversation } from '../conversation/conversationStore';
import { useRouting } from './routingStore';

export function focusComposer(): void {
  // After the Chats view has rendered, when switching to it.
  requestAnimationFrame(() => document.querySelector<HTMLTextAreaElement>('[data-testid="composer"]')?.focus());
}

export function useChatShortcuts(setView: (view: 'chats') => void): void {
  useEffect(() => {
    const showChats = () => setView('chats');
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey || e.repeat) return;
      // A modal dialog (Transfer) has the keyboard to itself.
      if (document.querySelector('dialog[open]')) return;
      const routing = useRouting.getState();
      const chat = useConversation.getState();
      const view = chat.selectedId ? chat.threads[chat.selectedId] : undefined;
      const me = useAuth.getState().user;
      const key = `${e.shiftKey ? 'Shift+' : ''}${e.code}`;

      if (key === 'KeyA') {
        const first = routing.offers[0];
        if (!first) return;
        e.preventDefault();
        showChats();
        void routing.acceptOffer(first.conversation.id);
      } else if (key === 'KeyT') {
        const c = view?.conversation;
        if (!c || c.status === 'ended' || (c.assignedAgent?.id !== me?.id && me?.role === 'agent')) return;
        e.preventDefault();
        showChats();
        routing.openTransfer(c.id);
      } else if (key === 'Shift+KeyE') {
        const c = view?.conversation;
        if (!c || c.status === 'ended') return;
        e.preventDefault();
        showChats();
        // Ending cannot be undone: the shortcut asks, as the button does (issue 9).
        chat.askEnd(c.id);
      } else if (key === 'KeyC') {
        if (!view) return;
        e.preventDefault();
        showChats();
        focusComposer();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setView]);
}
