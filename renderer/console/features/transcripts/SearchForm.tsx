// The search box and its filters. "/" jumps to the box (only while this view is shown, and not
// while typing elsewhere: the chat composer keeps "/" for itself).
import { useEffect, useId, useRef, type FormEvent } from 'react';
import { useTranscripts } from './transcriptsStore';
import { useConnection } from '../connection/connectionStore';

function typingSomewhere(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

const NO_BRANDS: { id: string; name: string }[] = [];

export function SearchForm() {
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
    <form className="tx-search" role="search" aria-label="Search transcripts" onSubmit={submit}>
      <div className="tx-search__row">
        <label htmlFor={`${id}-q`} className="visually-hidden">
          Search words
        </label>
        <input
          id={`${id}-q`}
          ref={box}
          type="search"
          className="tx-search__box"
          value={query}
          maxLength={200}
          placeholder="Search transcripts (press / to jump here)"
          aria-describedby={`${id}-help`}
          onChange={(e) => setQuery(e.target.value)}
        />
        <button type="submit" className="btn btn--primary" disabled={loading}>
          Search
        </button>
      </div>
      <p id={`${id}-help`} className="tx-search__help">
        Every word must match; end a word with * to match its beginning. Leave empty to list the newest.
      </p>
      <fieldset className="tx-filters">
        <legend className="visually-hidden">Filters</legend>
        <div className="tx-field">
          <label htmlFor={`${id}-brand`}>Brand</label>
          <select id={`${id}-brand`} value={filters.brandId} onChange={(e) => setFilters({ brandId: e.target.value })}>
            <option value="">Any brand</option>
            {deskBrands.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name} ({b.id})
              </option>
            ))}
          </select>
        </div>
        <div className="tx-field">
          <label htmlFor={`${id}-agent`}>Agent</label>
          <select id={`${id}-agent`} value={filters.agentId} onChange={(e) => setFilters({ agentId: e.target.value })}>
            <option value="">Any agent</option>
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
          <label htmlFor={`${id}-from`}>Started from</label>
          <input id={`${id}-from`} type="date" value={filters.from} onChange={(e) => setFilters({ from: e.target.value })} />
        </div>
        <div className="tx-field">
          <label htmlFor={`${id}-to`}>Started until</label>
          <input id={`${id}-to`} type="date" value={filters.to} min={filters.from || undefined} onChange={(e) => setFilters({ to: e.target.value })} />
        </div>
        <div className="tx-field">
          <label htmlFor={`${id}-email`}>Customer email</label>
          <input id={`${id}-email`} type="email" value={filters.customerEmail} onChange={(e) => setFilters({ customerEmail: e.target.value })} />
        </div>
        <div className="tx-field">
          <label htmlFor={`${id}-tag`}>Tag</label>
          <input id={`${id}-tag`} value={filters.tag} maxLength={40} list={`${id}-tags`} onChange={(e) => setFilters({ tag: e.target.value })} />
          <datalist id={`${id}-tags`}>
            {suggestions.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
        </div>
        <div className="tx-field">
          <label htmlFor={`${id}-case`}>Linked case</label>
          <select id={`${id}-case`} value={filters.hasCase} onChange={(e) => setFilters({ hasCase: e.target.value as '' | 'yes' | 'no' })}>
            <option value="">Either</option>
            <option value="yes">Has a case</option>
            <option value="no">No case</option>
          </select>
        </div>
        <button type="button" className="btn btn--ghost tx-filters__clear" onClick={clearFilters}>
          Clear filters
        </button>
      </fieldset>
    </form>
  );
}
