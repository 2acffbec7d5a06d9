// "Canned replies" in the top bar (issue 9): their own section rather than the foot of Live.
// Supervisors and admins keep them (add, edit, delete); agents read them here and insert them with
// "/" in a chat or from the list in a ticket's answer. Placeholders are filled in on insertion.
import { CANNED_PLACEHOLDERS } from '../../../../shared/domain/cannedText';
import { useAuth } from '../auth/authStore';
import { useFocusOn } from '../cases/useFocusOn';
import { CannedPanel } from '../supervise/CannedPanel';
import { useCanned } from './cannedStore';
import '../supervise/supervise.css';

export function CannedView() {
  const heading = useFocusOn<HTMLHeadingElement>('canned');
  const role = useAuth((s) => s.user?.role);
  const keeper = role === 'supervisor' || role === 'admin';
  return (
    <section className="page page--controls canned-page" aria-labelledby="canned-page-title">
      <div className="page__head">
        <h2 id="canned-page-title" ref={heading} tabIndex={-1}>
          Canned replies
        </h2>
        <p className="page__lead">
          Ready answers for what customers often ask. In a chat, type <kbd>/</kbd> and the shortcut; in a ticket’s answer, pick one from the list.
        </p>
      </div>
      <Placeholders />
      {keeper ? <CannedPanel /> : <CannedList />}
    </section>
  );
}

function Placeholders() {
  return (
    <details className="card canned-placeholders">
      <summary>Placeholders a reply may use</summary>
      <dl>
        {Object.entries(CANNED_PLACEHOLDERS).map(([name, meaning]) => (
          <div key={name} className="canned-placeholders__row">
            <dt>
              <code>{`{${name}}`}</code>
            </dt>
            <dd>{meaning}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

/** What an agent sees: the replies, read-only, and who to ask for more. */
function CannedList() {
  const replies = useCanned((s) => s.replies);
  const loaded = useCanned((s) => s.loaded);
  const error = useCanned((s) => s.error);
  const sorted = [...replies].sort((a, b) => a.shortcut.localeCompare(b.shortcut));
  return (
    <section className="card" aria-labelledby="canned-list-title">
      <h3 id="canned-list-title">The desk’s replies</h3>
      {error ? (
        <p className="form__error" role="alert">
          {error}
        </p>
      ) : null}
      {!loaded && !error ? <p className="muted">Loading…</p> : null}
      {loaded && sorted.length === 0 ? (
        <p className="page__empty" data-testid="canned-empty">
          No canned replies yet. Supervisors and admins add them here; ask yours for the answers you write most often.
        </p>
      ) : null}
      {sorted.length ? (
        <ul className="stack" data-testid="canned-list">
          {sorted.map((r) => (
            <li key={r.id} className="box canned-item" data-testid="canned-item" data-shortcut={r.shortcut}>
              <div className="canned-item__head">
                <code>/{r.shortcut}</code> <strong>{r.title}</strong>
                {r.brandId ? <span className="pill">{r.brandId}</span> : null}
              </div>
              <p className="canned-item__body">{r.body}</p>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
