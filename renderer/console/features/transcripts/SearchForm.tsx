// The search box and its filters. "/" jumps to the box (only while this view is shown, and not
// while typing elsewhere: the chat composer keeps "/" for itself).
import { useEffect, useId, useRef, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useTranscripts } from './transcriptsStore';
import { useConnection } from '../connection/connectionStore';

function typingSomewhere(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

const NO_BRANDS: { id: string; name: string }[] = [];

export function SearchForm() {
  const { t } = useTranslation();
  const id = useId();
  const box = useRef<HTMLInputElement>(null);
  const query = useTranscripts((s) => s.search.query);
  const filters = useTranscripts((s) => s.search.filters);
  const loading = useTranscripts((s) => s.search.status === 'loading');
  const agents = useTranscripts((s) => s.agents);
  // The desk's brands (the console config, kept live by Settings), not only those seen in results.
  const deskBrands = useConnection((s) => s.settings?.brands ?? NO_BRANDS);
  const suggestions = useTranscripts((s) => s.tagSuggestions);
  const { setQuery, setFilters, clearFilters, runSearch } = useTranscripts.getState();

  useEffect(() => {
    void useTranscripts.getState().loadTagSuggestions();
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || typingSomewhere(e.target)) return;
      e.preventDefault();
      box.current?.focus();
      box.current?.select();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void runSearch(1);
  };

  return (
    <form className="tx-search" role="search" aria-label={t('transcripts.search.label')} onSubmit={submit}>
      <div className="tx-search__row">
        <label htmlFor={`${id}-q`} className="visually-hidden">
          {t('transcripts.search.words')}
        </label>
        <input
          id={`${id}-q`}
          ref={box}
          type="search"
          className="tx-search__box"
          value={query}
          maxLength={200}
          placeholder={t('transcripts.search.placeholder')}
          aria-describedby={`${id}-help`}
          onChange={(e) => setQuery(e.target.value)}
        />
        <button type="submit" className="btn btn--primary" disabled={loading}>
          {t('transcripts.search.submit')}
        </button>
      </div>
      <p id={`${id}-help`} className="tx-search__help">
        {t('transcripts.search.help')}
      </p>
      <fieldset className="tx-filters">
        <legend className="visually-hidden">{t('transcripts.filters.legend')}</legend>
        <div className="tx-field">
          <label htmlFor={`${id}-brand`}>{t('transcripts.filters.brand')}</label>
          <select id={`${id}-brand`} value={filters.brandId} onChange={(e) => setFilters({ brandId: e.target.value })}>
            <option value="">{t('transcripts.filters.anyBrand')}</option>
            {deskBrands.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name} ({b.id})
              </option>
            ))}
          </select>
        </div>
        <div className="tx-field">
          <label htmlFor={`${id}-agent`}>{t('transcripts.filters.agent')}</label>
          <select id={`${id}-agent`} value={filters.agentId} onChange={(e) => setFilters({ agentId: e.target.value })}>
            <option value="">{t('transcripts.filters.anyAgent')}</option>
            {Object.entries(agents)
              .sort((a, b) => a[1].localeCompare(b[1]))
              .map(([agentId, name]) => (
                <option key={agentId} value={agentId}>
                  {name}
                </option>
              ))}
          </select>
        </div>
        <div className="tx-field">
          <label htmlFor={`${id}-from`}>{t('transcripts.filters.from')}</label>
          <input id={`${id}-from`} type="date" value={filters.from} onChange={(e) => setFilters({ from: e.target.value })} />
        </div>
        <div className="tx-field">
          <label htmlFor={`${id}-to`}>{t('transcripts.filters.to')}</label>
          <input id={`${id}-to`} type="date" value={filters.to} min={filters.from || undefined} onChange={(e) => setFilters({ to: e.target.value })} />
        </div>
        <div className="tx-field">
          <label htmlFor={`${id}-email`}>{t('transcripts.filters.email')}</label>
          <input id={`${id}-email`} type="email" value={filters.customerEmail} onChange={(e) => setFilters({ customerEmail: e.target.value })} />
        </div>
        <div className="tx-field">
          <label htmlFor={`${id}-tag`}>{t('transcripts.filters.tag')}</label>
          <input id={`${id}-tag`} value={filters.tag} maxLength={40} list={`${id}-tags`} onChange={(e) => setFilters({ tag: e.target.value })} />
          <datalist id={`${id}-tags`}>
            {suggestions.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
        </div>
        <div className="tx-field">
          <label htmlFor={`${id}-case`}>{t('transcripts.filters.case')}</label>
          <select id={`${id}-case`} value={filters.hasCase} onChange={(e) => setFilters({ hasCase: e.target.value as '' | 'yes' | 'no' })}>
            <option value="">{t('transcripts.filters.caseEither')}</option>
            <option value="yes">{t('transcripts.filters.caseYes')}</option>
            <option value="no">{t('transcripts.filters.caseNo')}</option>
          </select>
        </div>
        <button type="button" className="btn btn--ghost tx-filters__clear" onClick={clearFilters}>
          {t('transcripts.filters.clear')}
        </button>
      </fieldset>
    </form>
  );
}
