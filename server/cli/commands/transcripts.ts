import { writeFileSync } from 'node:fs';
import { ExportFormat } from '../../../shared/protocol/transcripts';
import { conversationSubject, operatorActor, recordAudit } from '../../audit/record';
import { importTranscripts } from '../../transcripts/importer';
import { loadTranscriptDoc, renderTranscript } from '../../transcripts/render';
import { type Command } from '../command';
import { withDesk } from '../desk';
import { CliError } from '../io';

export const transcriptsCommand: Command = {
  name: 'transcripts',
  usage: [
    'transcripts import FILE.jsonl [--json]  import transcripts (format: docs/TRANSCRIPT-IMPORT.md)',
    'transcripts export ID --format json|html|pdf|txt [--out FILE]',
    '                                      one transcript, to stdout or FILE (pdf needs --out)',
    'transcripts list [--json]             every transcript with its purge date and hold',
  ],
  options: { format: { type: 'string' }, out: { type: 'string' } },
  async run([sub, arg], o, io) {
    if (sub === 'import') {
      if (!arg) throw new CliError('usage: caredesk transcripts import FILE.jsonl');
      return withDesk(o, async ({ store, clock, config }) => {
        const s = await importTranscripts({ store, clock, policy: config.policy, actor: operatorActor() }, arg).catch((e: NodeJS.ErrnoException) => {
          throw e.code === 'ENOENT' || e.code === 'EISDIR' || e.code === 'EACCES' ? new CliError(`cannot read ${arg}: ${e.message}`) : e;
        });
        if (o.json) io.out(JSON.stringify(s));
        else {
          io.out(`Imported ${s.imported} transcript(s) from ${s.lines} line(s): ${s.duplicates} already here, ${s.expired} past their purge date (skipped), ${s.errors.length} bad line(s).`);
          if (s.notesSkipped) io.out(`${s.notesSkipped} private note(s) were not imported.`);
        }
        for (const e of s.errors) io.err(`${arg}:${e.line}: ${e.message} (nothing from this line was stored)`);
        return s.errors.length > 0 ? 1 : 0;
      });
    }
    if (sub === 'export') {
      if (!arg) throw new CliError('usage: caredesk transcripts export ID --format json|html|pdf|txt [--out FILE]');
      const format = ExportFormat.safeParse(o.format);
      if (!format.success) throw new CliError('--format must be one of json, html, pdf, txt');
      if (format.data === 'pdf' && typeof o.out !== 'string') throw new CliError('a PDF needs --out FILE');
      return withDesk(o, async ({ store, clock, config }) => {
        const doc = loadTranscriptDoc(store, config.settings, arg, clock.now());
        const r = await renderTranscript(doc, format.data, { fontFile: config.settings.pdfFontFile });
        await recordAudit(store, clock, operatorActor(), 'transcript.export', conversationSubject(arg), { format: format.data, out: typeof o.out === 'string' });
        if (typeof o.out === 'string') {
          // An export is a customer's whole chat: readable by this account only.
          writeFileSync(o.out, r.body, { mode: 0o600 });
          io.err(`Wrote ${r.body.length} bytes to ${o.out}`);
        } else io.out(r.body.toString('utf8').replace(/\n$/, ''));
        return 0;
      });
    }
    if (sub === 'list') {
      return withDesk(o, async ({ store, clock }) => {
        const all = store.transcripts.list();
        await recordAudit(store, clock, operatorActor(), 'transcripts.list', null, { count: all.length });
        if (o.json) io.out(JSON.stringify(all));
        else
          for (const t of all) {
            const held = t.held ? '  ON HOLD' : '';
            io.out(`${t.id}  ${t.status.padEnd(7)} ${t.createdAt.slice(0, 10)}  purge ${t.purgeAt?.slice(0, 10) ?? '-         '}  ${t.messageCount} msg  ${t.customer.name} <${t.customer.email}>${held}`);
          }
        return 0;
      });
    }
    throw new CliError(`unknown transcripts command: ${sub ?? '(none)'}; use import, export or list`);
  },
};
