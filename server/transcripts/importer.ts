// Import of transcripts from a hosted chat provider: JSONL, one conversation per line
// (docs/TRANSCRIPT-IMPORT.md). The same rules as live chat apply: card numbers are masked before
// anything is written (the store masks every text it is given), and retention: a record already
// past its purge date is skipped and counted. A bad line is reported with its number and nothing
// of it is stored; a record whose externalId is already here is skipped, so re-importing a file
// adds nothing.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { maskCardNumbers } from '../../shared/domain/cardMask';
import type { DeskPolicy } from '../../shared/domain/config';
import { purgeAt } from '../../shared/domain/retention';
import { DeskError } from '../../shared/protocol/errors';
import type { AuthorKind } from '../../shared/protocol/schemas';
import { ImportRecord } from '../../shared/protocol/transcripts';
import { auditEvent, type AuditActor } from '../audit/record';
import { DEFAULT_BRAND } from '../brands';
import type { Clock } from '../clock';
import { newId } from '../ids';
import { parsePayload } from '../realtime/handle';
import type { StoreApi } from '../store/api';
import type { ImportedConversation } from '../store/transcripts';

export interface ImportSummary {
  lines: number;
  imported: number;
  /** Already here (same externalId). */
  duplicates: number;
  /** Past their purge date: not stored. */
  expired: number;
  /** Private notes in the source: not imported (a copy for the customer must never show them). */
  notesSkipped: number;
  errors: { line: number; message: string }[];
}

/** Lines written per group commit: bounds memory and keeps each fsync serving many records. */
const LINES_PER_COMMIT = 200;

type Checked = { kind: 'record'; record: ImportedConversation; notes: number } | { kind: 'expired' };

/** What a line is checked against: the desk's policy, its brands, and the time to judge by. */
interface LineRules {
  policy: DeskPolicy;
  /** The desk's brand ids: a transcript of another brand could never be found from a chat of it. */
  brands: readonly string[];
  now: Date;
}

/** Validates one line; throws DeskError with a message fit to print (never the line's text). */
function checkLine(text: string, { policy, brands, now }: LineRules): Checked {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new DeskError('invalid_payload', 'not valid JSON');
  }
  let r: ImportRecord;
  try {
    r = parsePayload(ImportRecord, raw);
  } catch (e) {
    const issues = e instanceof DeskError && e.issues ? e.issues : [{ path: '', message: String(e) }];
    throw new DeskError('invalid_payload', issues.map((i) => (i.path ? `${i.path}: ` : '') + i.message).join('; '));
  }
  const brandId = r.brand ?? DEFAULT_BRAND;
  if (!brands.includes(brandId)) throw new DeskError('invalid_payload', `brand: "${brandId}" is not a brand of this desk (its brands: ${brands.join(', ')})`);
  const endedAt = new Date(r.endedAt);
  // A chat cannot have ended after the time the import is judged by (the clock, or --now).
  if (endedAt.getTime() > now.getTime()) throw new DeskError('invalid_payload', `endedAt: ${endedAt.toISOString()} is after now (${now.toISOString()})`);
  const purge = purgeAt(endedAt, policy.retention.transcriptMonths);
  if (purge.getTime() <= now.getTime()) return { kind: 'expired' };
  const max = policy.chat.messageMaxChars;
  const long = r.messages.findIndex((m) => m.body.length > max);
  if (long >= 0) throw new DeskError('invalid_payload', `messages.${long}.body: longer than ${max} characters`);
  const kept = r.messages.filter((m) => m.author.kind !== 'note');
  return {
    kind: 'record',
    notes: r.messages.length - kept.length,
    record: {
      id: newId('c'),
      externalId: r.externalId,
      brandId,
      customer: { id: newId('k'), name: r.customer.name, email: r.customer.email, createdAt: new Date(r.startedAt).toISOString() },
      startedAt: new Date(r.startedAt).toISOString(),
      endedAt: endedAt.toISOString(),
      purgeAt: purge.toISOString(),
      messages: kept.map((m, i) => ({
        clientId: `import-${String(i + 1).padStart(6, '0')}`,
        authorKind: m.author.kind as AuthorKind,
        authorName: m.author.name,
        body: m.body,
        createdAt: new Date(m.at).toISOString(),
      })),
    },
  };
}

/** `auditClock`: the real time for the audit event when `clock` is pinned (`--now`), so the log stays in time order. */
export async function importTranscripts(
  deps: { store: StoreApi; clock: Clock; auditClock?: Clock; policy: DeskPolicy; brands: readonly string[]; actor: AuditActor },
  file: string,
): Promise<ImportSummary> {
  const { store, clock } = deps;
  const rules: LineRules = { policy: deps.policy, brands: deps.brands, now: clock.now() };
  const summary: ImportSummary = { lines: 0, imported: 0, duplicates: 0, expired: 0, notesSkipped: 0, errors: [] };
  const fail = (line: number, message: string) => summary.errors.push({ line, message: maskCardNumbers(message) });

  let pending: Promise<void>[] = [];
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let n = 0;
  for await (const text of lines) {
    n += 1;
    if (text.trim() === '') continue;
    summary.lines += 1;
    let checked: Checked;
    try {
      checked = checkLine(text, rules);
    } catch (e) {
      fail(n, (e as Error).message);
      continue;
    }
    if (checked.kind === 'expired') {
      summary.expired += 1;
      continue;
    }
    const { record, notes } = checked;
    const line = n;
    // Each record is its own savepoint inside the group commit: one failing stores nothing of it.
    pending.push(
      store.writeCalls((tx) => tx.transcripts.importConversation(record)).then(
        (outcome) => {
          if (outcome === 'duplicate') {
            summary.duplicates += 1;
          } else {
            summary.imported += 1;
            summary.notesSkipped += notes;
          }
        },
        (e) => {
          fail(line, `could not be stored: ${(e as Error).message}`);
        },
      ),
    );
    if (pending.length >= LINES_PER_COMMIT) {
      await Promise.all(pending);
      pending = [];
    }
  }
  await Promise.all(pending);
  summary.errors.sort((a, b) => a.line - b.line);
  await store.writeCalls((tx) =>
    tx.audit.append(
      auditEvent(deps.auditClock ?? clock, deps.actor, 'transcripts.import', null, {
        lines: summary.lines,
        imported: summary.imported,
        duplicates: summary.duplicates,
        expired: summary.expired,
        notesSkipped: summary.notesSkipped,
        badLines: summary.errors.map((e) => e.line),
      }),
    ),
  );
  return summary;
}
