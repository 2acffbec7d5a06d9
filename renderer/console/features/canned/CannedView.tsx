// "Canned replies" in the top bar (issue 9): their own section rather than the foot of Live.
// Supervisors and admins keep them (add, edit, delete); agents read them here and insert them with
// "/" in a chat or from the list in a ticket's answer. Placeholders are filled in on insertion.
import { useTranslation } from 'react-i18next';
import { CANNED_PLACEHOLDERS, type CannedPlaceholder } from '../../../../shared/domain/cannedText';
import type { MessageKey } from '../../../common/i18n';
import { useAuth } from '../auth/authStore';
import { useFocusOn } from '../cases/useFocusOn';
import { CannedPanel } from '../supervise/CannedPanel';
import { useCanned } from './cannedStore';
import '../supervise/supervise.css';

/** What each placeholder stands for, in the console's language. */
const PLACEHOLDER_MEANING: Record<CannedPlaceholder, MessageKey> = {
  'customer.firstName': 'canned.placeholder.customerFirstName',
  'customer.name': 'canned.placeholder.customerName',
  'order.number': 'canned.placeholder.orderNumber',
  'agent.name': 'canned.placeholder.agentName',
};

export function CannedView() {
  const heading = useFocusOn<HTMLHeadingElement>('canned');
  const { t } = useTranslation();
  const role = useAuth((s) => s.user?.role);
  const keeper = role === 'supervisor' || role === 'admin';
  return (
    <section className="page page--controls canned-page" aria-labelledby="canned-page-title">
      <div className="page__head">
        <h2 id="canned-page-title" ref={heading} tabIndex={-1}>
          {t('canned.title')}
        </h2>
        <p className="page__lead">
          {t('canned.lead.before')} <kbd>/</kbd> {t('canned.lead.after')}
        </p>
      </div>
      <Placeholders />
      {keeper ? <CannedPanel /> : <CannedList />}
    </section>
  );
}

function Placeholders() {
  const { t } = useTranslation();
  return (
    <details className="card canned-placeholders">
      <summary>{t('canned.placeholders')}</summary>
      <dl>
        {(Object.keys(CANNED_PLACEHOLDERS) as CannedPlaceholder[]).map((name) => (
          <div key={name} className="canned-placeholders__row">
            <dt>
              <code>{`{${name}}`}</code>
            </dt>
            <dd>{t(PLACEHOLDER_MEANING[name])}</dd>
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
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="canned-list-title">
      <h3 id="canned-list-title">{t('canned.desk')}</h3>
      {error ? (
        <p className="form__error" role="alert">
          {error}
        </p>
      ) : null}
      {!loaded && !error ? <p className="muted">{t('canned.loading')}</p> : null}
      {loaded && sorted.length === 0 ? (
        <p className="page__empty" data-testid="canned-empty">
          {t('canned.emptyAgent')}
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
