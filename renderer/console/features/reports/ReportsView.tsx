// "Reports" in the top bar (supervisors and admins, issue 9): chats, waiting, first-response and
// handling times and satisfaction per day, agent and brand, for a range of days in the desk's time
// zone; as charts (recharts) with the same figures in tables, and as CSV. A low rating opens its
// chat in Transcripts.
import { useEffect, useId, type FormEvent, type ReactElement } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ReportRow, ReportSummary } from '../../../../shared/protocol/reports';
import { FormError } from '../../../common/FormError';
import { bridge } from '../../bridge';
import { useDeskView } from '../../desk/deskView';
import { useFocusOn } from '../cases/useFocusOn';
import { useConnection } from '../connection/connectionStore';
import { useTranscripts } from '../transcripts/transcriptsStore';
import { reportCsv, reportFileName } from './reportCsv';
import { useReports } from './reportsStore';
import './reports.css';

/** "45 s", "3 min 05 s", "1 h 02 min"; "—" when nothing was measured. */
export function formatSeconds(s: number | null): string {
  if (s === null) return '—';
  const n = Math.round(s);
  if (n < 60) return `${n} s`;
  const m = Math.floor(n / 60);
  if (m < 60) return `${m} min ${String(n % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}
const formatRating = (r: number | null) => (r === null ? '—' : `${r.toFixed(1)} / 5`);
const shortDay = (key: string) => key.slice(5);

export function ReportsView() {
  const heading = useFocusOn<HTMLHeadingElement>('reports');
  const report = useReports((s) => s.report);
  const loading = useReports((s) => s.loading);
  const error = useReports((s) => s.error);
  const load = useReports((s) => s.load);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section className="page page--controls reports-page" aria-labelledby="reports-title" aria-busy={loading}>
      <div className="page__head">
        <h2 id="reports-title" ref={heading} tabIndex={-1}>
          Reports
        </h2>
        <p className="page__lead">How the desk is doing: chats, how long customers wait and how they rate us. Days are the desk’s own ({report?.timeZone ?? 'its time zone'}).</p>
      </div>
      <Filters />
      <FormError error={error} />
      {loading && !report ? <p className="muted">Loading the report…</p> : null}
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
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void load();
  };
  return (
    <form className="reports-filters card" onSubmit={submit} aria-label="Report range">
      <div className="compact-field">
        <label htmlFor={`${ids}-from`}>From</label>
        <input id={`${ids}-from`} type="date" value={filters.from} max={filters.to} required onChange={(e) => setFilters({ from: e.target.value })} />
      </div>
      <div className="compact-field">
        <label htmlFor={`${ids}-to`}>To</label>
        <input id={`${ids}-to`} type="date" value={filters.to} min={filters.from} required onChange={(e) => setFilters({ to: e.target.value })} />
      </div>
      <div className="compact-field">
        <label htmlFor={`${ids}-brand`}>Brand</label>
        <select id={`${ids}-brand`} value={filters.brandId} onChange={(e) => setFilters({ brandId: e.target.value })}>
          <option value="">Every brand</option>
          {brands.map((b) => (
            <option key={b.id} value={b.id}>
              {b.name}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="btn btn--primary" disabled={loading}>
        {loading ? 'Loading…' : 'Show'}
      </button>
      <button
        type="button"
        className="btn"
        disabled={!report}
        data-testid="report-csv"
        onClick={() => report && void bridge.saveFile(reportFileName(report), reportCsv(report), { mime: 'text/csv' })}
      >
        Download CSV
      </button>
    </form>
  );
}

function Report({ report: r }: { report: ReportSummary }) {
  const t = r.totals;
  return (
    <>
      <dl className="reports-totals" data-testid="report-totals">
        <Tile label="Chats" value={String(t.chats)} />
        <Tile label="Unanswered" value={String(t.unanswered)} />
        <Tile label="Average wait" value={formatSeconds(t.avgWaitSec)} />
        <Tile label="First response" value={formatSeconds(t.avgFirstResponseSec)} />
        <Tile label="Handling time" value={formatSeconds(t.avgHandlingSec)} />
        <Tile label="Satisfaction" value={`${formatRating(t.avgRating)}${t.ratings ? ` (${t.ratings})` : ''}`} testId="report-satisfaction" />
      </dl>
      <div className="reports-charts">
        <ChartCard title="Chats per day" summary={`${t.chats} chats, ${t.unanswered} unanswered`}>
          <BarChart accessibilityLayer={false} data={r.byDay} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="key" tickFormatter={shortDay} />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Legend />
            <Bar dataKey="chats" name="Chats" fill="#1e4a72" isAnimationActive={false} />
            <Bar dataKey="unanswered" name="Unanswered" fill="#a4262c" isAnimationActive={false} />
          </BarChart>
        </ChartCard>
        <ChartCard title="Times per day (seconds)" summary={`Average wait ${formatSeconds(t.avgWaitSec)}, first response ${formatSeconds(t.avgFirstResponseSec)}, handling ${formatSeconds(t.avgHandlingSec)}`}>
          <LineChart accessibilityLayer={false} data={r.byDay} margin={{ top: 8, right: 8, bottom: 0, left: -8 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="key" tickFormatter={shortDay} />
            <YAxis />
            <Tooltip formatter={(v) => formatSeconds(typeof v === 'number' ? v : null)} />
            <Legend />
            <Line dataKey="avgWaitSec" name="Wait" stroke="#7f4c00" connectNulls isAnimationActive={false} />
            <Line dataKey="avgFirstResponseSec" name="First response" stroke="#1e4a72" connectNulls isAnimationActive={false} />
            <Line dataKey="avgHandlingSec" name="Handling" stroke="#1d6537" connectNulls isAnimationActive={false} />
          </LineChart>
        </ChartCard>
        <ChartCard title="Satisfaction per day" summary={`Average ${formatRating(t.avgRating)} from ${t.ratings} ratings`}>
          <LineChart accessibilityLayer={false} data={r.byDay} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="key" tickFormatter={shortDay} />
            <YAxis domain={[1, 5]} ticks={[1, 2, 3, 4, 5]} />
            <Tooltip />
            <Line dataKey="avgRating" name="Average rating" stroke="#1e4a72" connectNulls isAnimationActive={false} />
          </LineChart>
        </ChartCard>
      </div>
      <div className="reports-tables">
        <Breakdown title="Per agent" rows={r.byAgent} empty="No chat was handled in this range." testId="report-agents" />
        <Breakdown title="Per brand" rows={r.byBrand} empty="No chat in this range." testId="report-brands" />
        <Breakdown title="Per day" rows={r.byDay} empty="" testId="report-days" />
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

function Breakdown({ title, rows, empty, testId }: { title: string; rows: ReportRow[]; empty: string; testId: string }) {
  const id = useId();
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
                <th scope="col">{title.replace('Per ', '').replace(/^./, (c) => c.toUpperCase())}</th>
                <th scope="col">Chats</th>
                <th scope="col">Unanswered</th>
                <th scope="col">Wait</th>
                <th scope="col">First response</th>
                <th scope="col">Handling</th>
                <th scope="col">Rating</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key} data-key={row.key}>
                  <th scope="row">{row.label}</th>
                  <td>{row.chats}</td>
                  <td>{row.unanswered}</td>
                  <td>{formatSeconds(row.avgWaitSec)}</td>
                  <td>{formatSeconds(row.avgFirstResponseSec)}</td>
                  <td>{formatSeconds(row.avgHandlingSec)}</td>
                  <td>
                    {formatRating(row.avgRating)}
                    {row.ratings ? <span className="muted"> ({row.ratings})</span> : null}
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
  const openTranscript = (conversationId: string) => {
    setView('transcripts');
    void useTranscripts.getState().open(conversationId);
  };
  return (
    <section className="card" aria-labelledby="low-ratings-title">
      <h3 id="low-ratings-title">Low ratings</h3>
      {r.lowRatings.length === 0 ? (
        <p className="page__empty">No low rating in this range.</p>
      ) : (
        <ul className="stack" data-testid="low-ratings">
          {r.lowRatings.map((l) => (
            <li key={l.conversationId} className="box low-rating" data-testid="low-rating" data-conversation-id={l.conversationId}>
              <div className="low-rating__head">
                <span className="low-rating__score" aria-label={`${l.score} of 5`}>
                  {'★'.repeat(l.score)}
                  <span aria-hidden="true" className="low-rating__rest">
                    {'★'.repeat(5 - l.score)}
                  </span>
                </span>
                <strong>{l.customerName}</strong>
                <span className="muted">
                  {l.agentName ? `with ${l.agentName}` : 'no agent'} · {new Date(l.ratedAt).toLocaleString()}
                </span>
              </div>
              {l.comment ? <blockquote className="low-rating__comment">{l.comment}</blockquote> : null}
              <button type="button" className="btn btn--small" onClick={() => openTranscript(l.conversationId)}>
                Open in Transcripts<span className="visually-hidden"> the chat with {l.customerName}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
