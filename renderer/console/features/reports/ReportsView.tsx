// "Reports" in the top bar (supervisors and admins, issue 9): chats, waiting, first-response and
// handling times and satisfaction per day, agent and brand, for a range of days in the desk's time
// zone; as charts (recharts) with the same figures in tables, and as CSV. A low rating opens its
// chat in Transcripts.
import { useEffect, useId, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ReportRow, ReportSummary } from '../../../../shared/protocol/reports';
import { FormError } from '../../../common/FormError';
import { bridge } from '../../bridge';
import { useDeskView } from '../../desk/deskView';
import { useFocusOn } from '../cases/useFocusOn';
import { useConnection } from '../connection/connectionStore';
import { useTranscripts } from '../transcripts/transcriptsStore';
import type { MessageKey } from '../../../common/i18n';
import { formatCount, formatDay, formatRating, formatSeconds, formatStamp } from './figures';
import { reportCsv, reportFileName } from './reportCsv';
import { useReports } from './reportsStore';
import './reports.css';

export function ReportsView() {
  const heading = useFocusOn<HTMLHeadingElement>('reports');
  const report = useReports((s) => s.report);
  const loading = useReports((s) => s.loading);
  const error = useReports((s) => s.error);
  const load = useReports((s) => s.load);
  const { t } = useTranslation();

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section className="page page--controls reports-page" aria-labelledby="reports-title" aria-busy={loading}>
      <div className="page__head">
        <h2 id="reports-title" ref={heading} tabIndex={-1}>
          {t('reports.title')}
        </h2>
        <p className="page__lead">{t('reports.lead', { timeZone: report?.timeZone ?? t('reports.lead.noZone') })}</p>
      </div>
      <Filters />
      <FormError error={error} />
      {loading && !report ? <p className="muted">{t('reports.loading')}</p> : null}
      {report ? <Report report={report} /> : null}
    </section>
  );
}

function Filters() {
  const ids = useId();
  const filters = useReports((s) => s.filters);
  const setFilters = useReports((s) => s.setFilters);
  const load = useReports((s) => s.load);
  const loading = useReports((s) => s.loading);
  const report = useReports((s) => s.report);
  const brands = useConnection((s) => s.settings?.brands ?? []);
  const { t } = useTranslation();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void load();
  };
  return (
    <form className="reports-filters card" onSubmit={submit} aria-label={t('reports.range')}>
      <div className="compact-field">
        <label htmlFor={`${ids}-from`}>{t('reports.from')}</label>
        <input id={`${ids}-from`} type="date" value={filters.from} max={filters.to} required onChange={(e) => setFilters({ from: e.target.value })} />
      </div>
      <div className="compact-field">
        <label htmlFor={`${ids}-to`}>{t('reports.to')}</label>
        <input id={`${ids}-to`} type="date" value={filters.to} min={filters.from} required onChange={(e) => setFilters({ to: e.target.value })} />
      </div>
      <div className="compact-field">
        <label htmlFor={`${ids}-brand`}>{t('reports.brand')}</label>
        <select id={`${ids}-brand`} value={filters.brandId} onChange={(e) => setFilters({ brandId: e.target.value })}>
          <option value="">{t('reports.everyBrand')}</option>
          {brands.map((b) => (
            <option key={b.id} value={b.id}>
              {b.name}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="btn btn--primary" disabled={loading}>
        {loading ? t('reports.showing') : t('reports.show')}
      </button>
      <button
        type="button"
        className="btn"
        disabled={!report}
        data-testid="report-csv"
        onClick={() => report && void bridge.saveFile(reportFileName(report), reportCsv(report), { mime: 'text/csv' })}
      >
        {t('reports.csv')}
      </button>
    </form>
  );
}

function Report({ report: r }: { report: ReportSummary }) {
  const { t } = useTranslation();
  const total = r.totals;
  const dayTick = (key: string) => formatDay(key, true);
  const countTooltip = (v: unknown) => (typeof v === 'number' ? formatCount(v) : String(v ?? ''));
  const satisfaction = total.ratings ? t('reports.ratingWithCount', { rating: formatRating(total.avgRating), count: formatCount(total.ratings) }) : formatRating(total.avgRating);
  return (
    <>
      <dl className="reports-totals" data-testid="report-totals">
        <Tile label={t('reports.chats')} value={formatCount(total.chats)} />
        <Tile label={t('reports.unanswered')} value={formatCount(total.unanswered)} />
        <Tile label={t('reports.avgWait')} value={formatSeconds(total.avgWaitSec)} />
        <Tile label={t('reports.firstResponse')} value={formatSeconds(total.avgFirstResponseSec)} />
        <Tile label={t('reports.handlingTime')} value={formatSeconds(total.avgHandlingSec)} />
        <Tile label={t('reports.satisfaction')} value={satisfaction} testId="report-satisfaction" />
      </dl>
      <div className="reports-charts">
        <ChartCard title={t('reports.chart.chats')} summary={t('reports.chart.chatsSummary', { chats: total.chats, unanswered: total.unanswered })}>
          <BarChart accessibilityLayer={false} data={r.byDay} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="key" tickFormatter={dayTick} />
            <YAxis allowDecimals={false} tickFormatter={formatCount} />
            <Tooltip labelFormatter={(k) => formatDay(String(k))} formatter={countTooltip} />
            <Legend />
            <Bar dataKey="chats" name={t('reports.chats')} fill="#1e4a72" isAnimationActive={false} />
            <Bar dataKey="unanswered" name={t('reports.unanswered')} fill="#a4262c" isAnimationActive={false} />
          </BarChart>
        </ChartCard>
        <ChartCard
          title={t('reports.chart.times')}
          summary={t('reports.chart.timesSummary', { wait: formatSeconds(total.avgWaitSec), first: formatSeconds(total.avgFirstResponseSec), handling: formatSeconds(total.avgHandlingSec) })}
        >
          <LineChart accessibilityLayer={false} data={r.byDay} margin={{ top: 8, right: 8, bottom: 0, left: -8 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="key" tickFormatter={dayTick} />
            <YAxis tickFormatter={formatCount} />
            <Tooltip labelFormatter={(k) => formatDay(String(k))} formatter={(v) => formatSeconds(typeof v === 'number' ? v : null)} />
            <Legend />
            <Line dataKey="avgWaitSec" name={t('reports.wait')} stroke="#7f4c00" connectNulls isAnimationActive={false} />
            <Line dataKey="avgFirstResponseSec" name={t('reports.firstResponse')} stroke="#1e4a72" connectNulls isAnimationActive={false} />
            <Line dataKey="avgHandlingSec" name={t('reports.handling')} stroke="#1d6537" connectNulls isAnimationActive={false} />
          </LineChart>
        </ChartCard>
        <ChartCard title={t('reports.chart.satisfaction')} summary={t('reports.chart.satisfactionSummary', { rating: formatRating(total.avgRating), count: total.ratings })}>
          <LineChart accessibilityLayer={false} data={r.byDay} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="key" tickFormatter={dayTick} />
            <YAxis domain={[1, 5]} ticks={[1, 2, 3, 4, 5]} tickFormatter={formatCount} />
            <Tooltip labelFormatter={(k) => formatDay(String(k))} formatter={(v) => formatRating(typeof v === 'number' ? v : null)} />
            <Line dataKey="avgRating" name={t('reports.avgRating')} stroke="#1e4a72" connectNulls isAnimationActive={false} />
          </LineChart>
        </ChartCard>
      </div>
      <div className="reports-tables">
        <Breakdown title={t('reports.perAgent')} column="reports.col.agent" rows={r.byAgent} empty={t('reports.empty.agents')} testId="report-agents" />
        <Breakdown title={t('reports.perBrand')} column="reports.col.brand" rows={r.byBrand} empty={t('reports.empty.brands')} testId="report-brands" />
        <Breakdown title={t('reports.perDay')} column="reports.col.day" rows={r.byDay} empty="" testId="report-days" days />
      </div>
      <LowRatings report={r} />
    </>
  );
}

function Tile({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="reports-tile">
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}

/** A chart with its title and a one-line summary; the same figures are in the tables below. */
function ChartCard({ title, summary, children }: { title: string; summary: string; children: ReactElement }) {
  const id = useId();
  return (
    <figure className="card reports-chart" aria-labelledby={`${id}-t`} aria-describedby={`${id}-s`}>
      <figcaption>
        <h3 id={`${id}-t`}>{title}</h3>
        <p id={`${id}-s`} className="muted muted--small">
          {summary}
        </p>
      </figcaption>
      <div className="reports-chart__plot" aria-hidden="true">
        <ResponsiveContainer width="100%" height={220}>
          {children}
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

function Breakdown({ title, column, rows, empty, testId, days = false }: { title: string; column: MessageKey; rows: ReportRow[]; empty: string; testId: string; days?: boolean }) {
  const id = useId();
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby={`${id}-t`}>
      <h3 id={`${id}-t`}>{title}</h3>
      {rows.length === 0 ? (
        <p className="page__empty">{empty}</p>
      ) : (
        // Scrolls sideways on a narrow window: focusable, so the keyboard can scroll it too.
        <div className="table-wrap" tabIndex={0} role="group" aria-labelledby={`${id}-t`}>
          <table className="table reports-table" data-testid={testId}>
            <thead>
              <tr>
                <th scope="col">{t(column)}</th>
                <th scope="col">{t('reports.chats')}</th>
                <th scope="col">{t('reports.unanswered')}</th>
                <th scope="col">{t('reports.wait')}</th>
                <th scope="col">{t('reports.firstResponse')}</th>
                <th scope="col">{t('reports.handling')}</th>
                <th scope="col">{t('reports.rating')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key} data-key={row.key}>
                  <th scope="row">{days ? formatDay(row.key) : row.label}</th>
                  <td>{formatCount(row.chats)}</td>
                  <td>{formatCount(row.unanswered)}</td>
                  <td>{formatSeconds(row.avgWaitSec)}</td>
                  <td>{formatSeconds(row.avgFirstResponseSec)}</td>
                  <td>{formatSeconds(row.avgHandlingSec)}</td>
                  <td>
                    {formatRating(row.avgRating)}
                    {row.ratings ? <span className="muted"> ({formatCount(row.ratings)})</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function LowRatings({ report: r }: { report: ReportSummary }) {
  const setView = useDeskView((s) => s.setView);
  const { t } = useTranslation();
  const openTranscript = (conversationId: string) => {
    setView('transcripts');
    void useTranscripts.getState().open(conversationId);
  };
  return (
    <section className="card" aria-labelledby="low-ratings-title">
      <h3 id="low-ratings-title">{t('reports.low.title')}</h3>
      {r.lowRatings.length === 0 ? (
        <p className="page__empty">{t('reports.low.none')}</p>
      ) : (
        <ul className="stack" data-testid="low-ratings">
          {r.lowRatings.map((l) => (
            <li key={l.conversationId} className="box low-rating" data-testid="low-rating" data-conversation-id={l.conversationId}>
              <div className="low-rating__head">
                <span className="low-rating__score" aria-label={t('reports.low.score', { score: formatCount(l.score) })}>
                  {'★'.repeat(l.score)}
                  <span aria-hidden="true" className="low-rating__rest">
                    {'★'.repeat(5 - l.score)}
                  </span>
                </span>
                <strong>{l.customerName}</strong>
                <span className="muted">
                  {l.agentName ? t('reports.low.with', { name: l.agentName }) : t('reports.low.noAgent')} · {formatStamp(l.ratedAt)}
                </span>
              </div>
              {l.comment ? <blockquote className="low-rating__comment">{l.comment}</blockquote> : null}
              <button type="button" className="btn btn--small" onClick={() => openTranscript(l.conversationId)}>
                {t('reports.low.open')}
                <span className="visually-hidden"> {t('reports.low.openWhich', { name: l.customerName })}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
