// Ranked results (best match first, or newest first without words), with paging and every state
// a search can be in: not yet run, loading, failed, nothing found.
import { plural } from '../../../common/format';
import { formatStamp, formatDay } from './transcriptText';
import { Snippet } from './Snippet';
import { useTranscripts } from './transcriptsStore';
import type { TranscriptSearchResult } from '../../../../shared/protocol/transcripts';

export function SearchResults() {
  const search = useTranscripts((s) => s.search);
  const openId = useTranscripts((s) => s.viewer?.conversationId ?? null);
  const { runSearch, open } = useTranscripts.getState();
  const pages = search.pageSize > 0 ? Math.max(1, Math.ceil(search.total / search.pageSize)) : 1;

  return (
    <section className="tx-results" aria-labelledby="tx-results-title" aria-busy={search.status === 'loading'}>
      <h3 id="tx-results-title" className="visually-hidden">
        Results
      </h3>
      <p className="tx-results__count" role="status" data-testid="transcripts-count">
        {search.status === 'loading'
          ? 'Searching…'
          : search.status === 'done'
            ? search.total === 0
              ? ''
              : `${plural(search.total, 'transcript')}${pages > 1 ? `, page ${search.page} of ${pages}` : ''}`
            : ''}
      </p>
      {search.status === 'done' && search.capped ? (
        <p className="tx-results__capped" data-testid="transcripts-capped">
          These words are in many chats: the best matches among the most recent are shown. Add a word, a date range or another filter to reach
          older chats.
        </p>
      ) : null}
      {search.status === 'error' ? (
        <div className="form__error tx-results__error" role="alert">
          <span>{search.error}</span>{' '}
          <button type="button" className="btn btn--link" onClick={() => void runSearch(search.page)}>
            Try again
          </button>
        </div>
      ) : null}
      {search.status === 'idle' ? <p className="page__empty">Search by words in the chat, or by filters alone.</p> : null}
      {search.status === 'done' && search.total === 0 ? (
        <p className="page__empty" data-testid="transcripts-none">
          No transcripts match{search.query.trim() ? ` “${search.query.trim()}”` : ''} with these filters.
        </p>
      ) : null}
      {search.results.length > 0 ? (
        <ol className="stack">
          {search.results.map((r) => (
            <ResultRow key={r.conversationId} result={r} current={r.conversationId === openId} onOpen={() => void open(r.conversationId, r.snippetSeq)} />
          ))}
        </ol>
      ) : null}
      {pages > 1 && search.status !== 'error' ? (
        <nav className="tx-pager" aria-label="Result pages">
          <button type="button" className="btn" disabled={search.page <= 1 || search.status === 'loading'} onClick={() => void runSearch(search.page - 1)}>
            Previous
          </button>
          <span>
            Page {search.page} of {pages}
          </span>
          <button type="button" className="btn" disabled={search.page >= pages || search.status === 'loading'} onClick={() => void runSearch(search.page + 1)}>
            Next
          </button>
        </nav>
      ) : null}
    </section>
  );
}

function ResultRow({ result: r, current, onOpen }: { result: TranscriptSearchResult; current: boolean; onOpen(): void }) {
  return (
    <li className={`tx-result${current ? ' tx-result--current' : ''}`} data-testid="transcript-result" data-conversation-id={r.conversationId}>
      <div className="tx-result__head">
        <button type="button" className="btn btn--link tx-result__open" aria-current={current ? 'true' : undefined} onClick={onOpen}>
          {r.customer.name}
        </button>
        <span className="tx-result__email">{r.customer.email}</span>
        {r.held ? <span className="pill pill--status pill--warn">On hold</span> : null}
      </div>
      <p className="tx-result__meta">
        {formatStamp(r.createdAt)} · {r.assignedAgent ? r.assignedAgent.name : 'No agent'} · {r.brandId}
        {r.hits > 0 ? ` · ${plural(r.hits, 'matching message')}` : ''}
        {r.purgeAt && !r.held ? ` · purged ${formatDay(r.purgeAt)}` : ''}
      </p>
      {r.snippet ? <Snippet runs={r.snippet} /> : null}
      {r.tags.length ? (
        <ul className="tx-tags tx-tags--small" aria-label="Tags">
          {r.tags.map((t) => (
            <li key={t} className="tx-tag">
              {t}
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}
