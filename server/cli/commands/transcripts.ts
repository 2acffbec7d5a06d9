import { ExportFormat } from '../../../shared/protocol/transcripts';
import { maskCardNumbers } from '../../../shared/domain/cardMask';
import { isOpenStatus, type CaseStatus } from '../../../shared/domain/cases';
import { auditEvent, conversationSubject, operatorActor, recordAudit } from '../../audit/record';
import { deskBrands } from '../../brands';
import { systemClock } from '../../clock';
import { newId } from '../../ids';
import type { StoreApi } from '../../store/api';
import type { TranscriptListing } from '../../store/transcripts';
import { importTranscripts } from '../../transcripts/importer';
import { catchUpWordCounts } from '../../store/pg/wordCounts';
import { loadTranscriptDoc, renderTranscript } from '../../transcripts/render';
import { required, type Command } from '../command';
import { withDesk } from '../desk';
import { CliError, outputFile } from '../io';

export const transcriptsCommand: Command = {
  name: 'transcripts',
  usage: [
    'transcripts import FILE.jsonl [--now ISO] [--json]',
    '                                      import transcripts (docs/TRANSCRIPT-IMPORT.md); skips what is already',
    '                                      past its purge date as of --now, refuses end times after it',
    'transcripts export ID --format json|html|pdf|txt [--out FILE]',
    '                                      one transcript, to stdout or FILE (pdf needs --out)',
    'transcripts list [--json]             every transcript with its purge date, and what keeps an overdue one',
    'transcripts hold ID --reason TEXT     place a legal hold (retention and erasure wait for it)',
    'transcripts release ID --reason TEXT  release it (what was due goes at the next retention run)',
    '                                      import, list, hold and release take --now ISO (the time to judge by)',
  ],
  options: { format: { type: 'string' }, out: { type: 'string' }, now: { type: 'string' }, reason: { type: 'string' } },
  async run([sub, arg], o, io) {
    if (sub === 'import') {
      if (!arg) throw new CliError('usage: caredesk transcripts import FILE.jsonl');
      return withDesk(
        o,
        async ({ api, sqlite, pool, clock, config }) => {
        const s = await importTranscripts({ store: api, clock, auditClock: systemClock, policy: config.policy, brands: deskBrands(config).map((b) => b.id), actor: operatorActor() }, arg).catch((e: NodeJS.ErrnoException) => {
          throw e.code === 'ENOENT' || e.code === 'EISDIR' || e.code === 'EACCES' ? new CliError(`cannot read ${arg}: ${e.message}`) : e;
        });
        // Indexed here, a batch per transaction, so a running hub's next search does not stop to index
        // the whole import (on PostgreSQL: its words counted, migration 10).
        const batch = config.settings.searchIndexBatch;
        if (sqlite) while (sqlite.searchIndex.indexPending(batch) > 0);
        else if (pool) while ((await catchUpWordCounts(pool, batch, false)) > 0);
        if (o.json) io.out(JSON.stringify(s));
        else {
          io.out(`Imported ${s.imported} transcript(s) from ${s.lines} line(s): ${s.duplicates} already here, ${s.expired} past their purge date (skipped), ${s.errors.length} bad line(s).`);
          if (s.notesSkipped) io.out(`${s.notesSkipped} private note(s) were not imported.`);
        }
        for (const e of s.errors) io.err(`${arg}:${e.line}: ${e.message} (nothing from this line was stored)`);
        return s.errors.length > 0 ? 1 : 0;
        },
        { create: true },
      );
    }
    if (sub === 'export') {
      if (!arg) throw new CliError('usage: caredesk transcripts export ID --format json|html|pdf|txt [--out FILE]');
      const format = ExportFormat.safeParse(o.format);
      if (!format.success) throw new CliError('--format must be one of json, html, pdf, txt');
      if (format.data === 'pdf' && typeof o.out !== 'string') throw new CliError('a PDF needs --out FILE');
      return withDesk(o, async ({ api, clock, config }) => {
        // An export is a customer's whole chat: readable by this account only.
        const file = typeof o.out === 'string' ? outputFile(o.out) : null;
        const doc = await loadTranscriptDoc(api, config.settings, arg, clock.now());
        const r = await renderTranscript(doc, format.data, { fontFile: config.settings.pdfFontFile });
        await recordAudit(api, clock, operatorActor(), 'transcript.export', conversationSubject(arg), { format: format.data, out: file !== null });
        if (file) {
          file.write(r.body);
          io.err(`Wrote ${r.body.length} bytes to ${o.out}`);
        } else io.out(r.body.toString('utf8').replace(/\n$/, ''));
        return 0;
      });
    }
    if (sub === 'list') {
      return withDesk(o, async ({ api, clock }) => {
        const now = clock.now().toISOString();
        const all = await Promise.all((await api.transcripts.list()).map(async (t) => ({ ...t, ...(await keptBy(api, t, now)) })));
        // The event at the real time, whatever --now judged by: the log stays in time order.
        await recordAudit(api, systemClock, operatorActor(), 'transcripts.list', null, { count: all.length });
        if (o.json) io.out(JSON.stringify(all));
        else if (all.length === 0) io.out('No transcripts.');
        else
          for (const t of all) {
            const held = t.held ? '  ON HOLD' : '';
            io.out(`${t.id}  ${t.status.padEnd(7)} ${t.createdAt.slice(0, 10)}  purge ${t.purgeAt?.slice(0, 10) ?? '-         '}  ${t.messageCount} msg  ${t.customer.name} <${t.customer.email}>${held}`);
            if (t.overdue && t.keptBy) {
              const why = [t.keptBy.legalHold ? `a legal hold (${t.keptBy.legalHold.reason})` : null, ...t.keptBy.openCases.map((c) => `open case ${c}`)].filter(Boolean);
              io.out(why.length ? `    overdue, kept by ${why.join(' and ')}` : '    overdue: goes at the next retention run');
            }
          }
        return 0;
      });
    }
    if (sub === 'hold' || sub === 'release') {
      if (!arg) throw new CliError(`usage: caredesk transcripts ${sub} ID --reason TEXT`);
      const reason = required(o, 'reason').trim();
      if (!reason) throw new CliError('--reason is empty');
      return withDesk(o, async ({ api, clock }) => {
        if (!(await api.conversations.get(arg))) throw new CliError(`no such transcript: ${arg}`);
        const actor = operatorActor();
        const at = clock.now().toISOString();
        await api.write(async (tx) => {
          if (sub === 'hold') {
            if (!(await tx.transcripts.placeHold({ id: newId('h'), conversationId: arg, placedBy: null, operator: actor.id ?? 'unknown', placedAt: at, reason }))) {
              throw new CliError(`${arg} is already on legal hold`);
            }
          } else if (!(await tx.transcripts.releaseHold(arg, null, at, { operator: actor.id ?? 'unknown', reason }))) {
            throw new CliError(`${arg} is not on legal hold`);
          }
          await tx.audit.append(auditEvent(systemClock, actor, sub === 'hold' ? 'transcript.hold' : 'transcript.release', conversationSubject(arg), { reasonDigest: tx.audit.digest(maskCardNumbers(reason)) }));
        });
        io.out(sub === 'hold' ? `${arg} is on legal hold.` : `Released the hold on ${arg}; what is due goes at the next retention run.`);
        return 0;
      });
    }
    throw new CliError(`unknown transcripts command: ${sub ?? '(none)'}; use import, export, list, hold or release`);
  },
};

/** For a transcript past its purge date: what keeps it (a legal hold, open cases by number). */
async function keptBy(api: StoreApi, t: TranscriptListing, now: string): Promise<{ overdue: boolean; keptBy: { legalHold: { reason: string; placedAt: string } | null; openCases: string[] } | null }> {
  const overdue = t.purgeAt !== null && t.purgeAt <= now;
  if (!overdue) return { overdue, keptBy: null };
  const hold = await api.transcripts.hold(t.id);
  const openCases = (await Promise.all((await api.privacy.casesOfConversation(t.id)).map((id) => api.cases.get(id))))
    .filter((c) => c !== undefined && isOpenStatus(c.status as CaseStatus))
    .map((c) => c!.number ?? c!.id);
  return { overdue, keptBy: { legalHold: hold ? { reason: hold.reason, placedAt: hold.placedAt } : null, openCases } };
}
