import { describe, expect, it } from 'vitest';
import type { ReportRow, ReportSummary } from '../../shared/protocol/reports';
import { csvCell, reportCsv, reportFileName } from '../../renderer/console/features/reports/reportCsv';

const row = (key: string, label: string, extra: Partial<ReportRow> = {}): ReportRow => ({
  key,
  label,
  chats: 2,
  unanswered: 0,
  avgWaitSec: 90,
  avgFirstResponseSec: 95,
  avgHandlingSec: null,
  ratings: 1,
  avgRating: 4.5,
  ...extra,
});

describe('report CSV', () => {
  it('one table: the totals, then each day, agent and brand, with empty cells for what was not measured', () => {
    const r: ReportSummary = {
      from: '2026-03-01',
      to: '2026-03-02',
      timeZone: 'America/New_York',
      brandId: null,
      totals: row('all', 'All chats'),
      byDay: [row('2026-03-01', '2026-03-01', { chats: 0, avgWaitSec: null, avgFirstResponseSec: null, ratings: 0, avgRating: null })],
      byAgent: [row('u_1', 'Ann "the best", Agent')],
      byBrand: [row('luxe', '=HYPERLINK("x")')],
      lowRatings: [],
    };
    expect(reportCsv(r).split('\r\n')).toEqual([
      'by,key,label,chats,unanswered,avg_wait_s,avg_first_response_s,avg_handling_s,ratings,avg_rating',
      'total,all,All chats,2,0,90,95,,1,4.5',
      'day,2026-03-01,2026-03-01,0,0,,,,0,',
      'agent,u_1,"Ann ""the best"", Agent",2,0,90,95,,1,4.5',
      `brand,luxe,"'=HYPERLINK(""x"")",2,0,90,95,,1,4.5`,
      '',
    ]);
    expect(reportFileName(r)).toBe('care-desk-report-2026-03-01-to-2026-03-02.csv');
  });

  it('quotes line breaks and defuses formulas', () => {
    expect(csvCell('a\nb')).toBe('"a\nb"');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell(-1)).toBe('-1');
  });
});
