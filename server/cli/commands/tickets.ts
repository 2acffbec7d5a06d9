import { operatorActor, recordAudit } from '../../audit/record';
import { TicketRef, TicketStatus } from '../../../shared/protocol/tickets';
import { ticketViews } from '../../tickets/tickets';
import { type Command } from '../command';
import { withDesk } from '../desk';
import { CliError } from '../io';

export const ticketsCommand: Command = {
  name: 'tickets',
  usage: [
    'tickets list [--status open|pending|solved] [--limit N] [--json]',
    ''.padEnd(38) + 'the ticket queue, newest activity first (at most N, default 1000)',
    'tickets show REF [--json]             one ticket (T-000123) with its whole thread',
  ],
  options: { status: { type: 'string' }, limit: { type: 'string' } },
  async run([sub, arg], o, io) {
    if (sub === 'list') {
      const status = o.status === undefined ? null : TicketStatus.safeParse(o.status);
      if (status && !status.success) throw new CliError('--status must be one of open, pending, solved');
      const limit = o.limit === undefined ? 1000 : Number(o.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new CliError(`--limit must be a positive whole number, got ${String(o.limit)}`);
      return withDesk(o, async ({ api, clock, config }) => {
        const v = ticketViews({ store: api, config, clock });
        const list = await Promise.all((await api.tickets.list({ status: status?.data ?? null, assignee: null, limit })).map(v.view));
        await recordAudit(api, clock, operatorActor(), 'tickets.list', null, { status: status?.data ?? null, count: list.length });
        if (o.json) io.out(JSON.stringify(list));
        else if (list.length === 0) io.out('No tickets.');
        else
          for (const t of list) {
            const who = t.assignedTo ? `  (${t.assignedTo.name})` : '';
            const due = t.dueAt ? `  due ${t.dueAt.slice(0, 16).replace('T', ' ')} UTC` : '';
            io.out(`${t.ref}  ${t.status.padEnd(7)} ${t.channel.padEnd(6)} ${t.brandId}  ${t.customer.name} <${t.customer.email}>  ${t.subject || t.body.slice(0, 60).replace(/\s+/g, ' ')}${who}${due}`);
          }
        return 0;
      });
    }
    if (sub === 'show') {
      const ref = TicketRef.safeParse(arg ?? '');
      if (!ref.success) throw new CliError('usage: caredesk tickets show REF (a reference such as T-000123)');
      return withDesk(o, async ({ api, clock, config }) => {
        const v = ticketViews({ store: api, config, clock });
        const t = await api.tickets.byRef(Number(ref.data.slice(2)));
        if (!t) throw new CliError(`no ticket ${ref.data}`);
        const thread = { ticket: await v.view(t), messages: await Promise.all((await api.tickets.messages(t.id)).map(v.messageView)) };
        await recordAudit(api, clock, operatorActor(), 'tickets.read', { kind: 'ticket', id: t.id });
        if (o.json) {
          io.out(JSON.stringify(thread));
          return 0;
        }
        const k = thread.ticket;
        io.out(`${k.ref}  ${k.status}  ${k.channel}  brand ${k.brandId}  language ${k.locale}`);
        io.out(`From: ${k.customer.name} <${k.customer.email}>`);
        if (k.subject) io.out(`Subject: ${k.subject}`);
        if (k.assignedTo) io.out(`Assigned to: ${k.assignedTo.name}`);
        if (k.dueAt) io.out(`Answer due: ${k.dueAt}`);
        if (k.mergedInto) io.out(`Merged into: ${k.mergedInto}`);
        if (k.mailError) io.out(`Last mail error: ${k.mailError}`);
        for (const m of thread.messages) {
          io.out('');
          io.out(`--- ${m.createdAt}  ${m.kind}  ${m.author.name}`);
          io.out(m.body);
          for (const a of m.attachments) io.out(`[attachment] ${a.name} (${a.mime}, ${a.size} bytes)`);
        }
        return 0;
      });
    }
    throw new CliError('usage: caredesk tickets list [--status open|pending|solved] [--json] | caredesk tickets show REF [--json]');
  },
};
