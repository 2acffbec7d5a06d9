// Ratings and supervisors' reports (issue 9). The customer rates their own ended chat; supervisors
// read chats, waiting, first-response and handling times and satisfaction per day (in the desk's
// time zone, policy.hours.timeZone), agent and brand, with the low ratings to open in Transcripts.
import { maskCardNumbers } from '../../shared/domain/cardMask';
import { nextDay, zonedDay, zonedDayStart } from '../../shared/domain/hours';
import { DAY_MS } from '../../shared/domain/time';
import { DeskError } from '../../shared/protocol/errors';
import type { ChatRate, LowRating, Rating, ReportQuery, ReportRow, ReportSummary } from '../../shared/protocol/reports';
import type { StaffUser } from '../../shared/protocol/schemas';
import type { CustomerIdentity } from '../auth/widget';
import { deskBrands, requireBrand } from '../brands';
import type { ChatService } from '../chat/chatService';
import type { Clock } from '../clock';
import type { HubConfig } from '../config';
import type { ChatFacts } from '../store/reports';
import type { StoreApi } from '../store/api';
import { requireReviewer } from '../transcripts/access';


/** Seconds between two instants, or null when either is missing or they are out of order. */
function seconds(from: string | null, to: string | null): number | null {
  if (!from || !to) return null;
  const d = Date.parse(to) - Date.parse(from);
  return Number.isFinite(d) && d >= 0 ? d / 1000 : null;
}

/** The measures of one chat, as docs/PROTOCOL.md ("Reports") defines them. */
export function chatMeasures(f: ChatFacts): { wait: number | null; firstResponse: number | null; handling: number | null; unanswered: boolean } {
  const taken = f.firstAssignedAt ?? f.firstAgentAt;
  const askedAt = f.firstCustomerAt && f.firstAgentAt && f.firstCustomerAt < f.firstAgentAt ? f.firstCustomerAt : f.createdAt;
  return {
    wait: seconds(f.createdAt, taken),
    firstResponse: seconds(askedAt, f.firstAgentAt),
    handling: f.status === 'ended' ? seconds(taken, f.endedAt) : null,
    unanswered: f.status === 'ended' && !taken,
  };
}

class Tally {
  chats = 0;
  unanswered = 0;
  private sums = { wait: [0, 0], firstResponse: [0, 0], handling: [0, 0], rating: [0, 0] };
  constructor(
    readonly key: string,
    public label: string,
  ) {}
  add(f: ChatFacts): void {
    const m = chatMeasures(f);
    this.chats += 1;
    if (m.unanswered) this.unanswered += 1;
    const put = (k: keyof Tally['sums'], v: number | null) => {
      if (v === null) return;
      this.sums[k][0]! += v;
      this.sums[k][1]! += 1;
    };
    put('wait', m.wait);
    put('firstResponse', m.firstResponse);
    put('handling', m.handling);
    put('rating', f.score);
  }
  row(): ReportRow {
    const avg = (k: keyof Tally['sums'], digits: number) => {
      const [sum, n] = this.sums[k] as [number, number];
      return n ? Math.round((sum / n) * 10 ** digits) / 10 ** digits : null;
    };
    return {
      key: this.key,
      label: this.label,
      chats: this.chats,
      unanswered: this.unanswered,
      avgWaitSec: avg('wait', 0),
      avgFirstResponseSec: avg('firstResponse', 0),
      avgHandlingSec: avg('handling', 0),
      ratings: this.sums.rating[1]!,
      avgRating: avg('rating', 2),
    };
  }
}

export function reportsService(deps: { store: StoreApi; clock: Clock; config: HubConfig; chat: ChatService }) {
  const { store, clock, config, chat } = deps;

  return {
    async rate(identity: CustomerIdentity, p: ChatRate): Promise<Rating> {
      const c = await chat.visible({ kind: 'customer', identity }, p.conversationId);
      if (c.status !== 'ended') throw new DeskError('conflict', 'A chat can be rated once it has ended.');
      const comment = p.comment ? maskCardNumbers(p.comment) : null;
      return store.writeCalls((tx) => tx.reports.rate({ conversationId: c.id, score: p.score, comment, createdAt: clock.now().toISOString() }));
    },

    async summary(user: StaffUser, q: ReportQuery): Promise<ReportSummary> {
      requireReviewer(user);
      const { settings } = config;
      const timeZone = config.policy.hours.timeZone;
      const brandId = q.brandId ? requireBrand(config, q.brandId) : null;
      const from = zonedDayStart(q.from, timeZone);
      const to = zonedDayStart(nextDay(q.to), timeZone);
      const days = Math.round((Date.parse(`${q.to}T00:00:00Z`) - Date.parse(`${q.from}T00:00:00Z`)) / DAY_MS) + 1;
      if (days > settings.reportMaxDays) throw new DeskError('too_large', `A report covers at most ${settings.reportMaxDays} days; choose a shorter range.`);
      const facts = await store.reports.facts(from.toISOString(), to.toISOString(), brandId);

      const totals = new Tally('all', 'All chats');
      const byDay = new Map<string, Tally>();
      for (let d = q.from; d <= q.to; d = nextDay(d)) byDay.set(d, new Tally(d, d));
      const byAgent = new Map<string, Tally>();
      const brandNames = new Map(deskBrands(config).map((b) => [b.id, b.name]));
      const byBrand = new Map<string, Tally>();
      const low: LowRating[] = [];
      for (const f of facts) {
        totals.add(f);
        byDay.get(zonedDay(new Date(f.createdAt), timeZone))?.add(f);
        if (f.agentId) {
          const t = byAgent.get(f.agentId) ?? new Tally(f.agentId, f.agentName ?? 'A former agent');
          byAgent.set(f.agentId, t);
          t.add(f);
        }
        const b = byBrand.get(f.brandId) ?? new Tally(f.brandId, brandNames.get(f.brandId) ?? f.brandId);
        byBrand.set(f.brandId, b);
        b.add(f);
        if (f.score !== null && f.score <= settings.reportLowRatingMax) {
          low.push({ conversationId: f.id, customerName: f.customerName, agentName: f.agentName, brandId: f.brandId, score: f.score, comment: f.comment, ratedAt: f.ratedAt! });
        }
      }
      low.sort((a, b) => b.ratedAt.localeCompare(a.ratedAt));
      const byLabel = (a: ReportRow, b: ReportRow) => a.label.localeCompare(b.label);
      return {
        from: q.from,
        to: q.to,
        timeZone,
        brandId,
        totals: totals.row(),
        byDay: [...byDay.values()].map((t) => t.row()),
        byAgent: [...byAgent.values()].map((t) => t.row()).sort(byLabel),
        byBrand: [...byBrand.values()].map((t) => t.row()).sort(byLabel),
        lowRatings: low.slice(0, settings.reportLowRatingsMax),
      };
    },
  };
}
export type ReportsService = ReturnType<typeof reportsService>;
