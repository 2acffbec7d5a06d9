// Requests to show a chat or a transcript from outside the page: a clicked notification, or a
// caredesk:// link opened in the desktop app. One can arrive before anyone is signed in (the app
// was started by the link), so the latest one waits until the desk is there to take it, and a
// chat waits for the live link before it is opened.
import type { OpenTarget } from '../../../shared/protocol/ipc';
import { bridge } from '../bridge';
import { useConnection } from '../features/connection/connectionStore';
import { useConversation } from '../features/conversation/conversationStore';
import { useTranscripts } from '../features/transcripts/transcriptsStore';

type Handler = (target: OpenTarget) => void;

let waiting: OpenTarget | null = null;
const handlers = new Set<Handler>();

bridge.onOpen((target) => {
  if (handlers.size === 0) waiting = target;
  for (const h of handlers) h(target);
});

/** Subscribes the signed-in desk; a request that came earlier is handed over at once. */
export function onOpenRequest(handler: Handler): () => void {
  handlers.add(handler);
  if (waiting) {
    const t = waiting;
    waiting = null;
    handler(t);
  }
  return () => void handlers.delete(handler);
}

function whenOnline(): Promise<void> {
  if (useConnection.getState().status === 'online') return Promise.resolve();
  return new Promise((resolve) => {
    const stop = useConnection.subscribe((s) => {
      if (s.status !== 'online') return;
      stop();
      resolve();
    });
  });
}

/** Shows the target: the Chats section with that chat, or Transcripts with that transcript open. */
export async function showTarget(target: OpenTarget, setView: (view: 'chats' | 'transcripts') => void): Promise<void> {
  if (target.kind === 'chat') {
    setView('chats');
    await whenOnline();
    await useConversation.getState().select(target.conversationId);
  } else {
    setView('transcripts');
    await whenOnline();
    await useTranscripts.getState().open(target.conversationId);
  }
}
