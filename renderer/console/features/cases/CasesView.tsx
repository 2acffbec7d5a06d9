// "Cases" in the top bar: every return and claim, filtered by status, kind and lateness, the ones
// the desk is late on marked; picking one opens it beside the list (a supervisor's work queue too).
import { useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { CASE_STATUSES, CLAIM_STATUSES, RMA_STATUSES, type CaseKind, type CaseStatus } from '../../../../shared/domain/cases';
import type { CaseSummary } from '../../../../shared/protocol/cases';
import { EscalatedMarker, LabelPendingMarker, OverdueMarker, StatusBadge } from './CaseBadges';
import { CaseCard } from './CaseCard';
import { CasesAnnouncer } from './CasesAnnouncer';
import { caseUi, useCases } from './casesStore';
import { caseKindText, caseName, formatMoney, formatWhen, statusLabel } from './caseText';
import { StepRefusal } from './StepRefusal';
import { useFocusOn } from './useFocusOn';
import './cases.css';
import { EmailText } from '../../../common/EmailText';

export function CasesView() {
  const { t } = useTranslation();
  const heading = useFocusOn<HTMLHeadingElement>('cases');
  const list = useCases((s) => s.list);
  const summaries = useCases((s) => s.summaries);
  const selectedId = useCases((s) => s.selectedId);
  const loadList = useCases((s) => s.loadList);
  const select = useCases((s) => s.select);
  const rows = list.ids.map((id) => summaries[id]).filter((c): c is CaseSummary => c !== undefined);

  useEffect(() => {
    void loadList();
  }, [list.filters, loadList]);

  return (
    <section className="page cases-page" aria-labelledby="cases-title">
      <CasesAnnouncer />
      <div className="page__head">
        <h2 id="cases-title" ref={heading} tabIndex={-1}>
          {t('cases.title')}
        </h2>
        <p className="page__lead">{t('cases.view.lead')}</p>
      </div>
      <CaseFilters />
      <p className="cases-page__count" role="status" data-testid="cases-count">
        {list.loading && !list.loaded ? t('cases.loading') : list.loaded ? t('cases.view.count', { count: rows.length }) : ''}
      </p>
      {list.error ? (
        <div className="form__error page__error" role="alert">
          <span>{list.error}</span>
          <button type="button" className="btn btn--link" onClick={() => void loadList()}>
            {t('cases.tryAgain')}
          </button>
        </div>
      ) : null}
      <div className="cases-page__body">
        <div className="cases-page__list">
          {list.loaded && rows.length === 0 ? (
            <p className="page__empty">{t('cases.view.empty')}</p>
          ) : rows.length ? (
            <div className="table-wrap">
              <table className="table cases-table" data-testid="cases-table">
                <caption className="visually-hidden">{t('cases.view.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('cases.col.case')}</th>
                    <th scope="col">{t('cases.status')}</th>
                    <th scope="col">{t('cases.col.order')}</th>
                    <th scope="col">{t('cases.col.customer')}</th>
                    <th scope="col">{t('cases.col.value')}</th>
                    <th scope="col">{t('cases.col.updated')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((c) => (
                    <CaseRow key={c.id} summary={c} selected={c.id === selectedId} onSelect={() => select(c.id)} />
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </div>
        <SelectedCase />
      </div>
    </section>
  );
}

function CaseRow({ summary: c, selected, onSelect }: { summary: CaseSummary; selected: boolean; onSelect(): void }) {
  const kindText = caseKindText(c);
  return (
    <tr className={`cases-table__row${selected ? ' cases-table__row--selected' : ''}${c.overdue ? ' cases-table__row--overdue' : ''}`} data-testid="case-row" data-case-id={c.id} aria-current={selected ? 'true' : undefined}>
      <td>
        <button type="button" className="btn btn--link cases-table__open" onClick={onSelect}>
          {caseName(c)}
        </button>
        {kindText ? <span className="cases-table__kind">{kindText}</span> : null}
        <OverdueMarker overdue={c.overdue} />
        <EscalatedMarker escalated={c.escalated} />
        <LabelPendingMarker pending={c.labelPending} />
      </td>
      <td>
        <StatusBadge status={c.status} />
      </td>
      <td>{c.orderId}</td>
      <td className="table__email">
        <EmailText email={c.customerEmail} />
      </td>
      <td>{formatMoney(c.merchandiseCents)}</td>
      <td>{formatWhen(c.updatedAt)}</td>
    </tr>
  );
}

function SelectedCase() {
  const selectedId = useCases((s) => s.selectedId);
  const detail = useCases((s) => (s.selectedId ? s.details[s.selectedId] : undefined));
  const ui = useCases((s) => caseUi(s, s.selectedId ?? ''));
  const select = useCases((s) => s.select);
  const { t } = useTranslation();
  if (!selectedId) return <p className="page__empty">{t('cases.view.pick')}</p>;
  if (!detail) {
    return ui.error?.action === 'load' ? <StepRefusal error={ui.error} onDismiss={() => select(null)} /> : <p className="page__empty">{t('cases.view.loadingCase')}</p>;
  }
  return (
    <div className="cases-page__detail">
      <CaseCard detail={detail} autoFocus />
    </div>
  );
}

/** Statuses to filter on: those of the chosen kind, or every status once (some are shared). */
const statusesFor = (kind: CaseKind | ''): readonly CaseStatus[] => (kind === 'rma' ? RMA_STATUSES : kind === 'claim' ? CLAIM_STATUSES : CASE_STATUSES);

function CaseFilters() {
  const id = useId();
  const filters = useCases((s) => s.list.filters);
  const setFilters = useCases((s) => s.setFilters);
  const { t } = useTranslation();
  return (
    <form className="cases-filters" role="search" aria-label={t('cases.filter.label')} onSubmit={(e) => e.preventDefault()}>
      <div className="case-field">
        <label htmlFor={`${id}-kind`}>{t('cases.kind')}</label>
        <select id={`${id}-kind`} value={filters.kind} onChange={(e) => setFilters({ kind: e.target.value as CaseKind | '', status: '' })}>
          <option value="">{t('cases.filter.kindAll')}</option>
          <option value="rma">{t('cases.filter.kindRma')}</option>
          <option value="claim">{t('cases.filter.kindClaim')}</option>
        </select>
      </div>
      <div className="case-field">
        <label htmlFor={`${id}-status`}>{t('cases.status')}</label>
        <select id={`${id}-status`} value={filters.status} onChange={(e) => setFilters({ status: e.target.value as CaseStatus | '' })}>
          <option value="">{t('cases.filter.anyStatus')}</option>
          {statusesFor(filters.kind).map((s) => (
            <option key={s} value={s}>
              {statusLabel(s)}
            </option>
          ))}
        </select>
      </div>
      <label className="cases-filters__check">
        <input type="checkbox" checked={filters.overdueOnly} onChange={(e) => setFilters({ overdueOnly: e.target.checked })} /> {t('cases.filter.overdueOnly')}
      </label>
      <label className="cases-filters__check">
        <input type="checkbox" checked={filters.openOnly} onChange={(e) => setFilters({ openOnly: e.target.checked })} /> {t('cases.filter.openOnly')}
      </label>
      <label className="cases-filters__check">
        <input type="checkbox" checked={filters.labelPending} onChange={(e) => setFilters({ labelPending: e.target.checked })} /> {t('cases.filter.labelsToApprove')}
      </label>
    </form>
  );
}
