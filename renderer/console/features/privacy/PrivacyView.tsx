// "Privacy" in the top bar (supervisors and admins): the privacy requests (POLICY §3a) with their
// state, owner and due time, overdue and due-soon at a glance; one request's detail with the work
// on it — verify by code, preview and carry out, extend once with a reason, refuse, notes — and a
// form to log a request that came by phone or email. Every action is audited by the hub.
import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import type { PrivacyKind } from '../../../../shared/domain/privacy';
import type { ErasurePlan, PrivacyDetail, PrivacyRequestView } from '../../../../shared/protocol/privacy';
import { errorMessage } from '../../../common/ack';
import { FormError } from '../../../common/FormError';
import { getLink } from '../../desk/linkRef';
import { useAuth } from '../auth/authStore';
import './privacy.css';

const KIND: Record<PrivacyKind, string> = {
  access: 'Access (a copy of their data)',
  correction: 'Correction',
  erasure: 'Erasure',
  optout: 'Marketing opt-out',
  guardian_erasure: 'Erasure asked by a parent or guardian',
};
const STATE: Record<PrivacyRequestView['state'], string> = { received: 'Received', verifying: 'Verifying', in_progress: 'In progress', done: 'Done', refused: 'Refused' };
const when = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

function DueBadge({ r }: { r: PrivacyRequestView }) {
  if (r.due === 'overdue') return <span className="privacy-due privacy-due--overdue">Overdue</span>;
  if (r.due === 'due_soon') return <span className="privacy-due privacy-due--soon">Due soon</span>;
  return null;
}

export function PrivacyView() {
  const [requests, setRequests] = useState<PrivacyRequestView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [showClosed, setShowClosed] = useState(false);

  const load = useCallback(async () => {
    try {
      setRequests(await getLink().privacy.list());
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, []);
  useEffect(() => {
    void load();
    return getLink().privacy.onChanged((r) => setRequests((list) => (list ? [...list.filter((x) => x.id !== r.id), r] : list)));
  }, [load]);

  const rows = useMemo(
    () => (requests ?? []).filter((r) => showClosed || r.due !== 'closed').sort((a, b) => (a.effectiveDueAt < b.effectiveDueAt ? -1 : a.effectiveDueAt > b.effectiveDueAt ? 1 : 0)),
    [requests, showClosed],
  );
  const overdue = (requests ?? []).filter((r) => r.due === 'overdue').length;
  const soon = (requests ?? []).filter((r) => r.due === 'due_soon').length;
  const open = (requests ?? []).filter((r) => r.due !== 'closed').length;

  return (
    <section className="page privacy-page" aria-labelledby="privacy-title">
      <div className="page__head">
        <h2 id="privacy-title">Privacy requests</h2>
        <p className="page__lead">Requests to see, correct or erase personal data, or to stop marketing. Each is due one month after it came in; act only for a verified requester.</p>
      </div>
      <p className="privacy-summary" role="status" data-testid="privacy-summary">
        {requests === null ? 'Loading requests…' : `${open} open · ${overdue} overdue · ${soon} due soon`}
      </p>
      <FormError error={error} />
      <LogRequest onLogged={(r) => setSelected(r.id)} />
      <label className="privacy-closed">
        <input type="checkbox" checked={showClosed} onChange={(e) => setShowClosed(e.target.checked)} /> Show done and refused
      </label>
      <div className="privacy-grid">
        {requests !== null && rows.length === 0 ? (
          <p className="page__empty">No open requests.</p>
        ) : (
          <table className="privacy-table" aria-label="Privacy requests, soonest due first">
            <thead>
              <tr>
                <th scope="col">Reference</th>
                <th scope="col">Kind</th>
                <th scope="col">State</th>
                <th scope="col">Due</th>
                <th scope="col">Owner</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-testid="privacy-row" aria-selected={selected === r.id} className={selected === r.id ? 'is-selected' : undefined}>
                  <td>
                    <button type="button" className="btn btn--link" onClick={() => setSelected(r.id)}>
                      {r.reference}
                    </button>
                  </td>
                  <td>{KIND[r.kind]}</td>
                  <td>{STATE[r.state]}</td>
                  <td>
                    {when(r.effectiveDueAt)} <DueBadge r={r} />
                  </td>
                  <td>{r.owner?.name ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {selected ? <RequestDetail key={selected} requestId={selected} /> : null}
      </div>
    </section>
  );
}

function LogRequest({ onLogged }: { onLogged(r: PrivacyRequestView): void }) {
  const id = useId();
  const [kind, setKind] = useState<PrivacyKind>('access');
  const [email, setEmail] = useState('');
  const [source, setSource] = useState<'phone' | 'email' | 'chat' | 'ticket'>('phone');
  const [ref, setRef] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const r = await getLink().privacy.log({ kind, email, source, ...(ref.trim() ? { sourceRef: ref.trim() } : {}) });
      setEmail('');
      setRef('');
      setError(null);
      onLogged(r);
    } catch (x) {
      setError(errorMessage(x));
    } finally {
      setBusy(false);
    }
  };
  return (
    <details className="privacy-log">
      <summary>Log a request received by phone, email, in a chat or a ticket</summary>
      <form className="form form--grid" onSubmit={(e) => void submit(e)} aria-describedby={error ? `${id}-err` : undefined}>
        <div className="field">
          <label htmlFor={`${id}-kind`}>Kind</label>
          <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as PrivacyKind)}>
            {Object.entries(KIND).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-email`}>Customer’s email</label>
          <input id={`${id}-email`} type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-source`}>Came by</label>
          <select id={`${id}-source`} value={source} onChange={(e) => setSource(e.target.value as typeof source)}>
            <option value="phone">Phone</option>
            <option value="email">Email</option>
            <option value="chat">Chat</option>
            <option value="ticket">Ticket</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-ref`}>Where (chat, ticket, call note)</label>
          <input id={`${id}-ref`} value={ref} maxLength={200} onChange={(e) => setRef(e.target.value)} />
        </div>
        <div className="form__actions">
          <button type="submit" className="btn btn--primary" disabled={busy}>
            {busy ? 'Logging…' : 'Log request'}
          </button>
        </div>
        <FormError id={`${id}-err`} error={error} />
      </form>
    </details>
  );
}

function RequestDetail({ requestId }: { requestId: string }) {
  const id = useId();
  const me = useAuth((s) => s.user);
  const [d, setD] = useState<PrivacyDetail | null>(null);
  const [plan, setPlan] = useState<ErasurePlan | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [extendTo, setExtendTo] = useState('');
  const [extendWhy, setExtendWhy] = useState('');
  const [refuseWhy, setRefuseWhy] = useState('');
  const [note, setNote] = useState('');
  const [docsChecked, setDocsChecked] = useState(false);

  const reload = useCallback(async () => {
    try {
      setD(await getLink().privacy.get(requestId));
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [requestId]);
  useEffect(() => {
    void reload();
    return getLink().privacy.onChanged((r) => {
      if (r.id === requestId) setD((old) => (old ? { ...old, request: r } : old));
    });
  }, [reload, requestId]);

  const run = async (what: string, fn: () => Promise<unknown>) => {
    setBusy(what);
    try {
      await fn();
      setError(null);
      await reload();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  if (!d) return <p className="case-muted">{error ?? 'Loading the request…'}</p>;
  const r = d.request;
  const closed = r.state === 'done' || r.state === 'refused';
  const api = getLink().privacy;
  const erasure = r.kind === 'erasure' || r.kind === 'guardian_erasure';

  return (
    <article className="privacy-detail" aria-labelledby={`${id}-h`} data-testid="privacy-detail">
      <h3 id={`${id}-h`}>
        {r.reference} · {KIND[r.kind]} <DueBadge r={r} />
      </h3>
      <dl className="privacy-facts">
        <dt>State</dt>
        <dd data-testid="privacy-state">{STATE[r.state]}</dd>
        <dt>Email</dt>
        <dd>{r.email}</dd>
        <dt>Came by</dt>
        <dd>
          {r.source}
          {r.sourceRef ? ` (${r.sourceRef})` : ''}
        </dd>
        <dt>Received</dt>
        <dd>{when(r.receivedAt)}</dd>
        <dt>Due</dt>
        <dd data-testid="privacy-due">
          {when(r.effectiveDueAt)}
          {r.extendedDueAt ? ` (extended from ${when(r.dueAt)}: ${r.extensionReason})` : ''}
        </dd>
        <dt>Verified</dt>
        <dd>{r.verifiedAt ? `${when(r.verifiedAt)} (${r.verifiedBy})` : 'Not yet'}</dd>
        <dt>Owner</dt>
        <dd>
          {r.owner?.name ?? 'Nobody'}{' '}
          {me && r.owner?.id !== me.id && !closed ? (
            <button type="button" className="btn btn--link" onClick={() => void run('assign', () => api.assign(r.id, me.id))}>
              Take it
            </button>
          ) : null}
        </dd>
        {r.refusalReason ? (
          <>
            <dt>Refused because</dt>
            <dd>{r.refusalReason}</dd>
          </>
        ) : null}
      </dl>
      {r.outcome ? <Outcome outcome={r.outcome} /> : null}
      <FormError error={error} testId="privacy-error" />
      {!closed && !r.verifiedAt && r.kind !== 'guardian_erasure' ? (
        <div className="privacy-step">
          <button type="button" className="btn" disabled={busy !== null} onClick={() => void run('code', () => api.sendCode(r.id))}>
            {busy === 'code' ? 'Sending…' : 'Email a code to the address on file'}
          </button>
          <form
            className="privacy-inline"
            onSubmit={(e) => {
              e.preventDefault();
              void run('verify', () => api.verify(r.id, code.trim()));
            }}
          >
            <label htmlFor={`${id}-code`}>Code the customer read out</label>
            <input id={`${id}-code`} inputMode="numeric" pattern="\d{6}" maxLength={6} value={code} onChange={(e) => setCode(e.target.value)} />
            <button type="submit" className="btn" disabled={busy !== null || code.trim().length !== 6}>
              Verify
            </button>
          </form>
        </div>
      ) : null}
      {!closed && erasure ? (
        <div className="privacy-step">
          <button type="button" className="btn" disabled={busy !== null} onClick={() => void run('preview', async () => setPlan(await api.preview(r.id)))}>
            Preview the erasure
          </button>
          {plan ? <Preview plan={plan} /> : null}
        </div>
      ) : null}
      {!closed && (r.verifiedAt || r.kind === 'guardian_erasure') ? (
        <div className="privacy-step">
          {r.kind === 'guardian_erasure' ? (
            <label>
              <input type="checkbox" checked={docsChecked} onChange={(e) => setDocsChecked(e.target.checked)} /> I checked the documents establishing parental or guardian status
            </label>
          ) : null}
          <button
            type="button"
            className={erasure ? 'btn btn--danger' : 'btn btn--primary'}
            disabled={busy !== null || (r.kind === 'guardian_erasure' && !docsChecked)}
            onClick={() => void run('fulfil', () => api.fulfil(r.id, r.kind === 'guardian_erasure' ? docsChecked : undefined))}
          >
            {busy === 'fulfil' ? 'Working…' : erasure ? 'Erase now' : r.kind === 'access' ? 'Email the data to the customer' : 'Carry it out'}
          </button>
        </div>
      ) : null}
      {!closed && !r.extendedDueAt ? (
        <form
          className="privacy-step form"
          aria-label="Extend the due time"
          onSubmit={(e) => {
            e.preventDefault();
            void run('extend', () => api.extend(r.id, new Date(`${extendTo}T${r.dueAt.slice(11, 19)}Z`).toISOString(), extendWhy));
          }}
        >
          <h4>Extend once (at most two more months); the customer is emailed the reason</h4>
          <div className="field">
            <label htmlFor={`${id}-ext`}>New due date</label>
            <input id={`${id}-ext`} type="date" required value={extendTo} onChange={(e) => setExtendTo(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-why`}>Reason the customer is told</label>
            <textarea id={`${id}-why`} required value={extendWhy} onChange={(e) => setExtendWhy(e.target.value)} />
          </div>
          <button type="submit" className="btn" disabled={busy !== null}>
            Extend
          </button>
        </form>
      ) : null}
      {!closed ? (
        <form
          className="privacy-step form"
          aria-label="Refuse the request"
          onSubmit={(e) => {
            e.preventDefault();
            void run('refuse', () => api.refuse(r.id, refuseWhy));
          }}
        >
          <div className="field">
            <label htmlFor={`${id}-refuse`}>Refuse, with the reason the customer is told</label>
            <input id={`${id}-refuse`} required value={refuseWhy} onChange={(e) => setRefuseWhy(e.target.value)} />
          </div>
          <button type="submit" className="btn" disabled={busy !== null}>
            Refuse
          </button>
        </form>
      ) : null}
      <h4>Notes</h4>
      {d.notes.length === 0 ? (
        <p className="case-muted">No notes.</p>
      ) : (
        <ul className="stack">
          {d.notes.map((n) => (
            <li key={n.id}>
              <b>{n.author.name}</b>, {when(n.createdAt)}: {n.body}
            </li>
          ))}
        </ul>
      )}
      <form
        className="privacy-inline"
        onSubmit={(e) => {
          e.preventDefault();
          void run('note', async () => {
            await api.note(r.id, note);
            setNote('');
          });
        }}
      >
        <label htmlFor={`${id}-note`}>Add a note</label>
        <input id={`${id}-note`} value={note} onChange={(e) => setNote(e.target.value)} />
        <button type="submit" className="btn" disabled={busy !== null || !note.trim()}>
          Add
        </button>
      </form>
    </article>
  );
}

function Preview({ plan }: { plan: ErasurePlan }) {
  const g = plan.going;
  return (
    <div className="privacy-preview" data-testid="privacy-preview">
      <p>
        Goes now: {g.conversations} chat(s) with {g.messages} message(s) and {g.attachments} attachment(s), {g.tickets} ticket(s), {g.cases} case(s) with {g.casePhotos} photo(s), {g.orders}{' '}
        order(s), {g.widgetSessions} widget session(s), {g.optOuts} opt-out(s), {g.customerRecord} customer record(s).
      </p>
      {plan.postponed.length ? (
        <ul aria-label="Postponed">
          {plan.postponed.map((p) => (
            <li key={p.id}>
              Postponed: a {p.kind === 'case' ? 'case' : 'chat'}, {p.detail}
            </li>
          ))}
        </ul>
      ) : (
        <p>Nothing is postponed.</p>
      )}
    </div>
  );
}

function Outcome({ outcome }: { outcome: Record<string, unknown> }) {
  const postponed = (outcome.postponed as { detail: string }[] | undefined) ?? [];
  return (
    <div className="privacy-outcome">
      <h4>Outcome</h4>
      {outcome.erased ? <p>Erased at {when(String(outcome.erasedAt))}.</p> : null}
      {postponed.length ? <p>Still kept (goes by itself later): {postponed.map((p) => p.detail).join('; ')}</p> : null}
      {outcome.deliveredAt ? <p>Data delivered by {String(outcome.by)} at {when(String(outcome.deliveredAt))}.</p> : null}
    </div>
  );
}
