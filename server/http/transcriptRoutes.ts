// HTTP for transcripts: the widget's "download" of the customer's own chat (PDF or text), with
// the widget's bearer token. A file is easier to save from a plain GET than over the socket.
import { DeskError } from '../../shared/protocol/errors';
import { CustomerDownloadQuery } from '../../shared/protocol/transcripts';
import type { WidgetAuth } from '../auth/widget';
import type { ChatService } from '../chat/chatService';
import type { Clock } from '../clock';
import type { HubSettings } from '../config';
import { parsePayload } from '../realtime/handle';
import type { StoreApi } from '../store/api';
import { loadTranscriptDoc, renderTranscript } from '../transcripts/render';
import { FileReply, type Router } from './router';

export function registerTranscriptRoutes(
  router: Router,
  deps: { widget: WidgetAuth; chat: ChatService; store: StoreApi; clock: Clock; settings: () => HubSettings },
) {
  router.get('/api/widget/transcript', async ({ bearer, url }) => {
    const identity = await deps.widget.authenticate(bearer);
    const q = parsePayload(CustomerDownloadQuery, Object.fromEntries(url.searchParams));
    const conversationId = q.conversationId ?? (await deps.chat.current(identity))?.conversation.id;
    if (!conversationId) throw new DeskError('not_found', 'There is no chat to download yet.');
    await deps.chat.visible({ kind: 'customer', identity }, conversationId);
    const s = deps.settings();
    const r = await renderTranscript(await loadTranscriptDoc(deps.store, s, conversationId, deps.clock.now()), q.format, { fontFile: s.pdfFontFile, forCustomer: true });
    return new FileReply(r.body, r.mime, r.fileName);
  });
}
