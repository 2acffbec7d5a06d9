// Review and search for staff: search, the paged viewer, tags, review comments, legal holds and
// exports. Every read is recorded in the audit log before the data is returned.
import { DeskError } from '../../shared/protocol/errors';
import type { StaffUser } from '../../shared/protocol/schemas';
import type { ExportFile, ExportFormat, TranscriptGet, TranscriptMeta, TranscriptPage, TranscriptSearch, TranscriptSearchPage } from '../../shared/protocol/transcripts';
import { maskCardNumbers } from '../../shared/domain/cardMask';
import { auditEvent, conversationSubject, recordAudit, staffActor, type AuditAction } from '../audit/record';
import type { Clock } from '../clock';
import { pageLimit, type HubSettings } from '../config';
import { newId } from '../ids';
import type { StoreApi, StoreModules } from '../store/api';
import { ftsQuery } from '../store/transcripts';
import { isReviewer, requireReviewer, requireTranscriptAccess } from './access';
import { loadTranscriptDoc, renderTranscript } from './render';
import { evidenceView } from '../cases/views';

/** The most tags offered as suggestions. */
const TAG_SUGGESTIONS = 200;

export function transcriptReview(store: StoreApi, clock: Clock, settings: () => HubSettings) {
  const iso = () => clock.now().toISOString();
  const audit = (user: StaffUser, action: AuditAction, conversationId: string | null, detail: Record<string, unknown> = {}) =>
    recordAudit(store, clock, staffActor(user), action, conversationId ? conversationSubject(conversationId) : null, detail);

  async function meta(conversationId: string): Promise<TranscriptMeta> {
    const m = await store.transcripts.meta(conversationId);
    if (!m) throw new DeskError('not_found', 'No such conversation.');
    return m;
  }

  /** A review change: supervisor or admin only; the change and its audit event land together. */
  async function review(user: StaffUser, conversationId: string, change: (tx: StoreModules) => Promise<void>, action: AuditAction, detail: Record<string, unknown>) {
    requireReviewer(user);
    await requireTranscriptAccess(store, user, conversationId);
    await store.write(async (tx) => {
      await change(tx);
      await tx.audit.append(auditEvent(clock, staffActor(user), action, conversationSubject(conversationId), detail));
    });
    return meta(conversationId);
  }

  return {
    async search(user: StaffUser, p: TranscriptSearch): Promise<TranscriptSearchPage> {
      const pageSize = settings().searchPageSize;
      // Dates compare as stored text: normalize to the store's ISO form first.
      const filters = {
        ...p.filters,
        from: p.filters.from && new Date(p.filters.from).toISOString(),
        to: p.filters.to && new Date(p.filters.to).toISOString(),
      };
      const { rows, total, capped } = await store.transcripts.search({
        fts: ftsQuery(p.query),
        filters,
        viewerAgentId: isReviewer(user) ? null : user.id,
        limit: pageSize,
        offset: (p.page - 1) * pageSize,
        candidateCap: settings().searchCandidateCap,
      });
      // The query is masked like any text the desk keeps: someone may search for a card number. The log
      // names customers by id only (POLICY §3b): whether a customer's address filtered it, not the address.
      const { customerEmail, ...rest } = filters;
      await audit(user, 'transcripts.search', null, { queryDigest: store.audit.digest(maskCardNumbers(p.query)), filters: { ...rest, customerEmail: customerEmail !== undefined }, page: p.page, total });
      return { results: rows, total, page: p.page, pageSize, capped };
    },

    async get(user: StaffUser, p: TranscriptGet): Promise<TranscriptPage> {
      await requireTranscriptAccess(store, user, p.conversationId);
      const { messages, hasMore } = await store.transcripts.page(p.conversationId, p.beforeSeq, pageLimit(settings(), p.limit));
      // Staff-only parts of the chat, marked as such in the viewer (issue 9): notes and claim photos.
      const notes = await store.routing.notes(p.conversationId);
      const photos: TranscriptPage['photos'] = [];
      for (const c of await store.cases.forConversation(p.conversationId)) {
        for (const e of await store.cases.evidence(c.id)) {
          if (e.kind === 'photo') photos.push({ id: e.id, caseId: c.id, caseNumber: c.number, name: e.name, mime: e.mime, url: evidenceView(e).url!, createdAt: e.createdAt });
        }
      }
      await audit(user, 'transcript.view', p.conversationId, { beforeSeq: p.beforeSeq ?? null, count: messages.length, notes: notes.length, photos: photos.length });
      return { meta: await meta(p.conversationId), messages, hasMore, notes, photos };
    },

    /** Tag names only (no customer data): suggestions for the tag fields. */
    async tags(): Promise<{ tags: { tag: string; count: number }[] }> {
      return { tags: await store.transcripts.tagCounts(TAG_SUGGESTIONS) };
    },

    tag(user: StaffUser, conversationId: string, tag: string) {
      return review(user, conversationId, async (tx) => void (await tx.transcripts.addTag(conversationId, tag, user.id, iso())), 'transcript.tag', { tagDigest: store.audit.digest(maskCardNumbers(tag)) });
    },

    untag(user: StaffUser, conversationId: string, tag: string) {
      return review(user, conversationId, async (tx) => void (await tx.transcripts.removeTag(conversationId, tag)), 'transcript.untag', { tagDigest: store.audit.digest(maskCardNumbers(tag)) });
    },

    comment(user: StaffUser, conversationId: string, body: string) {
      const id = newId('rc');
      const add = async (tx: StoreModules) => void await tx.transcripts.addComment({ id, conversationId, authorId: user.id, authorName: user.name, body, createdAt: iso() });
      // The comment itself is in the review; the audit records that it was made, not what it says.
      return review(user, conversationId, add, 'transcript.comment', { commentId: id });
    },

    hold(user: StaffUser, conversationId: string, reason: string) {
      const place = async (tx: StoreModules) => {
        const placed = await tx.transcripts.placeHold({ id: newId('h'), conversationId, placedBy: user.id, placedAt: iso(), reason });
        if (!placed) throw new DeskError('conflict', 'This transcript is already on legal hold.');
      };
      return review(user, conversationId, place, 'transcript.hold', { reasonDigest: store.audit.digest(maskCardNumbers(reason)) });
    },

    release(user: StaffUser, conversationId: string) {
      const release = async (tx: StoreModules) => {
        if (!(await tx.transcripts.releaseHold(conversationId, user.id, iso()))) throw new DeskError('conflict', 'This transcript is not on legal hold.');
      };
      return review(user, conversationId, release, 'transcript.release', {});
    },

    async export(user: StaffUser, conversationId: string, format: ExportFormat): Promise<ExportFile> {
      await requireTranscriptAccess(store, user, conversationId);
      const s = settings();
      const r = await renderTranscript(await loadTranscriptDoc(store, s, conversationId, clock.now()), format, { fontFile: s.pdfFontFile });
      await audit(user, 'transcript.export', conversationId, { format });
      const binary = format === 'pdf';
      return { fileName: r.fileName, mime: r.mime, encoding: binary ? 'base64' : 'utf8', content: r.body.toString(binary ? 'base64' : 'utf8') };
    },
  };
}
export type TranscriptReview = ReturnType<typeof transcriptReview>;
