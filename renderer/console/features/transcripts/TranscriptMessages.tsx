// The transcript's messages in a windowed list, opened at the search hit (or at the end); older
// pages load as the reader scrolls up. Private notes, whispers and handover notes sit among the
// messages at the time they were written, marked as staff-only: the customer never saw them.
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Note } from '../../../../shared/protocol/routing';
import type { Message } from '../../../../shared/protocol/schemas';
import type { MessageKey } from '../../../common/i18n';
import { VirtualList } from '../../../common/VirtualList';
import { interleave, type Row } from '../notes/interleave';
import { formatStamp } from './transcriptText';
import { useTranscripts, type ViewerState } from './transcriptsStore';

const NOTE_LABEL: Record<Note['kind'], MessageKey> = {
  note: 'transcripts.note.note',
  whisper: 'transcripts.note.whisper',
  transfer: 'transcripts.note.transfer',
};

const rowKey = (r: Row) => (r.kind === 'message' ? `m${r.message.seq}` : `n${r.note.id}`);

export function TranscriptMessages({ viewer }: { viewer: ViewerState }) {
  const { t } = useTranslation();
  const loadOlder = useTranscripts((s) => s.loadOlder);
  const nearTop = useCallback(() => void loadOlder(), [loadOlder]);
  const total = viewer.meta?.messageCount ?? viewer.messages.length;
  const rows = useMemo(() => interleave(viewer.messages, viewer.notes, viewer.hasMore), [viewer.messages, viewer.notes, viewer.hasMore]);
  const focus = viewer.focusSeq;
  const header = (
    <div className="vlist__header">
      {viewer.hasMore ? (
        <p className="tx-msgs__more" role="status">
          {viewer.loadingOlder ? t('transcripts.messages.loadingOlder') : t('transcripts.messages.scrollUp')}
        </p>
      ) : (
        <p className="tx-msgs__more">{t('transcripts.messages.start')}</p>
      )}
    </div>
  );

  return (
    <div className="tx-msgs">
      <p className="tx-msgs__count" data-testid="transcript-loaded">
        {t('transcripts.messages.loaded', { loaded: viewer.messages.length, total })}
        {viewer.notes.length ? ` · ${t('transcripts.messages.staffNotes', { count: viewer.notes.length })}` : ''}
        {focus !== null ? ` · ${t('transcripts.messages.openedAtHit', { seq: focus })}` : ''}
      </p>
      {/* Keyed: another transcript, or another hit, starts fresh (nothing measured). */}
      <VirtualList
        key={`${viewer.conversationId}-${focus ?? 'end'}`}
        className="vlist tx-msgs__list"
        rowClassName="vlist__row"
        label={t('transcripts.messages.label')}
        items={rows}
        itemKey={rowKey}
        estimateHeight={64}
        header={header}
        onNearTop={viewer.hasMore ? nearTop : undefined}
        startKey={focus !== null && viewer.messages.some((m) => m.seq === focus) ? `m${focus}` : undefined}
        renderItem={(r) => (r.kind === 'message' ? <MessageRow message={r.message} hit={r.message.seq === focus} /> : <NoteRow note={r.note} />)}
      />
    </div>
  );
}

function MessageRow({ message: m, hit }: { message: Message; hit: boolean }) {
  const { t } = useTranslation();
  return (
    <article className={`tx-msg tx-msg--${m.author.kind}${hit ? ' tx-msg--hit' : ''}`} data-testid="message" data-seq={m.seq} data-author-kind={m.author.kind} data-hit={hit || undefined}>
      <div className="tx-msg__meta">
        <span className="tx-msg__author">{m.author.kind === 'system' ? t('transcripts.message.system') : m.author.name}</span>
        <span className="tx-msg__kind">{t('transcripts.message.kind', { kind: m.author.kind })}</span>
        <time dateTime={m.createdAt}>{formatStamp(m.createdAt)}</time>
        <span className="tx-msg__seq">#{m.seq}</span>
        {hit ? <span className="tx-msg__hit">{t('transcripts.message.hit')}</span> : null}
      </div>
      <p className="tx-msg__body">{m.body}</p>
    </article>
  );
}

function NoteRow({ note: n }: { note: Note }) {
  const { t } = useTranslation();
  return (
    <article className={`tx-msg tx-msg--staff tx-msg--${n.kind}`} data-testid="transcript-note" data-note-kind={n.kind}>
      <div className="tx-msg__meta">
        <span className="tx-msg__staff-only">{t('transcripts.note.staffOnly', { kind: t(NOTE_LABEL[n.kind]) })}</span>
        <span className="tx-msg__author">{n.author.name}</span>
        <time dateTime={n.createdAt}>{formatStamp(n.createdAt)}</time>
      </div>
      <p className="tx-msg__body">{n.body}</p>
    </article>
  );
}
