// "Privacy" in the top bar (supervisors and admins): the privacy requests (POLICY §3a) with their
// state, owner and due time, overdue and due-soon at a glance; one request's detail with the work
// on it — verify by code, preview and carry out, extend once with a reason, refuse, notes — and a
// form to log a request that came by phone or email. Every action is audited by the hub.
import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PrivacyKind } from '../../../../shared/domain/privacy';
import type { ErasurePlan, PrivacyDetail, PrivacyRequestView } from '../../../../shared/protocol/privacy';
import { errorMessage } from '../../../common/ack';
import { FormError } from '../../../common/FormError';
import { getLink } from '../../desk/linkRef';
import { DEFAULT_POLICY } from '../../../../shared/domain/config';
import { useAuth } from '../auth/authStore';
import { useConnection } from '../connection/connectionStore';
import { CorrectionFields, correctionOf, EMPTY_CORRECTION, type CorrectionDraft } from '../../../common/CorrectionFields';
import { formatUtc, KIND, sourceLabel, STATE } from './privacyText';
import './privacy.css';

/** A UTC instant, readable, with the instant itself for assistive technology and tests. */
const When = ({ iso }: { iso: string }) => <time dateTime={iso}>{formatUtc(iso)}</time>;

function DueBadge({ r }: { r: PrivacyRequestView }) {
  const { t } = useTranslation();
  if (r.due === 'overdue') return <span className="privacy-due privacy-due--overdue">{t('privacy.due.overdue')}</span>;
  if (r.due === 'due_soon') return <span className="privacy-due privacy-due--soon">{t('privacy.due.soon')}</span>;
  return null;
}

export function PrivacyView() {
  const { t } = useTranslation();
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
  const dueMonths = useConnection((c) => c.settings?.privacyDueMonths ?? DEFAULT_POLICY.privacy.dueMonths);

  return (
    <section className="page privacy-page" aria-labelledby="privacy-title">
      <div className="page__head">
        <h2 id="privacy-title">{t('privacy.title')}</h2>
        <p className="page__lead">{t('privacy.lead', { months: dueMonths })}</p>
      </div>
      <p className="privacy-summary" role="status" data-testid="privacy-summary">
        {requests === null ? t('privacy.loading') : t('privacy.summary', { open, overdue, soon })}
      </p>
      <FormError error={error} />
      <LogRequest onLogged={(r) => setSelected(r.id)} />
      <label className="privacy-closed">
        <input type="checkbox" checked={showClosed} onChange={(e) => setShowClosed(e.target.checked)} /> {t('privacy.showClosed')}
      </label>
      <div className="privacy-grid">
        {requests !== null && rows.length === 0 ? (
          <p className="page__empty">{t('privacy.empty')}</p>
        ) : (
          <table className="privacy-table" aria-label={t('privacy.table')}>
            <thead>
              <tr>
                <th scope="col">{t('privacy.col.reference')}</th>
                <th scope="col">{t('privacy.col.kind')}</th>
                <th scope="col">{t('privacy.col.state')}</th>
                <th scope="col">{t('privacy.col.due')}</th>
                <th scope="col">{t('privacy.col.owner')}</th>
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
                  <td>{t(KIND[r.kind])}</td>
                  <td>{t(STATE[r.state])}</td>
                  <td>
                    <When iso={r.effectiveDueAt} /> <DueBadge r={r} />
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
  const { t } = useTranslation();
  const id = useId();
  const [kind, setKind] = useState<PrivacyKind>('access');
  const [email, setEmail] = useState('');
  const [source, setSource] = useState<'phone' | 'email' | 'chat' | 'ticket'>('phone');
  const [ref, setRef] = useState('');
  const [fix, setFix] = useState<CorrectionDraft>(EMPTY_CORRECTION);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const correction = kind === 'correction' ? correctionOf(fix) : undefined;
      const r = await getLink().privacy.log({ kind, email, source, ...(ref.trim() ? { sourceRef: ref.trim() } : {}), ...(correction ? { correction } : {}) });
      setEmail('');
      setRef('');
      setFix(EMPTY_CORRECTION);
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
      <summary>{t('privacy.log.summary')}</summary>
      <form className="form form--grid" onSubmit={(e) => void submit(e)} aria-describedby={error ? `${id}-err` : undefined}>
        <div className="field">
          <label htmlFor={`${id}-kind`}>{t('privacy.col.kind')}</label>
          <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as PrivacyKind)}>
            {Object.entries(KIND).map(([k, label]) => (
              <option key={k} value={k}>
                {t(label)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-email`}>{t('privacy.log.email')}</label>
          <input id={`${id}-email`} type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-source`}>{t('privacy.cameBy')}</label>
          <select id={`${id}-source`} value={source} onChange={(e) => setSource(e.target.value as typeof source)}>
            {(['phone', 'email', 'chat', 'ticket'] as const).map((s) => (
              <option key={s} value={s}>
                {sourceLabel(s)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-ref`}>{t('privacy.log.where')}</label>
          <input id={`${id}-ref`} value={ref} maxLength={200} onChange={(e) => setRef(e.target.value)} />
        </div>
        {kind === 'correction' ? <CorrectionFields value={fix} onChange={setFix} /> : null}
        <div className="form__actions">
          <button type="submit" className="btn btn--primary" disabled={busy}>
            {busy ? t('privacy.log.busy') : t('privacy.log.submit')}
          </button>
        </div>
        <FormError id={`${id}-err`} error={error} />
      </form>
    </details>
  );
}

function RequestDetail({ requestId }: { requestId: string }) {
  const { t } = useTranslation();
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
  if (!d) return <p className="case-muted">{error ?? t('privacy.detail.loading')}</p>;
  const r = d.request;
  const closed = r.state === 'done' || r.state === 'refused';
  const api = getLink().privacy;
  const erasure = r.kind === 'erasure' || r.kind === 'guardian_erasure';

  return (
    <article className="privacy-detail" aria-labelledby={`${id}-h`} data-testid="privacy-detail">
      <h3 id={`${id}-h`}>
        {r.reference} · {t(KIND[r.kind])} <DueBadge r={r} />
      </h3>
      <dl className="privacy-facts">
        <dt>{t('privacy.col.state')}</dt>
        <dd data-testid="privacy-state">{t(STATE[r.state])}</dd>
        <dt>{t('privacy.detail.email')}</dt>
        <dd>{r.email}</dd>
        <dt>{t('privacy.cameBy')}</dt>
        <dd>
          {sourceLabel(r.source)}
          {r.sourceRef ? ` (${r.sourceRef})` : ''}
        </dd>
        <dt>{t('privacy.detail.received')}</dt>
        <dd>
          <When iso={r.receivedAt} />
        </dd>
        <dt>{t('privacy.col.due')}</dt>
        <dd data-testid="privacy-due">
          <When iso={r.effectiveDueAt} />
          {r.extendedDueAt ? ` ${t('privacy.detail.extended', { from: formatUtc(r.dueAt), reason: r.extensionReason ?? '' })}` : ''}
        </dd>
        <dt>{t('privacy.detail.verified')}</dt>
        <dd>
          {r.verifiedAt ? (
            <>
              <When iso={r.verifiedAt} /> ({r.verifiedBy})
            </>
          ) : (
            t('privacy.detail.notYet')
          )}
        </dd>
        <dt>{t('privacy.col.owner')}</dt>
        <dd>
          {r.owner?.name ?? t('privacy.detail.nobody')}{' '}
          {me && r.owner?.id !== me.id && !closed ? (
            <button type="button" className="btn btn--link" onClick={() => void run('assign', () => api.assign(r.id, me.id))}>
              {t('privacy.detail.take')}
            </button>
          ) : null}
        </dd>
        {r.refusalReason ? (
          <>
            <dt>{t('privacy.detail.refusedBecause')}</dt>
            <dd>{r.refusalReason}</dd>
          </>
        ) : null}
      </dl>
      {r.outcome ? <Outcome outcome={r.outcome} /> : null}
      <FormError error={error} testId="privacy-error" />
      {!closed && !r.verifiedAt && r.kind !== 'guardian_erasure' ? (
        <div className="privacy-step">
          <button type="button" className="btn" disabled={busy !== null} onClick={() => void run('code', () => api.sendCode(r.id))}>
            {busy === 'code' ? t('privacy.verify.sending') : t('privacy.verify.send')}
          </button>
          <form
            className="privacy-inline"
            onSubmit={(e) => {
              e.preventDefault();
              void run('verify', () => api.verify(r.id, code.trim()));
            }}
          >
            <label htmlFor={`${id}-code`}>{t('privacy.verify.code')}</label>
            <input id={`${id}-code`} inputMode="numeric" pattern="\d{6}" maxLength={6} value={code} onChange={(e) => setCode(e.target.value)} />
            <button type="submit" className="btn" disabled={busy !== null || code.trim().length !== 6}>
              {t('privacy.verify.submit')}
            </button>
          </form>
        </div>
      ) : null}
      {!closed && erasure ? (
        <div className="privacy-step">
          <button type="button" className="btn" disabled={busy !== null} onClick={() => void run('preview', async () => setPlan(await api.preview(r.id)))}>
            {t('privacy.erase.preview')}
          </button>
          {plan ? <Preview plan={plan} /> : null}
        </div>
      ) : null}
      {!closed && (r.verifiedAt || r.kind === 'guardian_erasure') ? (
        <div className="privacy-step">
          {r.kind === 'guardian_erasure' ? (
            <label>
              <input type="checkbox" checked={docsChecked} onChange={(e) => setDocsChecked(e.target.checked)} /> {t('privacy.erase.guardianDocs')}
            </label>
          ) : null}
          <button
            type="button"
            className={erasure ? 'btn btn--danger' : 'btn btn--primary'}
            disabled={busy !== null || (r.kind === 'guardian_erasure' && !docsChecked)}
            onClick={() => void run('fulfil', () => api.fulfil(r.id, r.kind === 'guardian_erasure' ? docsChecked : undefined))}
          >
            {busy === 'fulfil' ? t('privacy.fulfil.busy') : erasure ? t('privacy.fulfil.erase') : r.kind === 'access' ? t('privacy.fulfil.access') : t('privacy.fulfil.other')}
          </button>
        </div>
      ) : null}
      {!closed && !r.extendedDueAt ? (
        <form
          className="privacy-step form"
          aria-label={t('privacy.extend.label')}
          onSubmit={(e) => {
            e.preventDefault();
            void run('extend', () => api.extend(r.id, new Date(`${extendTo}T${r.dueAt.slice(11, 19)}Z`).toISOString(), extendWhy));
          }}
        >
          <h4>{t('privacy.extend.title')}</h4>
          <div className="field">
            <label htmlFor={`${id}-ext`}>{t('privacy.extend.date')}</label>
            <input id={`${id}-ext`} type="date" required value={extendTo} onChange={(e) => setExtendTo(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-why`}>{t('privacy.extend.reason')}</label>
            <textarea id={`${id}-why`} required value={extendWhy} onChange={(e) => setExtendWhy(e.target.value)} />
          </div>
          <button type="submit" className="btn" disabled={busy !== null}>
            {t('privacy.extend.submit')}
          </button>
        </form>
      ) : null}
      {!closed ? (
        <form
          className="privacy-step form"
          aria-label={t('privacy.refuse.label')}
          onSubmit={(e) => {
            e.preventDefault();
            void run('refuse', () => api.refuse(r.id, refuseWhy));
          }}
        >
          <div className="field">
            <label htmlFor={`${id}-refuse`}>{t('privacy.refuse.reason')}</label>
            <input id={`${id}-refuse`} required value={refuseWhy} onChange={(e) => setRefuseWhy(e.target.value)} />
          </div>
          <button type="submit" className="btn" disabled={busy !== null}>
            {t('privacy.refuse.submit')}
          </button>
        </form>
      ) : null}
      <h4>{t('privacy.notes.title')}</h4>
      {d.notes.length === 0 ? (
        <p className="case-muted">{t('privacy.notes.none')}</p>
      ) : (
        <ul className="stack">
          {d.notes.map((n) => (
            <li key={n.id}>
              <b>{n.author.name}</b>, <When iso={n.createdAt} />: {n.body}
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
        <label htmlFor={`${id}-note`}>{t('privacy.notes.label')}</label>
        <input id={`${id}-note`} value={note} onChange={(e) => setNote(e.target.value)} />
        <button type="submit" className="btn" disabled={busy !== null || !note.trim()}>
          {t('privacy.notes.add')}
        </button>
      </form>
    </article>
  );
}

function Preview({ plan }: { plan: ErasurePlan }) {
  const { t } = useTranslation();
  const g = plan.going;
  return (
    <div className="privacy-preview" data-testid="privacy-preview">
      <p>
        {t('privacy.preview.going', {
          conversations: g.conversations,
          messages: g.messages,
          attachments: g.attachments,
          tickets: g.tickets,
          cases: g.cases,
          casePhotos: g.casePhotos,
          orders: g.orders,
          widgetSessions: g.widgetSessions,
          optOuts: g.optOuts,
          customerRecords: g.customerRecord,
        })}
      </p>
      {plan.postponed.length ? (
        <ul aria-label={t('privacy.preview.postponedList')}>
          {plan.postponed.map((p) => (
            <li key={p.id}>
              {t('privacy.preview.postponed', { kind: p.kind === 'case' ? 'case' : 'chat', detail: p.detail })}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('privacy.preview.nothingPostponed')}</p>
      )}
    </div>
  );
}

function Outcome({ outcome }: { outcome: Record<string, unknown> }) {
  const { t } = useTranslation();
  const postponed = (outcome.postponed as { detail: string }[] | undefined) ?? [];
  return (
    <div className="privacy-outcome">
      <h4>{t('privacy.outcome.title')}</h4>
      {outcome.erased ? <p>{t('privacy.outcome.erased', { when: formatUtc(String(outcome.erasedAt)) })}</p> : null}
      {postponed.length ? <p>{t('privacy.outcome.kept', { detail: postponed.map((p) => p.detail).join('; ') })}</p> : null}
      {outcome.deliveredAt ? <p>{t('privacy.outcome.delivered', { by: String(outcome.by), when: formatUtc(String(outcome.deliveredAt)) })}</p> : null}
    </div>
  );
}
