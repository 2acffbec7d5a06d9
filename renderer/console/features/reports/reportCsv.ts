// A report as CSV (issue 9): one table, a "by" column saying which breakdown each row belongs to,
// so a spreadsheet can filter it. RFC 4180 quoting; a leading = + - @ is defused, so a customer's
// name cannot become a formula in the spreadsheet that opens it.
import type { ReportRow, ReportSummary } from '../../../../shared/protocol/reports';

const HEADER = ['by', 'key', 'label', 'chats', 'unanswered', 'avg_wait_s', 'avg_first_response_s', 'avg_handling_s', 'ratings', 'avg_rating'];

export function csvCell(v: string | number | null): string {
  if (v === null) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const line = (by: string, r: ReportRow) =>
  [by, r.key, r.label, r.chats, r.unanswered, r.avgWaitSec, r.avgFirstResponseSec, r.avgHandlingSec, r.ratings, r.avgRating].map(csvCell).join(',');

export function reportCsv(r: ReportSummary): string {
  const rows = [HEADER.join(','), line('total', r.totals), ...r.byDay.map((x) => line('day', x)), ...r.byAgent.map((x) => line('agent', x)), ...r.byBrand.map((x) => line('brand', x))];
  return `${rows.join('\r\n')}\r\n`;
}

export const reportFileName = (r: ReportSummary) => `care-desk-report-${r.from}-to-${r.to}${r.brandId ? `-${r.brandId}` : ''}.csv`;
