import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import type { AuditCheckpoint } from '../../store/audit';
import { type Command } from '../command';
import { withDesk } from '../desk';
import { CliError } from '../io';

const Checkpoint = z.object({
  v: z.literal(1),
  seq: z.number().int().min(0),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  at: z.string().max(40),
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  mac: z.string().regex(/^[0-9a-f]{64}$/),
});

/** --checkpoint takes the JSON itself or a file holding it (the output of `audit checkpoint`). */
function readCheckpoint(arg: string): AuditCheckpoint {
  const text = arg.trim().startsWith('{') ? arg : existsSync(arg) ? readFileSync(arg, 'utf8') : null;
  if (text === null) throw new CliError(`--checkpoint: ${arg} is neither checkpoint JSON nor a file`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CliError('--checkpoint is not valid JSON (use the line `caredesk audit checkpoint` printed)');
  }
  const r = Checkpoint.safeParse(parsed);
  if (!r.success) throw new CliError(`--checkpoint is not an audit checkpoint: ${r.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  return r.data;
}

export const auditCommand: Command = {
  name: 'audit',
  usage: [
    'audit verify [--checkpoint FILE|JSON]  check the keyed audit chain (exit 1 at the first bad row);',
    '                                      with a checkpoint, also that the log still extends it',
    'audit checkpoint                      print the signed head of the log (JSON) to keep elsewhere',
    'audit list [--limit N] [--json]       the latest audit events',
    'audit digest TEXT…                    the digest events hold instead of TEXT (a search, a tag)',
  ],
  options: { limit: { type: 'string' }, checkpoint: { type: 'string' } },
  async run([sub, ...rest], o, io) {
    if (sub === 'verify') {
      const checkpoint = typeof o.checkpoint === 'string' ? readCheckpoint(o.checkpoint) : undefined;
      // Opened without sealing: a log whose keyed rows were removed must fail here, not be re-keyed.
      return withDesk(
        o,
        async ({ api }) => {
          const r = await api.audit.verify(checkpoint);
          if (r.ok) {
            const cp = r.checkpoint ? `; extends the checkpoint at row ${r.checkpoint.seq}` : '';
            io.out(`audit log intact (${r.count} event${r.count === 1 ? '' : 's'}, keyed from row ${r.keyedFrom}${cp})`);
            return 0;
          }
          io.err(`caredesk: audit log broken at row ${r.badId}: ${r.reason}`);
          return 1;
        },
        { seal: false },
      );
    }
    if (sub === 'checkpoint') {
      return withDesk(o, async ({ api, clock }) => {
        const r = await api.audit.verify();
        if (!r.ok) throw new CliError(`no checkpoint of a broken log: row ${r.badId}: ${r.reason}`);
        io.out(JSON.stringify(await api.audit.checkpoint(clock.now().toISOString())));
        return 0;
      });
    }
    if (sub === 'list') {
      const limit = o.limit === undefined ? 50 : Number(o.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new CliError(`--limit must be a positive whole number, got ${String(o.limit)}`);
      return withDesk(o, async ({ api }) => {
        const rows = (await api.audit.recent(limit)).reverse();
        if (o.json) io.out(JSON.stringify(rows));
        else for (const r of rows) io.out(`${r.id}\t${r.at}\t${r.actorKind}:${r.actorId ?? '-'}\t${r.action}\t${r.subjectKind ?? ''}${r.subjectId ? `:${r.subjectId}` : ''}\t${JSON.stringify(r.detail)}`);
        return 0;
      });
    }
    if (sub === 'digest') {
      const text = rest.join(' ');
      if (!text.trim()) throw new CliError('audit digest needs the text, e.g. caredesk audit digest "ada lovelace"');
      return withDesk(o, ({ api }) => {
        io.out(api.audit.digest(text));
        return 0;
      });
    }
    throw new CliError(`unknown audit command: ${sub ?? '(none)'}; use verify, checkpoint, list or digest`);
  },
};
