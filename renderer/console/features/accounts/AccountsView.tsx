// "Accounts" (admins): everyone who can sign in to the desk, their role and state, a way to add
// people, disable or enable them, reset a password, limit them to some brands, and see or end
// their sessions.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../../shared/protocol/schemas';
import type { Account } from '../../../../shared/protocol/staff';
import { useFocusOnMount } from '../../desk/useFocusOnMount';
import { useAuth } from '../auth/authStore';
import { useConnection } from '../connection/connectionStore';
import { SessionList } from '../sessions/SessionList';
import { AddAccountForm } from './AddAccountForm';
import { BrandsForm } from './BrandsForm';
import { brandsText, type DeskBrand } from './brands';
import { useAccounts } from './accountsStore';
import { ResetPasswordForm } from './ResetPasswordForm';
import { ROLES } from './roles';
import { EmailText } from '../../../common/EmailText';
import type { MessageKey } from '../../../common/i18n';

type DetailKind = 'sessions' | 'password' | 'brands';
type Detail = { userId: string; kind: DetailKind } | null;

const NO_BRANDS: DeskBrand[] = [];

const DETAIL_TITLE: Record<DetailKind, MessageKey> = {
  sessions: 'accounts.detail.sessions',
  password: 'accounts.detail.password',
  brands: 'accounts.detail.brands',
};

const DETAIL_ID = 'account-detail';

/** How often the open Accounts page reads the list again. */
const ACCOUNTS_POLL_MS = 5000;

export function AccountsView() {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const { users, loaded, loading, error, notice } = useAccounts();
  const load = useAccounts((s) => s.load);
  const brands = useConnection((s) => s.settings?.brands ?? NO_BRANDS);
  const [detail, setDetail] = useState<Detail>(null);
  const { t } = useTranslation();
  const toggle = (userId: string, kind: DetailKind) =>
    setDetail((d) => (d?.userId === userId && d.kind === kind ? null : { userId, kind }));

  useEffect(() => {
    void load();
  }, [load]);
  // Accounts added from the command line (caredesk users add) appear without a reload (issue 9).
  useEffect(() => {
    const refresh = () => void useAccounts.getState().refresh();
    const timer = setInterval(refresh, ACCOUNTS_POLL_MS);
    window.addEventListener('focus', refresh);
    return () => {
      clearInterval(timer);
      window.removeEventListener('focus', refresh);
    };
  }, []);

  const detailUser = detail ? users.find((u) => u.id === detail.userId) : undefined;

  return (
    <section className="page" aria-labelledby="accounts-title">
      <div className="page__head">
        <h2 id="accounts-title" ref={heading} tabIndex={-1}>
          {t('accounts.title')}
        </h2>
        <p className="page__lead">{t('accounts.lead')}</p>
      </div>
      <p className="page__status" role="status" data-testid="accounts-status">
        {loading && !loaded ? t('accounts.loading') : (notice ?? '')}
      </p>
      {error ? (
        <div className="form__error page__error" role="alert" data-testid="accounts-error">
          <span>{error}</span>
          {!loaded ? (
            <button type="button" className="btn btn--link" onClick={() => void load()}>
              {t('accounts.tryAgain')}
            </button>
          ) : null}
        </div>
      ) : null}
      {loaded && users.length === 0 ? <p className="page__empty">{t('accounts.empty')}</p> : null}
      {users.length > 0 ? (
        <div className="table-wrap">
          <table className="table" data-testid="accounts-table">
            <caption className="visually-hidden">{t('accounts.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('accounts.col.name')}</th>
                <th scope="col">{t('accounts.col.email')}</th>
                <th scope="col">{t('accounts.col.role')}</th>
                <th scope="col">{t('accounts.col.status')}</th>
                <th scope="col">{t('accounts.col.brands')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('accounts.col.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <AccountRow key={u.id} user={u} brands={brands} detail={detail?.userId === u.id ? detail.kind : null} onToggle={(kind) => toggle(u.id, kind)} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {detail && detailUser ? (
        <section id={DETAIL_ID} className="card" aria-labelledby={`${DETAIL_ID}-title`} data-testid="account-detail">
          <div className="card__head">
            <h3 id={`${DETAIL_ID}-title`}>{t(DETAIL_TITLE[detail.kind], { name: detailUser.name })}</h3>
            <button type="button" className="btn btn--ghost" onClick={() => setDetail(null)}>
              {t('accounts.close')}
            </button>
          </div>
          {detail.kind === 'sessions' ? <SessionList userId={detailUser.id} label={t('accounts.detail.sessions', { name: detailUser.name })} /> : null}
          {detail.kind === 'password' ? <ResetPasswordForm user={detailUser} onDone={() => setDetail(null)} /> : null}
          {detail.kind === 'brands' ? <BrandsForm key={detailUser.id} user={detailUser} brands={brands} onDone={() => setDetail(null)} /> : null}
        </section>
      ) : null}
      {loaded ? <AddAccountForm /> : null}
    </section>
  );
}

function AccountRow({ user: u, brands, detail, onToggle }: { user: Account; brands: DeskBrand[]; detail: DetailKind | null; onToggle(kind: DetailKind): void }) {
  const me = useAuth((s) => s.user);
  const busy = useAccounts((s) => !!s.busy[u.id]);
  const update = useAccounts((s) => s.update);
  const isMe = me?.id === u.id;
  const { t } = useTranslation();

  const setRole = (role: Role) => void update({ userId: u.id, role }, (x) => t('accounts.roleChanged', { name: x.name, role: x.role }));
  const setDisabled = (disabled: boolean) =>
    void update({ userId: u.id, disabled }, (x) => (x.disabled ? t('accounts.disabledNotice', { name: x.name }) : t('accounts.enabledNotice', { name: x.name })));

  return (
    <tr data-testid="account-row" data-email={u.email} data-disabled={u.disabled ? 'true' : 'false'}>
      <th scope="row" className="table__name">
        {u.name}
        {isMe ? <span className="pill"> {t('accounts.you')}</span> : null}
      </th>
      <td className="table__email">
        <EmailText email={u.email} />
      </td>
      <td>
        <select aria-label={t('accounts.roleOf', { name: u.name })} value={u.role} disabled={busy} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r.value} value={r.value}>
              {t(r.label)}
            </option>
          ))}
        </select>
      </td>
      <td>
        <span className={`pill ${u.disabled ? 'pill--muted' : 'pill--ok'}`} data-testid="account-status">
          {u.disabled ? t('accounts.status.disabled') : t('accounts.status.active')}
        </span>
      </td>
      <td className={u.brands ? undefined : 'account-brands--all'} data-testid="account-brands">
        {brandsText(u.brands, brands)}
      </td>
      <td>
        <div className="table__actions">
          {u.disabled ? (
            <button type="button" className="btn" disabled={busy} onClick={() => setDisabled(false)}>
              {t('accounts.enable')}
              <span className="visually-hidden"> {u.name}</span>
            </button>
          ) : (
            <button type="button" className="btn btn--danger" disabled={busy} onClick={() => setDisabled(true)}>
              {t('accounts.disable')}
              <span className="visually-hidden"> {u.name}</span>
            </button>
          )}
          <button type="button" className="btn" aria-expanded={detail === 'password'} aria-controls={detail === 'password' ? DETAIL_ID : undefined} onClick={() => onToggle('password')}>
            {t('accounts.resetPassword')}
            <span className="visually-hidden"> {t('accounts.ofName', { name: u.name })}</span>
          </button>
          <button type="button" className="btn" aria-expanded={detail === 'brands'} aria-controls={detail === 'brands' ? DETAIL_ID : undefined} onClick={() => onToggle('brands')}>
            {t('accounts.col.brands')}
            <span className="visually-hidden"> {t('accounts.ofName', { name: u.name })}</span>
          </button>
          <button type="button" className="btn" aria-expanded={detail === 'sessions'} aria-controls={detail === 'sessions' ? DETAIL_ID : undefined} onClick={() => onToggle('sessions')}>
            {t('accounts.sessions')}
            <span className="visually-hidden"> {t('accounts.ofName', { name: u.name })}</span>
          </button>
        </div>
      </td>
    </tr>
  );
}
