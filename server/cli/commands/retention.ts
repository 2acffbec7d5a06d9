// `caredesk retention …`: what each kind of data is kept for and when it next goes (list), and a
// run now or "as of" another time (run). A run as of a later time than the real clock deletes what
// is not yet due, so it needs --yes; its audit events carry the real time, the simulated one
// beside it, so the log stays in time order.
import { purgeAt } from '../../../shared/domain/retention';
import { operatorActor } from '../../audit/record';
import { systemClock } from '../../clock';
import { orphanCustomers, runRetention } from '../../retention/run';
import { deskPrivacy } from './privacy';
import { type Command } from '../command';
import { onOneHub, RETENTION_LOCK } from '../../store/pg/locks';
import { deskFiles, withDesk } from '../desk';
import { CliError } from '../io';

/** A --now this far past the real clock counts as "later" (a script's own clock may drift a little). */
const CLOCK_SLACK_MS = 60_000;

export const retentionCommand: Command = {
  name: 'retention',
  usage: [
    'retention list [--json]               every kind of data: how long it is kept and its next purge',
    'retention run [--now ISO] [--dry-run] [--yes] [--json]',
    '                                      purge what is due (as of --now), print what went; --dry-run only counts;',
    '                                      a --now later than the real clock needs --yes',
  ],
  options: { now: { type: 'string' }, 'dry-run': { type: 'boolean' }, yes: { type: 'boolean' } },
  async run([sub], o, io) {
    if (sub === 'list') return list(o.json === true, o, io);
    if (sub !== 'run') throw new CliError('usage: caredesk retention list|run [--now ISO] [--dry-run] [--yes] [--json]');
    const dryRun = o['dry-run'] === true;
    return withDesk(o, async (d) => {
      const { clock, config } = d;
      const simulated = typeof o.now === 'string';
      if (simulated && !dryRun && clock.now().getTime() > systemClock.now().getTime() + CLOCK_SLACK_MS && o.yes !== true) {
        throw new CliError(`--now ${o.now} is later than the real clock (${systemClock.now().toISOString()}): this deletes data before it is due. Add --yes to go ahead, or --dry-run to see what would go.`);
      }
      const files = deskFiles(d);
      const privacy = deskPrivacy(d, io);
      // On PostgreSQL, not while a hub of the cluster is purging: the hubs' own lock.
      const r = await onOneHub(d.pool, RETENTION_LOCK, () => runRetention(
        {
          ...files,
          clock,
          policy: () => config.policy.retention,
          actor: operatorActor(),
          auditClock: simulated ? systemClock : undefined,
          settleErasures: () => privacy.settleErasures(),
          log: (_l, msg, extra) => io.err(`${msg} ${JSON.stringify(extra ?? {})}`),
        },
        { dryRun },
      ));
      if (!r) throw new CliError('a hub of this desk is running the retention purge right now; run this again when it is done');
      if (o.json) {
        io.out(JSON.stringify(r));
      } else {
        const verb = dryRun ? 'Would purge' : 'Purged';
        io.out(
          `${verb} ${r.conversations.length} transcript(s) due by ${r.now}: ${r.messages} message(s), ${r.attachments} attachment(s)${dryRun ? '' : ` (${r.attachmentFiles} file(s)), ${r.tags} tag(s), ${r.comments} comment(s), ${r.copies} copy record(s)`}.`,
        );
        for (const id of r.conversations) io.out(`  ${id}`);
        const x = r.other;
        io.out(
          `${verb} ${x.tickets} ticket(s)${dryRun ? '' : ` (${x.ticketAttachmentFiles} attachment file(s))`}, ${x.cases} case(s)${dryRun ? '' : ` (${x.casePhotos} photo(s), ${x.orders} order(s))`}, ${x.widgetSessions} widget session(s), ${x.customers} customer record(s), ` +
            `${x.privacyRequests} privacy request record(s), ${x.childErasureRecords} child-erasure record(s), ${x.auditEvents} audit event(s).`,
        );
        if (r.chatsEnded.length) io.out(`${dryRun ? 'Would end' : 'Ended'} ${r.chatsEnded.length} chat(s) nobody ended (the customer had gone).`);
        io.out(`Kept: ${r.heldByLegalHold} on legal hold, ${r.heldByOpenCase} linked to an open case, ${r.heldOpenCases} case(s) still open.`);
        if (r.backfilled) io.out(`Gave ${r.backfilled} older ended transcript(s) their purge date.`);
        for (const ref of r.erasuresCompleted) io.out(`Erasure ${ref} is now complete.`);
      }
      if (r.failed.length) io.err(`Could not purge ${r.failed.length} transcript(s): ${r.failed.join(', ')} (the next run retries them)`);
      return r.failed.length ? 1 : 0;
    });
  },
};

async function list(json: boolean, o: Parameters<Command['run']>[1], io: Parameters<Command['run']>[2]): Promise<number> {
  return withDesk(o, async ({ api, clock, config }) => {
    const p = config.policy.retention;
    const n = await api.privacy.nextPurges();
    // Tickets and cases closed since the last run are dated by the next one (closed + the months):
    // listed with that date now, without writing (a list beside a running hub changes nothing).
    const earliest = (dated: { at: string | null; n: number }, undated: { at: string | null; n: number }, months: number) => {
      const pending = undated.at ? purgeAt(new Date(undated.at), months).toISOString() : null;
      const at = [dated.at, pending].filter((x): x is string => x !== null).sort()[0] ?? null;
      return { at, n: dated.n + undated.n };
    };
    const tickets = earliest(n.tickets, n.undatedTickets, p.ticketMonths);
    const cases = earliest(n.cases, n.undatedCases, p.caseMonths);
    const t = await api.privacy.nextTranscriptPurge();
    // Whether any is due now: the first one found is enough.
    const orphans = !(await orphanCustomers(api).next()).done;
    const audit = n.audit.at ? purgeAt(new Date(n.audit.at), p.auditMonths).toISOString() : null;
    const kinds = [
      { kind: 'transcripts', keptUntil: `chat ended + ${p.transcriptMonths} months`, nextPurgeAt: t.at, rows: t.n },
      { kind: 'abandonedChats', keptUntil: `ends by itself ${Math.round(p.chatIdleEndMs / 60_000)} minutes after the customer left`, nextPurgeAt: null, rows: (await api.privacy.openChats()).length },
      { kind: 'tickets', keptUntil: `closed (solved) + ${p.ticketMonths} months`, nextPurgeAt: tickets.at, rows: tickets.n },
      { kind: 'cases', keptUntil: `closed + ${p.caseMonths} months`, nextPurgeAt: cases.at, rows: cases.n },
      { kind: 'customers', keptUntil: 'nothing refers to the record any more', nextPurgeAt: orphans ? clock.now().toISOString() : null, rows: await api.privacy.customerCount() },
      { kind: 'widgetSessions', keptUntil: 'its expiry', nextPurgeAt: n.widgetSessions.at, rows: n.widgetSessions.n },
      { kind: 'privacyRequests', keptUntil: `closed + ${p.privacyRequestMonths} months`, nextPurgeAt: n.privacyRequests.at, rows: n.privacyRequests.n },
      { kind: 'auditEvents', keptUntil: `written + ${p.auditMonths} months`, nextPurgeAt: audit, rows: n.audit.n },
    ];
    if (json) io.out(JSON.stringify(kinds));
    else for (const k of kinds) io.out(`${k.kind.padEnd(16)} ${String(k.rows).padStart(7)} row(s)  next purge ${k.nextPurgeAt ?? '-'.padEnd(24)}  (kept until ${k.keptUntil})`);
    return 0;
  });
}
