// `caredesk privacy …`: privacy requests from the command line (POLICY §3a; docs/PRIVACY.md has
// the output fields). The operator is trusted as the desk's own: `erase` acts at once, without the
// customer's code, and is recorded as a request (source operator) like any other.
import type { PrivacyKind } from '../../../shared/domain/privacy';
import { Correction, type PrivacyRequestView } from '../../../shared/protocol/privacy';
import { Email } from '../../../shared/protocol/schemas';
import { operatorActor, recordAudit } from '../../audit/record';
import { brandDesk } from '../../config';
import { knownBrand } from '../../brands';
import { buildAccessBundle, renderBundlePdf } from '../../privacy/bundle';
import { privacyService } from '../../privacy/service';
import { parsePayload } from '../../realtime/handle';
import { required, type Command } from '../command';
import { deskFiles, isoOption, withDesk, type Desk } from '../desk';
import { CliError, confirmed, outputFile } from '../io';

const CLI_KINDS = ['access', 'correction', 'erasure', 'optout'] as const;

/**
 * The privacy service as the hub runs it, but for codes (the operator is trusted): the customer is
 * emailed what the hub would email them (an erasure's letters, through settings.smtp); a mail that
 * cannot be sent is reported on stderr and changes nothing else.
 */
export const deskPrivacy = (d: Desk, io: { err(line: string): void }) =>
  privacyService({
    ...deskFiles(d),
    clock: d.clock,
    policy: () => d.config.policy,
    settings: () => d.config.settings,
    mailer: d.mailer(),
    verifier: null,
    log: (level, msg, extra) => level !== 'info' && io.err(`caredesk: ${msg} ${JSON.stringify(extra ?? {})}`),
  });

const line = (r: PrivacyRequestView) =>
  `${r.reference}  ${r.kind.padEnd(16)} ${r.state.padEnd(11)} received ${r.receivedAt}  due ${r.effectiveDueAt}${r.due === 'overdue' ? '  OVERDUE' : r.due === 'due_soon' ? '  due soon' : ''}`;

export const privacyCommand: Command = {
  name: 'privacy',
  usage: [
    'privacy request --kind access|correction|erasure|optout --email E [--brand B] [--at ISO] [--json]',
    '                                      log a request as staff would; prints reference, receivedAt, dueAt;',
    '                                      a correction says what to correct: --name N --new-email E --phone P --address A (one or more)',
    'privacy list [--json] [--due-before ISO]',
    '                                      every request (with --due-before: the open ones due before it)',
    'privacy export --email E --out FILE.json [--pdf FILE.pdf]   the access bundle',
    'privacy erase --email E [--dry-run] [--yes] [--json]',
    '                                      erase now (asks first at a terminal unless --yes); prints what went and what is postponed',
    'privacy optouts [--brand B] [--json]  marketing opt-outs (with --brand: that brand and the group-wide ones)',
  ],
  options: {
    kind: { type: 'string' },
    email: { type: 'string' },
    brand: { type: 'string' },
    at: { type: 'string' },
    'due-before': { type: 'string' },
    out: { type: 'string' },
    pdf: { type: 'string' },
    name: { type: 'string' },
    'new-email': { type: 'string' },
    phone: { type: 'string' },
    address: { type: 'string' },
    'dry-run': { type: 'boolean' },
    yes: { type: 'boolean' },
  },
  async run([sub], o, io) {
    const email = () => parsePayload(Email, required(o, 'email'));
    const brand = (d: Desk) => {
      if (typeof o.brand !== 'string') return undefined;
      if (!knownBrand(d.config, o.brand)) throw new CliError(`unknown brand: ${o.brand}`);
      return o.brand;
    };
    switch (sub) {
      case 'request': {
        const kind = required(o, 'kind');
        if (!(CLI_KINDS as readonly string[]).includes(kind)) throw new CliError(`--kind must be one of ${CLI_KINDS.join(', ')}`);
        const at = isoOption(o.at, 'at');
        const fields = { name: o.name, email: o['new-email'], phone: o.phone, address: o.address };
        const given = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
        if (kind !== 'correction' && Object.keys(given).length > 0) throw new CliError('--name, --new-email, --phone and --address are for --kind correction');
        // What to correct is part of the request (POLICY §3a): at least one field.
        const correction = kind === 'correction' ? parsePayload(Correction, given) : undefined;
        return withDesk(o, async (d) => {
          if (at && at.getTime() > d.clock.now().getTime()) throw new CliError('--at is in the future: a request is logged when it was received');
          const s = deskPrivacy(d, io);
          const v = s.view(await s.create({ kind: kind as PrivacyKind, email: email(), brandId: brand(d) ?? null, source: 'operator', receivedAt: at, correction, actor: operatorActor() }));
          if (o.json) io.out(JSON.stringify(v));
          else io.out(`Logged ${v.reference}: ${v.kind}, received ${v.receivedAt}, due ${v.dueAt}.`);
          return 0;
        });
      }
      case 'list': {
        const before = isoOption(o['due-before'], 'due-before');
        return withDesk(o, async (d) => {
          let all = await deskPrivacy(d, io).list();
          if (before) all = all.filter((r) => r.due !== 'closed' && Date.parse(r.effectiveDueAt) < before.getTime());
          await recordAudit(d.api, d.clock, operatorActor(), 'privacy.list', null, { count: all.length });
          if (o.json) io.out(JSON.stringify(all));
          else if (all.length === 0) io.out('No privacy requests.');
          else for (const r of all) io.out(line(r));
          return 0;
        });
      }
      case 'export': {
        const out = required(o, 'out');
        return withDesk(o, async (d) => {
          const e = email();
          // Everything the desk holds about a customer: readable by this account only.
          const files = { json: outputFile(out), pdf: typeof o.pdf === 'string' ? outputFile(o.pdf) : null };
          const bundle = await buildAccessBundle(d.api, d.dir, e, null, d.clock.now());
          const deskName = brandDesk(d.config.settings, 'default').deskName;
          const customerId = bundle.customer?.id ?? null;
          await recordAudit(d.api, d.clock, operatorActor(), 'privacy.export', customerId ? { kind: 'customer', id: customerId } : null, { customerId, pdf: files.pdf !== null });
          files.json.write(JSON.stringify(bundle, null, 2));
          io.err(`Wrote the access bundle to ${out}`);
          if (files.pdf) {
            files.pdf.write(await renderBundlePdf(bundle, deskName, { fontFile: d.config.settings.pdfFontFile }));
            io.err(`Wrote the readable copy to ${o.pdf}`);
          }
          return 0;
        });
      }
      case 'erase': {
        const dry = o['dry-run'] === true;
        return withDesk(o, async (d) => {
          const s = deskPrivacy(d, io);
          const e = email();
          const go = !dry && (await confirmed(io, o.yes === true, `Erase everything the desk holds about ${e}, in every brand?`));
          if (!go) {
            const plan = await s.preview({ email: e });
            await recordAudit(d.api, d.clock, operatorActor(), 'privacy.erase-preview', plan.customerId ? { kind: 'customer', id: plan.customerId } : null, { customerId: plan.customerId });
            if (o.json) io.out(JSON.stringify({ dryRun: true, found: plan.found, wouldErase: plan.going, postponed: plan.postponed }));
            else {
              io.out(plan.found ? `Would erase: ${counts(plan.going)}.` : 'Nothing is held under this address.');
              for (const p of plan.postponed) io.out(`  postponed: ${p.kind} ${p.id}: ${p.detail}`);
            }
            if (!dry) {
              io.err('Nothing was erased.');
              return 1;
            }
            return 0;
          }
          const { request, result } = await s.eraseNow(operatorActor(), e);
          if (o.json)
            io.out(JSON.stringify({ dryRun: false, reference: request.reference, erasedAt: result.erasedAt, erased: result.erased, postponed: result.postponed, walCheckpointed: result.walCheckpointed }));
          else {
            io.out(`Erased under ${request.reference}: ${counts(result.erased)}.`);
            if (result.postponed.length) io.out('Postponed (erased by themselves when the hold is lifted or the case closes):');
            for (const p of result.postponed) io.out(`  ${p.kind} ${p.id}: ${p.detail}`);
          }
          return 0;
        });
      }
      case 'optouts':
        return withDesk(o, async (d) => {
          const b = brand(d);
          const all = (await d.api.privacy.optOuts()).filter((x) => b === undefined || x.brandId === null || x.brandId === b);
          await recordAudit(d.api, d.clock, operatorActor(), 'privacy.optouts-list', null, { brandId: b ?? null, count: all.length });
          if (o.json) io.out(JSON.stringify(all));
          else if (all.length === 0) io.out('No opt-outs.');
          else for (const x of all) io.out(`${x.email}  ${x.brandId ?? '(whole group)'}  since ${x.at}  ${x.source}${x.requestReference ? `  ${x.requestReference}` : ''}`);
          return 0;
        });
      default:
        throw new CliError(`unknown privacy command: ${sub ?? '(none)'}; use request, list, export, erase or optouts`);
    }
  },
};

function counts(c: object): string {
  return Object.entries(c as Record<string, number>)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
}
