// One ticket: who wrote, about what, where it stands and when an answer is due; opened, its whole
// thread (mail in and out, internal notes, acknowledgements, automatic replies, bounces) with the
// answer box ("/" for canned replies), a note box, status, assignment and merge of a duplicate.
// Sending waits for the mail server; a refusal keeps the draft and says why.
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Ticket, TicketAttachment, TicketMessage } from '../../../../shared/protocol/tickets';
import { errorMessage } from '../../../common/ack';
import { bridge } from '../../bridge';
import { FormError } from '../../../common/FormError';
import { fillCanned } from '../../../../shared/domain/cannedText';
import { useNow } from '../../../common/useNow';
import { useAuth } from '../auth/authStore';
import { useCannedPicker } from '../conversation/CannedPicker';
import { useTickets } from './ticketsStore';
import { EmailText } from '../../../common/EmailText';
import { tr, type MessageKey } from '../../../common/i18n';
import { formatCount, formatMinutes, formatWhen } from '../reports/figures';

const STATUS_TONE: Record<Ticket['status'], string> = { open: 'pill--warn', pending: 'pill--accent', solved: 'pill--ok' };
const STATUS_TEXT: Record<Ticket['status'], MessageKey> = { open: 'tickets.status.open', pending: 'tickets.status.pendingLong', solved: 'tickets.status.solved' };
const KIND_TEXT: Record<TicketMessage['kind'], MessageKey> = {
  customer: 'tickets.kind.customer',
  agent: 'tickets.kind.agent',
  note: 'tickets.kind.note',
  ack: 'tickets.kind.ack',
  bounce: 'tickets.kind.bounce',
  autoreply: 'tickets.kind.autoreply',
};

function dueText(tk: Ticket, now: number): { text: string; overdue: boolean } | null {
  if (!tk.dueAt || tk.status !== 'open') return null;
  const ms = new Date(tk.dueAt).getTime() - now;
  const span = formatMinutes(Math.round(Math.abs(ms) / 60_000));
  return ms >= 0 ? { text: tr('tickets.due.in', { span }), overdue: false } : { text: tr('tickets.due.overdue', { span }), overdue: true };
}

export function TicketCard({ ticket: tk }: { ticket: Ticket }) {
  const me = useAuth((s) => s.user);
  const work = useTickets((s) => s.work[tk.id]);
  const isOpen = useTickets((s) => s.openId === tk.id);
  const { assign, open } = useTickets.getState();
  const now = useNow(30_000);
  const reviewer = me?.role === 'supervisor' || me?.role === 'admin';
  const mine = tk.assignedTo?.id === me?.id;
  const due = dueText(tk, now);
  const { t } = useTranslation();
  const meta = [
    t('tickets.meta.brand', { brand: tk.brandId }),
    t('tickets.meta.language', { language: tk.locale }),
    tk.assignedTo ? (mine ? t('tickets.meta.yours') : t('tickets.meta.with', { name: tk.assignedTo.name })) : t('tickets.meta.nobody'),
  ];

  return (
    <article className={`card ticket ticket--${tk.status}`} data-testid="ticket" data-ticket-id={tk.id} data-ref={tk.ref} data-status={tk.status} aria-labelledby={`ticket-${tk.id}`}>
      <header className="ticket__head">
        <h3 id={`ticket-${tk.id}`}>
          <span className="ticket__ref">{tk.ref}</span> {tk.customer.name}
        </h3>
        <EmailText className="ticket__email" email={tk.customer.email} />
        <span className={`pill pill--status ticket__status ${STATUS_TONE[tk.status]}`} data-testid="ticket-status">
          {t(STATUS_TEXT[tk.status])}
        </span>
      </header>
      <p className="ticket__meta">
        {tk.channel === 'email' ? t('tickets.channel.email') : t('tickets.channel.widget')} <time dateTime={tk.createdAt}>{formatWhen(tk.createdAt)}</time>
        {meta.map((m) => ` · ${m}`).join('')}
        {due ? (
          <>
            {' · '}
            <strong className={due.overdue ? 'ticket__overdue' : undefined} data-testid="ticket-due">
              {due.text}
            </strong>
          </>
        ) : null}
      </p>
      {tk.subject ? <p className="ticket__subject">{tk.subject}</p> : null}
      {isOpen ? null : <blockquote className="ticket__body">{tk.body}</blockquote>}
      {tk.mailError && !work?.error ? (
        <p className="ticket__mail-error" data-testid="ticket-mail-error">
          {t('tickets.mailError', { reason: tk.mailError })}
        </p>
      ) : null}
      <div className="ticket__actions">
        <button type="button" className="btn" aria-expanded={isOpen} onClick={() => void open(isOpen ? null : tk.id)}>
          {isOpen ? t('tickets.closeThread') : t('tickets.openThread')}
          <span className="visually-hidden"> {t('tickets.refFrom', { ref: tk.ref, name: tk.customer.name })}</span>
        </button>
        {mine || tk.status === 'solved' ? null : (
          <button type="button" className="btn" disabled={!!work?.busy} onClick={() => void assign(tk.id)}>
            {work?.busy === 'assigning' ? t('tickets.taking') : tk.assignedTo ? t('tickets.takeOver') : t('tickets.take')}
            <span className="visually-hidden"> {t('tickets.refFrom', { ref: tk.ref, name: tk.customer.name })}</span>
          </button>
        )}
        {reviewer ? <AssignTo ticket={tk} /> : null}
      </div>
      {isOpen ? <TicketThread ticket={tk} /> : null}
      <FormError error={work?.error} testId="ticket-error" />
    </article>
  );
}

function TicketThread({ ticket: tk }: { ticket: Ticket }) {
  const me = useAuth((s) => s.user);
  const thread = useTickets((s) => s.threads[tk.id]);
  const reviewer = me?.role === 'supervisor' || me?.role === 'admin';
  const mayAnswer = !tk.assignedTo || tk.assignedTo.id === me?.id || reviewer;
  const { t } = useTranslation();
  if (!thread) return <p className="ticket__meta">{t('tickets.thread.loading')}</p>;
  return (
    <div className="ticket__thread">
      <ol className="ticket__messages" aria-label={t('tickets.thread.label', { ref: tk.ref })} data-testid="ticket-thread">
        {thread.map((m) => (
          <li key={m.id} className={`ticket-msg ticket-msg--${m.kind}`} data-testid="ticket-message" data-kind={m.kind}>
            <p className="ticket-msg__head">
              <strong>{m.author.name}</strong> · {t(KIND_TEXT[m.kind])} · <time dateTime={m.createdAt}>{formatWhen(m.createdAt)}</time>
            </p>
            <p className="ticket-msg__body">{m.body}</p>
            {m.attachments.length ? (
              <ul className="ticket-msg__files" aria-label={t('tickets.attachments')}>
                {m.attachments.map((a) => (
                  <li key={a.id}>
                    <AttachmentLink attachment={a} />
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ol>
      {tk.mergedInto ? (
        <p className="ticket__meta">{t('tickets.merged', { ref: tk.mergedInto })}</p>
      ) : (
        <>
          {mayAnswer ? <AnswerForm ticket={tk} /> : <p className="ticket__meta">{t('tickets.handledBy', { name: tk.assignedTo?.name ?? '' })}</p>}
          <NoteForm ticket={tk} />
          <StatusAndMerge ticket={tk} />
        </>
      )}
    </div>
  );
}

/** Fetched with the staff token (no plain link can carry it), then saved like an export. */
function AttachmentLink({ attachment: a }: { attachment: TicketAttachment }) {
  const token = useAuth((s) => s.token);
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const { t } = useTranslation();
  const save = async () => {
    if (!token || state.busy) return;
    setState({ busy: true, error: null });
    try {
      const bytes = new Uint8Array(await (await bridge.hub.ticketAttachment(token, a.url)).arrayBuffer());
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      await bridge.saveFile(a.name, btoa(binary), { encoding: 'base64', mime: a.mime });
      setState({ busy: false, error: null });
    } catch (e) {
      setState({ busy: false, error: errorMessage(e) });
    }
  };
  return (
    <>
      <button type="button" className="btn btn--link" disabled={state.busy} onClick={() => void save()} data-testid="ticket-attachment">
        {a.name}
      </button>{' '}
      <span className="ticket__meta">
        {t('tickets.attachment.meta', { mime: a.mime, size: formatCount(Math.max(1, Math.round(a.size / 1024))) })}
        {state.busy ? ` · ${t('tickets.attachment.downloading')}` : ''}
      </span>
      <FormError error={state.error} />
    </>
  );
}

function AssignTo({ ticket: tk }: { ticket: Ticket }) {
  const id = useId();
  const staff = useTickets((s) => s.staff);
  const busy = useTickets((s) => !!s.work[tk.id]?.busy);
  const assign = useTickets((s) => s.assign);
  const [to, setTo] = useState('');
  const choices = staff.filter((a) => a.id !== tk.assignedTo?.id);
  const { t } = useTranslation();
  if (choices.length === 0) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (to) void assign(tk.id, to);
  };
  return (
    <form className="ticket__assign" onSubmit={submit}>
      <label htmlFor={`${id}-to`} className="visually-hidden">
        {t('tickets.assign.label', { ref: tk.ref, name: tk.customer.name })}
      </label>
      <select id={`${id}-to`} value={to} onChange={(e) => setTo(e.target.value)}>
        <option value="">{t('tickets.assign.choose')}</option>
        {choices.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name}
          </option>
        ))}
      </select>
      <button type="submit" className="btn" disabled={busy || !to}>
        {t('tickets.assign.submit')}
      </button>
    </form>
  );
}

function AnswerForm({ ticket: tk }: { ticket: Ticket }) {
  const id = useId();
  const [body, setBody] = useState('');
  const [then, setThen] = useState<'pending' | 'solved'>('pending');
  const [unfilled, setUnfilled] = useState<string[]>([]);
  const sending = useTickets((s) => s.work[tk.id]?.busy === 'answering');
  const answer = useTickets((s) => s.answer);
  const agentName = useAuth((s) => s.user?.name ?? null);
  const { t } = useTranslation();
  // A canned reply (issue 9), its placeholders filled from the ticket.
  const picker = useCannedPicker(body, tk.brandId, (reply) => {
    const { text, missing } = fillCanned(reply.body, { customerName: tk.customer.name, agentName });
    setBody(text);
    setUnfilled(missing);
  });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!body.trim() || sending) return;
    // Kept on failure, so the agent can send it again once the reason is dealt with.
    if (await answer(tk.id, body.trim(), then)) setBody('');
  };
  return (
    <form className="ticket__answer-form" onSubmit={(e) => void submit(e)}>
      <label htmlFor={`${id}-answer`}>{t('tickets.answer.label', { email: tk.customer.email })}</label>
      {picker.panel}
      <textarea
        id={`${id}-answer`}
        rows={4}
        maxLength={20000}
        value={body}
        onChange={(e) => {
          picker.reset();
          setBody(e.target.value);
        }}
        onKeyDown={picker.onKeyDown}
        {...picker.inputProps}
        disabled={sending}
      />
      {unfilled.some((p) => body.includes(`{${p}}`)) ? (
        <p className="canned-unfilled" role="status">
          {t('tickets.answer.unfilled', { placeholders: unfilled.map((p) => `{${p}}`).join(', ') })}
        </p>
      ) : null}
      <div className="ticket__send">
        <label className="ticket__then">
          <span>{t('tickets.answer.then')}</span>
          <select value={then} onChange={(e) => setThen(e.target.value as 'pending' | 'solved')}>
            <option value="pending">{t('tickets.answer.thenPending')}</option>
            <option value="solved">{t('tickets.answer.thenSolved')}</option>
          </select>
        </label>
        <button type="submit" className="btn btn--primary" disabled={sending || !body.trim()}>
          {sending ? t('tickets.answer.sending') : t('tickets.answer.send')}
        </button>
        <span role="status" className="ticket__progress" data-testid="ticket-progress">
          {sending ? t('tickets.answer.progress', { email: tk.customer.email }) : ''}
        </span>
      </div>
    </form>
  );
}

function NoteForm({ ticket: tk }: { ticket: Ticket }) {
  const id = useId();
  const [body, setBody] = useState('');
  const saving = useTickets((s) => s.work[tk.id]?.busy === 'noting');
  const note = useTickets((s) => s.note);
  const { t } = useTranslation();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!body.trim() || saving) return;
    if (await note(tk.id, body.trim())) setBody('');
  };
  return (
    <form className="ticket__note-form" onSubmit={(e) => void submit(e)}>
      <label htmlFor={`${id}-note`}>{t('tickets.note.label')}</label>
      <textarea id={`${id}-note`} rows={2} maxLength={4000} value={body} onChange={(e) => setBody(e.target.value)} disabled={saving} />
      <button type="submit" className="btn" disabled={saving || !body.trim()}>
        {saving ? t('tickets.note.saving') : t('tickets.note.add')}
      </button>
    </form>
  );
}

function StatusAndMerge({ ticket: tk }: { ticket: Ticket }) {
  const id = useId();
  const busy = useTickets((s) => !!s.work[tk.id]?.busy);
  const { setStatus, merge } = useTickets.getState();
  const [into, setInto] = useState('');
  const { t } = useTranslation();
  return (
    <div className="ticket__tools">
      <div className="compact-field">
        <label htmlFor={`${id}-status`}>{t('tickets.status.label')}</label>
        <select id={`${id}-status`} value={tk.status} disabled={busy} onChange={(e) => void setStatus(tk.id, e.target.value as Ticket['status'])}>
          <option value="open">{t('tickets.status.open')}</option>
          <option value="pending">{t('tickets.status.pending')}</option>
          <option value="solved">{t('tickets.status.solved')}</option>
        </select>
      </div>
      <form
        className="ticket__merge"
        onSubmit={(e) => {
          e.preventDefault();
          if (into.trim()) void merge(tk.id, into).then((ok) => ok && setInto(''));
        }}
      >
        <label htmlFor={`${id}-into`}>{t('tickets.merge.label')}</label>
        {/* eslint-disable-next-line no-restricted-syntax -- an example ticket reference, not language */}
        <input id={`${id}-into`} dir="ltr" value={into} placeholder="T-000123" onChange={(e) => setInto(e.target.value)} disabled={busy} />
        <button type="submit" className="btn" disabled={busy || !into.trim()}>
          {t('tickets.merge.submit')}
        </button>
      </form>
    </div>
  );
}
