import { type Command } from '../command';
import { withDesk } from '../desk';
import { CliError } from '../io';

export const auditCommand: Command = {
  name: 'audit',
  usage: [
    'audit verify                          check the audit log hash chain (exit 1 at the first bad row)',
    'audit list [--limit N] [--json]       the latest audit events',
  ],
  options: { limit: { type: 'string' } },
  async run([sub], o, io) {
    if (sub === 'verify') {
      return withDesk(o, ({ store }) => {
        const r = store.audit.verify();
        if (r.ok) {
          io.out(`audit log intact (${r.count} events)`);
          return 0;
        }
        io.err(`audit log broken at row ${r.badId}: ${r.reason}`);
        return 1;
      });
    }
    if (sub === 'list') {
      const limit = o.limit === undefined ? 50 : Number(o.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new CliError(`--limit must be a positive whole number, got ${String(o.limit)}`);
      return withDesk(o, ({ store }) => {
        const rows = store.audit.recent(limit).reverse();
        if (o.json) io.out(JSON.stringify(rows));
        else for (const r of rows) io.out(`${r.id}\t${r.at}\t${r.actorKind}:${r.actorId ?? '-'}\t${r.action}\t${r.subjectKind ?? ''}${r.subjectId ? `:${r.subjectId}` : ''}\t${JSON.stringify(r.detail)}`);
        return 0;
      });
    }
    throw new CliError(`unknown audit command: ${sub ?? '(none)'}; use verify or list`);
  },
};
