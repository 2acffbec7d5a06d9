// One ticket: who wrote, what, and where it stands; take it, give it to someone (supervisors), and
// answer it by email. Sending waits for the mail server; a refusal keeps the draft and says why.
import { useId, useState, type FormEvent } from 'react';
import type { Ticket } from '../../../../shared/protocol/routing';
import { FormError } from '../../../common/FormError';
import { fillCanned } from '../../../../shared/domain/cannedText';
import { useAuth } from '../auth/authStore';
import { filterCanned } from '../canned/cannedFilter';
import { useCanned } from '../canned/cannedStore';
import { useTickets } from './ticketsStore';
import { EmailText } from '../../../common/EmailText';

const when = new Intl.DateTimeFormat([], { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
const formatWhen = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : when.format(d);
};

const STATUS_TONE: Record<Ticket['status'], string> = { open: 'pill--warn', assigned: 'pill--accent', answered: 'pill--ok' };

function statusText(t: Ticket, meId: string | undefined): string {
  if (t.status === 'answered') return 'Answered';
  if (t.status === 'assigned') return t.assignedTo?.id === meId ? 'Yours' : `With ${t.assignedTo?.name ?? 'someone'}`;
  return 'Open';
}

export function TicketCard({ ticket: t }: { ticket: Ticket }) {
  const me = useAuth((s) => s.user);
  const work = useTickets((s) => s.work[t.id]);
  const assign = useTickets((s) => s.assign);
  const reviewer = me?.role === 'supervisor' || me?.role === 'admin';
  const mine = t.assignedTo?.id === me?.id;
  const answered = t.status === 'answered';

  return (
    <article className={`card ticket ticket--${t.status}`} data-testid="ticket" data-ticket-id={t.id} data-status={t.status} aria-labelledby={`ticket-${t.id}`}>
      <header className="ticket__head">
        <h3 id={`ticket-${t.id}`}>{t.customer.name}</h3>
        <EmailText className="ticket__email" email={t.customer.email} />
        <span className={`pill pill--status ticket__status ${STATUS_TONE[t.status]}`} data-testid="ticket-status">
          {statusText(t, me?.id)}
        </span>
      </header>
      <p className="ticket__meta">
        Left <time dateTime={t.createdAt}>{formatWhen(t.createdAt)}</time> · brand {t.brandId}
      </p>
      <blockquote className="ticket__body">{t.body}</blockquote>
      {answered ? (
        <div className="ticket__answer" data-testid="ticket-answer">
          <p className="ticket__meta">
            Answered by email {t.answeredAt ? <time dateTime={t.answeredAt}>{formatWhen(t.answeredAt)}</time> : null}
            {t.assignedTo ? ` by ${t.assignedTo.name}` : ''}
          </p>
          <p className="ticket__answer-body">{t.answer}</p>
        </div>
      ) : (
        <>
          {t.mailError && !work?.error ? (
            <p className="ticket__mail-error" data-testid="ticket-mail-error">
              The last answer could not be sent: {t.mailError}
            </p>
          ) : null}
          <div className="ticket__actions">
            {mine ? null : (
              <button type="button" className="btn" disabled={!!work?.busy} onClick={() => void assign(t.id)}>
                {work?.busy === 'assigning' ? 'Taking…' : t.assignedTo ? 'Take it over' : 'Take it'}
                <span className="visually-hidden"> (ticket from {t.customer.name})</span>
              </button>
            )}
            {reviewer ? <AssignTo ticket={t} /> : null}
          </div>
          {mine ? <AnswerForm ticket={t} /> : null}
        </>
      )}
      <FormError error={work?.error} testId="ticket-error" />
    </article>
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
        Give the ticket from {t.customer.name} to
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
  const [unfilled, setUnfilled] = useState<string[]>([]);
  const sending = useTickets((s) => s.work[t.id]?.busy === 'answering');
  const answer = useTickets((s) => s.answer);
  const agentName = useAuth((s) => s.user?.name ?? null);
  const replies = useCanned((s) => s.replies);
  const choices = filterCanned(replies, '', t.brandId, Number.MAX_SAFE_INTEGER);
  // A canned reply (issue 9), its placeholders filled from the ticket: added where the answer ends.
  const insert = (replyId: string) => {
    const r = choices.find((x) => x.id === replyId);
    if (!r) return;
    const { text, missing } = fillCanned(r.body, { customerName: t.customer.name, agentName });
    setBody((b) => (b.trim() ? `${b.trimEnd()}\n\n${text}` : text));
    setUnfilled(missing);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!body.trim() || sending) return;
    // Kept on failure, so the agent can send it again once the reason is dealt with.
    if (await answer(t.id, body.trim())) setBody('');
  };
  return (
    <form className="ticket__answer-form" onSubmit={(e) => void submit(e)}>
      <label htmlFor={`${id}-answer`}>Answer to {t.customer.email}</label>
      <textarea id={`${id}-answer`} rows={4} maxLength={20000} value={body} onChange={(e) => setBody(e.target.value)} disabled={sending} />
      {choices.length ? (
        <div className="ticket__canned">
          <label htmlFor={`${id}-canned`}>Insert a canned reply</label>
          <select id={`${id}-canned`} className="control" value="" onChange={(e) => insert(e.target.value)} disabled={sending} data-testid="ticket-canned">
            <option value="">Choose…</option>
            {choices.map((r) => (
              <option key={r.id} value={r.id}>
                /{r.shortcut} — {r.title}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {unfilled.some((p) => body.includes(`{${p}}`)) ? (
        <p className="canned-unfilled" role="status">
          Fill in {unfilled.map((p) => `{${p}}`).join(', ')} before sending: the ticket does not say it.
        </p>
      ) : null}
      <div className="ticket__send">
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
