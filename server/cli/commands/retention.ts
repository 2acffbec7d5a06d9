import { operatorActor } from '../../audit/record';
import { runPurge } from '../../retention/purge';
import { type Command } from '../command';
import { withDesk } from '../desk';
import { CliError } from '../io';

export const retentionCommand: Command = {
  name: 'retention',
  usage: ['retention run [--now ISO] [--json]   purge the transcripts due (as of --now), print what went'],
  options: { now: { type: 'string' } },
  async run([sub], o, io) {
    if (sub !== 'run') throw new CliError('usage: caredesk retention run [--now ISO] [--json]');
    return withDesk(o, async ({ store, clock, config }) => {
      const r = await runPurge({ store, clock, policy: () => config.policy.retention, actor: operatorActor(), log: (_l, msg, extra) => io.err(`${msg} ${JSON.stringify(extra ?? {})}`) });
      if (o.json) {
        io.out(JSON.stringify(r));
      } else {
        io.out(
          `Purged ${r.conversations.length} transcript(s) due by ${r.now}: ${r.messages} message(s), ${r.attachments} attachment(s) (${r.attachmentFiles} file(s)), ` +
            `${r.tags} tag(s), ${r.comments} comment(s), ${r.copies} copy record(s).`,
        );
        for (const id of r.conversations) io.out(`  ${id}`);
        io.out(`Kept: ${r.heldByLegalHold} on legal hold, ${r.heldByOpenCase} linked to an open case.`);
        if (r.backfilled) io.out(`Gave ${r.backfilled} older ended transcript(s) their purge date.`);
      }
      if (r.failed.length) io.err(`Could not purge ${r.failed.length} transcript(s): ${r.failed.join(', ')} (the next run retries them)`);
      return r.failed.length ? 1 : 0;
    });
  },
};
