// One ticket: who wrote, about what, where it stands and when an answer is due; opened, its whole
// thread (mail in and out, internal notes, acknowledgements, automatic replies, bounces) with the
// answer box ("/" for canned replies), a note box, status, assignment and merge of a duplicate.
// Sending waits for the mail server; a refusal keeps the draft and says why.
import { useId, useState, type FormEvent } from 'react';
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

const when = new Intl.DateTimeFormat([], { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
const formatWhen = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : when.format(d);
};

const STATUS_TONE: Record<Ticket['status'], string> = { open: 'pill--warn', pending: 'pill--accent', solved: 'pill--ok' };
const STATUS_TEXT: Record<Ticket['status'], string> = { open: 'Open', pending: 'Pending (waiting on the customer)', solved: 'Solved' };
const KIND_TEXT: Record<TicketMessage['kind'], string> = {
  customer: 'Customer',
  agent: 'Answer (emailed)',
  note: 'Internal note',
  ack: 'Acknowledgement (sent automatically)',
  bounce: 'Delivery failure',
  autoreply: 'Automatic reply (not answered)',
};

function dueText(t: Ticket, now: number): string | null {
  if (!t.dueAt || t.status !== 'open') return null;
  const ms = new Date(t.dueAt).getTime() - now;
  const mins = Math.round(Math.abs(ms) / 60_000);
  const span = mins >= 60 ? `${Math.floor(mins / 60)} h ${mins % 60} min` : `${mins} min`;
  return ms >= 0 ? `Answer due in ${span}` : `Answer overdue by ${span}`;
}

export function TicketCard({ ticket: t }: { ticket: Ticket }) {
  const me = useAuth((s) => s.user);
  const work = useTickets((s) => s.work[t.id]);
  const isOpen = useTickets((s) => s.openId === t.id);
  const { assign, open } = useTickets.getState();
  const now = useNow(30_000);
  const reviewer = me?.role === 'supervisor' || me?.role === 'admin';
  const mine = t.assignedTo?.id === me?.id;
  const due = dueText(t, now);
  const overdue = !!due && due.startsWith('Answer overdue');

  return (
    <article className={`card ticket ticket--${t.status}`} data-testid="ticket" data-ticket-id={t.id} data-ref={t.ref} data-status={t.status} aria-labelledby={`ticket-${t.id}`}>
      <header className="ticket__head">
        <h3 id={`ticket-${t.id}`}>
          <span className="ticket__ref">{t.ref}</span> {t.customer.name}
        </h3>
        <EmailText className="ticket__email" email={t.customer.email} />
        <span className={`pill pill--status ticket__status ${STATUS_TONE[t.status]}`} data-testid="ticket-status">
          {STATUS_TEXT[t.status]}
        </span>
      </header>
      <p className="ticket__meta">
        {t.channel === 'email' ? 'Email' : 'Left in the widget'} <time dateTime={t.createdAt}>{formatWhen(t.createdAt)}</time> · brand {t.brandId} · language {t.locale}
        {t.assignedTo ? ` · ${mine ? 'yours' : `with ${t.assignedTo.name}`}` : ' · nobody has it'}
        {due ? (
          <>
            {' · '}
            <strong className={overdue ? 'ticket__overdue' : undefined} data-testid="ticket-due">
              {due}
            </strong>
          </>
        ) : null}
      </p>
      {t.subject ? <p className="ticket__subject">{t.subject}</p> : null}
      {isOpen ? null : <blockquote className="ticket__body">{t.body}</blockquote>}
      {t.mailError && !work?.error ? (
        <p className="ticket__mail-error" data-testid="ticket-mail-error">
          The last mail could not be delivered: {t.mailError}
        </p>
      ) : null}
      <div className="ticket__actions">
        <button type="button" className="btn" aria-expanded={isOpen} onClick={() => void open(isOpen ? null : t.id)}>
          {isOpen ? 'Close thread' : 'Open thread'}
          <span className="visually-hidden"> ({t.ref} from {t.customer.name})</span>
        </button>
        {mine || t.status === 'solved' ? null : (
          <button type="button" className="btn" disabled={!!work?.busy} onClick={() => void assign(t.id)}>
            {work?.busy === 'assigning' ? 'Taking…' : t.assignedTo ? 'Take it over' : 'Take it'}
            <span className="visually-hidden"> ({t.ref} from {t.customer.name})</span>
          </button>
        )}
        {reviewer ? <AssignTo ticket={t} /> : null}
      </div>
      {isOpen ? <TicketThread ticket={t} /> : null}
      <FormError error={work?.error} testId="ticket-error" />
    </article>
  );
}

function TicketThread({ ticket: t }: { ticket: Ticket }) {
  const me = useAuth((s) => s.user);
  const thread = useTickets((s) => s.threads[t.id]);
  const reviewer = me?.role === 'supervisor' || me?.role === 'admin';
  const mayAnswer = !t.assignedTo || t.assignedTo.id === me?.id || reviewer;
  if (!thread) return <p className="ticket__meta">Loading the thread…</p>;
  return (
    <div className="ticket__thread">
      <ol className="ticket__messages" aria-label={`Thread of ${t.ref}`} data-testid="ticket-thread">
        {thread.map((m) => (
          <li key={m.id} className={`ticket-msg ticket-msg--${m.kind}`} data-testid="ticket-message" data-kind={m.kind}>
            <p className="ticket-msg__head">
              <strong>{m.author.name}</strong> · {KIND_TEXT[m.kind]} · <time dateTime={m.createdAt}>{formatWhen(m.createdAt)}</time>
            </p>
            <p className="ticket-msg__body">{m.body}</p>
            {m.attachments.length ? (
              <ul className="ticket-msg__files" aria-label="Attachments">
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
      {t.mergedInto ? (
        <p className="ticket__meta">Merged into {t.mergedInto}.</p>
      ) : (
        <>
          {mayAnswer ? <AnswerForm ticket={t} /> : <p className="ticket__meta">{t.assignedTo?.name} is handling this ticket; take it over to answer.</p>}
          <NoteForm ticket={t} />
          <StatusAndMerge ticket={t} />
        </>
      )}
    </div>
  );
}

/** Fetched with the staff token (no plain link can carry it), then saved like an export. */
function AttachmentLink({ attachment: a }: { attachment: TicketAttachment }) {
  const token = useAuth((s) => s.token);
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
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
        ({a.mime}, {Math.max(1, Math.round(a.size / 1024))} KB){state.busy ? ' · downloading…' : ''}
      </span>
      <FormError error={state.error} />
    </>
  );
}

function AssignTo({ ticket: t }: { ticket: Ticket }) {
  const id = useId();
  const staff = useTickets((s) => s.staff);
  const busy = useTickets((s) => !!s.work[t.id]?.busy);
  const assign = useTickets((s) => s.assign);
  const [to, setTo] = useState('');
  const choices = staff.filter((a) => a.id !== t.assignedTo?.id);
  if (choices.length === 0) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (to) void assign(t.id, to);
  };
  return (
    <form className="ticket__assign" onSubmit={submit}>
      <label htmlFor={`${id}-to`} className="visually-hidden">
        Give {t.ref} from {t.customer.name} to
      </label>
      <select id={`${id}-to`} value={to} onChange={(e) => setTo(e.target.value)}>
        <option value="">Give it to…</option>
        {choices.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name}
          </option>
        ))}
      </select>
      <button type="submit" className="btn" disabled={busy || !to}>
        Assign
      </button>
    </form>
  );
}

function AnswerForm({ ticket: t }: { ticket: Ticket }) {
  const id = useId();
  const [body, setBody] = useState('');
  const [then, setThen] = useState<'pending' | 'solved'>('pending');
  const [unfilled, setUnfilled] = useState<string[]>([]);
  const sending = useTickets((s) => s.work[t.id]?.busy === 'answering');
  const answer = useTickets((s) => s.answer);
  const agentName = useAuth((s) => s.user?.name ?? null);
  // A canned reply (issue 9), its placeholders filled from the ticket.
  const picker = useCannedPicker(body, t.brandId, (reply) => {
    const { text, missing } = fillCanned(reply.body, { customerName: t.customer.name, agentName });
    setBody(text);
    setUnfilled(missing);
  });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!body.trim() || sending) return;
    // Kept on failure, so the agent can send it again once the reason is dealt with.
    if (await answer(t.id, body.trim(), then)) setBody('');
  };
  return (
    <form className="ticket__answer-form" onSubmit={(e) => void submit(e)}>
      <label htmlFor={`${id}-answer`}>Answer to {t.customer.email} (type / for a canned reply)</label>
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
          Fill in {unfilled.map((p) => `{${p}}`).join(', ')} before sending: the ticket does not say it.
        </p>
      ) : null}
      <div className="ticket__send">
        <label className="ticket__then">
          <span>Then</span>
          <select value={then} onChange={(e) => setThen(e.target.value as 'pending' | 'solved')}>
            <option value="pending">wait for the customer (pending)</option>
            <option value="solved">mark solved</option>
          </select>
        </label>
        <button type="submit" className="btn btn--primary" disabled={sending || !body.trim()}>
          {sending ? 'Sending…' : 'Send answer by email'}
        </button>
        <span role="status" className="ticket__progress" data-testid="ticket-progress">
          {sending ? `Sending the answer to ${t.customer.email}…` : ''}
        </span>
      </div>
    </form>
  );
}

function NoteForm({ ticket: t }: { ticket: Ticket }) {
  const id = useId();
  const [body, setBody] = useState('');
  const saving = useTickets((s) => s.work[t.id]?.busy === 'noting');
  const note = useTickets((s) => s.note);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!body.trim() || saving) return;
    if (await note(t.id, body.trim())) setBody('');
  };
  return (
    <form className="ticket__note-form" onSubmit={(e) => void submit(e)}>
      <label htmlFor={`${id}-note`}>Internal note (the customer never sees it)</label>
      <textarea id={`${id}-note`} rows={2} maxLength={4000} value={body} onChange={(e) => setBody(e.target.value)} disabled={saving} />
      <button type="submit" className="btn" disabled={saving || !body.trim()}>
        {saving ? 'Saving…' : 'Add note'}
      </button>
    </form>
  );
}

function StatusAndMerge({ ticket: t }: { ticket: Ticket }) {
  const id = useId();
  const busy = useTickets((s) => !!s.work[t.id]?.busy);
  const { setStatus, merge } = useTickets.getState();
  const [into, setInto] = useState('');
  return (
    <div className="ticket__tools">
      <div className="compact-field">
        <label htmlFor={`${id}-status`}>Status</label>
        <select id={`${id}-status`} value={t.status} disabled={busy} onChange={(e) => void setStatus(t.id, e.target.value as Ticket['status'])}>
          <option value="open">Open</option>
          <option value="pending">Pending</option>
          <option value="solved">Solved</option>
        </select>
      </div>
      <form
        className="ticket__merge"
        onSubmit={(e) => {
          e.preventDefault();
          if (into.trim()) void merge(t.id, into).then((ok) => ok && setInto(''));
        }}
      >
        <label htmlFor={`${id}-into`}>Merge this duplicate into</label>
        <input id={`${id}-into`} value={into} placeholder="T-000123" onChange={(e) => setInto(e.target.value)} disabled={busy} />
        <button type="submit" className="btn" disabled={busy || !into.trim()}>
          Merge
        </button>
      </form>
    </div>
  );
}
