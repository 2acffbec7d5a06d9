// Ranked results (best match first, or newest first without words), with paging and every state
// a search can be in: not yet run, loading, failed, nothing found.
import { useTranslation } from 'react-i18next';
import { formatStamp, formatDay } from './transcriptText';
import { Snippet } from './Snippet';
import { useTranscripts } from './transcriptsStore';
import type { TranscriptSearchResult } from '../../../../shared/protocol/transcripts';

export function SearchResults() {
  const { t } = useTranslation();
  const search = useTranscripts((s) => s.search);
  const openId = useTranscripts((s) => s.viewer?.conversationId ?? null);
  const { runSearch, open } = useTranscripts.getState();
  const pages = search.pageSize > 0 ? Math.max(1, Math.ceil(search.total / search.pageSize)) : 1;

  return (
    <section className="tx-results" aria-labelledby="tx-results-title" aria-busy={search.status === 'loading'}>
      <h3 id="tx-results-title" className="visually-hidden">
        {t('transcripts.results.title')}
      </h3>
      <p className="tx-results__count" role="status" data-testid="transcripts-count">
        {search.status === 'loading'
          ? t('transcripts.results.searching')
          : search.status === 'done'
            ? search.total === 0
              ? ''
              : pages > 1
                ? t('transcripts.results.countPaged', { count: search.total, page: search.page, pages })
                : t('transcripts.results.count', { count: search.total })
            : ''}
      </p>
      {search.status === 'done' && search.capped ? (
        <p className="tx-results__capped" data-testid="transcripts-capped">
          {t('transcripts.results.capped')}
        </p>
      ) : null}
      {search.status === 'error' ? (
        <div className="form__error tx-results__error" role="alert">
          <span>{search.error}</span>{' '}
          <button type="button" className="btn btn--link" onClick={() => void runSearch(search.page)}>
            {t('transcripts.results.retry')}
          </button>
        </div>
      ) : null}
      {search.status === 'idle' ? <p className="page__empty">{t('transcripts.results.idle')}</p> : null}
      {search.status === 'done' && search.total === 0 ? (
        <p className="page__empty" data-testid="transcripts-none">
          {search.query.trim() ? t('transcripts.results.noneFor', { query: search.query.trim() }) : t('transcripts.results.none')}
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
        <nav className="tx-pager" aria-label={t('transcripts.results.pages')}>
          <button type="button" className="btn" disabled={search.page <= 1 || search.status === 'loading'} onClick={() => void runSearch(search.page - 1)}>
            {t('transcripts.results.previous')}
          </button>
          <span>{t('transcripts.results.page', { page: search.page, pages })}</span>
          <button type="button" className="btn" disabled={search.page >= pages || search.status === 'loading'} onClick={() => void runSearch(search.page + 1)}>
            {t('transcripts.results.next')}
          </button>
        </nav>
      ) : null}
    </section>
  );
}

function ResultRow({ result: r, current, onOpen }: { result: TranscriptSearchResult; current: boolean; onOpen(): void }) {
  const { t } = useTranslation();
  return (
    <li className={`tx-result${current ? ' tx-result--current' : ''}`} data-testid="transcript-result" data-conversation-id={r.conversationId}>
      <div className="tx-result__head">
        <button type="button" className="btn btn--link tx-result__open" aria-current={current ? 'true' : undefined} onClick={onOpen}>
          {r.customer.name}
        </button>
        <span className="tx-result__email">{r.customer.email}</span>
        {r.held ? <span className="pill pill--status pill--warn">{t('transcripts.result.onHold')}</span> : null}
      </div>
      <p className="tx-result__meta">
        {formatStamp(r.createdAt)} · {r.assignedAgent ? r.assignedAgent.name : t('transcripts.result.noAgent')} · {r.brandId}
        {r.hits > 0 ? ` · ${t('transcripts.result.hits', { count: r.hits })}` : ''}
        {r.purgeAt && !r.held ? ` · ${t('transcripts.result.purged', { date: formatDay(r.purgeAt) })}` : ''}
      </p>
      {r.snippet ? <Snippet runs={r.snippet} /> : null}
      {r.tags.length ? (
        <ul className="tx-tags tx-tags--small" aria-label={t('transcripts.tags.title')}>
          {r.tags.map((tag) => (
            <li key={tag} className="tx-tag">
              {tag}
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}
