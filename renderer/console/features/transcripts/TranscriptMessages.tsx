// The transcript's messages in a windowed list, opened at the end; older pages load as the reader
// scrolls up.
import { useCallback } from 'react';
import type { Message } from '../../../../shared/protocol/schemas';
import { VirtualList } from '../../../common/VirtualList';
import { formatStamp } from './transcriptText';
import { useTranscripts, type ViewerState } from './transcriptsStore';

export function TranscriptMessages({ viewer }: { viewer: ViewerState }) {
  const loadOlder = useTranscripts((s) => s.loadOlder);
  const nearTop = useCallback(() => void loadOlder(), [loadOlder]);
  const total = viewer.meta?.messageCount ?? viewer.messages.length;
  const header = (
    <div className="vlist__header">
      {viewer.hasMore ? (
        <p className="tx-msgs__more" role="status">
          {viewer.loadingOlder ? 'Loading older messages…' : 'Scroll up for older messages'}
        </p>
      ) : (
        <p className="tx-msgs__more">Start of the conversation</p>
      )}
    </div>
  );

  return (
    <div className="tx-msgs">
      <p className="tx-msgs__count" data-testid="transcript-loaded">
        {viewer.messages.length.toLocaleString()} of {total.toLocaleString()} messages loaded
      </p>
      {/* Keyed: another transcript starts fresh (at its end, nothing measured). */}
      <VirtualList
        key={viewer.conversationId}
        className="vlist tx-msgs__list"
        rowClassName="vlist__row"
        label="Messages"
        items={viewer.messages}
        itemKey={(m) => String(m.seq)}
        estimateHeight={64}
        header={header}
        onNearTop={viewer.hasMore ? nearTop : undefined}
        renderItem={(m) => <MessageRow message={m} />}
      />
    </div>
  );
}

function MessageRow({ message: m }: { message: Message }) {
  return (
    <article className={`tx-msg tx-msg--${m.author.kind}`} data-testid="message" data-seq={m.seq} data-author-kind={m.author.kind}>
      <div className="tx-msg__meta">
        <span className="tx-msg__author">{m.author.kind === 'system' ? 'Care desk' : m.author.name}</span>
        <span className="tx-msg__kind">{m.author.kind}</span>
        <time dateTime={m.createdAt}>{formatStamp(m.createdAt)}</time>
        <span className="tx-msg__seq">#{m.seq}</span>
      </div>
      <p className="tx-msg__body">{m.body}</p>
    </article>
  );
}
