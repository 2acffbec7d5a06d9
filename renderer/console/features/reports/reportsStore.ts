// Reports (issue 9): the range and brand asked for, and the hub's answer.
import { create } from 'zustand';
import type { ReportSummary } from '../../../../shared/protocol/reports';
import { errorMessage } from '../../../common/ack';
import { getLink } from '../../desk/linkRef';

export interface ReportFilters {
  from: string;
  to: string;
  brandId: string;
}

interface ReportsState {
  filters: ReportFilters;
  report: ReportSummary | null;
  loading: boolean;
  error: string | null;
  setFilters(patch: Partial<ReportFilters>): void;
  load(): Promise<void>;
  reset(): void;
}

const day = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** The last 14 days, today included. */
export function defaultFilters(now = new Date()): ReportFilters {
  const from = new Date(now);
  from.setDate(from.getDate() - 13);
  return { from: day(from), to: day(now), brandId: '' };
}

export const useReports = create<ReportsState>()((set, get) => ({
  filters: defaultFilters(),
  report: null,
  loading: false,
  error: null,
  setFilters: (patch) => set((s) => ({ filters: { ...s.filters, ...patch } })),
  async load() {
    const { from, to, brandId } = get().filters;
    set({ loading: true, error: null });
    try {
      const report = await getLink().reports.summary({ from, to, ...(brandId ? { brandId } : {}) });
      set({ report, loading: false });
    } catch (e) {
      set({ loading: false, error: errorMessage(e) });
    }
  },
  reset: () => set({ filters: defaultFilters(), report: null, loading: false, error: null }),
}));
